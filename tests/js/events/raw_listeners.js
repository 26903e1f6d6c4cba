// listeners() unwraps once wrappers; rawListeners() returns them.
const EventEmitter = require("events");
const e = new EventEmitter();
function onFn() { console.log("onFn ran"); }
function onceFn(v) { console.log("onceFn ran", v); return "ret:" + v; }
e.on("x", onFn);
e.once("x", onceFn);

const listeners = e.listeners("x");
const raw = e.rawListeners("x");
console.log("listeners:", listeners.map((f) => f.name).join(","));
console.log("listeners[1] === onceFn:", listeners[1] === onceFn);
console.log("raw[0] === onFn:", raw[0] === onFn);
console.log("raw[1] !== onceFn:", raw[1] !== onceFn, "raw[1].listener === onceFn:", raw[1].listener === onceFn);
console.log("wrapper name:", JSON.stringify(raw[1].name));

// Calling the raw wrapper removes it and calls the listener once
console.log("wrapper returns:", raw[1]("direct"));
console.log("after direct call:", e.listenerCount("x"));
console.log("second call returns:", raw[1]("again"));
e.emit("x");

// Single listener slot
const f = new EventEmitter();
f.once("y", onceFn);
console.log("single listeners:", f.listeners("y")[0] === onceFn, "raw:", f.rawListeners("y")[0] !== onceFn);
console.log("unknown:", JSON.stringify(f.listeners("nope")), JSON.stringify(f.rawListeners("nope")));

// Wrapper whose .listener is not a function is not unwrapped by listeners()
const g = new EventEmitter();
function plain() {}
plain.listener = "not a function";
g.on("z", plain);
g.on("z", () => {});
console.log("non-fn .listener kept:", g.listeners("z")[0] === plain);

// Bare object
const bare = Object.create(EventEmitter.prototype);
console.log("bare listeners:", JSON.stringify(bare.listeners("x")), JSON.stringify(bare.rawListeners("x")));
