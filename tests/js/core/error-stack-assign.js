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
