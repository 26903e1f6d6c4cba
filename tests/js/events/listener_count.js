// listenerCount(name) and listenerCount(name, listener); static EventEmitter.listenerCount.
const EventEmitter = require("events");
const e = new EventEmitter();
function a() {}
function b() {}
e.on("x", a);
e.on("x", b);
e.once("x", a);
e.on("x", a);
console.log("count x:", e.listenerCount("x"));
console.log("count x,a:", e.listenerCount("x", a));
console.log("count x,b:", e.listenerCount("x", b));
console.log("count x,other:", e.listenerCount("x", () => {}));
console.log("count x,null:", e.listenerCount("x", null));
console.log("count missing:", e.listenerCount("missing"), e.listenerCount("missing", a));

e.once("single", b);
console.log("single:", e.listenerCount("single"), e.listenerCount("single", b), e.listenerCount("single", a));
const wrapper = e.rawListeners("single")[0];
console.log("single by wrapper:", e.listenerCount("single", wrapper));

console.log("static:", EventEmitter.listenerCount(e, "x"));
// Static on a non-emitter with listenerCount method
console.log("static duck:", EventEmitter.listenerCount({ listenerCount: (n) => "duck:" + n }, "q"));
// Static on an object without listenerCount falls back to the prototype function
console.log("static fallback:", EventEmitter.listenerCount({ _events: { q: [a, b, a] } }, "q"));
console.log("proto length:", EventEmitter.prototype.listenerCount.length);

const bare = Object.create(EventEmitter.prototype);
console.log("bare:", bare.listenerCount("x"));
