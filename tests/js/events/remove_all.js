// removeAllListeners ordering of 'removeListener' events.
const EventEmitter = require("events");
const e = new EventEmitter();
const log = [];
const s = Symbol("sym");
function a1() {}
function a2() {}
function a3() {}
function b1() {}
function c1() {}
e.on("a", a1);
e.on("a", a2);
e.once("a", a3);
e.on(s, b1);
e.on("c", c1);
e.on("removeListener", function rl(name, fn) {
  log.push(`${String(name)}:${fn.name}`);
});
e.on("removeListener", function rl2(name, fn) {
  if (name === "removeListener") log.push(`second-rl saw ${fn.name}`);
});

e.removeAllListeners("a");   // LIFO
console.log("removeAllListeners('a'):", log.join(" "));
log.length = 0;
e.removeAllListeners("nope");
console.log("unknown type:", log.length);
e.on("a", a1);
e.removeAllListeners();      // every key except removeListener first, then removeListener
console.log("removeAllListeners():", log.join(" "));
console.log("after:", e.eventNames().length, e._eventsCount);

// Without removeListener listeners
const f = new EventEmitter();
f.on("x", () => {});
f.on("y", () => {});
f.removeAllListeners("x");
console.log("names after removeAll('x'):", JSON.stringify(f.eventNames()), f._eventsCount);
f.removeAllListeners("y");
console.log("names after removeAll('y'):", JSON.stringify(f.eventNames()), f._eventsCount);
f.on("z", () => {});
console.log("returns emitter:", f.removeAllListeners() === f, f.eventNames().length);

// removeAllListeners(undefined) is not the same as no arguments
const g = new EventEmitter();
g.on("x", () => {});
g.on("undefined", () => {});
g.removeAllListeners(undefined);
console.log("after removeAllListeners(undefined):", JSON.stringify(g.eventNames()));

// On an object without _events
const bare = Object.create(EventEmitter.prototype);
console.log("bare:", bare.removeAllListeners() === bare);
