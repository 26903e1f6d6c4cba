// Microtasks and ticks are drained between two setImmediate callbacks (Node >= 11).
setImmediate(() => {
  console.log("immediate 1");
  Promise.resolve().then(() => console.log("immediate 1 micro"));
  process.nextTick(() => console.log("immediate 1 tick"));
});
setImmediate(() => {
  console.log("immediate 2");
  Promise.resolve().then(() => console.log("immediate 2 micro"));
});
setImmediate(() => {
  console.log("immediate 3 schedules immediate 4");
  setImmediate(() => console.log("immediate 4 (next iteration)"));
});
