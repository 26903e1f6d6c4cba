// Removing / adding listeners while an emit is in progress (snapshot semantics).
const EventEmitter = require("events");
const e = new EventEmitter();
const log = [];

function a() { log.push("a"); e.off("x", b); }
function b() { log.push("b"); }
function c() { log.push("c"); e.on("x", d); }
function d() { log.push("d"); }
e.on("x", a);
e.on("x", b);
e.on("x", c);
e.emit("x");
console.log("first:", log.join(","));
log.length = 0;
e.emit("x");
console.log("second:", log.join(","));

// A listener removing itself
const f = new EventEmitter();
function self() { log.push("self"); f.removeListener("s", self); }
f.on("s", self);
f.on("s", () => log.push("other"));
log.length = 0;
f.emit("s");
f.emit("s");
console.log("self-removal:", log.join(","));

// removeAllListeners during emit still runs the snapshot
const g = new EventEmitter();
log.length = 0;
g.on("t", () => { log.push("t1"); g.removeAllListeners("t"); });
g.on("t", () => log.push("t2"));
g.on("t", () => log.push("t3"));
g.emit("t");
console.log("after removeAll during emit:", log.join(","), g.listenerCount("t"));

// Single listener slot: removing during emit
const h = new EventEmitter();
log.length = 0;
function only() { log.push("only"); h.on("u", () => log.push("late")); h.off("u", only); }
h.on("u", only);
h.emit("u");
h.emit("u");
console.log("single slot:", log.join(","));

// off with a function that was never added is a no-op
console.log("off unknown returns emitter:", h.off("u", () => {}) === h, h.listenerCount("u"));
console.log("off on unknown event:", h.off("nope", () => {}) === h);
