// An uncaughtException listener sees the error as it is: nothing added to its stack.
const EventEmitter = require("events");
process.on("uncaughtException", (err, origin) => {
  console.log("caught:", err.message, origin, err.stack.includes("Emitted"));
  setTimeout(() => console.log("later:", err.stack.includes("Emitted")), 1);
});
new EventEmitter().emit("error", new Error("handled by process"));
