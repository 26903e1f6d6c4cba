// A main module whose top-level await never settles ends with exit code 13
process.on("exit", () => console.log("exit, process.exitCode =", process.exitCode));
setTimeout(() => console.log("timer still runs"), 5);
console.log("before");
await new Promise(() => {});
console.log("never printed");
