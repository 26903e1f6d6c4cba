// Assigning to err.stack: any value is kept as it is, as an own property (Node/V8 behaviour).
const show = (v) => (typeof v === "string" ? JSON.stringify(v.split("\n")[0]) : typeof v === "symbol" ? v.toString() : JSON.stringify(v));
const own = (o) => Object.prototype.hasOwnProperty.call(o, "stack");
for (const v of [5, undefined, null, { a: 1 }, "custom", true, Symbol.iterator, ["x"]]) {
  const x = new TypeError("t");
  x.stack = v;
  const d = Object.getOwnPropertyDescriptor(x, "stack");
  console.log("assign", typeof v, show(x.stack), own(x), d.writable, d.enumerable, d.configurable);
}
const m = new RangeError("late");
m.message = "changed";
console.log("message changed before the first read:", show(m.stack));
const n = new Error("n");
n.name = "Renamed";
console.log("name changed before the first read:", show(n.stack));
const r = new Error("read");
const first = r.stack;
r.message = "after";
console.log("header fixed at the first read:", show(r.stack), r.stack === first);
const f = Object.freeze(new Error("frozen"));
f.stack = 1;
console.log("frozen error keeps its stack:", show(f.stack));
const p = Object.create(Error.prototype);
p.stack = "on a plain object";
console.log("inherits from Error.prototype:", show(p.stack), own(p), Object.keys(p).join());
const x2 = new Error("x2");
x2.stack = x2.stack + "\nextra line";
console.log("append:", x2.stack.split("\n").pop());
const s2 = new Error("s2");
Object.defineProperty(s2, "stack", { value: "defined", writable: false });
s2.stack = "ignored";
console.log("defineProperty:", s2.stack);
try {
  const t = new Error("thrown with a number stack");
  t.stack = 42;
  throw t;
} catch (e) {
  console.log("caught:", e.message, e.stack);
}
Promise.reject(Object.assign(new Error("rejected"), { stack: undefined })).catch((e) => console.log("rejected:", e.message, e.stack));
// `stack` is an own, non-enumerable property of errors made by the constructors (QuickJS keeps
// it on Error.prototype; qjsbridge's constructors add it). Order of own names differs: sorted.
class MyErr extends Error {}
for (const [label, make] of [["new Error", () => new Error("x")], ["Error()", () => Error("x")],
  ["new TypeError", () => new TypeError("x")], ["subclass", () => new MyErr("x")],
  ["AggregateError", () => new AggregateError([], "x")], ["RangeError()", () => RangeError("x")]]) {
  const err = make();
  const d = Object.getOwnPropertyDescriptor(err, "stack");
  console.log(label, own(err), d.enumerable, d.configurable, Object.getOwnPropertyNames(err).sort().join(),
    Object.keys(err).length, JSON.stringify(err), err.stack.split("\n")[0]);
}
console.log("constructors:", Object.getPrototypeOf(TypeError) === Error, new RangeError("r").constructor === RangeError,
  Object.getPrototypeOf(MyErr) === Error, new MyErr() instanceof Error, Error.name, TypeError.length);
const spread = { ...new Error("spread") };
console.log("spread copies no stack:", JSON.stringify(spread));
