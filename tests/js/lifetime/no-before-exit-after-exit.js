// beforeExit is not emitted when the script calls process.exit() or dies of an error.
process.on("beforeExit", () => console.log("never: beforeExit"));
process.on("exit", (code) => console.log("exit", code));
setTimeout(() => process.exit(), 2);
