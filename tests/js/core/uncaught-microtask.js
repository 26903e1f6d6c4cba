queueMicrotask(() => {
  throw new RangeError("boom in microtask");
});
setTimeout(() => console.log("not reached"), 50);
