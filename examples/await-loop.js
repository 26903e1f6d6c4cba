// Consume file events as an async stream with `for await` over events.on(): every event of a
// burst arrives, in order, even while the loop body is busy.
//
//   qjsbridge run examples/await-loop.js [DIR] [COUNT]
//
// Stops after COUNT events (default: never); closing the watch lets the process exit.
const { EventEmitter, on } = require("events");

const dir = process.argv[2] || ".";
const limit = Number(process.argv[3] || Infinity);
const watcher = new EventEmitter();
const conn = fswatch.watch(dir, watcher, { recursive: true, exclude: ["**/.git/**", "**/.venv/**"] });
console.log(`watching ${conn.path}`);

(async () => {
  let seen = 0;
  for await (const [ev] of on(watcher, "event")) {
    seen++;
    console.log(`#${seen} ${ev.op} ${ev.relativeName}`);
    if (seen >= limit) break; // leaving the loop removes its listener
  }
  conn.close();
  console.log(`done after ${seen} events`);
})();
