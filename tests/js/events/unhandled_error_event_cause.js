// An error with a cause, emitted later: Node hides the frames it shares with its cause (its
// internal ones included) behind "... N lines matching cause stack trace ...".
const EventEmitter = require("events");
const em = new EventEmitter();
const err = new Error("with cause", { cause: new Error("root") });
setImmediate(() => em.emit("error", err));
