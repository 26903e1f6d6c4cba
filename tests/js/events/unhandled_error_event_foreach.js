// Emitted from a callback of a native method (forEach), on an instance of an anonymous class
// (Node's heading then reads "on  instance").
const EventEmitter = require("events");
const em = new (class extends EventEmitter {})();
function each(n) {
  if (n === 2) em.emit("error", new Error("item " + n));
}
[1, 2, 3].forEach(each);
