// module.id, module.paths, module.require, require.resolve({paths}), require.resolve.paths
const path = require("path");
const rel = (p) => (p === null ? null : path.relative(__dirname, p) || ".");
console.log("id", module.id, "main", require.main === module, "loaded", module.loaded);
console.log("paths", module.paths.slice(0, 2).map(rel));
console.log("filename", rel(module.filename), "path", rel(module.path));
const child = require("./fixtures/child");
console.log("child", child.id === path.join(__dirname, "fixtures", "child.js"), child.isMain, child.parentIsMain);
console.log("children", module.children.map((m) => rel(m.id)));
console.log("module.require", module.require("./fixtures/dir"), typeof module.require);
console.log("resolve dir", rel(require.resolve("./fixtures/dir")));
console.log("resolve builtin", require.resolve("events"), require.resolve("node:events"));
console.log("resolve with paths", rel(require.resolve("./index", { paths: [path.join(__dirname, "fixtures", "dir")] })));
console.log("resolve bare with paths", rel(require.resolve("exp-map", { paths: [path.join(__dirname, "fixtures")] })));
console.log("resolve.paths relative", require.resolve.paths("./x").map(rel));
console.log("resolve.paths builtin", require.resolve.paths("events"), require.resolve.paths("node:fs"));
console.log("resolve.paths bare", require.resolve.paths("some-pkg").slice(0, 2).map(rel));
try {
  require.resolve("./nope", { paths: [path.join(__dirname, "fixtures")] });
} catch (e) {
  console.log("resolve missing", e.code);
}
try {
  require.resolve("./x", { paths: "nope" });
} catch (e) {
  console.log("bad paths", e.name, e.code);
}
