// events.on buffers events emitted before they are consumed.
const EventEmitter = require("events");
const { on } = EventEmitter;

async function main() {
  const e = new EventEmitter();
  const it = on(e, "data");
  console.log("listeners:", e.listenerCount("data"), e.listenerCount("error"));
  for (let i = 0; i < 5; i++) e.emit("data", i, "x" + i);
  process.nextTick(() => e.emit("data", "tick"));
  let n = 0;
  for await (const args of it) {
    console.log("got", JSON.stringify(args));
    if (++n === 6) break;
  }
  console.log("after break:", e.listenerCount("data"), e.listenerCount("error"));

  // Manual next(): pending promises resolve in order
  const f = new EventEmitter();
  const it2 = on(f, "v");
  const p1 = it2.next();
  const p2 = it2.next();
  f.emit("v", "a");
  f.emit("v", "b");
  f.emit("v", "c");
  console.log("p1", JSON.stringify(await p1), "p2", JSON.stringify(await p2));
  console.log("p3", JSON.stringify(await it2.next()));
  console.log("return:", JSON.stringify(await it2.return()));
  console.log("next after return:", JSON.stringify(await it2.next()));
  console.log("after return listeners:", f.listenerCount("v"));

  // return() resolves pending next() promises with done
  const g = new EventEmitter();
  const it3 = on(g, "w");
  const pending = it3.next();
  await it3.return();
  console.log("pending after return:", JSON.stringify(await pending));

  // The iterator is its own async iterator and inherits AsyncIteratorPrototype
  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
  console.log("self:", it3[Symbol.asyncIterator]() === it3, Object.getPrototypeOf(it3) === AsyncIteratorPrototype);

  // Events with no arguments yield empty arrays; falsy args are kept
  const h = new EventEmitter();
  const it4 = on(h, "z");
  h.emit("z");
  h.emit("z", 0);
  h.emit("z", null, undefined, false);
  for (let i = 0; i < 3; i++) {
    const { value, done } = await it4.next();
    console.log("z", done, value.length, JSON.stringify(value));
  }
  await it4.return();
}
main().then(() => console.log("done"));
