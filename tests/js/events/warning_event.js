// The max-listeners warnings reach process.on("warning") as Node's warning objects.
const EventEmitter = require("events");
process.on("warning", (w) => {
  console.log("warning:", w.name, w instanceof Error, w.message);
  console.log("  details:", w.emitter === e, w.target === ac.signal, String(w.type), w.count, w.code);
});
const e = new EventEmitter();
e.setMaxListeners(1);
const sym = Symbol("sym");
e.on(sym, () => {}).on(sym, () => {});
const ac = new AbortController();
EventEmitter.setMaxListeners(1, ac.signal);
ac.signal.addEventListener("abort", () => {});
ac.signal.addEventListener("abort", () => {});
console.log("sync part done");
