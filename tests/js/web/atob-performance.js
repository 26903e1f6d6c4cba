// atob/btoa (and require("buffer")'s), performance.now()/timeOrigin.
console.log(btoa("hello"), atob("aGVsbG8="), atob(" aGVs bG8 "), atob("aGk"), btoa(""), atob(""), btoa("\u00ff\u00fe"), JSON.stringify(atob("/+8=")));
console.log(btoa(123), atob(null === null ? "bnVsbA==" : ""), btoa(null), btoa(undefined));
for (const bad of ["a", "*", "aGk=a", "aGk==", "a===", "\u0100"]) {
  try {
    console.log(JSON.stringify(atob(bad)));
  } catch (e) {
    console.log(e.name, e.code, e.message, e instanceof DOMException);
  }
}
try { btoa("\u0100"); } catch (e) { console.log(e.name, e.code, e.message); }
try { atob(); } catch (e) { console.log(e.name, e.code, e.message); }
try { btoa(); } catch (e) { console.log(e.name, e.code, e.message); }
const buffer = require("buffer");
console.log(buffer.atob("aGk="), buffer.btoa("hi"));
const t = performance.now();
console.log(typeof t, t >= 0 && t < 60000, Math.abs(performance.timeOrigin + t - Date.now()) < 1000);
const t2 = performance.now();
console.log(t2 >= t, typeof performance.timeOrigin, Number.isInteger(performance.timeOrigin) || performance.timeOrigin > 1e12);
console.log(Object.keys(performance.toJSON()).includes("timeOrigin"), typeof require("perf_hooks").performance.now);
