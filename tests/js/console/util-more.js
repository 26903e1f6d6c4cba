// The util module beyond inspect/format, compared with node (stdout and stderr).
const util = require("util");
const show = (label, v) => console.log(`--- ${label}\n${typeof v === "string" ? v : util.inspect(v)}`);
const tryIt = (label, fn) => { try { show(label, fn()); } catch (e) { show(label, `${e.name} ${e.code} ${e.message}`); } };

// types
const t = util.types;
show("types keys", Object.keys(t).join(" "));
const samples = {
  date: new Date(), regexp: /x/, map: new Map(), set: new Set(), weakmap: new WeakMap(), weakset: new WeakSet(),
  promise: Promise.resolve(), thenable: { then() {} }, error: new TypeError("e"), fakeError: Object.create(Error.prototype),
  args: (function () { return arguments; })(), u8: new Uint8Array(1), f64: new Float64Array(1), big: new BigInt64Array(1),
  ab: new ArrayBuffer(1), sab: new SharedArrayBuffer(1), dv: new DataView(new ArrayBuffer(1)),
  num: new Number(1), str: new String("s"), bool: new Boolean(false), bigobj: Object(1n), sym: Object(Symbol("s")),
  asyncFn: async () => {}, genFn: function* () {}, asyncGenFn: async function* () {}, gen: (function* () {})(),
  asyncGen: (async function* () {})(), mapIter: new Map().keys(), setIter: new Set().values(), arrIter: [].values(),
  plain: {}, fn() {}, nul: null, prim: 1,
};
for (const name of Object.keys(t)) {
  const hits = Object.keys(samples).filter((k) => t[name](samples[k]));
  console.log(`${name}: ${hits.join(",")}`);
}

