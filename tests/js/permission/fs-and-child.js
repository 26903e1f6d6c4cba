// Node 20's permission model: reads, writes and child processes outside the grants are denied.
const fs = require("fs");
const path = require("path");
const cp = require("child_process");
const t = path.join(__dirname, "tree");
const show = (label, e) => console.log(label, e.code, e.permission,
  e.resource === undefined ? "" : JSON.stringify(path.relative(__dirname, e.resource)), e.message);
function attempt(label, fn) {
  try {
    const r = fn();
    console.log(label, "allowed", r === undefined ? "" : JSON.stringify(r));
  } catch (e) {
    show(label, e);
  }
}

async function main() {
  attempt("read granted", () => fs.readFileSync(path.join(t, "allowed/a.txt"), "utf8"));
  attempt("read denied", () => fs.readFileSync(path.join(t, "denied/b.txt")));
  attempt("readdir denied", () => fs.readdirSync(path.join(t, "denied")));
  attempt("stat denied", () => fs.statSync(path.join(t, "denied/b.txt")));
  attempt("dotdot", () => fs.readFileSync(path.join(t, "allowed/../denied/b.txt")));
  attempt("write granted", () => {
    fs.writeFileSync(path.join(t, "writable/new.txt"), "x");
    fs.unlinkSync(path.join(t, "writable/new.txt"));
  });
  attempt("write read-only", () => fs.writeFileSync(path.join(t, "allowed/new.txt"), "x"));
  attempt("mkdir denied", () => fs.mkdirSync(path.join(t, "denied/sub")));
  attempt("rename out", () => fs.renameSync(path.join(t, "allowed/a.txt"), path.join(t, "writable/a.txt")));
  attempt("spawn", () => cp.spawn("true"));
  attempt("execSync", () => cp.execSync("true"));
  attempt("exec", () => cp.exec("true"));
  await fs.promises.readFile(path.join(t, "denied/b.txt")).catch((e) => show("promise read", e));
  await fs.promises.writeFile(path.join(t, "allowed/x"), "x").catch((e) => show("promise write", e));
  await new Promise((resolve) => fs.readFile(path.join(t, "denied/b.txt"), (e) => { show("callback read", e); resolve(); }));
  const has = process.permission.has;
  console.log("has",
    has("fs.read", path.join(t, "allowed")), has("fs.read", path.join(t, "allowed/a.txt")),
    has("fs.read", path.join(t, "denied")), has("fs.write", path.join(t, "writable/deep/x")),
    has("fs.write", path.join(t, "allowed")), has("fs.read"), has("fs"), has("child"));
}
main().then(() => console.log("done"));
