// Subclassing EventEmitter with `class ... extends`.
const EventEmitter = require("events");

class Job extends EventEmitter {
  constructor(name) {
    super({ captureRejections: false });
    this.name = name;
  }
  run() {
    this.emit("start", this.name);
    this.emit("end", this.name, 42);
    return this;
  }
  emit(type, ...args) {
    console.log("Job.emit", String(type), args.length);
    return super.emit(type, ...args);
  }
}

const job = new Job("build");
console.log("instanceof:", job instanceof Job, job instanceof EventEmitter);
console.log("own keys:", JSON.stringify(Object.keys(job)));
console.log("constructor name:", job.constructor.name);
job.on("start", function (n) { console.log("started", n, this === job); });
job.once("end", (n, code) => console.log("ended", n, code));
job.run().run();
console.log("eventNames:", job.eventNames().join(","));
console.log("getMaxListeners:", job.getMaxListeners());

// Subclass that pre-populates _events before super() is not possible; but a subclass can
// define class fields after super()
class WithField extends EventEmitter {
  counter = 0;
  constructor() {
    super();
    this.on("tick", () => this.counter++);
  }
}
const w = new WithField();
w.emit("tick");
w.emit("tick");
console.log("counter:", w.counter);

// Two-level subclass
class A extends EventEmitter {}
class B extends A {
  constructor() {
    super();
    this.setMaxListeners(3);
  }
}
const b = new B();
console.log("B max:", b.getMaxListeners(), b instanceof A, typeof b._events, b._eventsCount);
b.on("x", () => console.log("B x"));
b.emit("x");

// Overriding a prototype method affects events.once helper behaviour only via public API
class Quiet extends EventEmitter {
  removeListener(type, fn) {
    console.log("Quiet.removeListener", String(type));
    return super.removeListener(type, fn);
  }
}
const q = new Quiet();
q.once("y", () => console.log("quiet once"));
q.emit("y");
