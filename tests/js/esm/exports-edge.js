// exports corner cases: arrays, pattern specificity, invalid targets, condition-only sugar, null
const show = (label, fn) => {
  try {
    console.log(label, "->", JSON.stringify(fn()));
  } catch (e) {
    console.log(label, "!!", e.code, e.message.split(__dirname).join("<dir>").split("\n")[0]);
  }
};
for (const spec of ["exp-edge", "exp-edge/features/one", "exp-edge/features/special/two",
  "exp-edge/features/one.js", "exp-edge/ext/one.js", "exp-edge/escape",
  "exp-edge/nm", "exp-edge/bare", "exp-edge/fallback-array", "exp-edge/cond-null", "exp-bad",
  "exp-sugar", "exp-edge/features/../main"]) {
  show(spec, () => require(spec));
}
