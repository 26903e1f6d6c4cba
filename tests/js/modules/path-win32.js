// Every case of path-win32-cases.json (path.win32, run on a POSIX host), evaluated here and under
// node. The current directory and its parent appear in results in both spellings: all are masked
// so the recorded output does not depend on where the repository lives.
const path = require("path");
const cases = require("./path-win32-cases.json");
const cwd = process.cwd();
const cwdWin = cwd.split("/").join("\\");
const parent = cwd.slice(0, cwd.lastIndexOf("/"));
const parentWin = parent.split("/").join("\\");
// relative() from the drive root gives the Windows spelling without its leading backslash
const mask = (text) => text.split(cwd).join("<cwd>").split(cwdWin).join("<cwd>")
  .split(cwdWin.slice(1)).join("<cwd>")
  .split(parent).join("<parent>").split(parentWin).join("<parent>");
for (const expr of cases) {
  let v;
  try {
    v = String(eval(expr));
  } catch (e) {
    v = "THREW " + e.code + ": " + e.message;
  }
  console.log(expr + " => " + mask(v));
}
