// An uncaught exception in a timer ends the script: exit listeners run with code 1, then the
// error is printed; nothing queued runs.
process.exitCode = 3;
process.on("exit", (code) => console.log("exit", code, process.exitCode));
process.on("uncaughtExceptionMonitor", (err, origin) => console.log("monitor", err.message, origin));
setTimeout(() => {
  process.nextTick(() => console.log("never: tick"));
  Promise.resolve().then(() => console.log("never: promise job"));
  setImmediate(() => console.log("never: immediate"));
  throw new TypeError("boom in timer");
}, 1);
setTimeout(() => console.log("never: later timer"), 20);
