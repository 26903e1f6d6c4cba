// Every case of path-win32-cases.json (path.win32, run on a POSIX host), evaluated here and under
// node.
require("./run-cases.cjs")(require("./path-win32-cases.json"), require("path"));
