// What import() rejects with: Node's codes, and messages that name the files
const dir = import.meta.dirname;
const clean = (s) => String(s).split(dir).join("<dir>");
const cases = [
  "./fixtures/esm/missing.mjs",
  "./fixtures/esm/only",
  "./fixtures/dir",
  "./fixtures/bom.json",
  "./fixtures/data.txt",
  "no-such-package",
  "exp-map/nope",
  "exp-map/sub/private/x",
  "node:no-such-builtin",
  "#internal",
  "https://example.com/x.mjs",
];
for (const spec of cases) {
  try {
    await import(spec);
    console.log(spec, "loaded");
  } catch (e) {
    console.log(spec, "->", e.name, e.code, JSON.stringify(clean(e.message)));
  }
}
try {
  await import("./fixtures/attrs.json", { with: { type: "json", mode: "strict" } });
} catch (e) {
  console.log("unknown attribute ->", e.name, e.code, e.message);
}
for (const [spec, type] of [["./fixtures/esm/only.mjs", "json"], ["./fixtures/bom.json", "css"]]) {
  try {
    await import(spec, { with: { type } });
  } catch (e) {
    console.log(spec, type, "->", e.name, e.code, JSON.stringify(clean(e.message)));
  }
}
console.log("hint", await import("./fixtures/child").catch((e) => clean(e.message.split("\n")[1])));
for (const spec of ["./fixtures/esm/throws.mjs", "./fixtures/esm/syntax.mjs"]) {
  try {
    await import(spec);
  } catch (e) {
    console.log(spec, "->", e.name, e.name === "SyntaxError" ? "" : e.message);
  }
}
// A module whose body threw stays failed: importing it again rejects with the same error.
const first = await import("./fixtures/esm/throws.mjs").catch((e) => e);
const second = await import("./fixtures/esm/throws.mjs").catch((e) => e);
console.log("same error", first === second);
