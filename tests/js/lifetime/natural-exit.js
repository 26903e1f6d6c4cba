// The script runs out of work: beforeExit (which may schedule more, and fires again), then exit.
// Promise jobs queued by exit listeners still run, nextTick callbacks and immediates do not.
let rounds = 0;
process.on("beforeExit", (code) => {
  rounds++;
  console.log("beforeExit", code, "round", rounds);
  if (rounds < 3) {
    setTimeout(() => console.log("more work", rounds), 1);
  } else if (rounds === 3) {
    Promise.resolve().then(() => console.log("a promise job does not keep it alive"));
  }
});
process.on("exit", (code) => {
  console.log("exit", code, process.exitCode);
  Promise.resolve().then(() => console.log("promise job from exit listener"));
  process.nextTick(() => console.log("never: tick from exit listener"));
  setImmediate(() => console.log("never: immediate from exit listener"));
});
process.exitCode = 2;
console.log("main done");
