// A rejection handled within the same microtask drain is not reported.
const p = Promise.reject(new Error("handled soon"));
Promise.resolve().then(() => {
  p.catch((e) => console.log("handled:", e.message));
});
setTimeout(() => console.log("still alive"), 5);
