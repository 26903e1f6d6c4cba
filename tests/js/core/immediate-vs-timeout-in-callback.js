// Inside a timer callback, setImmediate runs before a new setTimeout(0) (deterministic in Node).
setTimeout(() => {
  setTimeout(() => console.log("timeout"), 0);
  setImmediate(() => console.log("immediate"));
}, 1);
