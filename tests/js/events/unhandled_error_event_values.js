// Values that are not Errors are wrapped: ERR_UNHANDLED_ERROR with the value as `context`.
const EventEmitter = require("events");
const em = new EventEmitter();
for (const value of [[{ code: "X" }], [], [undefined], [null], [42]]) {
  try {
    em.emit("error", ...value);
  } catch (err) {
    console.log(err.message, err.code, err.context);
  }
}
em.emit("error", "a string");
