// An uncaughtException listener that throws ends the script with code 7, without exit events.
process.on("uncaughtException", (err, origin) => {
  console.log("handler", err.message, origin);
  throw new Error("thrown by the handler");
});
process.on("exit", (code) => console.log("never: exit", code));
setTimeout(() => {
  throw new Error("first");
}, 1);
