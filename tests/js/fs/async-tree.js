// fs callback and promise forms, FileHandle, createReadStream/createWriteStream on a temp tree.
const fs = require("fs");
const fsp = require("fs/promises");
const path = require("path");
const util = require("util");

async function main() {
  const root = await fsp.mkdtemp("/tmp/qjsb-fs-async-");
  const rel = (p) => path.relative(root, p) || ".";
  const clean = (e) => [e.name, e.message.split(root).join("<root>"), e.code, e.errno, e.syscall, e.path && rel(e.path)];
  try {
    console.log("same module", require("node:fs/promises") === fsp, fs.promises === fsp);
    await fsp.mkdir(path.join(root, "d/e"), { recursive: true });
    await fsp.writeFile(path.join(root, "d/f.txt"), "one\n");
    await fsp.appendFile(path.join(root, "d/f.txt"), "two\n");
    console.log("readFile", JSON.stringify(await fsp.readFile(path.join(root, "d/f.txt"), "utf8")));
    console.log("readdir", await fsp.readdir(path.join(root, "d")));
    const st = await fsp.stat(path.join(root, "d/f.txt"));
    console.log("stat", st.size, st.isFile());
    await fsp.readFile(path.join(root, "nope")).catch((e) => console.log("missing", clean(e)));
    await fsp.rm(path.join(root, "d")).catch((e) => console.log("rm dir", clean(e)));
    await fsp.access(path.join(root, "nope")).catch((e) => console.log("access", clean(e)));
    await fsp.realpath(path.join(root, "nope")).catch((e) => console.log("realpath", clean(e)));
    await fsp.copyFile(path.join(root, "d/f.txt"), path.join(root, "g.txt"));
    await fsp.rename(path.join(root, "g.txt"), path.join(root, "h.txt"));
    await fsp.cp(path.join(root, "d"), path.join(root, "d2"), { recursive: true });
    console.log("after cp", (await fsp.readdir(root)).sort());
    await fsp.symlink("h.txt", path.join(root, "ln"));
    console.log("readlink", await fsp.readlink(path.join(root, "ln")), (await fsp.lstat(path.join(root, "ln"))).isSymbolicLink());
    await fsp.unlink(path.join(root, "ln"));
    await fsp.chmod(path.join(root, "h.txt"), 0o640);
    await fsp.utimes(path.join(root, "h.txt"), new Date(5000), new Date(6000));
    const st2 = await fsp.stat(path.join(root, "h.txt"));
    console.log("mode/mtime", (st2.mode & 0o777).toString(8), st2.mtimeMs);

    // FileHandle
    const fh = await fsp.open(path.join(root, "fh.txt"), "w+");
    console.log("fh", typeof fh.fd, fh.constructor.name);
    console.log("write", (await fh.write("hello handle")).bytesWritten);
    const buf = new Uint8Array(5);
    const r = await fh.read(buf, 0, 5, 6);
    console.log("read", r.bytesRead, String.fromCharCode(...r.buffer));
    console.log("fh stat", (await fh.stat()).size);
    await fh.close();
    await fsp.open(path.join(root, "nope")).catch((e) => console.log("open missing", clean(e)));

    // callback forms
    await new Promise((resolve) => fs.readFile(path.join(root, "h.txt"), "utf8", (e, t) => {
      console.log("cb readFile", e, JSON.stringify(t));
      resolve();
    }));
    await new Promise((resolve) => fs.stat(path.join(root, "nope"), (e, s) => {
      console.log("cb stat", clean(e), s);
      resolve();
    }));
    await new Promise((resolve) => fs.readdir(path.join(root, "d"), { withFileTypes: true }, (e, l) => {
      console.log("cb readdir", e, l.map((d) => d.name + ":" + d.isDirectory()));
      resolve();
    }));
    await new Promise((resolve) => fs.mkdir(path.join(root, "m/n"), { recursive: true }, (e, first) => {
      console.log("cb mkdir", e, rel(first));
      resolve();
    }));
    await new Promise((resolve) => fs.exists(path.join(root, "m"), (ok) => {
      console.log("cb exists", ok);
      resolve();
    }));
    const readFileP = util.promisify(fs.readFile);
    console.log("promisify", await readFileP(path.join(root, "h.txt"), "utf8"));

    // streams
    const ws = fs.createWriteStream(path.join(root, "s.txt"));
    ws.on("open", (fd) => console.log("ws open", typeof fd));
    for (let i = 0; i < 5; i++) ws.write(`line ${i}\n`);
    ws.end("done\n");
    await new Promise((resolve) => ws.on("finish", resolve));
    console.log("ws bytes", ws.bytesWritten);
    await new Promise((resolve) => ws.on("close", resolve));
    const chunks = [];
    const rs = fs.createReadStream(path.join(root, "s.txt"), { encoding: "utf8", highWaterMark: 16 });
    rs.on("open", () => console.log("rs open"));
    rs.on("ready", () => console.log("rs ready"));
    for await (const c of rs) chunks.push(c);
    console.log("rs chunks", chunks.length, JSON.stringify(chunks.join("")));
    const part = fs.createReadStream(path.join(root, "s.txt"), { start: 2, end: 9 });
    part.setEncoding("utf8");
    const got = [];
    part.on("data", (c) => got.push(c));
    await new Promise((resolve) => part.on("close", resolve));
    console.log("range", JSON.stringify(got.join("")));
    const bad = fs.createReadStream(path.join(root, "nope"));
    await new Promise((resolve) => bad.on("error", (e) => { console.log("rs error", clean(e)); resolve(); }));
    const { pipeline } = require("stream/promises");
    await pipeline(fs.createReadStream(path.join(root, "s.txt")), fs.createWriteStream(path.join(root, "s2.txt")));
    console.log("piped", (await fsp.readFile(path.join(root, "s2.txt"), "utf8")).split("\n").length);
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
}
main().then(() => console.log("ok"));