// isDeepStrictEqual
const d = util.isDeepStrictEqual;
show("deep equal", [
  d({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), d({ a: 1 }, { a: 1, b: undefined }), d([1, 2], [2, 1]),
  d(new Map([[{ k: 1 }, "v"]]), new Map([[{ k: 1 }, "v"]])), d(new Map([[1, { a: 1 }]]), new Map([[1, { a: 2 }]])),
  d(new Set([1, { a: [1] }]), new Set([{ a: [1] }, 1])), d(new Set([{}]), new Set([{}, {}])),
  d(new Error("x"), new Error("x")), d(new Error("x"), new TypeError("x")), d(new Error("x"), new Error("y")),
  d(new Number(1), new Number(1)), d(new Number(1), 1), d(new String("a"), new String("b")),
  d(new Uint8Array([1, 2]), new Uint8Array([1, 2])), d(new Uint8Array([1]), new Int8Array([1])),
  d(new Float64Array([NaN]), new Float64Array([NaN])), d(new Float64Array([0]), new Float64Array([-0])),
  d(Object.assign([1], { x: 1 }), [1]), d({ [Symbol.for("s")]: 1 }, { [Symbol.for("s")]: 1 }),
  d({ [Symbol.for("s")]: 1 }, {}), d(/a/g, /a/g), d(Object.assign(/a/, { lastIndex: 1 }), /a/),
  d(new Date(NaN), new Date(NaN)), d(Object.create(null), Object.create(null)), d([undefined], [,]),
  d(new ArrayBuffer(2), new ArrayBuffer(2)), d(new WeakMap(), new WeakMap()), d(() => {}, () => {}),
  d(Promise.resolve(1), Promise.resolve(2)), d(new Date(1), new Date(2)),
  d(new (class A {})(), new (class B {})()), d(1n, 1n), d(-0, 0), d(NaN, NaN),
]);
{
  const a = [1]; a.push(a); const b = [1]; b.push(b);
  const c = { x: {} }; c.x.y = c; const e = { x: {} }; e.x.y = e.x;
  show("deep equal cycles", [d(a, b), d(c, e)]);
}

// promisify
function cbStyle(a, b, cb) { setImmediate(() => (a < 0 ? cb(new Error("negative")) : cb(null, a + b, "extra"))); }
show("promisify fn", util.promisify(cbStyle));
show("promisify length/name", [util.promisify(cbStyle).length, util.promisify(cbStyle).name]);
show("promisify.custom", util.promisify.custom);
const custom = () => "custom";
cbStyle[util.promisify.custom] = custom;
show("promisify uses custom", util.promisify(cbStyle) === custom);
delete cbStyle[util.promisify.custom];
tryIt("promisify bad custom", () => util.promisify(Object.assign(function f() {}, { [util.promisify.custom]: 1 })));
tryIt("promisify non-function", () => util.promisify("x"));
show("promisify twice same", util.promisify(util.promisify(cbStyle)) === util.promisify(util.promisify(cbStyle)));

// callbackify
tryIt("callbackify non-function", () => util.callbackify(null));
const cbified = util.callbackify(async function fetchIt(x) { if (x === 0) throw null; if (x < 0) throw new Error("bad"); return x * 2; });
show("callbackify fn", [cbified, cbified.name, cbified.length]);
show("function kinds", [{ async() {} }.async, class { static *g() {} }.g,
  Object.setPrototypeOf(function plain() {}, Object.getPrototypeOf(async function () {}))]);
tryIt("callbackify last arg", () => cbified(1, 2));

// deprecate
const dep = util.deprecate(function old(x) { return x + 1; }, "old() is deprecated", "DEP_TEST");
show("deprecate fn", [dep, dep(1), dep(2)]);
const depClass = util.deprecate(class Old { constructor() { this.made = true; } }, "Old is deprecated");
show("deprecate class", new depClass());
const dep2 = util.deprecate(() => 1, "same code again", "DEP_TEST");
dep2();
tryIt("deprecate bad code", () => util.deprecate(() => {}, "m", 5));

// inherits, _extend, toUSVString, debuglog, stripVTControlCharacters
function Base() {} Base.prototype.hi = function () { return "hi"; };
function Child() { Base.call(this); }
util.inherits(Child, Base);
show("inherits", [new Child().hi(), Child.super_ === Base, Object.keys(Child)]);
tryIt("inherits undefined ctor", () => util.inherits(undefined, Base));
tryIt("inherits no prototype", () => util.inherits(function () {}, Object.create(null)));
show("_extend", [util._extend({ a: 1 }, { b: 2 }), util._extend({ a: 1 }, null)]);
show("toUSVString", util.toUSVString("a\ud800b\udc00\ud83d\ude00"));
const dbg = util.debuglog("qjsbridge-test-section");
show("debuglog", [dbg.enabled, typeof dbg]);
dbg("not printed");
tryIt("strip non-string", () => util.stripVTControlCharacters(1));
show("legacy is*", [util.isArray([]), util.isBoolean(false), util.isNull(null), util.isNullOrUndefined(undefined),
  util.isNumber(1), util.isObject(null), util.isPrimitive(Symbol()), util.isString(""), util.isSymbol(Symbol()),
  util.isUndefined(undefined), util.isRegExp(/x/), util.isDate(new Date()), util.isError(new Error()),
  util.isError(Object.create(Error.prototype)), util.isFunction(class {})]);
show("inspect identity", [util.inspect === require("util").inspect, typeof util.inspect.defaultOptions]);
{
  const saved = util.inspect.defaultOptions.depth;
  util.inspect.defaultOptions = { depth: 0 };
  show("defaultOptions depth 0", { a: { b: 1 } });
  util.inspect.defaultOptions = { depth: saved };
  tryIt("defaultOptions bad", () => { util.inspect.defaultOptions = null; });
}

setImmediate(async () => {
  const p = util.promisify(cbStyle);
  show("promisified result", await p(1, 2));
  try { await p(-1, 0); } catch (e) { show("promisified rejection", e.message); }
  cbified(21, (err, v) => show("callbackified ok", [err, v]));
  cbified(-1, (err) => show("callbackified error", err.message));
  cbified(0, (err) => show("callbackified falsy", [err.code, err.message, err.reason]));
});

// stripVTControlCharacters: well-formed and malformed sequences
for (const s of ["\u001b[31mred\u001b[39m", "\u001b[1;2;3m", "\u001b]8;;http://x\u0007link\u001b]8;;\u0007",
  "\u001b]0;title\u001b\\after", "\u009b32mc1", "\u001b(Bcharset", "\u001b[?25l", "\u001b[2J\u001b[H",
  "\u001b[38;5;196mx", "\u001b[38:2:1:2:3m", "a\u001bb", "\u001b[", "\u001b[12", "\u001b]unterminated",
  "\u001bc", "\u001b[0K", "\u001b#8", "\u001b[>c", "\u001b[=3h", "\u001b[!p", "\u001bP1$r\u001b\\", "tab\tnl\n",
  "\u001b[12345m", "\u001b[1;22222m", "\u001b]1;a;b\u0007x"]) {
  console.log(JSON.stringify(util.stripVTControlCharacters(s)));
}
