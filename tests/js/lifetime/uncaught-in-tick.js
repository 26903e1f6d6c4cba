// An uncaught exception in a nextTick callback stops the ticks after it.
process.on("exit", (code) => console.log("exit", code));
process.nextTick(() => console.log("first tick"));
process.nextTick(() => {
  throw new RangeError("boom in tick");
});
process.nextTick(() => console.log("never: third tick"));
Promise.resolve().then(() => console.log("never: promise job"));
