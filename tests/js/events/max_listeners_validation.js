// Validation errors of setMaxListeners / defaultMaxListeners / getMaxListeners.
const EventEmitter = require("events");
const e = new EventEmitter();
function show(label, fn) {
  try {
    fn();
    console.log(label, "ok");
  } catch (err) {
    console.log(label, err.name, err.code, err.message);
  }
}
const values = [-1, NaN, "5", null, undefined, true, 2 ** 40, -(2 ** 40), -0.5, 10n, {}, [], Symbol("s"), -0, 1.5];
for (const v of values) {
  const label = typeof v === "symbol" ? "symbol" : typeof v === "bigint" ? "bigint" : JSON.stringify(v) ?? String(v);
  show("setMaxListeners(" + label + ")", () => e.setMaxListeners(v));
  show("defaultMaxListeners=" + label, () => { EventEmitter.defaultMaxListeners = v; });
  show("static setMaxListeners(" + label + ")", () => EventEmitter.setMaxListeners(v, e));
}
EventEmitter.defaultMaxListeners = 10;
show("static with bad target", () => EventEmitter.setMaxListeners(1, { notAnEmitter: true }));
show("static with duck target", () => EventEmitter.setMaxListeners(1, { setMaxListeners(n) { console.log("duck got", n); } }));
show("getMaxListeners({})", () => EventEmitter.getMaxListeners({}));
show("getMaxListeners(null)", () => EventEmitter.getMaxListeners(null));
show("getMaxListeners(undefined)", () => EventEmitter.getMaxListeners(undefined));
show("getMaxListeners('str')", () => EventEmitter.getMaxListeners("str"));
console.log("default still", EventEmitter.defaultMaxListeners);
