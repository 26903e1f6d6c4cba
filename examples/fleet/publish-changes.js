// Watch a directory and publish each file event to the topic fs.<host>.
//
//   qjsbridge run --bus nats://127.0.0.1:4222 examples/fleet/publish-changes.js [DIR] [HOST]
//
// DIR defaults to the current directory (it must lie inside --root, default: the current
// directory); HOST defaults to this machine's name. Each event is one message whose payload is
// JSON {host, path, op, isDir, at}. Workers (worker.js) consume "fs.*" as a group.
const EventEmitter = require("events");
const fs = require("fs");

function hostName() {
  let name = process.argv[3] || process.env.HOSTNAME;
  if (!name) {
    try {
      name = fs.readFileSync("/etc/hostname", "utf8").trim();
    } catch {
      name = "localhost";
    }
  }
  return name.replace(/[^A-Za-z0-9_-]/g, "-") || "localhost";   // one topic token
}

const dir = process.argv[2] || ".";
const host = hostName();
const topic = `fs.${host}`;
const watcher = new EventEmitter();

watcher.on("event", (ev) => {
  const body = JSON.stringify({ host, path: ev.relativeName, op: ev.op, isDir: ev.isDir, at: Date.now() });
  bus.publish(topic, body, { metadata: { op: ev.op } })
    .catch((err) => console.error(`publish failed (${err.code}): ${err.message}`));
});
watcher.on("error", (err) => console.error(`watch error: ${err.message}`));

const conn = fswatch.watch(dir, watcher, {
  recursive: true,
  debounceMs: 100,
  exclude: ["**/.git/**", "**/node_modules/**", "**/__pycache__/**", "**/.venv/**"],
});
console.log(`publishing changes under ${conn.path} to ${topic}`);
