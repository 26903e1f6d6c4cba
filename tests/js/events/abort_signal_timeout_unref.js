// A pending AbortSignal.timeout does not keep the process alive, even with listeners.
const s = AbortSignal.timeout(3000);
s.addEventListener("abort", () => console.log("aborted (must not print: the process has ended)"));
const t = AbortSignal.timeout(2000);
t.onabort = () => console.log("must not print either");
console.log("end of script", s.aborted, t.aborted);
