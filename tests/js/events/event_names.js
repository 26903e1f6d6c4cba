// eventNames(): Reflect.ownKeys order of _events, symbols last.
const EventEmitter = require("events");
const e = new EventEmitter();
const s1 = Symbol("first");
const s2 = Symbol.for("registered");
console.log("empty:", JSON.stringify(e.eventNames()));
e.on("b", () => {});
e.on(s1, () => {});
e.on("10", () => {});
e.on("a", () => {});
e.on(s2, () => {});
e.on("2", () => {});
e.on("b", () => {});
console.log(e.eventNames().map(String).join(","));
console.log("symbols identical:", e.eventNames().includes(s1), e.eventNames().includes(s2));
e.removeAllListeners("b");
console.log(e.eventNames().map(String).join(","));
e.off("10", e.listeners("10")[0]);
console.log(e.eventNames().map(String).join(","));
const names = e.eventNames();
names.push("mutated");
console.log("copy:", e.eventNames().length);

// eventNames relies on _eventsCount
const f = new EventEmitter();
f.on("x", () => {});
f._eventsCount = 0;
console.log("count zero:", JSON.stringify(f.eventNames()));
