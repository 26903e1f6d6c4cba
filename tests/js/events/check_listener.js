// Non-function listeners are rejected with ERR_INVALID_ARG_TYPE and Node's message.
const EventEmitter = require("events");
const e = new EventEmitter();
class Custom {}
const values = [
  undefined, null, 0, -0, 5, 3.25, NaN, Infinity, -Infinity, "str", "it's", "x".repeat(40),
  true, false, 12n, Symbol("desc"), {}, [], new Custom(), Object.create(null), new Map(),
  { constructor: null },
];
const methods = ["on", "addListener", "once", "prependListener", "prependOnceListener", "off", "removeListener"];
for (const v of values) {
  try {
    e.on("x", v);
    console.log("accepted?!");
  } catch (err) {
    console.log(err.name, err.code, err.message);
  }
}
for (const m of methods) {
  try {
    e[m]("x", 42);
  } catch (err) {
    console.log(m, err instanceof TypeError, err.message);
  }
}
console.log("nothing was added:", e.eventNames().length);
