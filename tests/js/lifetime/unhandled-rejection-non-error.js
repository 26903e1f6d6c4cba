// A rejection with something that is not an Error says it was an unhandled rejection.
process.on("exit", (code) => console.log("exit", code));
Promise.reject({ reason: "not an Error", n: 42 });
