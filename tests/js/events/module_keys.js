// Own keys (and their order) of the module export, its prototype, AbortSignal and AbortController:
// console.log and Object.keys show them. (EventEmitterAsyncResource is not provided.)
const EventEmitter = require("events");
// (How AbortSignal/AbortController print is console.js's business: the inspect hook is left out.)
const hidden = ["EventEmitterAsyncResource", Symbol.for("nodejs.util.inspect.custom")];
const keys = (o) => Reflect.ownKeys(o).filter((k) => !hidden.includes(k)).map(String).join(",");
console.log("EventEmitter:", keys(EventEmitter));
console.log("enumerable:", Object.keys(EventEmitter).filter((k) => k !== "EventEmitterAsyncResource").join(","));
console.log("prototype:", keys(EventEmitter.prototype));
console.log("AbortSignal:", keys(AbortSignal));
console.log("AbortSignal lengths:", AbortSignal.abort.length, AbortSignal.timeout.length, AbortSignal.any.length);
console.log("AbortController.prototype:", keys(AbortController.prototype));
const e = new EventEmitter({ captureRejections: true });
console.log("instance:", keys(e), e[Object.getOwnPropertySymbols(e)[1]]);
function Old() {
  this._events = { existing: [] };
  EventEmitter.call(this);
}
Object.setPrototypeOf(Old.prototype, EventEmitter.prototype);
const old = new Old();
console.log("pre-set _events kept:", keys(old), Object.keys(old._events).join());
const pre = Object.create(EventEmitter.prototype);
pre._maxListeners = 0;
EventEmitter.init.call(pre);
console.log("init on a bare object:", keys(pre), pre._maxListeners);
