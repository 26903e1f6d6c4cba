// Watch a directory tree and print one line per change.
//
//   qjsbridge run examples/watch.js [DIR]        (Ctrl-C to stop)
//
// DIR defaults to the current directory; the command line only lets scripts watch inside
// --root (default: the current directory).
const EventEmitter = require("events");

const dir = process.argv[2] || ".";
const watcher = new EventEmitter();

watcher.on("event", (ev) => {
  const time = new Date().toISOString().slice(11, 23);
  const what = ev.oldRelativeName ? `${ev.oldRelativeName} -> ${ev.relativeName}` : ev.relativeName;
  console.log(`${time}  ${ev.op.padEnd(12)} ${what}${ev.isDir ? "/" : ""}`);
});
watcher.on("error", (err) => console.error(`watch error: ${err.message}`));
watcher.on("rescan", () => console.error("events were lost; a real tool would rescan now"));
watcher.on("close", () => console.log("the watched directory went away"));

const conn = fswatch.watch(dir, watcher, {
  recursive: true,
  exclude: ["**/.git/**", "**/node_modules/**", "**/__pycache__/**", "**/.venv/**"],
});
console.log(`watching ${conn.path} and everything below it; press Ctrl-C to stop`);
