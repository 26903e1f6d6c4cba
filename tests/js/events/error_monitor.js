// events.errorMonitor listeners see 'error' events before regular listeners.
const EventEmitter = require("events");
const { errorMonitor } = EventEmitter;
console.log("symbol:", String(errorMonitor), typeof errorMonitor);

const e = new EventEmitter();
const log = [];
e.on(errorMonitor, (err, extra) => log.push("monitor:" + err.message + ":" + extra));
try {
  e.emit("error", new Error("unhandled"), "x");
} catch (err) {
  log.push("caught:" + err.message);
}
console.log(log.join(" | "));

log.length = 0;
e.on("error", (err) => log.push("handler:" + err.message));
e.emit("error", new Error("handled"));
console.log(log.join(" | "));

// Monitor sees non-Error values too; monitor-only emitter still throws
const f = new EventEmitter();
f.on(errorMonitor, (v) => console.log("monitor saw", typeof v, String(v)));
try { f.emit("error", "text"); } catch (err) { console.log("thrown:", err.code, err.message); }

// Emitting errorMonitor directly just calls the monitors
console.log("direct emit:", f.emit(errorMonitor, "direct"));

// A throwing monitor prevents the handlers
const g = new EventEmitter();
g.on(errorMonitor, () => { throw new Error("monitor failed"); });
g.on("error", () => console.log("not reached"));
try { g.emit("error", new Error("x")); } catch (err) { console.log("caught", err.message); }
console.log("listenerCount(errorMonitor):", g.listenerCount(errorMonitor), "names:", g.eventNames().map(String).join(","));
