// Old-style inheritance: EventEmitter.call(this) + prototype chaining (no util.inherits).
const EventEmitter = require("events");

function Stream(name) {
  EventEmitter.call(this);
  this.name = name;
}
Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Stream, EventEmitter);
Stream.prototype.write = function (chunk) {
  this.emit("data", chunk);
};

const s = new Stream("s1");
console.log("instanceof:", s instanceof Stream, s instanceof EventEmitter);
console.log("static inherited:", Stream.defaultMaxListeners, typeof Stream.once);
s.on("data", function (c) { console.log("data", c, this.name); });
s.write("hello");
console.log("own _events:", Object.prototype.hasOwnProperty.call(s, "_events"));

// Object.create style
function Legacy() {
  EventEmitter.call(this);
}
Legacy.prototype = Object.create(EventEmitter.prototype);
Legacy.prototype.constructor = Legacy;
const l1 = new Legacy();
const l2 = new Legacy();
l1.on("x", () => console.log("l1 x"));
console.log("separate _events:", l1._events !== l2._events, l2.emit("x"), l1.emit("x"));

// Forgetting to call the constructor: _events is created lazily on first on()
function Lazy() {}
Lazy.prototype = Object.create(EventEmitter.prototype);
const z = new Lazy();
console.log("lazy before:", z._events === undefined, z._eventsCount);
z.on("y", () => console.log("lazy y"));
z.emit("y");
console.log("lazy after:", typeof z._events, z._eventsCount);

// A prototype with its own _events: init creates a fresh one per instance
function Shared() { EventEmitter.call(this); }
Shared.prototype = Object.create(EventEmitter.prototype);
EventEmitter.call(Shared.prototype);
Shared.prototype.on("proto", () => console.log("proto listener"));
const sh = new Shared();
console.log("fresh _events:", sh._events !== Shared.prototype._events, sh.emit("proto"));

// Calling init a second time keeps existing listeners ("shape mode")
const twice = new EventEmitter();
twice.on("k", function k() {});
EventEmitter.call(twice);
console.log("after second init:", twice.listenerCount("k"));
const removed = [];
twice.on("removeListener", (n) => removed.push(String(n)));
twice.off("k", twice.listeners("k")[0]);
console.log("shape mode removal:", twice.listenerCount("k"), JSON.stringify(removed),
  JSON.stringify(twice.eventNames().map(String)), "k" in twice._events);
twice.removeAllListeners();
console.log("after removeAll:", JSON.stringify(twice.eventNames()));

// EventEmitter.init directly
const obj = { custom: true };
Object.setPrototypeOf(obj, EventEmitter.prototype);
EventEmitter.init.call(obj);
obj.on("z", () => console.log("init'ed obj z"));
obj.emit("z");
