// process.exit() from a promise job stops the rest of the microtask drain too.
process.on("exit", (code) => console.log("exit", code));
Promise.resolve().then(() => {
  console.log("first job exits");
  process.exit();
});
Promise.resolve().then(() => console.log("never: second job"));
process.nextTick(() => console.log("tick runs before promise jobs"));
setImmediate(() => console.log("never: immediate"));
process.exitCode = 6;
