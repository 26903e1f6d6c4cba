// emit iterates over a copy of the listener array (arrayClone).
const EventEmitter = require("events");
for (const n of [2, 3, 4, 5, 6, 7, 10]) {
  const e = new EventEmitter();
  e.setMaxListeners(0);
  const log = [];
  for (let i = 0; i < n; i++) {
    e.on("x", function me() {
      log.push(i);
      if (i === 0) {
        // remove the last one and add a new one: neither change affects this emit
        const raw = e.rawListeners("x");
        e.removeListener("x", raw[raw.length - 1]);
        e.on("x", () => log.push("new"));
      }
    });
  }
  e.emit("x");
  const first = log.join(",");
  log.length = 0;
  e.emit("x");
  console.log(n, "first:", first, "second:", log.join(","));
}

// once listeners in an array all fire exactly once even though each removes itself
const e = new EventEmitter();
const fired = [];
for (let i = 0; i < 4; i++) e.once("o", () => fired.push(i));
e.emit("o");
e.emit("o");
console.log("once in array:", fired.join(","), "remaining", e.listenerCount("o"));

// rawListeners returns a copy
const f = new EventEmitter();
f.on("c", () => {});
f.on("c", () => {});
const copy = f.rawListeners("c");
copy.pop();
console.log("copy is independent:", f.listenerCount("c"), copy.length);
