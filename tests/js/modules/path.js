// Every case of path-cases.json, evaluated here and under node.
require("./run-cases.cjs")(require("./path-cases.json"), require("path"));
