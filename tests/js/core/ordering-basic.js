// Node >= 11: after the script, nextTicks run first, then all promise jobs; a tick queued by a
// promise job runs once the promise queue has drained.
console.log("sync start");
process.nextTick(() => console.log("tick 1"));
Promise.resolve()
  .then(() => {
    console.log("micro 1");
    process.nextTick(() => console.log("tick from micro"));
  })
  .then(() => console.log("micro 2"));
queueMicrotask(() => console.log("queueMicrotask"));
process.nextTick(() => {
  console.log("tick 2");
  Promise.resolve().then(() => console.log("micro from tick"));
  process.nextTick(() => console.log("tick from tick"));
});
(async () => {
  console.log("async body");
  await null;
  console.log("after await 1");
  await new Promise((r) => setTimeout(r, 5));
  console.log("after timer await");
})();
console.log("sync end");
