// AbortSignal.any(signals)
const a = new AbortController();
const b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
console.log("initial:", any.aborted);
const log = [];
any.addEventListener("abort", () => log.push("any aborted: " + any.reason));
a.signal.addEventListener("abort", () => log.push("a aborted"));
b.abort("b-reason");
console.log(log.join(" | "), "| a:", a.signal.aborted);
a.abort("a-reason");
console.log("reason stays:", any.reason);

// Already-aborted input
const pre = AbortSignal.any([new AbortController().signal, AbortSignal.abort("pre")]);
console.log("pre-aborted:", pre.aborted, pre.reason);

// Empty list never aborts
const empty = AbortSignal.any([]);
console.log("empty:", empty.aborted);

// Nested any()
const c = new AbortController();
const inner = AbortSignal.any([c.signal]);
const outer = AbortSignal.any([inner]);
c.abort("deep");
console.log("nested:", inner.aborted, outer.aborted, outer.reason);

// Validation
for (const bad of [null, "x", [1], [{}]]) {
  try { AbortSignal.any(bad); console.log("accepted"); } catch (err) { console.log(err.name, err.code, err.message); }
}
