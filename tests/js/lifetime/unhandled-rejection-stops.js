// An unhandled rejection ends the script after the current microtask drain: the drain still
// runs (and may handle it), but no immediate or timer runs afterwards.
process.on("exit", (code) => console.log("exit", code));
const late = Promise.reject(new Error("handled in the same drain"));
Promise.resolve().then(() => late.catch((e) => console.log("caught:", e.message)));
const p = Promise.reject(new Error("nobody handles this"));
Promise.resolve().then(() => console.log("drain goes on"));
setImmediate(() => {
  p.catch(() => console.log("never: a catch attached too late"));
});
setTimeout(() => console.log("never: timer"), 1);
