// An 'error' event nobody listens to throws the error; uncaught, it is reported with the
// frames of the emit after its own ("Emitted 'error' event at:").
const EventEmitter = require("events");
process.on("exit", (code) => console.log("exit", code));
console.log("before");
new EventEmitter().emit("error", new Error("boom"));
console.log("never");
