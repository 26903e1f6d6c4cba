// An instance whose _events existed before EventEmitter.init ran keeps it ("shape mode"):
// removing a listener leaves the key, set to undefined; removeAllListeners(type) ends that mode.
const EventEmitter = require("events");
function Old() {
  this._events = { __proto__: null };
  EventEmitter.call(this);
}
Object.setPrototypeOf(Old.prototype, EventEmitter.prototype);
const o = new Old();
const a = () => console.log("a ran");
const b = () => console.log("b ran");
o.on("x", a);
o.on("y", b);
console.log("count:", o._eventsCount, JSON.stringify(o.eventNames()));
o.off("x", a);
console.log("after off:", o._eventsCount, JSON.stringify(o.eventNames()), "x" in o._events, o._events.x);
console.log("emit x:", o.emit("x"), "listeners:", o.listeners("x").length, o.listenerCount("x"));
o.on("x", a);
console.log("re-added:", o._eventsCount, o.emit("x"));
o.removeAllListeners("y");
console.log("after removeAllListeners(y):", o._eventsCount, JSON.stringify(o.eventNames()));
o.off("x", a);
console.log("shape mode ended:", o._eventsCount, JSON.stringify(Object.keys(o._events)));

// removeListener events with once() wrappers, in an array and alone
const e = new EventEmitter();
e.on("removeListener", (name, fn) => console.log("removeListener", String(name), fn.name || "(anonymous)"));
function one() {}
function two() {}
e.once("s", one);
e.emit("s");
e.once("t", one);
e.once("t", two);
e.emit("t");
e.on("u", one).on("u", two).on("u", one);
e.off("u", one);
console.log("u left:", e.listeners("u").map((f) => f.name).join());
e.removeAllListeners();
console.log("all removed:", JSON.stringify(e.eventNames()), e._eventsCount);

// A once listener that emits its own event again runs once; one removed by another listener
// during the same emit still runs (snapshot), but not on the next emit.
const r = new EventEmitter();
let n = 0;
r.once("again", () => { n++; r.emit("again"); });
r.emit("again");
console.log("re-entrant once ran:", n);
const s = new EventEmitter();
function later() { console.log("later ran"); }
s.on("go", () => s.off("go", later));
s.on("go", later);
s.emit("go");
s.emit("go");
// listenerCount with a listener, static listenerCount, duck-typed static
const c = new EventEmitter();
c.on("k", one).once("k", one).on("k", two);
console.log("listenerCount:", c.listenerCount("k"), c.listenerCount("k", one), c.listenerCount("k", two),
  c.listenerCount("k", () => {}), c.listenerCount("none", one), EventEmitter.listenerCount(c, "k"));
console.log("static on a duck:", EventEmitter.listenerCount({ listenerCount: (t) => "duck:" + t }, "z"));
