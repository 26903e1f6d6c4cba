// An abort listener that throws: the other listeners still run, then the error is an uncaught
// exception (on the next tick) and the process exits with 1.
const ac = new AbortController();
ac.signal.addEventListener("abort", () => console.log("first"));
ac.signal.addEventListener("abort", () => { throw new Error("listener threw"); });
ac.signal.addEventListener("abort", () => console.log("after the thrower"));
ac.abort();
console.log("abort() returned");
setTimeout(() => console.log("never: the process has ended"), 0);
