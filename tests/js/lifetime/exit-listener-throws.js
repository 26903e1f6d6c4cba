// An error thrown by an exit listener is uncaught; the code is process.exitCode if set.
process.exitCode = 3;
process.on("exit", (code) => {
  console.log("exit", code);
  throw new Error("thrown in exit");
});
process.on("exit", () => console.log("never: second exit listener"));
console.log("main");
