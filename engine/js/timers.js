// `timers` (setTimeout & co, with Node's rules) and `timer` (sleep(ms) -> Promise).
// JS keeps the callbacks; Python (engine/builtins/timers.py) keeps the deadlines on the loop and
// calls ops.fireTimer(id) / ops.fireImmediate(id), each as its own task.
(function (Q) {
  "use strict";

  const TIMEOUT_MAX = 2 ** 31 - 1;
  const active = new Map();   // id -> Timeout | Immediate that may still fire
  let nextId = 1;

  function validateCallback(callback) {
    if (typeof callback !== "function") throw Q.invalidArgType("callback", "Function", callback);
  }

  // Node: delay *= 1; outside [1, TIMEOUT_MAX] (or NaN) it becomes 1 ms.
  function coerceDelay(after) {
    after *= 1;
    if (!(after >= 1 && after <= TIMEOUT_MAX)) {
      if (after > TIMEOUT_MAX) {
        Q.hostCall("qjsb.console.write", "stderr",
          "(qjsbridge) TimeoutOverflowWarning: " + after + " does not fit into a 32-bit signed " +
          "integer.\nTimeout duration was set to 1.\n");
      }
      after = 1;
    }
    return after;
  }

  // ref()/unref()/hasRef(), shared by Timeout and Immediate: whether the handle keeps the loop alive.
  class RefHandle {
    ref() {
      if (!this._ref) {
        this._ref = true;
        if (!this._destroyed) Q.hostCall("qjsb.timerRef", this._id, true);
      }
      return this;
    }
    unref() {
      if (this._ref) {
        this._ref = false;
        if (!this._destroyed) Q.hostCall("qjsb.timerRef", this._id, false);
      }
      return this;
    }
    hasRef() {
      return this._ref;
    }
  }

  class Timeout extends RefHandle {
    constructor(callback, after, args, isRepeat) {
      super();
      this._idleTimeout = after;
      this._onTimeout = callback;
      this._timerArgs = args;
      this._repeat = isRepeat ? after : null;
      this._destroyed = false;
      this._id = nextId++;
      this._ref = true;
      active.set(this._id, this);
      Q.hostCall("qjsb.timerStart", this._id, after, isRepeat, true);
    }
    refresh() {
      // Restarts the countdown; re-activates a timeout that already fired (like Node).
      this._destroyed = false;
      active.set(this._id, this);
      Q.hostCall("qjsb.timerRefresh", this._id, this._idleTimeout, this._repeat !== null, this._ref);
      return this;
    }
    close() {
      clearTimeout(this);
      return this;
    }
    [Symbol.toPrimitive]() {
      return this._id;
    }
  }

  class Immediate extends RefHandle {
    constructor(callback, args) {
      super();
      this._onImmediate = callback;
      this._argv = args;
      this._destroyed = false;
      this._id = nextId++;
      this._ref = true;
      active.set(this._id, this);
      Q.hostCall("qjsb.immediateStart", this._id, true);
    }
  }

  function lookup(timer) {
    if (timer instanceof Timeout || timer instanceof Immediate) return timer;
    if (typeof timer === "number" || typeof timer === "string") return active.get(Number(timer));
    return undefined;
  }

  function clearTimer(timer) {
    const t = lookup(timer);
    if (t === undefined || t._destroyed) return;
    t._destroyed = true;
    active.delete(t._id);
    Q.hostCall("qjsb.timerClear", t._id);
  }

  function setTimeout(callback, after, ...args) {
    validateCallback(callback);
    return new Timeout(callback, coerceDelay(after), args, false);
  }
  function setInterval(callback, repeat, ...args) {
    validateCallback(callback);
    return new Timeout(callback, coerceDelay(repeat), args, true);
  }
  function setImmediate(callback, ...args) {
    validateCallback(callback);
    return new Immediate(callback, args);
  }
  function clearTimeout(timer) {
    if (timer instanceof Immediate) return;
    clearTimer(timer);
  }
  function clearInterval(timer) {
    clearTimeout(timer);
  }
  function clearImmediate(immediate) {
    if (!(immediate instanceof Immediate)) return;
    clearTimer(immediate);
  }

  Q.ops.fireTimer = (id) => {
    const t = active.get(id);
    if (t === undefined || t._destroyed) return null;
    if (t._repeat === null) {
      t._destroyed = true;
      active.delete(id);
    }
    try {
      t._onTimeout.apply(t, t._timerArgs);
    } catch (e) {
      if (!Q.uncaught(e)) throw e;   // not handled: the loop reports it (origin "task")
    }
    return null;
  };
  Q.ops.fireImmediate = (id) => {
    const t = active.get(id);
    if (t === undefined || t._destroyed) return null;
    t._destroyed = true;
    active.delete(id);
    try {
      t._onImmediate.apply(t, t._argv);
    } catch (e) {
      if (!Q.uncaught(e)) throw e;
    }
    return null;
  };

  const timers = {
    setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate,
    queueMicrotask: Q.queueMicrotask,
  };
  // timers/promises lives in its own file, loaded on first use: through require(), through
  // timers.promises, or through util.promisify(setTimeout / setImmediate).
  const loadPromises = () => {
    Q.loadInternal("timers_promises.js");
    return Q.timersPromises;
  };
  Object.defineProperty(timers, "promises", { __proto__: null, configurable: true, enumerable: true,
    get: loadPromises });
  const promisifyCustom = Symbol.for("nodejs.util.promisify.custom");
  for (const [fn, name] of [[setTimeout, "setTimeout"], [setImmediate, "setImmediate"]]) {
    Object.defineProperty(fn, promisifyCustom, { __proto__: null, configurable: true, enumerable: false,
      get: () => loadPromises()[name] });
  }
  Q.timers = timers;
  Q.defineBuiltin("timers", () => timers);
  Q.defineBuiltin("timers/promises", loadPromises);

  // `timer`: the go-go-goja primitive. sleep(ms) resolves after ms (truncated toward zero;
  // NaN/undefined mean 0); a negative duration rejects. It never settles once the runtime closed.
  function sleep(ms) {
    return new Promise((resolve, reject) => {
      let n = Math.trunc(Number(ms));
      if (Number.isNaN(n)) n = 0;
      if (n < 0) {
        reject(Q.makeError("Error", "timer.sleep: duration must be >= 0"));
        return;
      }
      if (!Number.isFinite(n)) {
        reject(Q.makeError("RangeError", "timer.sleep: duration must be finite"));
        return;
      }
      new Timeout(resolve, n, [], false);   // 0 ms is allowed here: it fires on the next turn
    });
  }
  Q.defineBuiltin("timer", () => ({ sleep }));
})
