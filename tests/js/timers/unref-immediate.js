// An unref'd immediate runs when other work keeps the loop turning.
setImmediate(() => console.log("unref'd immediate ran")).unref();
setTimeout(() => console.log("timeout ran"), 5);
console.log("main done");
