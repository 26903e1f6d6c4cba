// --allow-fs-read=* and --allow-child-process: everything may be read and run, nothing written.
const fs = require("fs");
const path = require("path");
const cp = require("child_process");
console.log("read", fs.readFileSync(path.join(__dirname, "tree/denied/b.txt"), "utf8").trim());
try { fs.writeFileSync(path.join(__dirname, "tree/writable/x"), "x"); } catch (e) { console.log("write", e.code, e.permission); }
console.log("execSync", cp.execSync("echo ran", { encoding: "utf8" }).trim());
cp.execFile("sh", ["-c", "echo child $0", "ok"], (e, out) => console.log("execFile", e, out.trim()));
console.log("has", process.permission.has("fs.read"), process.permission.has("fs.write"), process.permission.has("child"));
