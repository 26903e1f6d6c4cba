// events.on: an 'error' event rejects the iteration after already-queued events.
const EventEmitter = require("events");
const { on } = EventEmitter;

async function main() {
  const e = new EventEmitter();
  const it = on(e, "data");
  e.emit("data", 1);
  e.emit("data", 2);
  e.emit("error", new Error("stream broke"));
  e.emit("data", 3);   // after the error: no longer listening
  const seen = [];
  try {
    for await (const [v] of it) seen.push(v);
    console.log("not reached");
  } catch (err) {
    console.log("error:", err.message, "after", JSON.stringify(seen));
  }
  console.log("listeners:", e.listenerCount("data"), e.listenerCount("error"));
  console.log("next after error:", JSON.stringify(await it.next()));

  // Error while a consumer is waiting
  const f = new EventEmitter();
  setImmediate(() => f.emit("error", new TypeError("waiting error")));
  try {
    for await (const x of on(f, "data")) console.log("unexpected", x);
  } catch (err) {
    console.log("waiting consumer:", err.name, err.message);
  }

  // on(emitter, 'error') yields errors as values instead
  const g = new EventEmitter();
  const it2 = on(g, "error");
  g.emit("error", new Error("as value"));
  const r = await it2.next();
  console.log("error as value:", r.done, r.value[0].message, g.listenerCount("error"));
  await it2.return();
  console.log("after return:", g.listenerCount("error"));

  // Non-Error values
  const h = new EventEmitter();
  const it3 = on(h, "d");
  h.emit("error", 404);
  try { await it3.next(); } catch (err) { console.log("non-error rejection:", err); }
}
main().then(() => console.log("done"));
