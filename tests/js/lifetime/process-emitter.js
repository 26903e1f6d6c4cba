// `process` is an EventEmitter: on/once/off/emit, like any other.
const EventEmitter = require("events");
console.log(process instanceof EventEmitter, Object.prototype.toString.call(process));
console.log(process.eventNames());
const seen = [];
const f = (x) => seen.push(["on", x]);
process.on("custom", f);
process.once("custom", (x) => seen.push(["once", x]));
process.prependListener("custom", (x) => seen.push(["first", x]));
console.log(process.emit("custom", 1), process.listenerCount("custom"));
process.off("custom", f);
process.emit("custom", 2);
console.log(JSON.stringify(seen));
console.log(process.removeAllListeners("custom") === process, process.listenerCount("custom"));
try {
  process.on("exit", 5);
} catch (e) {
  console.log(e.name, e.code, e.message);
}
for (const v of [1.5, "abc", "", " 2 ", "3", true, null, undefined, 2 ** 31, -1, 1n, {}]) {
  try {
    process.exitCode = v;
    console.log(JSON.stringify(String(v)), "->", process.exitCode);
  } catch (e) {
    console.log(typeof v, e.name, e.code, e.message);
  }
}
process.exitCode = 0;
for (const v of [1.5, "abc", {}, true]) {
  try {
    process.exit(v);
  } catch (e) {
    console.log("exit", typeof v, e.name, e.code, e.message);
  }
}
