// 'removeListener' is emitted after removal, with the original listener.
const EventEmitter = require("events");
const e = new EventEmitter();
const log = [];
e.on("removeListener", function (name, fn) {
  log.push(`removeListener(${String(name)}, ${fn.name}) remaining=${this.listenerCount(name)}`);
});

function a() {}
function b() {}
function c() {}
e.on("x", a);
e.on("x", b);
e.once("x", c);
e.removeListener("x", b);
e.emit("x");          // fires a and the once wrapper for c (which removes itself)
e.off("x", a);
e.off("x", a);        // not present: no event
console.log(log.join("\n"));

// Single listener removal emits with list.listener || listener
log.length = 0;
function d() {}
e.once("y", d);
e.removeListener("y", d);
console.log(log.join("\n"));

// Removing the last listener overall: _eventsCount goes to 0 -> no removeListener event
// (only possible when 'removeListener' is the only other key... test with a fresh emitter)
const f = new EventEmitter();
const seen = [];
function rl(name) { seen.push(String(name)); }
f.on("removeListener", rl);
f.removeListener("removeListener", rl);
console.log("removing removeListener itself emitted:", JSON.stringify(seen), f.eventNames().length);

// removeListener with a once wrapper in an array: the event receives what was passed
const g = new EventEmitter();
const got = [];
g.on("removeListener", (n, fn) => got.push(fn.name || "(anonymous)"));
function w1() {}
function w2() {}
g.once("q", w1);
g.once("q", w2);
const raw = g.rawListeners("q");
g.removeListener("q", raw[1]);
g.removeListener("q", w1);
console.log("got:", got.join(","));

// Listener removed while emitting 'removeListener'
const h = new EventEmitter();
const seq = [];
h.on("removeListener", function onRemove(name) {
  seq.push(String(name));
  if (name === "a") h.removeListener("b", bb);
});
function aa() {}
function bb() {}
h.on("a", aa);
h.on("b", bb);
h.removeListener("a", aa);
console.log("nested:", seq.join(","), "b count", h.listenerCount("b"));
