// qjsbridge watch [options] PATH... -- COMMAND [ARGS...]
//
// Runs COMMAND, and on every batch of (debounced, filtered) changes under the PATHs stops it
// gracefully (a signal, then SIGKILL after a grace period) and runs it again: watchfiles' command
// line, written as an ordinary qjsbridge script on `fswatch` and `child_process`. `qjsbridge run
// --watch SCRIPT` runs this same program in "run mode", where only changes to the files the script
// loaded (reported by the child) and to the --watch-path directories count.
"use strict";

const EventEmitter = require("events");
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { parseArgs } = require("util");

const USAGE = `usage: qjsbridge watch [options] PATH... -- COMMAND [ARGS...]

Run COMMAND, and run it again whenever something under PATH changes.

options:
  --filter GLOB          only changes whose path matches GLOB count (repeatable)
  --ignore GLOB          changes whose path matches GLOB are ignored (repeatable)
  --gitignore            honour .gitignore files and .git/info/exclude
  --debounce MS          wait until changes have stopped for MS ms (default 300)
  --poll                 poll the file system instead of using inotify
  --signal NAME          how to stop COMMAND (default SIGTERM)
  --grace MS             then SIGKILL if it has not exited after MS ms (default 5000)
  --run-once-per-change  do not stop COMMAND: run it once per batch of changes, after the
                         previous run has finished (for commands that exit by themselves)
  --no-recursive         watch only the PATHs themselves, not their subdirectories
  -h, --help             show this help

COMMAND gets the changes in the environment variable QJSBRIDGE_CHANGES, a JSON array of
{"op": "CREATE|WRITE", "path": "/abs/path"} objects (empty on the first run).
`;

function fail(message) {
  process.stderr.write(`qjsbridge watch: ${message}\n`);
  process.exit(2);
}

function positiveInteger(value, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 3600000) {
    fail(`${name} must be a whole number of milliseconds from 0 to 3600000, not ${JSON.stringify(value)}`);
  }
  return n;
}

function readArguments(argv) {
  const split = argv.indexOf("--");
  if (argv.includes("-h") || argv.includes("--help")) {
    if (split < 0 || argv.indexOf("-h") < split || argv.indexOf("--help") < split) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
  }
  if (split < 0 || split === argv.length - 1) fail("no command given: PATH... -- COMMAND [ARGS...]");
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(0, split),
      allowPositionals: true,
      options: {
        filter: { type: "string", multiple: true, default: [] },
        ignore: { type: "string", multiple: true, default: [] },
        gitignore: { type: "boolean", default: false },
        debounce: { type: "string", default: "300" },
        poll: { type: "boolean", default: false },
        signal: { type: "string", default: "SIGTERM" },
        grace: { type: "string", default: "5000" },
        "run-once-per-change": { type: "boolean", default: false },
        "no-recursive": { type: "boolean", default: false },
        // run mode (qjsbridge run --watch): the loaded-files report and the script's name
        report: { type: "string" },
        label: { type: "string" },
        "watch-path": { type: "string", multiple: true, default: [] },
      },
    });
  } catch (err) {
    fail(`${err.message}\n\n${USAGE}`);
  }
  const v = parsed.values;
  if (!/^SIG[A-Z0-9]+$/.test(v.signal)) fail(`--signal must be a signal name such as SIGTERM, not ${JSON.stringify(v.signal)}`);
  const paths = parsed.positionals.length ? parsed.positionals : ["."];
  return {
    paths: paths.map((p) => path.resolve(p)),
    command: argv[split + 1],
    commandArgs: argv.slice(split + 2),
    include: v.filter,
    exclude: v.ignore,
    gitignore: v.gitignore,
    debounceMs: positiveInteger(v.debounce, "--debounce"),
    poll: v.poll,
    signal: v.signal,
    graceMs: positiveInteger(v.grace, "--grace"),
    runOncePerChange: v["run-once-per-change"],
    recursive: !v["no-recursive"],
    report: v.report,
    label: v.label,
    watchPaths: v["watch-path"].map((p) => path.resolve(p)),
  };
}

const opts = readArguments(process.argv.slice(2));
const runMode = opts.report !== undefined;

function say(message) {
  process.stdout.write(runMode ? `${message}\n` : `[qjsbridge watch] ${message}\n`);
}

// -- the command ---------------------------------------------------------------------------------
let child = null;          // the running command, if any
let stopRequested = false; // the running command is being stopped by us (not a failure)
let closing = false;       // Ctrl-C: no more runs
let queued = null;         // --run-once-per-change: changes that arrived during a run

