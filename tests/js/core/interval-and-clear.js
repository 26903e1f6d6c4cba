let n = 0;
const iv = setInterval((a, b) => {
  n++;
  console.log("tick", n, a, b);
  if (n === 3) {
    clearInterval(iv);
    console.log("cleared");
  }
}, 2, "x", "y");
const never = setTimeout(() => console.log("never"), 1);
clearTimeout(never);
const imm = setImmediate(() => console.log("never immediate"));
clearImmediate(imm);
// An unref'd interval does not keep the process alive.
setInterval(() => {}, 1000).unref();
