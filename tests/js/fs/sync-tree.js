// fs sync API on a temp tree: results, Stats, Dirent, errors with code/errno/syscall/path.
const fs = require("fs");
const path = require("path");
const root = fs.mkdtempSync("/tmp/qjsb-fs-sync-");
const rel = (p) => (path.isAbsolute(p) ? path.relative(root, p) || "." : p);   // relative ones as given
const show = (label, fn) => {
  try {
    const v = fn();
    console.log(label, "->", v === undefined ? "undefined" : JSON.stringify(v));
  } catch (e) {
    console.log(label, "!!", e.name, e.message.split(root).join("<root>"), e.code, e.errno, e.syscall,
      e.path && (path.isAbsolute(e.path) ? rel(e.path) : e.path), e.dest && (path.isAbsolute(e.dest) ? rel(e.dest) : e.dest));
  }
};
try {
  show("mkdir", () => fs.mkdirSync(path.join(root, "a")));
  show("mkdir again", () => fs.mkdirSync(path.join(root, "a")));
  show("mkdir -p", () => rel(fs.mkdirSync(path.join(root, "b/c/d"), { recursive: true })));
  show("mkdir -p existing", () => fs.mkdirSync(path.join(root, "b/c"), { recursive: true }));
  show("writeFile", () => fs.writeFileSync(path.join(root, "a/x.txt"), "hello\n"));
  show("appendFile", () => fs.appendFileSync(path.join(root, "a/x.txt"), "world\n"));
  show("readFile utf8", () => fs.readFileSync(path.join(root, "a/x.txt"), "utf8"));
  show("readFile opts", () => fs.readFileSync(path.join(root, "a/x.txt"), { encoding: "hex" }));
  show("readFile buffer", () => Array.from(fs.readFileSync(path.join(root, "a/x.txt")).slice(0, 3)));
  show("write bytes", () => fs.writeFileSync(path.join(root, "a/bin"), new Uint8Array([0, 255, 10])));
  show("read bytes", () => Array.from(fs.readFileSync(path.join(root, "a/bin"))));
  show("writeFile latin1", () => fs.writeFileSync(path.join(root, "a/l1"), "\u00e9", "latin1"));
  show("read latin1 as buffer", () => Array.from(fs.readFileSync(path.join(root, "a/l1"))));
  show("readFile missing", () => fs.readFileSync(path.join(root, "nope")));
  show("readFile dir", () => fs.readFileSync(path.join(root, "a")));
  show("readdir", () => fs.readdirSync(root));
  show("readdir types", () => fs.readdirSync(path.join(root, "a"), { withFileTypes: true })
    .map((d) => [d.name, d.isFile(), d.isDirectory(), d.isSymbolicLink(), rel(d.parentPath), d.constructor.name]));
  show("readdir missing", () => fs.readdirSync(path.join(root, "nope")));
  const st = fs.statSync(path.join(root, "a/x.txt"));
  show("stat", () => [st.size, st.isFile(), st.isDirectory(), st.constructor.name, typeof st.mtimeMs,
    st.mtime instanceof Date, Object.keys(st).join(",")]);
  show("stat missing", () => fs.statSync(path.join(root, "nope")));
  show("symlink", () => fs.symlinkSync("a/x.txt", path.join(root, "link")));
  show("symlink exists", () => fs.symlinkSync("a/x.txt", path.join(root, "link")));
  show("lstat link", () => fs.lstatSync(path.join(root, "link")).isSymbolicLink());
  show("stat link", () => fs.statSync(path.join(root, "link")).isFile());
  show("readlink", () => fs.readlinkSync(path.join(root, "link")));
  show("readlink file", () => fs.readlinkSync(path.join(root, "a/x.txt")));
  show("realpath", () => rel(fs.realpathSync(path.join(root, "link"))));
  show("realpath missing", () => fs.realpathSync(path.join(root, "nope/deeper")));
  show("realpath.native missing", () => fs.realpathSync.native(path.join(root, "nope")));
  show("exists", () => [fs.existsSync(path.join(root, "a")), fs.existsSync(path.join(root, "nope")), fs.existsSync(42)]);
  show("access", () => fs.accessSync(path.join(root, "a/x.txt"), fs.constants.R_OK));
  show("access missing", () => fs.accessSync(path.join(root, "nope")));
  show("copyFile", () => fs.copyFileSync(path.join(root, "a/x.txt"), path.join(root, "copy.txt")));
  show("copyFile excl", () => fs.copyFileSync(path.join(root, "a/x.txt"), path.join(root, "copy.txt"), fs.constants.COPYFILE_EXCL));
  show("copyFile missing", () => fs.copyFileSync(path.join(root, "nope"), path.join(root, "c2")));
  show("cp dir no recursive", () => fs.cpSync(path.join(root, "a"), path.join(root, "a2")));
  show("cp -r", () => fs.cpSync(path.join(root, "a"), path.join(root, "a2"), { recursive: true }));
  show("cp result", () => fs.readdirSync(path.join(root, "a2")));
  show("rename", () => fs.renameSync(path.join(root, "copy.txt"), path.join(root, "moved.txt")));
  show("rename missing", () => fs.renameSync(path.join(root, "copy.txt"), path.join(root, "moved.txt")));
  show("utimes", () => fs.utimesSync(path.join(root, "moved.txt"), 1000, 2000));
  show("mtime", () => fs.statSync(path.join(root, "moved.txt")).mtimeMs);
  show("chmod", () => fs.chmodSync(path.join(root, "moved.txt"), 0o600));
  show("mode", () => (fs.statSync(path.join(root, "moved.txt")).mode & 0o777).toString(8));
  show("chmod missing", () => fs.chmodSync(path.join(root, "nope"), 0o600));
  show("unlink", () => fs.unlinkSync(path.join(root, "moved.txt")));
  show("unlink dir", () => fs.unlinkSync(path.join(root, "a")));
  show("unlink missing", () => fs.unlinkSync(path.join(root, "moved.txt")));
  show("rmdir non-empty", () => fs.rmdirSync(path.join(root, "a")));
  show("rm dir", () => fs.rmSync(path.join(root, "a")));
  show("rm missing", () => fs.rmSync(path.join(root, "nope")));
  show("rm force missing", () => fs.rmSync(path.join(root, "nope"), { force: true }));
  show("rm -r", () => fs.rmSync(path.join(root, "b"), { recursive: true }));
  show("rmdir empty", () => { fs.mkdirSync(path.join(root, "e")); return fs.rmdirSync(path.join(root, "e")); });
  show("after", () => fs.readdirSync(root));
  show("open/write/read/close", () => {
    const fd = fs.openSync(path.join(root, "fd.txt"), "w+");
    const n = fs.writeSync(fd, "abcdef");
    const buf = new Uint8Array(4);
    const r = fs.readSync(fd, buf, 0, 4, 1);
    fs.closeSync(fd);
    return [typeof fd, n, r, Array.from(buf)];
  });
  show("open missing", () => fs.openSync(path.join(root, "nope")));
  show("mkdtemp missing", () => fs.mkdtempSync(path.join(root, "nope/x-")));
  show("bad data", () => fs.writeFileSync(path.join(root, "z"), 5));
  show("bad cb", () => fs.readFile(path.join(root, "z")));
  show("constants", () => [fs.constants.O_CREAT, fs.constants.S_IFMT, fs.constants.COPYFILE_EXCL, fs.F_OK, fs.R_OK]);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
