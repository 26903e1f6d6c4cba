// events.once with an AbortSignal.
const EventEmitter = require("events");
const { once } = EventEmitter;

function describe(err) {
  return [err.name, err.code, err.message, err instanceof Error].join("|");
}

async function main() {
  const e = new EventEmitter();

  // Already aborted (default reason)
  const ac1 = new AbortController();
  ac1.abort();
  try {
    await once(e, "x", { signal: ac1.signal });
  } catch (err) {
    console.log("pre-aborted:", describe(err));
    console.log("cause is reason:", err.cause === ac1.signal.reason, err.cause.name);
  }
  console.log("nothing registered:", e.listenerCount("x"), e.listenerCount("error"));

  // Already aborted with a custom reason
  const ac2 = new AbortController();
  ac2.abort("custom reason");
  try { await once(e, "x", { signal: ac2.signal }); } catch (err) {
    console.log("custom reason cause:", err.cause, describe(err));
  }

  // Aborted while waiting
  const ac3 = new AbortController();
  const p = once(e, "later", { signal: ac3.signal });
  await null;
  console.log("waiting listeners:", e.listenerCount("later"), e.listenerCount("error"));
  setImmediate(() => ac3.abort(new Error("stop it")));
  try { await p; } catch (err) {
    console.log("aborted later:", describe(err), "cause:", err.cause.message);
  }
  console.log("cleaned:", e.listenerCount("later"), e.listenerCount("error"));
  e.emit("later", "too late");

  // Resolved before abort: abort afterwards does nothing
  const ac4 = new AbortController();
  const q = once(e, "fast", { signal: ac4.signal });
  e.emit("fast", 7);
  console.log("fast:", JSON.stringify(await q));
  ac4.abort();
  console.log("abort after resolve ok");

  // AbortSignal.abort()
  try { await once(e, "y", { signal: AbortSignal.abort("static") }); } catch (err) {
    console.log("AbortSignal.abort:", err.name, err.cause);
  }

  // Abort with undefined reason: default DOMException-like reason
  const ac5 = new AbortController();
  const r = once(e, "z", { signal: ac5.signal });
  ac5.abort(undefined);
  try { await r; } catch (err) {
    console.log("undefined reason ->", err.cause && err.cause.name, err.cause && err.cause.message);
  }
}
main().then(() => console.log("done"));
