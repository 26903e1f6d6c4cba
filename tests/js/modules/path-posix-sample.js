// Every case of path-posix-sample-cases.json (a pseudo-random sample), evaluated here and under node.
require("./run-cases.cjs")(require("./path-posix-sample-cases.json"), require("path"));
