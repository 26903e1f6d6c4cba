// Every case of path-win32-cases.json (path.win32, run on a POSIX host), evaluated here and under
// node. The current directory appears in results in both spellings: both are masked so the
// recorded output does not depend on where the repository lives.
const path = require("path");
const cases = require("./path-win32-cases.json");
const cwd = process.cwd();
const cwdWin = cwd.split("/").join("\\");
for (const expr of cases) {
  let v;
  try {
    v = String(eval(expr));
  } catch (e) {
    v = "THREW " + e.code + ": " + e.message;
  }
  console.log(expr + " => " + v.split(cwd).join("<cwd>").split(cwdWin).join("<cwd>"));
}
