// AbortController / AbortSignal basics.
const ac = new AbortController();
const { signal } = ac;
console.log("same signal:", ac.signal === signal);
console.log("initial:", signal.aborted, signal.reason);
console.log("toStringTag:", Object.prototype.toString.call(ac), Object.prototype.toString.call(signal));
console.log("throwIfAborted (not aborted):", signal.throwIfAborted());
console.log("onabort default:", signal.onabort);

const order = [];
signal.addEventListener("abort", function (ev) {
  order.push("listener1 type=" + ev.type + " this=" + (this === signal) + " target=" + (ev.target === signal) +
    " trusted=" + ev.isTrusted + " aborted=" + signal.aborted);
});
signal.onabort = (ev) => order.push("onabort " + ev.type);
signal.addEventListener("abort", () => order.push("once listener"), { once: true });
function removed() { order.push("removed (should not run)"); }
signal.addEventListener("abort", removed);
signal.removeEventListener("abort", removed);
function dup() { order.push("dup"); }
signal.addEventListener("abort", dup);
signal.addEventListener("abort", dup);          // duplicate ignored
signal.addEventListener("other", () => order.push("other event (should not run)"));
signal.addEventListener("abort", { handleEvent(ev) { order.push("handleEvent object " + ev.type); } });

console.log("before abort");
ac.abort();
console.log("after abort (listeners ran synchronously):");
console.log(order.join("\n"));

const reason = signal.reason;
console.log("aborted:", signal.aborted);
console.log("reason:", reason.name, "|", reason.message, "|", reason.code, "|", String(reason), "|", reason instanceof Error);
try { signal.throwIfAborted(); } catch (err) { console.log("throwIfAborted threw reason:", err === reason); }

// Second abort is a no-op
order.length = 0;
ac.abort("again");
console.log("second abort:", order.length, signal.reason === reason);

// Custom reasons
for (const r of ["text", 0, null, { custom: true }, new RangeError("range")]) {
  const c = new AbortController();
  c.abort(r);
  const got = c.signal.reason;
  console.log("reason kept:", got === r, typeof got);
}

// abort(undefined) -> default reason
const c2 = new AbortController();
c2.abort(undefined);
console.log("undefined reason:", c2.signal.reason.name);

// abort() before reading .signal
const c3 = new AbortController();
c3.abort("early");
console.log("abort before signal access:", c3.signal.aborted, c3.signal.reason);

// onabort set after other listeners keeps the position of its first assignment
const c4 = new AbortController();
const o4 = [];
c4.signal.onabort = () => o4.push("onabort-1");
c4.signal.addEventListener("abort", () => o4.push("listener"));
c4.signal.onabort = () => o4.push("onabort-2");
c4.abort();
console.log("onabort position:", o4.join(","));

// onabort = null disables it; getter returns null
const c5 = new AbortController();
const o5 = [];
c5.signal.onabort = () => o5.push("x");
c5.signal.onabort = null;
console.log("onabort null:", c5.signal.onabort);
c5.abort();
console.log("ran:", o5.length);

// AbortSignal.abort()
const s1 = AbortSignal.abort();
console.log("AbortSignal.abort():", s1.aborted, s1.reason.name, s1.reason.code);
const s2 = AbortSignal.abort("why");
console.log("AbortSignal.abort(reason):", s2.reason);
console.log("instanceof:", s1 instanceof AbortSignal, ac.signal instanceof AbortSignal);

// Listener added with an aborted `signal` option is ignored; one with a live signal is removed on abort
const c6 = new AbortController();
const remover = new AbortController();
const o6 = [];
c6.signal.addEventListener("abort", () => o6.push("ignored"), { signal: AbortSignal.abort() });
c6.signal.addEventListener("abort", () => o6.push("removed-by-signal"), { signal: remover.signal });
c6.signal.addEventListener("abort", () => o6.push("kept"));
remover.abort();
c6.abort();
console.log("signal option:", o6.join(","));

// Listeners added during dispatch and removal during dispatch
const c7 = new AbortController();
const o7 = [];
function second() { o7.push("second"); }
c7.signal.addEventListener("abort", () => { o7.push("first"); c7.signal.removeEventListener("abort", second); c7.signal.addEventListener("abort", () => o7.push("added-during")); });
c7.signal.addEventListener("abort", second);
c7.signal.addEventListener("abort", () => o7.push("third"));
c7.abort();
console.log("during dispatch:", o7.join(","));

// Illegal constructor and brand checks
try { new AbortSignal(); } catch (err) { console.log("new AbortSignal:", err.name, err.code, err.message); }
const getter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get;
try { getter.call({}); } catch (err) { console.log("brand check:", err.name, err.code, err.message); }
try { c7.signal.addEventListener("abort"); } catch (err) { console.log("missing args:", err.code, err.message); }
try { c7.signal.addEventListener("abort", 5); } catch (err) { console.log("bad listener:", err.code, err.message); }
