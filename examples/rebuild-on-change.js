// Re-run a build command whenever sources change: debounced, filtered, never overlapping.
//
//   qjsbridge run examples/rebuild-on-change.js [DIR] [COMMAND ARGS...]
//
// The command (default: `sh -c "echo build ok"`) runs with execFile in DIR; its output and exit
// code are reported. A burst of saves becomes one debounced event per file; changes that arrive
// while a build runs trigger exactly one more build afterwards.
const EventEmitter = require("events");
const { execFile } = require("child_process");
const { promisify } = require("util");
const run = promisify(execFile);

const dir = process.argv[2] || ".";
const [command, ...args] = process.argv.length > 3 ? process.argv.slice(3) : ["sh", "-c", "echo build ok"];
const changes = new EventEmitter();
let building = false;
let pending = [];
let builds = 0;

async function runBuild() {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    process.stdout.write(stdout);
    process.stderr.write(stderr);
    return 0;
  } catch (err) {
    if (err.stdout) process.stdout.write(err.stdout);
    if (err.stderr) process.stderr.write(err.stderr);
    if (typeof err.code === "number") return err.code;     // the command failed
    if (err.signal) return `killed by ${err.signal}`;
    return `could not start: ${err.message}`;               // ENOENT, permission denied...
  }
}

async function build() {
  if (building) return; // the running build picks the new changes up when it finishes
  building = true;
  try {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      builds++;
      console.log(`build #${builds}: ${batch.join(", ")}`);
      const code = await runBuild();
      console.log(`build #${builds} done (exit code ${code})`);
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
console.log(`rebuilding on changes to ${conn.include.join(" ")} under ${conn.path}: ${[command, ...args].join(" ")}`);
