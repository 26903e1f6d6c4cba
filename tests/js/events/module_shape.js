// Shape of the module export.
const EventEmitter = require("events");
console.log("typeof export:", typeof EventEmitter, EventEmitter.name, EventEmitter.length);
console.log("EventEmitter.EventEmitter:", EventEmitter.EventEmitter === EventEmitter);
console.log("default:", EventEmitter.default);
console.log("usingDomains:", EventEmitter.usingDomains);
console.log("captureRejectionSymbol:", EventEmitter.captureRejectionSymbol === Symbol.for("nodejs.rejection"));
console.log("errorMonitor:", String(EventEmitter.errorMonitor));
console.log("kMaxEventTargetListeners:", String(EventEmitter.kMaxEventTargetListeners));
const fns = ["once", "on", "getEventListeners", "getMaxListeners", "setMaxListeners", "listenerCount", "init", "addAbortListener"];
for (const k of fns) {
  console.log(k, typeof EventEmitter[k], EventEmitter[k].length, JSON.stringify(EventEmitter[k].name));
}
const desc = Object.getOwnPropertyDescriptor(EventEmitter, "defaultMaxListeners");
console.log("defaultMaxListeners accessor:", typeof desc.get, typeof desc.set, desc.enumerable, desc.configurable);
const cr = Object.getOwnPropertyDescriptor(EventEmitter, "captureRejections");
console.log("captureRejections accessor:", typeof cr.get, cr.enumerable, cr.configurable);
const protoMethods = ["setMaxListeners", "getMaxListeners", "emit", "addListener", "on", "prependListener", "once",
  "prependOnceListener", "removeListener", "off", "removeAllListeners", "listeners", "rawListeners", "listenerCount",
  "eventNames"];
for (const k of protoMethods) {
  const f = EventEmitter.prototype[k];
  console.log("proto." + k, typeof f, f.length, f.name);
}
console.log("on === addListener:", EventEmitter.prototype.on === EventEmitter.prototype.addListener);
console.log("off === removeListener:", EventEmitter.prototype.off === EventEmitter.prototype.removeListener);
const protoKeys = Object.getOwnPropertyNames(EventEmitter.prototype);
console.log("prototype keys:", protoKeys.join(","));
console.log("require twice same:", require("events") === EventEmitter, require("node:events") === EventEmitter);
const { once, on, EventEmitter: EE2 } = require("events");
console.log("destructured:", typeof once, typeof on, EE2 === EventEmitter);
