// Max listeners: defaults, per-emitter and static setters, warning (on stderr) once.
const EventEmitter = require("events");
console.log("defaultMaxListeners:", EventEmitter.defaultMaxListeners);
const e = new EventEmitter();
console.log("getMaxListeners:", e.getMaxListeners(), "static:", EventEmitter.getMaxListeners(e));
console.log("_maxListeners:", e._maxListeners);

for (let i = 0; i < 11; i++) e.on("foo", () => {});
console.log("warned flag on array:", e._events.foo.warned === true);
for (let i = 0; i < 5; i++) e.on("foo", () => {});   // no second warning
console.log("listeners:", e.listenerCount("foo"));

console.log("setMaxListeners returns:", e.setMaxListeners(20) === e, e.getMaxListeners());
e.setMaxListeners(0);
for (let i = 0; i < 30; i++) e.on("bar", () => {});
console.log("unlimited bar warned:", e._events.bar.warned === undefined);
e.setMaxListeners(Infinity);
console.log("Infinity ok:", e.getMaxListeners());

// Changing the default affects emitters without their own limit
EventEmitter.defaultMaxListeners = 3;
const f = new EventEmitter();
console.log("new default:", f.getMaxListeners(), e.getMaxListeners());
for (let i = 0; i < 4; i++) f.on("baz", () => {});
console.log("baz warned:", f._events.baz.warned === true);
EventEmitter.defaultMaxListeners = 10;

// Static setMaxListeners(n) sets the default; with targets sets each target
EventEmitter.setMaxListeners(7);
console.log("static default:", EventEmitter.defaultMaxListeners);
const g = new EventEmitter();
const h = new EventEmitter();
EventEmitter.setMaxListeners(2, g, h);
console.log("targets:", g.getMaxListeners(), h.getMaxListeners(), EventEmitter.defaultMaxListeners);
EventEmitter.setMaxListeners();   // n defaults to the current default
console.log("no-arg:", EventEmitter.defaultMaxListeners);
EventEmitter.setMaxListeners(10);

// Warning is per event name; a symbol name
const k = new EventEmitter();
k.setMaxListeners(1);
const sym = Symbol("symevt");
k.on(sym, () => {}).on(sym, () => {});
k.on("other", () => {}).on("other", () => {});
console.log("sym warned:", k._events[sym].warned === true, "other warned:", k._events.other.warned === true);

// Subclass name in warning (stderr) and getMaxListeners on an object with _maxListeners
class Sub extends EventEmitter {}
const s = new Sub();
s.setMaxListeners(1);
s.on("x", () => {});
s.on("x", () => {});
console.log("static getMaxListeners duck:", EventEmitter.getMaxListeners({ getMaxListeners() {}, _maxListeners: 4 }));
