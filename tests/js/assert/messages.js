// AssertionError: code, actual, expected, operator, generatedMessage and the message text.
const assert = require("assert");
function show(label, fn) {
  try {
    fn();
    console.log(label, "no throw");
  } catch (e) {
    console.log(`--- ${label}: ${e.name} ${e.code} op=${e.operator} gen=${e.generatedMessage} ${e instanceof assert.AssertionError}`);
    console.log(e.message);
  }
}
show("ok0", () => assert.ok());
show("ok-msg", () => assert.ok(0, "custom message"));
show("equal", () => assert.equal(1, 2));
show("equal-str", () => assert.equal("a", "b"));
show("notEqual", () => assert.notEqual(1, "1"));
show("strictEqual", () => assert.strictEqual(1, 2));
show("strictEqual-str", () => assert.strictEqual("hello", "world"));
show("strictEqual-types", () => assert.strictEqual(1, "1"));
show("strictEqual-msg", () => assert.strictEqual(1, 2, "nope"));
show("notStrictEqual", () => assert.notStrictEqual(5, 5));
show("notStrictEqual-str", () => assert.notStrictEqual("x", "x"));
show("deepEqual", () => assert.deepEqual({ a: 1 }, { a: 2 }));
show("deepEqual-arr", () => assert.deepEqual([1, 2, 3], [1, 2, 4]));
show("notDeepEqual", () => assert.notDeepEqual({ a: 1 }, { a: "1" }));
show("deepStrictEqual-prim", () => assert.deepStrictEqual(1, 2));
show("deepStrictEqual-obj", () => assert.deepStrictEqual({ a: 1, b: 2 }, { a: 1, b: 3 }));
show("deepStrictEqual-arr", () => assert.deepStrictEqual([1, 2, 3], [1, 2, 4]));
show("deepStrictEqual-same", () => assert.deepStrictEqual({ a: [1] }, { a: [1] }) || assert.strictEqual({ a: 1 }, { a: 1 }));
show("notDeepStrictEqual", () => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }));
show("fail0", () => assert.fail());
show("fail1", () => assert.fail("boom"));
show("fail-err", () => assert.fail(new TypeError("as is")));
show("ifError", () => assert.ifError(new Error("bad thing")));
show("ifError-str", () => assert.ifError("str"));
show("ifError-null", () => assert.ifError(null));
show("match", () => assert.match("xyz", /abc/));
show("match-type", () => assert.match(123, /abc/));
show("doesNotMatch", () => assert.doesNotMatch("xabcx", /abc/));
show("throws-missing", () => assert.throws(() => {}));
show("throws-missing-class", () => assert.throws(() => {}, TypeError));
show("throws-missing-msg", () => assert.throws(() => {}, "wanted"));
show("throws-wrong-class", () => assert.throws(() => { throw new RangeError("r"); }, TypeError));
show("throws-regexp", () => assert.throws(() => { throw new Error("abc"); }, /xyz/));
show("throws-validate-fn", () => assert.throws(() => { throw new Error("abc"); }, () => false));
show("doesNotThrow", () => assert.doesNotThrow(() => { throw new Error("boom"); }));
show("doesNotThrow-msg", () => assert.doesNotThrow(() => { throw new Error("boom"); }, "extra"));
show("message-error", () => assert.strictEqual(1, 2, new RangeError("mine")));
const e = new assert.AssertionError({ actual: 1, expected: 2, operator: "strictEqual" });
console.log(e.name, e.code, e.actual, e.expected, e.operator, e.generatedMessage, JSON.stringify(e.message));
const e2 = new assert.AssertionError({ message: "given", actual: 1 });
console.log(e2.message, e2.generatedMessage, e2.expected, e2.operator, String(e2));
