// Emitted from a timer callback, on an instance of a subclass ("on Watcher instance"); the
// error was made earlier, elsewhere, so the emit's frames differ from the error's.
const EventEmitter = require("events");
class Watcher extends EventEmitter {}
const early = new TypeError("made at the top");
function fire(em) {
  em.emit("error", early);
}
setTimeout(fire, 1, new Watcher());
