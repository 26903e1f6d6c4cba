// Dispatch on an AbortSignal: stopImmediatePropagation, internal listeners that still run,
// handleEvent objects, once, capture flags, custom events, max listeners, on() endings.
const { once, on, getEventListeners, getMaxListeners, setMaxListeners, addAbortListener } = require("events");
const EventEmitter = require("events");

const ac = new AbortController();
const sig = ac.signal;
const order = [];
let EventCtor;
sig.addEventListener("abort", (e) => { EventCtor = e.constructor; order.push("stopper"); e.stopImmediatePropagation(); });
sig.addEventListener("abort", () => order.push("after stop (skipped)"));
const ee = new EventEmitter();
once(ee, "never", { signal: sig }).catch((e) => console.log("once rejected:", e.name, e.code, e.cause === sig.reason));
addAbortListener(sig, () => order.push("addAbortListener (resists)"));
ac.abort("stop");
console.log("order:", order.join(" | "));

// capture flag distinguishes listeners; removal needs the same flag
const c2 = new AbortController();
const log = [];
function f() { log.push("f"); }
c2.signal.addEventListener("abort", f);
c2.signal.addEventListener("abort", f, true);
c2.signal.addEventListener("abort", f, { capture: true });
console.log("registered:", getEventListeners(c2.signal, "abort").length);
c2.signal.removeEventListener("abort", f);
console.log("after removing non-capture:", getEventListeners(c2.signal, "abort").length);
c2.signal.addEventListener("abort", { handleEvent(e) { log.push("handleEvent this ok " + (this.tag === 1) + " " + e.type); }, tag: 1 });
c2.signal.addEventListener("abort", null);
c2.abort();
console.log("log:", log.join(" | "));

// A custom event through dispatchEvent; once listeners; preventDefault
const c3 = new AbortController();
const ev = new EventCtor("custom", { cancelable: true });
console.log("event:", ev.type, ev.cancelable, ev.defaultPrevented, ev.isTrusted, ev.eventPhase, ev.bubbles, ev.target);
c3.signal.addEventListener("custom", (e) => {
  console.log("in listener:", e === ev, e.target === c3.signal, e.currentTarget === c3.signal, e.eventPhase, e.composedPath().length);
  e.preventDefault();
}, { once: true });
console.log("dispatch returned:", c3.signal.dispatchEvent(ev), ev.defaultPrevented, ev.returnValue);
console.log("once removed:", getEventListeners(c3.signal, "custom").length, c3.signal.dispatchEvent(new EventCtor("custom")));
try { c3.signal.dispatchEvent({ type: "custom" }); } catch (e) { console.log("not an Event:", e.code); }
try { new EventCtor(); } catch (e) { console.log("no type:", e.code, e.message); }
try { c3.signal.addEventListener(Symbol("s"), () => {}); } catch (e) { console.log("symbol type:", e.name, e.code, e.message); }
try { c3.signal.removeEventListener(Symbol("s"), () => {}); } catch (e) { console.log("symbol type (remove):", e.code); }
c3.signal.removeEventListener(Symbol("s"), null);

// max listeners on a signal
const c4 = new AbortController();
console.log("max:", getMaxListeners(c4.signal));
setMaxListeners(3, c4.signal, new EventEmitter());
console.log("max after set:", getMaxListeners(c4.signal));
for (let i = 0; i < 5; i++) c4.signal.addEventListener("abort", () => {});
console.log("listeners:", getEventListeners(c4.signal, "abort").length);
try { setMaxListeners(1, {}); } catch (e) { console.log("bad target:", e.code, e.message); }
try { getEventListeners({}, "x"); } catch (e) { console.log("getEventListeners:", e.code); }

// on() with a signal aborted while waiting, and an iterator ended by throw()
(async () => {
  const c5 = new AbortController();
  const e5 = new EventEmitter();
  setImmediate(() => { e5.emit("d", 1); c5.abort("bye"); });
  try {
    for await (const [v] of on(e5, "d", { signal: c5.signal })) console.log("got", v);
  } catch (e) {
    console.log("on() ended:", e.name, e.cause, e5.listenerCount("d"), e5.listenerCount("error"));
  }
  const it = on(e5, "z");
  const pending = it.next();
  it.throw(new TypeError("stop now"));
  await pending.then((r) => console.log("resolved", r), (e) => console.log("pending next rejected:", e.message));
  console.log("then:", JSON.stringify(await it.next()));
  try { it.throw("not an error"); } catch (e) { console.log("throw(non-error):", e.code); }
})();
