// the same corner cases through import()
const dir = import.meta.dirname;
for (const spec of ["exp-edge", "exp-edge/features/one", "exp-edge/features/special/two",
  "exp-edge/features/one.js", "exp-edge/ext/one.js", "exp-edge/escape", "exp-edge/bare",
  "exp-edge/fallback-array", "exp-edge/cond-null", "exp-bad", "exp-sugar"]) {
  try {
    const ns = await import(spec);
    console.log(spec, "->", JSON.stringify(ns.default));
  } catch (e) {
    console.log(spec, "!!", e.code, e.message.split(dir).join("<dir>").split("\n")[0]);
  }
}
