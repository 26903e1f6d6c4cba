// Message layouts: the quoted source of a failing ok(), diffs, custom messages.
const assert = require("assert");
const x = 2;
try { assert(x === 1); } catch (e) { console.log(JSON.stringify(e.message), e.generatedMessage); }
try { assert.ok(typeof x === "string", undefined); } catch (e) { console.log(JSON.stringify(e.message)); }
try {
  assert.ok(
    x > 5 &&
    x < 10);
} catch (e) { console.log(JSON.stringify(e.message)); }
try { assert.strictEqual(1, 2, "nope"); } catch (e) { console.log(JSON.stringify(e.message)); }
try { assert.strictEqual("a".repeat(10), "a".repeat(9)+"b"); } catch (e) { console.log(JSON.stringify(e.message)); }
try { assert.strictEqual({a:1}, {a:2}); } catch (e) { console.log(JSON.stringify(e.message)); }
try { assert.deepStrictEqual({a:1,b:{c:[1,2,3],d:4},e:5,f:6,g:7,h:8}, {a:1,b:{c:[1,2,4],d:4},e:5,f:6,g:7,h:8}); } catch (e) { console.log(e.message); }
try { assert.deepStrictEqual([1,2,3,4,5,6,7,8,9,10], [1,2,3,4,5,6,7,8,9,11]); } catch (e) { console.log(e.message); }
try { assert.deepStrictEqual([1,2,3,4,5,6,7,8,9,10], [0,2,3,4,5,6,7,8,9,10]); } catch (e) { console.log(e.message); }
try { assert.deepStrictEqual([1,2], [1,2,3]); } catch (e) { console.log(e.message); }
try { assert.deepStrictEqual([1,2,3,4], [1]); } catch (e) { console.log(e.message); }
try { assert.deepStrictEqual(new Map([[1,2]]), new Map([[1,3]])); } catch (e) { console.log(e.message); }
try { assert.strictEqual(0, -0); } catch (e) { console.log(JSON.stringify(e.message)); }
const m = (f) => { try { f(); } catch (e) { console.log(JSON.stringify(e.message), e.generatedMessage); } };
m(() => assert.equal(1, 2, "m"));
m(() => assert.deepStrictEqual({a:1}, {a:2}, "m"));
m(() => assert.notStrictEqual(1, 1, "m"));
m(() => assert.strictEqual("a", "b", "m"));
m(() => assert.strictEqual({}, {}, "m"));
m(() => assert.notStrictEqual({a:[1,2]}, {a:[1,2]}));
m(() => { const o = {a:[1,2]}; assert.notStrictEqual(o, o); });
m(() => assert.notDeepEqual({a:[1,2]}, {a:[1,2]}));
m(() => assert.notDeepStrictEqual([1], [1]));
m(() => assert.throws(() => { throw Object.assign(new Error("m"), {code: "E2"}); }, { message: "m", code: "E1" }));
m(() => assert.throws(() => { throw new Error("m"); }, { message: "other" }));
m(() => assert.throws(() => { throw new Error("m"); }, { nope: 1 }));
m(() => assert.throws(() => { throw 5; }, { message: "x" }));
m(() => assert.throws(() => { throw new Error("m"); }, Error, "also"));
m(() => assert.deepEqual(1, 2));
m(() => assert.equal({a:1}, {a:1}));
m(() => assert.strictEqual(function f(){}, function g(){}));
m(() => assert.strictEqual(undefined, null));
m(() => assert.strictEqual(1n, 2n));
m(() => assert.strictEqual("x".repeat(90), "y"));
m(() => assert.deepStrictEqual(new Date(0), new Date(1)));
m(() => assert.deepStrictEqual([1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20].map(String), [1,2,3,4,5,6,7,8,99,10,11,12,13,14,15,16,17,18,19,20].map(String)));
m(() => assert.throws(() => { throw new Error("x"); }, TypeError, "my msg"));
const strict = require("assert/strict");
m(() => strict.equal(1, "1"));
m(() => strict.deepEqual([1, [2, { a: 3 }]], [1, [2, { a: 4 }]]));
m(() => strict(0));
m(() => strict.ok(""));
m(() => assert.deepStrictEqual({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9 }, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 10 }));
m(() => assert.deepStrictEqual(Array.from({ length: 80 }, (_, i) => i), Array.from({ length: 80 }, (_, i) => (i % 2 ? i : -i))));
m(() => assert.deepStrictEqual({ x: [1, 2, 3] }, { x: [1, 2, 3], y: 1 }));
m(() => assert.notDeepEqual({ a: 1 }, { a: 1 }));
m(() => assert.deepStrictEqual(new Set([1, 2]), new Set([1, 3])));
m(() => assert.deepStrictEqual([{ a: 1 }, { b: 2 }], [{ a: 1 }, { b: 3 }]));
