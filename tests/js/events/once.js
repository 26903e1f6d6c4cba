// EventEmitter.prototype.once semantics.
const EventEmitter = require("events");
const e = new EventEmitter();

e.once("a", function (...args) {
  console.log("once a", JSON.stringify(args), this === e);
});
console.log("first emit:", e.emit("a", 1, 2));
console.log("second emit:", e.emit("a", 3));
console.log("listenerCount after:", e.listenerCount("a"));

// once with zero arguments uses call(target)
e.once("z", function () { console.log("zero args", arguments.length, this === e); });
e.emit("z");

// once + on ordering
e.on("m", () => console.log("m on#1"));
e.once("m", () => console.log("m once"));
e.on("m", () => console.log("m on#2"));
e.emit("m");
console.log("--");
e.emit("m");

// once listener that emits the same event again (recursion)
let depth = 0;
e.once("r", () => {
  depth++;
  console.log("r depth", depth);
  console.log("inner emit returns", e.emit("r"));
});
e.emit("r");

// Removing a once listener by its original function
function orig() { console.log("should not run"); }
e.once("rm", orig);
e.removeListener("rm", orig);
console.log("emit rm:", e.emit("rm"));

// once returns the emitter
console.log("once returns emitter:", e.once("q", () => {}) === e);

// return value of once listener is ignored by emit
e.once("ret", () => 123);
console.log("emit ret:", e.emit("ret"));
