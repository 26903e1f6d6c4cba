// jsevents: the JavaScript half of connected emitters (jsevents/manager.py is the other half).
// Python holds only integer handle ids; every op here runs on the owner thread, one event per task.
(function (Q) {
  "use strict";

  const uncurry = (fn) => Function.prototype.call.bind(fn);
  const MapGet = uncurry(Map.prototype.get);
  const MapSet = uncurry(Map.prototype.set);
  const MapDelete = uncurry(Map.prototype.delete);
  const ReflectApply = Reflect.apply;
  const JSONparse = JSON.parse;
  const JSONstringify = JSON.stringify;
  const closedError = (id) => Q.makeError("Error", "jsevents: emitter handle " + id + " is closed");

  // Deliver one event: json is [name, ...args]. Returns emit()'s boolean. A listener's exception
  // (or an `error` event nobody listens to) propagates to Python, which reports it to the
  // manager's error handler; when the runtime follows Node's lifetime rules (exitOnUncaught,
  // `qjsbridge run`) it is an uncaught exception instead, as in Node.
  // (emit_sync passes `sync`: its caller gets the exception.)
  Q.ops["jsevents.emit"] = (id, json, sync) => {
    const emitter = Q.getHandle(id);
    if (emitter === undefined) return false;
    try {
      return ReflectApply(emitter.emit, emitter, JSONparse(json)) === true;
    } catch (e) {
      if (sync !== true && Q.life !== undefined && Q.life.exitOnUncaught && Q.uncaught(e)) return true;
      throw e;
    }
  };

  // Host listeners: a JS listener that forwards JSON-safe copies of the arguments to Python.
  const hostListeners = new Map();   // key -> { emitter, name, fn }
  function jsonSafe(args) {
    const seen = new WeakSet();
    const text = JSONstringify(args, (k, v) => {
      if (typeof v === "bigint") return v.toString();
      if (v !== null && typeof v === "object") {
        if (seen.has(v)) return "[Circular]";
        seen.add(v);
        if (v instanceof Error) {
          return { name: v.name, message: v.message, stack: v.stack, code: v.code };
        }
      }
      return v;
    });
    return text === undefined ? [] : JSONparse(text);
  }
  Q.ops["jsevents.addHostListener"] = (id, nameJson, key) => {
    const emitter = Q.getHandle(id);
    if (emitter === undefined) throw closedError(id);
    const name = JSONparse(nameJson);
    const fn = function hostListener(...args) {
      Q.hostCall("jsevents.hostListener", key, jsonSafe(args));
    };
    MapSet(hostListeners, key, { __proto__: null, emitter, name, fn });
    emitter.on(name, fn);
    return null;
  };
  Q.ops["jsevents.removeHostListener"] = (key) => {
    const entry = MapGet(hostListeners, key);
    if (entry === undefined) return false;
    MapDelete(hostListeners, key);
    entry.emitter.removeListener(entry.name, entry.fn);
    return true;
  };
})
