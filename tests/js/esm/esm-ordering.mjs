// In an ES module the body runs inside a promise job: microtasks before process.nextTick
console.log("body");
process.nextTick(() => console.log("nextTick"));
Promise.resolve().then(() => console.log("microtask"));
setTimeout(() => console.log("timeout"), 0);
setImmediate(() => console.log("immediate"));
queueMicrotask(() => console.log("queueMicrotask"));
await null;
console.log("after await");
