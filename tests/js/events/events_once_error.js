// events.once rejects when 'error' is emitted first; listeners are cleaned up.
const EventEmitter = require("events");
const { once } = EventEmitter;

async function main() {
  const e = new EventEmitter();
  setImmediate(() => e.emit("error", new Error("kaboom")));
  try {
    await once(e, "data");
    console.log("not reached");
  } catch (err) {
    console.log("rejected:", err.message);
  }
  console.log("after error:", e.listenerCount("data"), e.listenerCount("error"));

  // Non-Error error value
  setImmediate(() => e.emit("error", "plain string"));
  try {
    await once(e, "data");
  } catch (err) {
    console.log("rejected with:", typeof err, err);
  }

  // Resolve first: the error listener is removed, a later error with no listener throws
  setImmediate(() => {
    e.emit("data", 1);
    try {
      e.emit("error", new Error("late"));
    } catch (err) {
      console.log("late error thrown synchronously:", err.message);
    }
  });
  console.log("resolved:", JSON.stringify(await once(e, "data")));

  // Other error listeners coexist
  e.on("error", (err) => console.log("regular error listener:", err.message));
  const p = once(e, "data");
  console.log("error listeners while waiting:", e.listenerCount("error"));
  e.emit("error", new Error("both"));
  try { await p; } catch (err) { console.log("once rejected too:", err.message); }
  console.log("error listeners after:", e.listenerCount("error"));

  // Two concurrent once() calls on the same event
  const a = once(e, "shared");
  const b = once(e, "shared");
  e.emit("shared", "v");
  console.log("concurrent:", JSON.stringify(await a), JSON.stringify(await b), e.listenerCount("shared"));
}
main().then(() => console.log("done"));
