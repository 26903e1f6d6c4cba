// Require stack, unknown builtins, children removed after a failed load, BOMs
const path = require("path");
const clean = (s) => s.split(__dirname).join("<dir>");
try {
  require("./fixtures/nested-missing");
} catch (e) {
  console.log(e.code, JSON.stringify(clean(e.message)));
  console.log("requireStack", e.requireStack.map((p) => path.relative(__dirname, p)));
}
try {
  require("no-such-package");
} catch (e) {
  console.log(e.code, JSON.stringify(clean(e.message)));
}
try {
  require("node:no-such-builtin");
} catch (e) {
  console.log(e.name, e.code, e.message);
}
for (const bad of ["./fixtures/throws", "./fixtures/throws-missing"]) {
  const before = module.children.length;
  try {
    require(bad);
  } catch (e) {
    console.log("threw", e.code || e.message.split("\n")[0]);
  }
  const file = require.resolve(bad);
  console.log("in cache", file in require.cache, "children grew", module.children.length !== before);
}
console.log("bom json", JSON.stringify(require("./fixtures/bom.json")));
console.log("bom js", require("./fixtures/bom.js"));
