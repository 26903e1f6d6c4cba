// What keeps the process alive: an aborted promise timer does not, `ref: false` does not, and an
// unref'd immediate queued by the main module does not run when nothing else keeps it alive.
const tp = require("timers/promises");
const ac = new AbortController();
tp.setTimeout(60000, null, { signal: ac.signal }).catch((e) => console.log("aborted", e.name));
ac.abort();
tp.setTimeout(60000, "unref'd", { ref: false }).then((v) => console.log("should not print", v));
tp.setImmediate("unref'd immediate", { ref: false }).then((v) => console.log("should not print", v));
setImmediate(() => console.log("unref'd immediate ran")).unref();
const iv = tp.setInterval(60000, 1, { ref: false });
iv.next().then(() => console.log("should not print either"));
process.on("exit", () => console.log("exit"));
console.log("main done");
