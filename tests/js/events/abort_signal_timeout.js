// AbortSignal.timeout(ms): validation, the TimeoutError reason, and that it fires while something
// else keeps the process alive.
for (const v of [-1, 1.5, "1", undefined, 2 ** 32, NaN, Infinity, null, 10n]) {
  try {
    AbortSignal.timeout(v);
    console.log("accepted", String(v));
  } catch (e) {
    console.log(String(v), e.name, e.code, e.message);
  }
}
const s = AbortSignal.timeout(10);
console.log("initially:", s.aborted, s.reason, s instanceof AbortSignal);
const zero = AbortSignal.timeout(0);
console.log("timeout(0) is not aborted synchronously:", zero.aborted);
s.addEventListener("abort", (ev) => {
  const r = s.reason;
  console.log("aborted:", ev.type, r.name, r.message, r.code, r instanceof DOMException, r instanceof Error);
  try { s.throwIfAborted(); } catch (e) { console.log("throwIfAborted:", e === r); }
});
const any = AbortSignal.any([new AbortController().signal, s]);
any.onabort = () => console.log("any() follows it:", any.reason === s.reason);
setTimeout(() => console.log("later:", s.aborted, zero.aborted, zero.reason.name), 60);
