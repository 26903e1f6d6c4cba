// structuredClone: what survives, what is copied, and DataCloneError.
const o = { a: 1, s: "x", n: null, u: undefined, big: 10n, d: new Date(0), r: /ab+c/gi, nested: { arr: [1, , 3] } };
o.self = o;
const c = structuredClone(o);
console.log(c, c !== o, c.self === c, c.nested !== o.nested, 1 in c.nested.arr, c.d instanceof Date, c.r.lastIndex, c.r.flags);
const m = new Map([[1, { x: 1 }], ["k", new Set([1, 2])]]);
const mc = structuredClone(m);
console.log(mc, mc.get(1) !== m.get(1));
const ab = new ArrayBuffer(4);
const u8 = new Uint8Array(ab), u16 = new Uint16Array(ab, 2, 1);
u8[0] = 7;
const tc = structuredClone({ u8, u16, ab });
console.log(tc.u8, tc.u16, tc.u8.buffer === tc.ab, tc.u16.buffer === tc.ab, tc.ab !== ab, tc.ab.byteLength);
console.log(structuredClone(Buffer.from("hi")), structuredClone(new DataView(ab, 1, 2)).byteLength);
console.log(structuredClone([new Number(3), new String("s"), new Boolean(false), Object(5n)]));
class Point { constructor() { this.x = 1; } get y() { return 2; } }
const pc = structuredClone(new Point());
console.log(pc, pc.constructor === Object, Object.getPrototypeOf(pc) === Object.prototype);
const e = structuredClone(new RangeError("bad", { cause: 1 }));
console.log(e instanceof RangeError, e.name, e.message, e.cause, typeof e.stack);
const e2 = new Error("x");
e2.name = "CustomError";
e2.extra = 1;
const ec = structuredClone(e2);
console.log(ec.name, ec.message, ec.extra, Object.prototype.toString.call(ec));
const arr = [1, 2];
arr.prop = "p";
console.log(structuredClone(arr), structuredClone("str"), structuredClone(null), structuredClone(-0), structuredClone(NaN));
const getters = { get g() { return 42; } };
Object.defineProperty(getters, "hidden", { value: 1, enumerable: false });
console.log(structuredClone(getters), structuredClone({ [Symbol("s")]: 1, k: 2 }));
for (const bad of [() => {}, function named() {}, Symbol("sym"), new WeakMap(), Promise.resolve(), { f() {} }, [Symbol.iterator]]) {
  try {
    structuredClone(bad);
    console.log("cloned");
  } catch (err) {
    console.log(err.name, err.code, err.message, err instanceof DOMException);
  }
}
try { structuredClone(); } catch (err) { console.log(err.name, err.code, err.message); }
const tr = new ArrayBuffer(8);
const moved = structuredClone(tr, { transfer: [tr] });
console.log(tr.byteLength, moved.byteLength);
try { structuredClone(1, { transfer: 5 }); } catch (err) { console.log(err.name, err.code, err.message); }
