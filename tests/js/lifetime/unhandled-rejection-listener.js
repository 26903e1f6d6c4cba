// unhandledRejection receives (reason, promise); a handler attached later gives rejectionHandled.
process.on("unhandledRejection", (reason, promise) => {
  console.log("unhandledRejection", reason instanceof Error ? reason.message : reason,
    promise instanceof Promise);
});
process.on("rejectionHandled", (promise) => console.log("rejectionHandled", promise instanceof Promise));
process.on("exit", (code) => console.log("exit", code));
const p = Promise.reject(new Error("r1"));
Promise.reject(42);
setTimeout(() => {
  p.catch(() => console.log("late catch"));
}, 5);