function start(changes) {
  if (closing) return;
  const env = Object.assign({}, process.env, { QJSBRIDGE_CHANGES: JSON.stringify(changes) });
  if (runMode) {
    fs.writeFileSync(opts.report, "");
    env.QJSBRIDGE_LOADED_FILES = opts.report;
  } else {
    say(`running: ${[opts.command, ...opts.commandArgs].join(" ")}`);
  }
  stopRequested = false;
  const c = spawn(opts.command, opts.commandArgs, { stdio: "inherit", env });
  child = c;
  c.on("error", (err) => {
    say(`cannot run ${opts.command}: ${err.message}`);
    if (child === c) child = null;
  });
  c.on("exit", (code, signal) => {
    if (child === c) child = null;
    if (!stopRequested && !closing) {
      const ok = code === 0;
      if (runMode) say(`${ok ? "Completed" : "Failed"} running '${opts.label}'`);
      else say(`exited with ${signal ? `signal ${signal}` : `code ${code}`}; waiting for changes`);
    }
    if (queued !== null && !closing) {
      const next = queued;
      queued = null;
      start(next);
    }
  });
}

function stop(then) {
  const c = child;
  if (c === null) {
    then();
    return;
  }
  stopRequested = true;
  const killer = setTimeout(() => c.kill("SIGKILL"), opts.graceMs);
  c.once("exit", () => {
    clearTimeout(killer);
    then();
  });
  c.kill(opts.signal);
}

// -- the changes ---------------------------------------------------------------------------------
let pending = [];
let batchTimer = null;

function loadedFiles() {
  try {
    return new Set(fs.readFileSync(opts.report, "utf8").split("\n").filter(Boolean));
  } catch {
    return new Set();
  }
}

function inside(file, dir) {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function realName(name) {
  try {
    return fs.realpathSync(name);
  } catch {
    return name; // removed: the name it had
  }
}

function counts(ev) {
  if (!runMode) return true;
  const name = realName(ev.name);
  if (opts.watchPaths.some((dir) => inside(name, dir))) return true;
  const loaded = loadedFiles();
  return loaded.has(name) || (ev.oldName !== undefined && loaded.has(ev.oldName));
}

function onBatch() {
  batchTimer = null;
  const changes = pending;
  pending = [];
  if (closing || changes.length === 0) return;
  if (opts.runOncePerChange) {
    if (child !== null) queued = (queued || []).concat(changes);
    else start(changes);
    return;
  }
  if (runMode) say(`Restarting '${opts.label}'`);
  else say(`${changes.length} change${changes.length === 1 ? "" : "s"} detected: restarting`);
  stop(() => start(changes));
}

function onEvent(ev) {
  if (!counts(ev)) return;
  pending.push({ op: ev.op, path: ev.name });
  if (batchTimer !== null) clearTimeout(batchTimer);
  batchTimer = setTimeout(onBatch, opts.debounceMs);
}

const events = new EventEmitter();
events.on("event", onEvent);
events.on("error", (err) => say(`watch error: ${err.code} ${err.message}`));

const watched = new Set();
function watch(target, recursive) {
  if (watched.has(target)) return;
  watched.add(target);
  let isDir = false;
  try {
    isDir = fs.statSync(target).isDirectory();
  } catch (err) {
    fail(`cannot watch ${target}: ${err.message}`);
  }
  fswatch.watch(target, events, {
    recursive: isDir && recursive,
    include: opts.include,
    exclude: opts.exclude,
    gitignore: opts.gitignore && isDir,
    poll: opts.poll,
  });
}

for (const p of [...opts.paths, ...opts.watchPaths]) watch(p, opts.recursive);

if (runMode) {
  // Files the script loads from outside the watched directories: watch their directories as the
  // child reports them (the report file itself lives outside everything watched).
  const reports = new EventEmitter();
  reports.on("event", () => {
    for (const file of loadedFiles()) {
      const dir = path.dirname(file);
      if (![...watched].some((w) => inside(dir, w))) watch(dir, false);
    }
  });
  fs.writeFileSync(opts.report, "");
  fswatch.watch(opts.report, reports, {});
}

function shutdown(code) {
  if (closing) return;
  closing = true;
  if (batchTimer !== null) clearTimeout(batchTimer);
  stop(() => process.exit(code));
}
process.on("SIGINT", () => shutdown(130));
process.on("SIGTERM", () => shutdown(143));

start([]);
