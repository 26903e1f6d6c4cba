// process.emitWarning and the `warning` event; the printer Node installs is a removable listener.
process.on("warning", (w) => {
  console.log("warning event:", w.name, w.message, w.code, w.detail, w instanceof Error);
});
console.log("listeners:", process.listenerCount("warning"));
process.emitWarning("plain");
process.emitWarning("typed", "CustomWarning", "C01");
process.emitWarning("with options", { type: "T2", code: "C2", detail: "some detail" });
const err = new Error("an Error as warning");
err.name = "MyWarning";
process.emitWarning(err);
process.emitWarning("deprecated", "DeprecationWarning", "DEP0999");
console.log("emitWarning is asynchronous");
const EventEmitter = require("events");
const em = new EventEmitter();
process.on("warning", (w) => {
  if (w.name === "MaxListenersExceededWarning") console.log("leak:", w.emitter === em, w.type, w.count);
});
for (let i = 0; i < 11; i++) em.on("leak", () => {});
for (const bad of [[5], ["x", 5], ["x", "T", 5]]) {
  try {
    process.emitWarning(...bad);
  } catch (e) {
    console.log(e.name, e.code, e.message);
  }
}
setTimeout(() => {
  process.removeAllListeners("warning");
  process.emitWarning("nobody prints this");
}, 1);
