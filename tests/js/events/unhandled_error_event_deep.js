// A deep call chain: the emit's frames shared with the error's are collapsed by both engines
// (each counting its own internal frames); the error's extra properties follow the frames.
const EventEmitter = require("events");
class Bus extends EventEmitter {
  fail(message) {
    const err = new Error(message);
    err.code = "E_BUS";
    this.emit("error", err);
  }
}
function level1(bus) { bus.fail("deep"); }
function level2(bus) { level1(bus); }
function level3(bus) { level2(bus); }
function level4(bus) { level3(bus); }
Promise.resolve(new Bus()).then(level4);
