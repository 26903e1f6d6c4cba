// More util.inspect / util.format cases where a from-scratch inspect could drift from Node:
// each line is printed by util.inspect (or format) exactly as node prints it.
const util = require("util");
const show = (label, value, opts) => console.log(`--- ${label}\n${opts === undefined ? util.inspect(value) : util.inspect(value, opts)}`);

// circular references: numbering, nested refs, refs inside Map/Set/arrays
{
  const a = { name: "a" }; const b = { name: "b", a }; a.b = b; a.self = a;
  show("two cycles", a);
  const m = new Map(); const s = new Set(); m.set("s", s); s.add(m); s.add(s);
  show("map/set cycle", m);
  const arr = [1]; arr.push({ back: arr, arr: [arr] });
  show("array cycle", arr);
  const x = {}; const y = { x }; x.y = y; x.z = { y };
  show("shared and circular", [x, y]);
  show("circular compact:true", a, { compact: true });
  show("circular depth 0", a, { depth: 0 });
}

// getters and setters
{
  class Temp { #c = 20; get celsius() { return this.#c; } set celsius(v) { this.#c = v; } get f() { return this.#c * 9 / 5 + 32; } }
  const t = new Temp();
  show("class accessors (prototype, not shown)", t);
  show("class accessors showHidden", t, { showHidden: true });
  const o = { get a() { return [1, { b: 2 }]; }, get s() { return "str"; }, set only(v) {}, get u() { return undefined; } };
  show("getters true", o, { getters: true });
  show("getters get", o, { getters: "get" });
  show("getters set", { get x() { return 1; }, set x(v) {} }, { getters: "set" });
  show("getter throwing non-error", { get g() { throw "plain"; } }, { getters: true });
}

// class instances, inheritance, static members, toStringTag
{
  class Animal { constructor(name) { this.name = name; } speak() {} }
  class Dog extends Animal { constructor(name) { super(name); this.tricks = ["sit"]; } }
  show("subclass instance", new Dog("rex"));
  show("class with statics", class Registry { static items = new Map([[1, "one"]]); static count = 1; });
  show("anonymous class instance", new (class {})());
  class Tagged { get [Symbol.toStringTag]() { return "T"; } }
  show("tag differs from name", [new Tagged(), Object.assign(new Tagged(), { v: 1 })]);
  function Legacy() { this.v = 1; } Legacy.prototype.m = function () {};
  show("function constructor", new Legacy());
  const nullProtoWithCtor = Object.create(null); nullProtoWithCtor.constructor = Legacy;
  show("null proto with constructor key", nullProtoWithCtor);
  show("class extends null proto", Object.setPrototypeOf(class K {}, null));
  show("class extends expression", class extends Array {});
  show("bound class", (class Bound {}).bind(null));
}

// Map / Set / typed arrays / buffers
{
  show("map of maps", new Map([[new Map([[1, 2]]), new Set(["a"])], [{ k: [1, 2] }, null]]));
  show("big set", new Set(Array.from({ length: 120 }, (_, i) => i)));
  show("map maxArrayLength 2", new Map(Array.from({ length: 5 }, (_, i) => [i, String(i)])), { maxArrayLength: 2 });
  show("set of long strings", new Set(["x".repeat(50), "y".repeat(50)]));
  show("typed arrays", [new Int16Array([-1, 2, -3]), new Float64Array([0.1, NaN, -Infinity]), new BigInt64Array([-(2n ** 63n)])]);
  show("typed array with props", Object.assign(new Uint8Array([1, 2]), { tag: "x" }));
  show("typed array sorted/numeric", new Float32Array([1000.5, 2, 30000]), { numericSeparator: true });
  show("large Float64Array", new Float64Array(Array.from({ length: 30 }, (_, i) => i / 3)));
  show("subarray", new Uint8Array([1, 2, 3, 4]).subarray(1, 3));
  show("DataView showHidden", new DataView(new ArrayBuffer(3), 1), { showHidden: true });
  show("ArrayBuffer with props", Object.assign(new ArrayBuffer(3), { note: "n" }));
  show("map iterator entries compact", { m: new Map([[1, { a: 1 }]]) }, { compact: false });
}

// errors: causes, extra props, aggregate, nesting, non-error causes, custom names
{
  const mk = (E, msg, stack, extra) => { const e = new E(msg); e.stack = stack; return Object.assign(e, extra); };
  const root = mk(Error, "root", "Error: root\n    at r (/r.js:1:1)", { code: "E_ROOT" });
  const mid = new Error("mid", { cause: root }); mid.stack = "Error: mid\n    at m (/m.js:2:2)";
  const top = new TypeError("top", { cause: mid }); top.stack = "TypeError: top\n    at t (/t.js:3:3)";
  top.status = 500; top.details = { path: "/x", tries: [1, 2] };
  show("cause chain with props", top);
  show("error in array and object", [root, { err: root }]);
  show("error depth 0", { e: top }, { depth: 0 });
  const agg = new AggregateError([root, "str", 42], "many"); agg.stack = "AggregateError: many\n    at a (/a.js:1:1)";
  show("aggregate with mixed", agg);
  const cyc = new Error("cyc"); cyc.stack = "Error: cyc\n    at c (/c.js:1:1)"; cyc.cause = cyc;
  show("self cause", cyc);
  class AppError extends Error { constructor(m) { super(m); this.name = "AppError"; } }
  show("named subclass", mk(AppError, "app", "AppError: app\n    at x (/x.js:1:1)"));
  show("name not ending in Error", mk(Error, "oops", "Error: oops\n    at x (/x.js:1:1)", { name: "Oops" }));
  show("message not in stack", mk(Error, "real", "Error: other\n    at x (/x.js:1:1)"));
  show("error with symbol key", mk(Error, "s", "Error: s\n    at x (/x.js:1:1)", { [Symbol("k")]: 1 }));
  show("null proto error no frames", Object.setPrototypeOf(mk(TypeError, "np", "TypeError: np"), null));
  show("error compact false nested", { list: [mk(Error, "a", "Error: a\n    at x (/x.js:1:1)")] }, { compact: false });
}

// depth, breakLength, compact grouping
{
  const deep = { l1: { l2: { l3: { l4: { l5: "bottom" } } } }, arr: [[1, [2, [3, [4]]]]] };
  for (const depth of [0, 1, 3, null]) show(`depth ${depth}`, deep, { depth });
  const wide = { alpha: "a".repeat(20), beta: [1, 2, 3], gamma: { x: 1, y: 2 }, delta: true };
  for (const breakLength of [20, 60, 80, 200, Infinity]) show(`breakLength ${breakLength}`, wide, { breakLength });
  for (const compact of [false, true, 0, 1, 2, 5]) show(`compact ${compact}`, { a: [1, 2, { b: { c: [3, 4] } }], d: "x".repeat(30) }, { compact });
  show("grouping mixed widths", Array.from({ length: 30 }, (_, i) => "w".repeat(i % 7)));
  show("grouping with negative numbers", Array.from({ length: 26 }, (_, i) => (i - 13) * 11));
  show("grouping with extra keys", Object.assign(Array.from({ length: 10 }, (_, i) => i), { extra: "key" }));
  show("grouping nested arrays", Array.from({ length: 10 }, (_, i) => [i]));
  show("grouping unicode widths", ["日本", "語", "한국어", "ab", "é", "😀", "x", "中文字", "z"]);
  show("grouping in narrow break", Array.from({ length: 12 }, (_, i) => i * 100), { breakLength: 30 });
  show("long string in array", ["short", "a\nb\n" + "c".repeat(90)]);
  show("multiline string property", { text: "first\nsecond\nthird line that is long enough to wrap the output width......" });
}

// sorted
{
  const o = { b: 1, a: { d: 1, c: 2 }, [Symbol("z")]: 1, 10: "ten", 2: "two" };
  show("sorted true", o, { sorted: true });
  show("sorted comparator", o, { sorted: (x, y) => (x > y ? -1 : x < y ? 1 : 0) });
  show("sorted set", new Set(["b", "c", "a"]), { sorted: true });
  show("sorted array keeps items", Object.assign([3, 1, 2], { z: 1, y: 2 }), { sorted: true });
}

// numericSeparator
{
  show("separators", [0, 999, 1000, -1000, 123456.789, 0.0000123, 1e21, -1e-7, 2 ** 53, 12345n, -123456789n, NaN, -0], { numericSeparator: true });
  show("separators in object", { big: 1234567890, frac: 3.14159265 }, { numericSeparator: true });
}

// symbols
{
  show("symbol values", [Symbol("a b"), Symbol(""), Symbol.asyncIterator, Symbol.for("")]);
  show("symbol keys enumerable and not", Object.defineProperty({ [Symbol("vis")]: 1 }, Symbol("hid"), { value: 2 }));
  show("symbol keys showHidden", Object.defineProperty({ [Symbol("vis")]: 1 }, Symbol("hid"), { value: 2 }), { showHidden: true });
  show("symbol with quote key", { [Symbol("it's")]: "v" });
}

// proxies (traps that behave like the target print the same as in node)
{
  show("proxy of object", new Proxy({ a: 1, b: [2] }, {}));
  show("proxy of array", new Proxy([1, 2, 3], { get: (t, k) => Reflect.get(t, k) }));
  show("proxy of function", new Proxy(function named() {}, {}));
  show("proxy of map", { p: new Proxy({ m: new Map() }, {}) });
  const r = Proxy.revocable({}, {}); r.revoke();
  show("revoked proxy nested", { deep: { r: r.proxy } });
}

// custom inspect hooks
{
  const custom = util.inspect.custom;
  class Money { constructor(v) { this.v = v; } [custom](depth, opts, inspect) { return `Money<${opts.stylize(this.v.toFixed(2), "number")}>`; } }
  show("custom in nested", { price: new Money(3), list: [new Money(1)] });
  show("custom with colors", new Money(2), { colors: true });
  show("custom returning object", { [custom]() { return { replaced: true, deep: { a: { b: { c: 1 } } } }; } });
  show("custom depth argument", { a: { b: { [custom](d) { return `d=${d}`; } } } });
  show("custom with depth null", { a: { [custom](d) { return `d=${d}`; } } }, { depth: null });
  show("custom multiline nested", { outer: { inner: { [custom]() { return "l1\nl2\nl3"; } } } });
  show("customInspect false", new Money(5), { customInspect: false });
  show("custom returning array of customs", { [custom]() { return [new Money(1), new Money(2)]; } });
}

// objects with unusual keys and values
{
  show("keys needing quotes", { "": 1, " ": 2, "a.b": 3, "0x": 4, "__proto__x": 5, é: 6, $: 7, _: 8 });
  show("numeric-like keys", { "01": 1, "1": 2, "-1": 3, "1e3": 4, "4294967295": 5, "4294967294": 6 });
  show("array with non-index keys", Object.assign([1, 2], { "01": "a", "-0": "b", 4294967295: "c" }));
  show("sparse array maxArrayLength", (() => { const a = []; a[2] = 1; a[5] = 2; a[9] = 3; return a; })(), { maxArrayLength: 3 });
  show("sparse big", (() => { const a = [1]; a[1000] = 2; return a; })());
  show("array length 0 with props", Object.assign([], { k: 1 }));
  show("boxed with props", [Object.assign(new Boolean(true), { x: 1 }), Object.assign(Object(5n), { y: 2 })]);
  show("String object showHidden", new String("hi"), { showHidden: true });
  show("dates", [new Date(Date.UTC(1999, 11, 31, 23, 59, 59, 999)), new Date(-1), Object.assign(new Date(NaN), { x: 1 })]);
  show("regexps", [/a\/b/, new RegExp("\\n", "y"), Object.assign(/x/g, { lastIndex: 3 })]);
  show("weak refs and registries", [new WeakRef({}), new FinalizationRegistry(() => {})]);
  show("generators", [(function* g() {})(), (async function* ag() {})()]);
  show("global-ish objects", [Math, JSON, Reflect]);
  show("arguments object", (function () { return arguments; })(1, { a: 2 }, [3]));
  show("frozen and sealed", [Object.freeze([1]), Object.seal({ a: 1 })]);
  show("promise-like not promise", { then() {} });
  show("object with null-proto child", { child: Object.assign(Object.create(null), { k: "v" }) });
  show("Object.create(Array.prototype)", Object.create(Array.prototype));
  show("function with null name prop", Object.defineProperty(function f() {}, "name", { value: null }));
  show("function with numeric name", Object.defineProperty(function f() {}, "name", { value: 42 }));
  show("function with props and proto change", Object.setPrototypeOf(Object.assign(function fx() {}, { p: 1 }), Array.prototype));
  show("async arrow and generator method", { a: async () => {}, *g() {}, async *ag() {} });
  show("string escapes", ["\u0000\u0007\u001f", "\u007f\u009f\u00a0", "tab\there", "\\back", "'\"`", "${x}'\""]);
  show("maxStringLength 0", ["abc", ""], { maxStringLength: 0 });
  show("maxStringLength null", "x".repeat(20), { maxStringLength: null });
}

// util.format edge cases
{
  let n = 0;
  const f = (...args) => console.log(`--- format ${++n}\n${util.format(...args)}`);
  f("%s %s", "a");
  f("%d%%", 50);
  f("%s", Symbol("sym"));
  f("%s", 123456789n);
  f("%s", [1, [2, [3, [4]]]]);
  f("%s", { a: { b: { c: 1 } } });
  f("%s", new Error("msg").message);
  f("%s", null, "extra", 3, { k: 1 });
  f("%i %i %i", "0x1f", "1e3", 2.9999);
  f("%f %f", "1e-3", "abc");
  f("%d", "1_000");
  f("%j %j", [1, { a: undefined }], Symbol("s"));
  f("%o", function fn(a, b) { "use strict"; return a + b; });
  f("%O", { f() {} });
  f("%c%c%s", "a", "b", "c");
  f("%%%%", 1);
  f("a%sb%sc", 1, 2, 3);
  f("%s", "%s", "x");
  f(5, 6, "7");
  f(undefined);
  f(-0, 0, "-0");
  f("%s", -0);
  f("%d", -0);
  f("%s", new Date(86400000));
  f("%s", Object.assign(Object.create(null), { a: 1 }));
  f("%s", new (class X { toString() { return "X!"; } })());
  f("%s", { toString: () => "arrow toString" });
  f("%s", new Map([[{ a: 1 }, [1, 2]]]));
  f("%s", Promise.resolve ? { then: 1 } : 0);
  console.log("--- formatWithOptions");
  console.log(util.formatWithOptions({ depth: 0, compact: false }, "%O | %o", { a: { b: 1 } }, [1]));
  console.log(util.formatWithOptions({ colors: true }, "%s %d %j", { a: "x" }, 5, { j: 1 }));
  console.log(util.formatWithOptions({ breakLength: 10 }, { alpha: 1, beta: 2 }));
}

// errors without prototype: the class name is read from the stack's header
{
  const np = (stack, msg = "m") => { const e = new Error(msg); e.stack = stack; return Object.setPrototypeOf(e, null); };
  for (const stack of ["TypeError: m\n    at f (/f.js:1:1)", "Custom Thing: m\n    at f (/f.js:1:1)",
    "lower: m\n    at f (/f.js:1:1)", "HeaderOnly\n    at f (/f.js:1:1)", "MyError", "my-Error", "X: m",
    "Weird[1](x)-y: m\n    at f (/f.js:1:1)", "", "  Indented: m\n    at f (/f.js:1:1)"]) {
    show(`null-proto error ${JSON.stringify(stack.split("\n")[0])}`, np(stack));
  }
  show("null-proto error nested", { e: np("RangeError: m\n    at f (/f.js:1:1)") });
}
