// Node's coercion: a delay below 1, NaN or non-numeric becomes 1 ms; numeric strings count.
// "undefined" (1 ms) is created after "string-3" (3 ms) and must still come first: that holds
// when the calls happen within 1 ms; a slower attempt (a loaded machine) runs again.
function attempt(left) {
  const out = [];
  const start = performance.now();
  setTimeout(() => out.push("negative"), -10);
  setTimeout(() => out.push("nan"), NaN);
  setTimeout(() => out.push("string-3"), "3");
  setTimeout(() => out.push("undefined"));
  const created = performance.now() - start;
  setTimeout(() => {
    out.push("fifteen");
    if (created < 1) console.log(out.join(","));
    else if (left > 0) attempt(left - 1);
    else console.log(`the timers never got created within 1 ms (${created.toFixed(2)} ms)`);
  }, 15);
}
attempt(100);
try {
  setTimeout("not a function", 1);
} catch (e) {
  console.log(e.name, e.code);
}
try {
  setImmediate(null);
} catch (e) {
  console.log(e.name, e.code);
}
