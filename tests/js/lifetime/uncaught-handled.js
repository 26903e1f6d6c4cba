// uncaughtException listeners receive errors from every origin; the script then carries on.
const seen = [];
const steps = [
  () => {
    throw new Error("from a timer");
  },
  () => setImmediate(() => {
    throw new Error("from an immediate");
  }),
  () => {
    process.nextTick(() => {
      throw new Error("from a tick");
    });
    process.nextTick(() => console.log("the next tick still runs"));
  },
  () => {
    queueMicrotask(() => {
      throw new Error("from a microtask");
    });
    queueMicrotask(() => console.log("the next microtask still runs"));
  },
  () => {
    Promise.reject(new Error("from a rejection"));
  },
  () => console.log("still alive"),
];
function next() {
  const step = steps.shift();
  if (step !== undefined) setTimeout(step, 1);
}
process.on("uncaughtException", (err, origin) => {
  console.log("handled", err.message, origin);
  seen.push(err.message);
  next();
});
process.on("exit", (code) => console.log("exit", code, seen.length));
// each step throws; the handler starts the next one
throw new Error("from the main module");
