#!/usr/bin/env node
// a hashbang line, import.meta.resolve (no existence check for files), a BOM-free ESM file
const base = import.meta.dirname;
const rel = (u) => u.startsWith("file://") ? "file://<dir>" + u.slice(7 + base.length) : u;
for (const spec of ["./fixtures/esm/only.mjs", "./not-there.mjs", "./fixtures/dir", "exp-map/feature", "exp-cond", "events", "node:path", "node:nope", "zlib"]) {
  console.log(spec, "->", rel(import.meta.resolve(spec)));
}
for (const spec of ["no-such-package", "exp-map/nope", undefined, null, Symbol("s")]) {
  try {
    import.meta.resolve(spec);
  } catch (e) {
    console.log(String(spec), "!!", e.code, e.name);
  }
}
try {
  import.meta.resolve();
} catch (e) {
  console.log("no argument !!", e.code, e.message.replace(base, "<dir>"));
}
