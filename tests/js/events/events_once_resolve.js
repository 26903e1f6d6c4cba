// events.once(emitter, name): resolves with the array of arguments.
const EventEmitter = require("events");
const { once } = EventEmitter;

async function main() {
  const e = new EventEmitter();
  setImmediate(() => e.emit("ready", 1, "two", { three: 3 }));
  const args = await once(e, "ready");
  console.log("args:", JSON.stringify(args), Array.isArray(args));
  console.log("listeners cleaned:", e.listenerCount("ready"), e.listenerCount("error"));

  // No arguments -> empty array
  process.nextTick(() => e.emit("empty"));
  console.log("empty:", JSON.stringify(await once(e, "empty")));

  // Symbol event names
  const sym = Symbol("s");
  setTimeout(() => e.emit(sym, "sym-value"), 1);
  console.log("symbol:", JSON.stringify(await once(e, sym)));

  // Waiting for 'error' itself resolves with the error
  setImmediate(() => e.emit("error", new Error("as value")));
  const [err] = await once(e, "error");
  console.log("error as value:", err.message);

  // Only the first emission counts
  const p = once(e, "multi");
  e.emit("multi", "first");
  e.emit("multi", "second");
  console.log("multi:", JSON.stringify(await p));

  // A duck-typed emitter with only on/once/removeListener
  const handlers = {};
  const duck = {
    on(n, f) { (handlers[n] ??= []).push(f); },
    once(n, f) { this.on(n, f); },
    removeListener(n, f) { handlers[n] = (handlers[n] || []).filter((x) => x !== f); },
  };
  const dp = once(duck, "go");
  console.log("duck registered:", Object.keys(handlers).join(","));
  handlers.go[0]("duck-arg");
  console.log("duck:", JSON.stringify(await dp), (handlers.error || []).length);

  // Microtask ordering relative to the emit
  const order = [];
  const q = once(e, "tick").then((v) => order.push("once:" + v[0]));
  e.emit("tick", "t");
  Promise.resolve().then(() => order.push("micro1")).then(() => order.push("micro2")).then(() => order.push("micro3"));
  await q;
  await new Promise((r) => setImmediate(r));
  console.log("order:", order.join(","));

  // once returns a promise (async function) even for invalid input
  const bad = once(e, "x", { signal: "nope" });
  console.log("is promise:", bad instanceof Promise);
  try { await bad; } catch (er) { console.log("invalid signal:", er.name, er.code, er.message); }
  try { await once(e, "x", { signal: null }); } catch (er) { console.log("null signal:", er.code, er.message); }
  try { await once(e, "x", { signal: {} }); } catch (er) { console.log("object signal:", er.code, er.message); }
  console.log("listeners after invalid:", e.listenerCount("x"));
}
main().then(() => console.log("done"), (err) => console.log("FAILED", err && err.message));
