// emit('error') with no argument: ERR_UNHANDLED_ERROR, `context` undefined.
const EventEmitter = require("events");
function report() {
  new EventEmitter().emit("error");
}
setImmediate(report);
