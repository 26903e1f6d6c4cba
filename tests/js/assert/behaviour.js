// assert: what passes and what fails, across every method; loose vs strict deep equality.
const assert = require("assert");
const strict = require("assert/strict");
const pass = (label, fn) => {
  let r;
  try {
    fn();
    r = "pass";
  } catch (e) {
    r = `fail ${e.code || e.name}`;
  }
  console.log(label, r);
};
console.log(typeof assert, assert === require("node:assert"), strict === assert.strict, strict.strict === strict, strict === require("node:assert/strict"));
console.log(Object.keys(assert).sort().join(" "));
pass("ok", () => assert(1));
pass("equal-loose", () => assert.equal(1, "1"));
pass("equal-nan", () => assert.equal(NaN, NaN));
pass("strict-equal-nan", () => assert.strictEqual(NaN, NaN));
pass("strict-zero", () => assert.strictEqual(0, -0));
pass("strict.equal", () => strict.equal(1, "1"));
pass("strict.deepEqual", () => strict.deepEqual({ a: 1 }, { a: "1" }));
const cases = [
  [{ a: 1 }, { a: "1" }], [[1, 2], ["1", "2"]], [0, -0], [NaN, NaN], [null, undefined],
  [new Date(0), new Date(0)], [new Date(0), new Date(1)], [/a/g, /a/g], [/a/g, /a/i],
  [new Set([1, { x: 1 }]), new Set([{ x: 1 }, 1])], [new Map([[1, "a"]]), new Map([[1, "a"]])],
  [new Map([[{ k: 1 }, "a"]]), new Map([[{ k: 1 }, "a"]])], [new Set([1]), new Set(["1"])],
  [Object.create(null), {}], [[1, , 3], [1, undefined, 3]], [new Number(1), new Number(1)], [new Number(1), 1],
  [new Uint8Array([1, 2]), new Uint8Array([1, 2])], [new Uint8Array([1]), new Int8Array([1])],
  [Buffer.from("ab"), new Uint8Array([97, 98])], [new Error("x"), new Error("x")], [new Error("x"), new TypeError("x")],
  [{ [Symbol.for("s")]: 1 }, {}], [[1, 2], { 0: 1, 1: 2, length: 2 }], [function f() {}, function f() {}],
  [new String("a"), new String("a")], [{ a: undefined }, {}], [{ a: { b: { c: [1, { d: 2 }] } } }, { a: { b: { c: [1, { d: 2 }] } } }],
  [new ArrayBuffer(2), new ArrayBuffer(2)], [1n, 1n], ["1", 1], [true, 1], [[], {}], [new Map(), new Set()],
];
cases.forEach(([a, b], i) => {
  const r = [];
  for (const name of ["deepEqual", "deepStrictEqual", "notDeepEqual", "notDeepStrictEqual"]) {
    try { assert[name](a, b); r.push("y"); } catch (e) { r.push(e.code === "ERR_ASSERTION" ? "n" : e.code); }
  }
  console.log(i, r.join(""));
});
const cyc1 = { name: "c" }; cyc1.self = cyc1;
const cyc2 = { name: "c" }; cyc2.self = cyc2;
pass("cycles", () => assert.deepStrictEqual(cyc1, cyc2));
pass("throws-class", () => assert.throws(() => { throw new TypeError("t"); }, TypeError));
pass("throws-error-base", () => assert.throws(() => { throw new TypeError("t"); }, Error));
pass("throws-regexp", () => assert.throws(() => { throw new Error("hello world"); }, /wor/));
pass("throws-object", () => assert.throws(() => { throw Object.assign(new Error("m"), { code: "E1" }); }, { message: "m", code: "E1" }));
pass("throws-object-regexp", () => assert.throws(() => { throw new Error("m123"); }, { message: /\d+/ }));
pass("throws-object-wrong", () => assert.throws(() => { throw new Error("m"); }, { message: "other" }));
pass("throws-fn", () => assert.throws(() => { throw new Error("m"); }, (e) => e.message === "m"));
pass("throws-nonerror", () => assert.throws(() => { throw "str"; }));
pass("doesNotThrow", () => assert.doesNotThrow(() => 1));
pass("doesNotThrow-other-class", () => assert.doesNotThrow(() => { throw new RangeError("r"); }, TypeError));
pass("match", () => assert.match("abc", /b/));
pass("doesNotMatch", () => assert.doesNotMatch("abc", /x/));
pass("ifError-undefined", () => assert.ifError(undefined));
pass("throws-bad-arg", () => assert.throws("notfn"));
pass("throws-same-msg", () => assert.throws(() => { throw new Error("x"); }, "x"));
(async () => {
  const apass = async (label, p) => {
    try {
      await p();
      console.log(label, "pass");
    } catch (e) {
      console.log(label, `fail ${e.code || e.name}`, e.message.split("\n")[0]);
    }
  };
  await apass("rejects", () => assert.rejects(Promise.reject(new TypeError("x")), TypeError));
  await apass("rejects-fn", () => assert.rejects(async () => { throw new Error("y"); }, { message: "y" }));
  await apass("rejects-missing", () => assert.rejects(Promise.resolve(1)));
  await apass("rejects-wrong", () => assert.rejects(Promise.reject(new Error("z")), /nomatch/));
  await apass("rejects-notpromise", () => assert.rejects(() => 5));
  await apass("doesNotReject", () => assert.doesNotReject(Promise.resolve(1)));
  await apass("doesNotReject-fail", () => assert.doesNotReject(Promise.reject(new Error("no"))));
  await apass("rejects-badarg", () => assert.rejects(5));
})();
