// fs.watch and fs.promises.watch (on qjsbridge's own watcher): Node's ("rename"|"change", name).
const fs = require("fs");
const path = require("path");

async function main() {
  const dir = fs.mkdtempSync("/tmp/qjsb-fs-watch-");
  try {
    await new Promise((resolve) => {
      const watcher = fs.watch(dir, (type, name) => {
        console.log("callback", type, name);
        watcher.close();
      });
      console.log("watcher", watcher.constructor.name, typeof watcher.close);
      watcher.on("close", resolve);
      fs.writeFileSync(path.join(dir, "new.txt"), "x");
    });
    const other = path.join(dir, "other");
    fs.mkdirSync(other);
    const ac = new AbortController();
    const events = fs.promises.watch(other, { signal: ac.signal });
    const first = events.next();
    fs.mkdirSync(path.join(other, "sub"));
    const { value } = await first;
    console.log("async", value.eventType, value.filename);
    ac.abort();
    await events.next().catch((e) => console.log("aborted", e.name, e.code));
    try { fs.watch(42); } catch (e) { console.log("bad path", e.code); }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
main();
