// Leaving a for-await loop over events.on removes the listeners.
const EventEmitter = require("events");
const { on } = EventEmitter;

async function main() {
  const e = new EventEmitter();
  setImmediate(() => { e.emit("x", 1); e.emit("x", 2); e.emit("x", 3); });
  for await (const [v] of on(e, "x")) {
    console.log("value", v, "listeners", e.listenerCount("x"), e.listenerCount("error"));
    if (v === 2) break;
  }
  console.log("after break:", e.listenerCount("x"), e.listenerCount("error"), JSON.stringify(e.eventNames()));

  // return from inside the loop
  async function firstValue(em) {
    for await (const [v] of on(em, "y")) return v;
  }
  const f = new EventEmitter();
  const p = firstValue(f);
  f.emit("y", "returned");
  console.log("firstValue:", await p, f.listenerCount("y"));

  // throw inside the loop also closes the iterator
  const g = new EventEmitter();
  process.nextTick(() => g.emit("z", "boom"));
  try {
    for await (const [v] of on(g, "z")) throw new Error("inside " + v);
  } catch (err) {
    console.log("caught:", err.message, "listeners:", g.listenerCount("z"), g.listenerCount("error"));
  }

  // Events emitted after the break are not seen by a new iterator
  const h = new EventEmitter();
  const it = on(h, "q");
  h.emit("q", "one");
  await it.return();
  h.emit("q", "dropped");
  const it2 = on(h, "q");
  h.emit("q", "two");
  console.log("new iterator:", JSON.stringify(await it2.next()));
  await it2.return();

  // iterator.throw(err) rejects the pending next() and finishes
  const k = new EventEmitter();
  const it3 = on(k, "w");
  const pending = it3.next();
  it3.throw(new Error("thrown in"));
  try { await pending; } catch (err) { console.log("pending rejected:", err.message); }
  console.log("after throw:", JSON.stringify(await it3.next()), k.listenerCount("w"));
  try { it3.throw("not an error"); } catch (err) { console.log("throw validation:", err.code, err.message); }
}
main().then(() => console.log("done"));
