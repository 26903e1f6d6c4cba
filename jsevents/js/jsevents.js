// jsevents: the JavaScript half of connected emitters (jsevents/manager.py is the other half).
// Python holds only integer handle ids; every op here runs on the owner thread, one event per task.
(function (Q) {
  "use strict";

  // Deliver one event: json is [name, ...args]. Returns emit()'s boolean. A listener's exception
  // propagates to Python, which reports it to the manager's error handler.
  Q.ops["jsevents.emit"] = (id, json) => {
    const emitter = Q.getHandle(id);
    if (emitter === undefined) return false;
    const args = JSON.parse(json);
    return emitter.emit(...args) === true;
  };

  Q.ops["jsevents.isEmitter"] = (id) => Q.isEventEmitter(Q.getHandle(id));

  // Host listeners: a JS listener that forwards JSON-safe copies of the arguments to Python.
  const hostListeners = new Map();   // key -> { emitter, name, fn }
  function jsonSafe(args) {
    const seen = new WeakSet();
    const text = JSON.stringify(args, (k, v) => {
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
    return text === undefined ? [] : JSON.parse(text);
  }
  Q.ops["jsevents.addHostListener"] = (id, nameJson, key) => {
    const emitter = Q.getHandle(id);
    const name = JSON.parse(nameJson);
    const fn = function hostListener(...args) {
      Q.hostCall("jsevents.hostListener", key, jsonSafe(args));
    };
    hostListeners.set(key, { emitter, name, fn });
    emitter.on(name, fn);
    return null;
  };
  Q.ops["jsevents.removeHostListener"] = (key) => {
    const entry = hostListeners.get(key);
    if (entry === undefined) return false;
    hostListeners.delete(key);
    entry.emitter.removeListener(entry.name, entry.fn);
    return true;
  };
})
