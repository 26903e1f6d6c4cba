// on/addListener/emit basics: return values, arguments, `this`, chaining.
const EventEmitter = require("events");

const e = new EventEmitter();
console.log("emit without listeners:", e.emit("nothing"));

const r = e.on("a", function (x, y) {
  console.log("a#1", x, y, this === e);
});
console.log("on returns emitter:", r === e);
console.log("addListener === on:", EventEmitter.prototype.addListener === EventEmitter.prototype.on);
e.addListener("a", (...args) => console.log("a#2 args", JSON.stringify(args)));
console.log("emit returns:", e.emit("a", 1, "two", { three: 3 }));
console.log("emit with no args:", e.emit("a"));

// Many arguments
e.on("many", (...args) => console.log("many", args.length, args.join(",")));
e.emit("many", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

// Same listener added twice fires twice
let count = 0;
function inc() { count++; }
e.on("twice", inc).on("twice", inc);
e.emit("twice");
console.log("count after twice:", count);

// Symbol event names
const sym = Symbol("sym");
e.on(sym, (v) => console.log("symbol event", v));
console.log("symbol emit:", e.emit(sym, "ok"));

// Numeric-ish names are coerced as property keys
e.on(42, (v) => console.log("numeric event", v));
console.log("emit '42':", e.emit("42", "via string"));

// Listeners are called with the emitter as `this` even if defined elsewhere
const holder = { name: "holder", fn() { return this; } };
let seenThis;
e.on("this", function () { seenThis = this; });
e.emit("this");
console.log("this is emitter:", seenThis === e, seenThis !== holder);

// Emitting on an emitter with _events deleted by init-less object
const bare = Object.create(EventEmitter.prototype);
console.log("bare emit:", bare.emit("x"));
bare.on("x", () => console.log("bare listener ran"));
console.log("bare emit after on:", bare.emit("x"));
console.log("bare _eventsCount:", bare._eventsCount);
