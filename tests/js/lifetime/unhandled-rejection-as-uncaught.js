// Without unhandledRejection listeners, a rejection reaches uncaughtException listeners with the
// origin "unhandledRejection"; a non-Error reason arrives wrapped.
process.on("uncaughtException", (err, origin) => {
  console.log(origin, err.name, err.code, err.message.slice(0, 40));
});
Promise.reject(new Error("plain"));
Promise.reject("a string");
setTimeout(() => console.log("still alive"), 2);
