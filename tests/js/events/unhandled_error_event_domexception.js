// A DOMException (AbortSignal's reason) has a Node-shaped stack like other errors: a
// "Name: message" header and the script's frames only, also when it ends the script.
const EventEmitter = require("events");
const d = new DOMException("custom", "NotFoundError");
console.log(Object.getOwnPropertyNames(d), d.name, d.code, d.stack.split("\n")[0]);
class Sub extends DOMException { constructor() { super("sub", "DataCloneError"); } }
console.log(new Sub() instanceof Sub, new Sub().stack.split("\n")[0]);
const signal = AbortSignal.abort();
try {
  signal.throwIfAborted();
} catch (err) {
  console.log(err === signal.reason, err.stack.split("\n")[0]);
}
function fail() {
  new EventEmitter().emit("error", signal.reason);
}
setTimeout(fail, 1);
