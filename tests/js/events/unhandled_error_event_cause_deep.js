// Recursion on both sides: both engines collapse the frames the error shares with its cause,
// and those the emit shares with the error.
const EventEmitter = require("events");
function root(n) { return n > 0 ? root(n - 1) : new Error("root"); }
function wrap(n) { return n > 0 ? wrap(n - 1) : new Error("outer", { cause: root(3) }); }
const em = new EventEmitter();
em.emit("error", wrap(3));
