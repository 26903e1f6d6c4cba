// captureRejections: rejected promises returned by listeners become 'error' events.
const EventEmitter = require("events");
const log = (...a) => console.log(...a);

log("default captureRejections:", EventEmitter.captureRejections);
log("captureRejectionSymbol:", EventEmitter.captureRejectionSymbol === Symbol.for("nodejs.rejection"));

async function main() {
  // 1. Option on the constructor
  const e = new EventEmitter({ captureRejections: true });
  e.on("evt", async (v) => { throw new Error("async fail " + v); });
  await new Promise((resolve) => {
    e.on("error", (err) => { log("error event:", err.message); resolve(); });
    log("emit returned:", e.emit("evt", 1));
  });

  // 2. Symbol.for('nodejs.rejection') method takes precedence
  const f = new EventEmitter({ captureRejections: true });
  await new Promise((resolve) => {
    f[Symbol.for("nodejs.rejection")] = function (err, type, ...args) {
      log("rejection hook:", err.message, type, JSON.stringify(args), this === f);
      resolve();
    };
    f.on("data", async (a, b) => { throw new Error("hooked"); });
    f.on("error", () => log("error listener should not run"));
    f.emit("data", "a", "b");
  });

  // 3. Without captureRejections nothing happens (rejection is handled here to stay quiet)
  const g = new EventEmitter();
  let p;
  g.on("evt", () => { p = Promise.reject(new Error("ignored")); return p; });
  g.on("error", () => log("should not be called"));
  g.emit("evt");
  await p.catch((err) => log("uncaptured rejection handled by caller:", err.message));

  // 4. Static default
  EventEmitter.captureRejections = true;
  const h = new EventEmitter();
  log("static default now:", EventEmitter.captureRejections);
  await new Promise((resolve) => {
    h.on("error", (err) => { log("static captured:", err.message); resolve(); });
    h.on("x", async () => { throw new Error("static"); });
    h.emit("x");
  });
  EventEmitter.captureRejections = false;

  // 5. Resolved promises do nothing; thenables that reject are captured too
  const k = new EventEmitter({ captureRejections: true });
  k.on("error", (err) => log("thenable captured:", String(err)));
  k.on("ok", async () => "fine");
  k.on("thenable", () => ({ then(res, rej) { rej("thenable-reason"); } }));
  k.emit("ok");
  k.emit("thenable");
  await new Promise((r) => setTimeout(r, 5));

  // 6. Validation
  for (const bad of [1, "yes", {}]) {
    try { new EventEmitter({ captureRejections: bad }); } catch (err) { log(err.code, err.message); }
  }
  try { EventEmitter.captureRejections = "no"; } catch (err) { log(err.code, err.message); }
  const falsy = new EventEmitter({ captureRejections: 0 });
  log("falsy option accepted:", falsy.listenerCount("x"));

  // 7. Order: the error is emitted after the current microtasks
  const m = new EventEmitter({ captureRejections: true });
  const order = [];
  m.on("error", (err) => order.push("error:" + err.message));
  m.on("go", async () => { order.push("listener"); throw new Error("late"); });
  m.emit("go");
  order.push("after emit");
  await null;
  order.push("after await");
  await new Promise((r) => setTimeout(r, 1));
  log("order:", order.join(","));
}
main().then(() => log("done"));
