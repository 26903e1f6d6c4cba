// The internal layout (_events, _eventsCount, _maxListeners) that user code pokes at.
const EventEmitter = require("events");
const e = new EventEmitter();
console.log("own keys:", JSON.stringify(Object.keys(e)));
console.log("_events proto:", Object.getPrototypeOf(e._events));
console.log("_eventsCount:", e._eventsCount, "_maxListeners:", e._maxListeners);
console.log("proto defaults:", EventEmitter.prototype._events, EventEmitter.prototype._eventsCount, EventEmitter.prototype._maxListeners);

function a() {}
function b() {}
e.on("x", a);
console.log("single is function:", e._events.x === a);
e.on("x", b);
console.log("two is array:", Array.isArray(e._events.x), e._events.x.length, e._eventsCount);
e.once("y", a);
console.log("once stored as wrapper:", typeof e._events.y, e._events.y.listener === a, e._eventsCount);
e.off("x", a);
console.log("back to function:", e._events.x === b);
e.off("x", b);
console.log("x deleted:", "x" in e._events, e._eventsCount);
e.off("y", a);
console.log("all gone -> new object:", e._eventsCount, Object.keys(e._events).length);

// User code that assigns _events directly
const f = new EventEmitter();
f._events = Object.create(null);
f._events.hack = function () { console.log("hacked listener ran"); };
f._eventsCount = 1;
f.emit("hack");
console.log("names:", JSON.stringify(f.eventNames()));

// _maxListeners preserved by init if already set on the instance
function Pre() { this._maxListeners = 3; EventEmitter.call(this); }
Object.setPrototypeOf(Pre.prototype, EventEmitter.prototype);
console.log("pre-set _maxListeners:", new Pre().getMaxListeners());

// Setting _maxListeners directly
const g = new EventEmitter();
g._maxListeners = 1;
console.log("direct _maxListeners:", g.getMaxListeners());

// Symbols on the instance
console.log("own symbols:", Object.getOwnPropertySymbols(e).map(String).join(","));
console.log("kCapture on prototype:", Object.getOwnPropertySymbols(EventEmitter.prototype).map(String).join(","));
