// Two timers with the same delay: microtasks run between them.
setTimeout(() => {
  console.log("timer A");
  Promise.resolve().then(() => console.log("timer A micro"));
  process.nextTick(() => console.log("timer A tick"));
}, 5);
setTimeout(() => {
  console.log("timer B");
  Promise.resolve().then(() => console.log("timer B micro"));
}, 5);
setTimeout(() => console.log("timer C"), 5);
