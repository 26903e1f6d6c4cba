// A fixed pseudo-random sequence of listener operations (on, once, prepend*, off,
// removeAllListeners, emit, setMaxListeners), with newListener/removeListener observers that
// sometimes add or remove listeners themselves; the emitter's observable state is printed after
// every step, so any drift from Node's bookkeeping shows up as a diff.
const EventEmitter = require("events");
let seed = 20240229;
const rnd = (n) => {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed % n;
};
const names = ["a", "b", "c", Symbol.for("s")];
const pool = [];
for (let i = 0; i < 6; i++) {
  const f = function () { log.push("f" + i + "(" + [...arguments].join(",") + ")"); };
  Object.defineProperty(f, "name", { value: "f" + i });
  pool.push(f);
}
let log = [];
const e = new EventEmitter();
let observers = 0;
const state = () => {
  const parts = e.eventNames().map((n) => String(n) + "=" + e.rawListeners(n).map((l) => (l.listener ? "once:" + l.listener.name : l.name)).join("+"));
  return `[${e._eventsCount}] ${parts.join(" ")}`;
};
for (let step = 0; step < 600; step++) {
  const op = rnd(12);
  const name = names[rnd(names.length)];
  const fn = pool[rnd(pool.length)];
  let what;
  try {
    switch (op) {
      case 0: case 1: e.on(name, fn); what = `on ${String(name)} ${fn.name}`; break;
      case 2: e.once(name, fn); what = `once ${String(name)} ${fn.name}`; break;
      case 3: e.prependListener(name, fn); what = `prepend ${String(name)} ${fn.name}`; break;
      case 4: e.prependOnceListener(name, fn); what = `prependOnce ${String(name)} ${fn.name}`; break;
      case 5: case 6: e.off(name, fn); what = `off ${String(name)} ${fn.name}`; break;
      case 7: what = `emit ${String(name)} -> ${e.emit(name, step)}`; break;
      case 8: what = `emit ${String(name)} -> ${e.emit(name)}`; break;
      case 9:
        if (rnd(4) === 0) { e.removeAllListeners(); what = "removeAllListeners()"; }
        else { e.removeAllListeners(name); what = `removeAllListeners ${String(name)}`; }
        break;
      case 10:
        if (observers < 2 && rnd(3) === 0) {
          observers++;
          const id = observers;
          e.on("newListener", (n, l) => {
            log.push(`new#${id}(${String(n)},${l.name})`);
            if (n === "a" && rnd(5) === 0) e.off("b", pool[0]);
          });
          what = "observe newListener";
        } else {
          e.on("removeListener", function onRemove(n, l) {
            log.push(`removed(${String(n)},${l.name})`);
            if (rnd(6) === 0) e.off("removeListener", onRemove);
          });
          what = "observe removeListener";
        }
        break;
      default:
        e.setMaxListeners(rnd(4)); what = `setMaxListeners -> ${e.getMaxListeners()}`;
    }
  } catch (err) {
    what = "threw " + err.message;
  }
  console.log(step, what, "|", log.join(" "), "|", state(), e.listenerCount("a"), e.listenerCount("b", pool[1]));
  log = [];
}
