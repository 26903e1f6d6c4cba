// An unref'd immediate runs when other work keeps the loop turning (in Node its order relative
// to the timer varies from run to run, so the events are printed sorted).
const seen = [];
setImmediate(() => seen.push("unref'd immediate ran")).unref();
setTimeout(() => seen.push("timeout ran"), 20);
process.on("exit", () => console.log(seen.sort()));
console.log("main done");
