// events.getEventListeners for EventEmitters and AbortSignals.
const EventEmitter = require("events");
const { getEventListeners, getMaxListeners, setMaxListeners } = EventEmitter;

const e = new EventEmitter();
function a() {}
function b() {}
e.on("x", a);
e.once("x", b);
const ls = getEventListeners(e, "x");
console.log("emitter:", ls.length, ls[0] === a, ls[1] === b);
console.log("missing:", JSON.stringify(getEventListeners(e, "nope")));

const ac = new AbortController();
function onAbort() {}
ac.signal.addEventListener("abort", onAbort);
ac.signal.addEventListener("abort", b);
const sl = getEventListeners(ac.signal, "abort");
console.log("signal:", sl.length, sl[0] === onAbort, sl[1] === b);
console.log("signal other:", getEventListeners(ac.signal, "other").length);
ac.signal.removeEventListener("abort", onAbort);
console.log("after remove:", getEventListeners(ac.signal, "abort").length);

// Max listeners on a signal
console.log("signal max:", getMaxListeners(ac.signal));
setMaxListeners(2, ac.signal);
console.log("signal max after set:", getMaxListeners(ac.signal));
for (let i = 0; i < 3; i++) ac.signal.addEventListener("abort", () => {});   // warning on stderr
console.log("signal listeners:", getEventListeners(ac.signal, "abort").length);

try { getEventListeners({}, "x"); } catch (err) { console.log(err.code, err.message); }
