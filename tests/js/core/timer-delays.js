// Node's coercion: a delay below 1, NaN or non-numeric becomes 1 ms; numeric strings count.
const out = [];
setTimeout(() => out.push("negative"), -10);
setTimeout(() => out.push("nan"), NaN);
setTimeout(() => out.push("string-3"), "3");
setTimeout(() => out.push("undefined"));
setTimeout(() => {
  out.push("fifteen");
  console.log(out.join(","));
}, 15);
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
