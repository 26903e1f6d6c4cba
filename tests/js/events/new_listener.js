// 'newListener' is emitted before the listener is added, with the unwrapped listener.
const EventEmitter = require("events");
const e = new EventEmitter();
const log = [];

e.on("newListener", function (name, listener) {
  log.push(`newListener(${String(name)}, ${listener.name}) count=${this.listenerCount(name)}`);
});
e.on("foo", function fooHandler() {});
e.once("foo", function fooOnce() {});
e.prependOnceListener("bar", function barOnce() {});
e.on(Symbol("s"), function symHandler() {});
console.log(log.join("\n"));

// The newListener handler itself: adding the first newListener does not emit it
const f = new EventEmitter();
let calls = 0;
f.on("newListener", () => calls++);
console.log("calls after registering newListener:", calls);
f.on("newListener", () => {});
console.log("calls after second newListener:", calls);

// Adding a listener for the same event inside newListener: it ends up first
const g = new EventEmitter();
const order = [];
g.once("newListener", (name) => {
  if (name === "evt") g.on("evt", () => order.push("added-in-newListener"));
});
g.on("evt", () => order.push("original"));
g.emit("evt");
console.log("order:", order.join(","));

// newListener receives the original for once, even though the wrapper is stored
const h = new EventEmitter();
function target() {}
let received;
h.on("newListener", (n, l) => { received = l; });
h.once("t", target);
console.log("received original:", received === target, "stored wrapper:", h._events.t !== target,
  "wrapper.listener:", h._events.t.listener === target);

// Replacing _events inside newListener is honoured
const k = new EventEmitter();
k.once("newListener", function () {
  this._events = Object.create(null);
  this._eventsCount = 0;
});
k.on("z", () => {});
console.log("eventNames after replacement:", JSON.stringify(k.eventNames().map(String)));
