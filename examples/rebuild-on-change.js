// Re-run a (simulated) build whenever sources change: debounced, filtered, never overlapping.
//
//   qjsbridge run examples/rebuild-on-change.js [DIR]
//
// A burst of saves becomes one debounced event per file; changes that arrive while a build runs
// trigger exactly one more build afterwards.
const EventEmitter = require("events");
const { sleep } = require("timer");

const dir = process.argv[2] || ".";
const changes = new EventEmitter();
let building = false;
let pending = [];
let builds = 0;

async function build() {
  if (building) return; // the running build picks the new changes up when it finishes
  building = true;
  try {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      builds++;
      console.log(`build #${builds}: ${batch.join(", ")}`);
      await sleep(200); // stand-in for real work: compile, bundle, run tests...
      console.log(`build #${builds} done`);
    }
  } finally {
    building = false;
  }
}

changes.on("event", (ev) => {
  pending.push(`${ev.relativeName} (${ev.op}, ${ev.count} raw event${ev.count === 1 ? "" : "s"})`);
  build();
});
changes.on("error", (err) => console.error(`watch error: ${err.message}`));

const conn = fswatch.watch(dir, changes, {
  recursive: true,
  debounceMs: 100,
  include: ["**/*.js", "**/*.json", "**/*.css"],
  exclude: ["**/node_modules/**", "**/.git/**", "dist/**"],
});
console.log(`rebuilding on changes to ${conn.include.join(" ")} under ${conn.path}`);
