// Every case of path-posix-sample-cases.json, evaluated here and under node (the current directory
// and its parent are masked so the recorded output does not depend on where the repository lives).
const path = require("path");
const cases = require("./path-posix-sample-cases.json");
const cwd = process.cwd();
const parent = cwd.slice(0, cwd.lastIndexOf("/"));
for (const expr of cases) {
  let v;
  try {
    v = String(eval(expr));
  } catch (e) {
    v = "THREW " + e.code + ": " + e.message;
  }
  console.log(expr + " => " + v.split(cwd).join("<cwd>").split(parent).join("<parent>"));
}
