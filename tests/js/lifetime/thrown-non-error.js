// A thrown value that is not an Error is printed with util.inspect.
process.on("exit", (code) => console.log("exit", code));
setTimeout(() => {
  throw { reason: "object", list: [1, 2] };
}, 1);
