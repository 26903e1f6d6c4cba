// prependListener / prependOnceListener ordering.
const EventEmitter = require("events");
const e = new EventEmitter();
const log = [];
e.on("x", () => log.push("on1"));
e.prependListener("x", () => log.push("prepend1"));
e.on("x", () => log.push("on2"));
e.prependOnceListener("x", () => log.push("prependOnce"));
e.prependListener("x", () => log.push("prepend2"));
e.once("x", () => log.push("once"));
e.emit("x");
console.log(log.join(","));
log.length = 0;
e.emit("x");
console.log(log.join(","));

// Prepending to a single-function slot converts to array with new listener first
const f = new EventEmitter();
function a() {}
function b() {}
f.on("y", a);
f.prependListener("y", b);
console.log("order:", f.listeners("y").map((fn) => fn.name).join(","));
console.log("is array:", Array.isArray(f._events.y));

// prepend returns emitter
console.log("prependListener returns:", f.prependListener("y", () => {}) === f);
console.log("prependOnceListener returns:", f.prependOnceListener("y", () => {}) === f);

// newListener is emitted for prepends too
const g = new EventEmitter();
g.on("newListener", (name, fn) => console.log("newListener", name, fn.name));
g.prependListener("p", function pl() {});
g.prependOnceListener("p", function pol() {});
console.log("raw[0] is wrapper:", g.rawListeners("p")[0] !== g.listeners("p")[0]);
console.log("listeners:", g.listeners("p").map((fn) => fn.name).join(","));
