// Emitted inside an async function after an await: the rejection is the uncaught error.
const EventEmitter = require("events");
function deeper(em) {
  em.emit("error", new RangeError("from async"));
}
async function main() {
  await null;
  const em = new EventEmitter();
  deeper(em);
}
main();
