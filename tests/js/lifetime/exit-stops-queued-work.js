// process.exit() in a timer: nothing already queued runs afterwards, only `exit` listeners.
process.on("exit", (code) => {
  console.log("exit listener", code, process.exitCode);
  Promise.resolve().then(() => console.log("never: promise job queued by an exit listener"));
  process.nextTick(() => console.log("never: tick queued by an exit listener"));
});
setTimeout(() => {
  process.nextTick(() => console.log("never: tick"));
  Promise.resolve().then(() => console.log("never: promise job"));
  queueMicrotask(() => console.log("never: microtask"));
  setImmediate(() => console.log("never: immediate"));
  setTimeout(() => console.log("never: timer"), 0);
  console.log("exiting with 3");
  try {
    process.exit(3);
  } finally {
    console.log("never: finally");
  }
}, 1);
