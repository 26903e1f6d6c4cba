// require("module"): createRequire (the usual way to require from an ES module), builtinModules, isBuiltin
import { createRequire, builtinModules, isBuiltin } from "node:module";
import Module from "module";
const require = createRequire(import.meta.url);
const child = require("./fixtures/child.js");
console.log(typeof require, child.isMain, require.resolve("./fixtures/child.js") === import.meta.dirname + "/fixtures/child.js");
console.log(require("exp-map/feature"), require("exp-cond"), JSON.stringify(require("./fixtures/bom.json")));
console.log(Array.isArray(builtinModules), builtinModules.includes("fs"), builtinModules.includes("node:fs"),
  isBuiltin("node:fs"), isBuiltin("fs/promises"), isBuiltin("nope"), isBuiltin("node:test"), isBuiltin("test"));
console.log(typeof Module, Module.Module === Module, Module.createRequire === createRequire);
console.log(createRequire(import.meta.filename)("./fixtures/dir"));
console.log(createRequire(import.meta.dirname + "/fixtures/")("./dir"));
for (const bad of ["relative/path.js", 42, null]) {
  try {
    createRequire(bad);
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
