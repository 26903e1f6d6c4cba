// An exception thrown by a listener propagates out of emit; later listeners do not run.
const EventEmitter = require("events");
const e = new EventEmitter();
const log = [];
e.on("x", () => log.push("first"));
e.on("x", () => { throw new RangeError("listener failed"); });
e.on("x", () => log.push("third"));
try {
  e.emit("x");
} catch (err) {
  console.log("caught:", err.name, err.message);
}
console.log("ran:", log.join(","));

// The emitter is still usable afterwards, listeners intact
console.log("count:", e.listenerCount("x"));
e.removeAllListeners("x");
e.on("x", () => log.push("later"));
e.emit("x");
console.log("ran:", log.join(","));

// once listener that throws is still removed
const f = new EventEmitter();
f.once("y", () => { throw new Error("once threw"); });
try { f.emit("y"); } catch (err) { console.log("once caught:", err.message); }
console.log("once removed:", f.listenerCount("y"));

// Throwing non-Error values
const g = new EventEmitter();
g.on("z", () => { throw "a string"; });
try { g.emit("z"); } catch (err) { console.log("caught string:", err); }

// Exception in a newListener handler prevents the add
const h = new EventEmitter();
h.on("newListener", (name) => { if (name === "blocked") throw new Error("no " + name); });
try { h.on("blocked", () => {}); } catch (err) { console.log("newListener threw:", err.message); }
console.log("blocked added:", h.listenerCount("blocked"));

// Exception in a removeListener handler happens after the removal
const k = new EventEmitter();
function victim() {}
k.on("v", victim);
k.on("other", () => {});
k.on("removeListener", () => { throw new Error("rl threw"); });
try { k.off("v", victim); } catch (err) { console.log("removeListener threw:", err.message); }
console.log("victim removed:", k.listenerCount("v"));

// abort() returns undefined after running the listeners synchronously
const ac = new AbortController();
ac.signal.addEventListener("abort", () => console.log("abort listener ran"));
console.log("abort returned:", ac.abort());
