// events.on with an AbortSignal.
const EventEmitter = require("events");
const { on } = EventEmitter;

async function main() {
  // Pre-aborted: throws synchronously (on() is not async)
  const ac0 = new AbortController();
  ac0.abort("early");
  try {
    on(new EventEmitter(), "x", { signal: ac0.signal });
    console.log("not reached");
  } catch (err) {
    console.log("sync throw:", err.name, err.code, err.message, err.cause);
  }

  // Abort while iterating
  const e = new EventEmitter();
  const ac = new AbortController();
  let i = 0;
  const tick = () => {
    e.emit("tick", ++i);
    if (i === 3) ac.abort();
    else setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  try {
    for await (const [v] of on(e, "tick", { signal: ac.signal })) console.log("tick", v);
  } catch (err) {
    console.log("aborted:", err.name, err.code, err.message, "cause:", err.cause.name);
  }
  console.log("listeners:", e.listenerCount("tick"), e.listenerCount("error"));

  // Abort with queued events: queued events are still delivered first
  const f = new EventEmitter();
  const ac2 = new AbortController();
  const it = on(f, "d", { signal: ac2.signal });
  f.emit("d", "a");
  f.emit("d", "b");
  ac2.abort(new Error("reason"));
  const got = [];
  try {
    for await (const [v] of it) got.push(v);
  } catch (err) {
    console.log("queued then abort:", JSON.stringify(got), err.name, err.cause.message);
  }

  // Breaking out removes the abort listener: aborting later has no effect
  const g = new EventEmitter();
  const ac3 = new AbortController();
  let abortListeners = 0;
  const origAdd = ac3.signal.addEventListener;
  ac3.signal.addEventListener = function (...args) { abortListeners++; return origAdd.apply(this, args); };
  const it2 = on(g, "v", { signal: ac3.signal });
  console.log("abort listeners added:", abortListeners);
  g.emit("v", 1);
  for await (const [v] of it2) { console.log("v", v); break; }
  ac3.abort();
  console.log("abort after break ok:", ac3.signal.aborted);

  // Invalid signal
  try { on(g, "v", { signal: 1 }); } catch (err) { console.log("invalid:", err.code, err.message); }

  // Option validation (highWaterMark / lowWaterMark)
  for (const opts of [{ highWaterMark: 0 }, { highWaterMark: 1.5 }, { highWaterMark: "3" }, { lowWaterMark: -1 }, { highWatermark: 0 }]) {
    try { on(g, "v", opts); console.log("accepted", JSON.stringify(opts)); } catch (err) { console.log(err.name, err.code, err.message); }
  }
  console.log("nothing leaked:", g.listenerCount("v"), g.listenerCount("error"));
}
main().then(() => console.log("done"));
