// Keep a mirror of a directory: copy what changes, delete what is removed.
//
//   qjsbridge run examples/mirror-dir.js SOURCE MIRROR
//
// The mirror is brought up to date once at start, then follows every change under SOURCE.
const EventEmitter = require("events");
const fs = require("fs");
const fsp = require("fs/promises");
const path = require("path");

const [source, mirror] = process.argv.slice(2);
if (!source || !mirror) {
  console.error("usage: qjsbridge run examples/mirror-dir.js SOURCE MIRROR");
  process.exit(2);
}
fs.mkdirSync(mirror, { recursive: true });
fs.cpSync(source, mirror, { recursive: true });

async function sync(relativeName) {
  const from = path.join(source, relativeName);
  const to = path.join(mirror, relativeName);
  let stats;
  try {
    stats = await fsp.lstat(from);
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
    await fsp.rm(to, { recursive: true, force: true });
    console.log(`removed ${relativeName}`);
    return;
  }
  if (stats.isDirectory()) {
    await fsp.cp(from, to, { recursive: true });   // a directory moved in arrives whole
    console.log(`synced directory ${relativeName}`);
  } else {
    await fsp.mkdir(path.dirname(to), { recursive: true });
    await fsp.copyFile(from, to);
    console.log(`copied ${relativeName}`);
  }
}

// One change at a time, in order, so a quick create-then-delete ends with the file deleted.
let queue = Promise.resolve();
const changes = new EventEmitter();
changes.on("event", (ev) => {
  const names = ev.oldRelativeName !== undefined ? [ev.oldRelativeName, ev.relativeName] : [ev.relativeName];
  for (const name of names) {
    queue = queue.then(() => sync(name)).catch((err) => console.error(`mirror ${name}: ${err.message}`));
  }
});
changes.on("error", (err) => console.error(`watch error: ${err.message}`));
const conn = fswatch.watch(source, changes, { recursive: true, debounceMs: 50 });
conn.ready.then(() => console.log(`mirroring ${conn.path} into ${mirror}`));
