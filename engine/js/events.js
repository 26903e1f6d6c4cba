// qjsbridge builtin `events`: EventEmitter with its static helpers (once, on, getEventListeners,
// getMaxListeners, setMaxListeners, addAbortListener, listenerCount), and the AbortController /
// AbortSignal pair with the small event dispatch they need.
//
// Written for qjsbridge from Node 20's documentation of `events` and `AbortController` and from
// Node's observed behaviour; tests/js/events/*.js compare it with Node script by script, and
// tests/test_jsevents.py covers what the host relies on.
//
// The storage layout is part of the contract, because scripts and libraries read it: an emitter
// keeps `_events` (a null-prototype object: event name -> one listener function, or an array
// of two or more), `_eventsCount` (how many names are in it) and `_maxListeners`; a `once`
// listener is stored as a wrapper whose `.listener` is the original.
//
// Used by other internal files: Q.isEventEmitter (the host's brand check: only objects the
// EventEmitter constructor initialised pass it), Q.AbortController, Q.AbortSignal,
// Q.DOMException (globals.js), Q.builtins.events (process.js).
//
// This file is ONE function expression, called with Q (the internal registry).
(function (Q) {
  "use strict";

  const NativeError = Error;
  const ReflectApply = Reflect.apply;
  const ReflectOwnKeys = Reflect.ownKeys;
  const defineProperty = Object.defineProperty;
  const uncurry = (fn) => Function.prototype.call.bind(fn);
  const WeakSetHas = uncurry(WeakSet.prototype.has);
  const WeakSetAdd = uncurry(WeakSet.prototype.add);
  const WeakMapGet = uncurry(WeakMap.prototype.get);
  const WeakMapSet = uncurry(WeakMap.prototype.set);
  const StringSplit = uncurry(String.prototype.split);
  const ArraySlice = uncurry(Array.prototype.slice);
  const ArrayJoin = uncurry(Array.prototype.join);
  const ArrayIndexOf = uncurry(Array.prototype.indexOf);
  const ObjectIsExtensible = Object.isExtensible;

  const kRejection = Symbol.for("nodejs.rejection");
  const kWatermarkData = Symbol.for("nodejs.watermarkData");
  const kDispose = typeof Symbol.dispose === "symbol" ? Symbol.dispose : Symbol.for("nodejs.dispose");
  // Symbols with the descriptions Node gives them (scripts can list an emitter's symbols).
  const kCapture = Symbol("kCapture");
  const kShapeMode = Symbol("shapeMode");
  const kErrorMonitor = Symbol("events.errorMonitor");
  const kMaxTargetListeners = Symbol("events.maxEventTargetListeners");
  const kMaxTargetListenersWarned = Symbol("events.maxEventTargetListenersWarned");

  // ---------------------------------------------------------------------------------------
  // Errors and argument checks (Node's codes and messages).

  function inspect(value, options) {
    try {
      return Q.inspect(value, options);   // read at call time: console.js installs the real one
    } catch {
      try { return String(value); } catch { return "<unprintable>"; }
    }
  }

  const typeError = (name, expected, actual) => Q.invalidArgType(name, expected, actual);

  // "Received ..." of ERR_OUT_OF_RANGE: big integers are written with "_" every three digits.
  function describeNumber(value) {
    const grouped = (digits) => {
      const sign = digits[0] === "-" ? "-" : "";
      let rest = sign ? digits.slice(1) : digits;
      let out = "";
      while (rest.length > 3) {
        out = "_" + rest.slice(-3) + out;
        rest = rest.slice(0, -3);
      }
      return sign + rest + out;
    };
    if (typeof value === "bigint") {
      const big = value > 2n ** 32n || value < -(2n ** 32n);
      return (big ? grouped(String(value)) : String(value)) + "n";
    }
    if (typeof value === "number") {
      if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) return grouped(String(value));
      return Object.is(value, -0) ? "-0" : String(value);
    }
    return inspect(value);
  }

  function rangeError(name, range, value) {
    return Q.makeError("RangeError",
      `The value of "${name}" is out of range. It must be ${range}. Received ${describeNumber(value)}`,
      "ERR_OUT_OF_RANGE");
  }

  function missingArgs(...names) {
    const quoted = names.map((n) => `"${n}"`);
    return Q.makeError("TypeError",
      `The ${Q.formatList(quoted)} argument${names.length > 1 ? "s" : ""} must be specified`,
      "ERR_MISSING_ARGS");
  }

  const invalidThis = (type) =>
    Q.makeError("TypeError", `Value of "this" must be of type ${type}`, "ERR_INVALID_THIS");

  // A number, and (when `min` is given) not below it and not NaN.
  function checkNumber(value, name, min) {
    if (typeof value !== "number") throw typeError(name, "number", value);
    if (min !== undefined && !(value >= min)) throw rangeError(name, `>= ${min}`, value);
  }

  function checkInteger(value, name, min, max) {
    if (typeof value !== "number") throw typeError(name, "number", value);
    if (!Number.isInteger(value)) throw rangeError(name, "an integer", value);
    if (value < min || value > max) throw rangeError(name, `>= ${min} && <= ${max}`, value);
  }

  function checkListener(listener) {
    if (typeof listener !== "function") throw typeError("listener", "Function", listener);
  }

  // Node accepts anything with an `aborted` property where it expects a signal.
  function checkSignal(signal, name) {
    if (signal === undefined) return;
    if (signal === null || typeof signal !== "object" || !("aborted" in signal)) {
      throw typeError(name, "AbortSignal", signal);
    }
  }

  class AbortError extends NativeError {
    constructor(message = "The operation was aborted", options = undefined) {
      if (options !== undefined && typeof options !== "object") {
        throw typeError("options", "Object", options);
      }
      super(message, options);
      this.code = "ABORT_ERR";
      this.name = "AbortError";
    }
  }
  const abortedBy = (signal) => new AbortError(undefined, { cause: signal?.reason });

  const DOMExceptionCtor = typeof globalThis.DOMException === "function" ? globalThis.DOMException : null;
  function domException(message, name) {
    if (DOMExceptionCtor !== null) return new DOMExceptionCtor(message, name);
    const e = Q.makeError("Error", message);
    defineProperty(e, "name", { __proto__: null, value: name, configurable: true, writable: true });
    return e;
  }

  // ---------------------------------------------------------------------------------------
  // Scheduling and warnings (looked up when used: timers and process may come later).

  function nextTick(fn, ...args) {
    if (typeof Q.nextTick === "function") {
      Q.nextTick(fn, ...args);
      return;
    }
    Promise.resolve().then(() => fn(...args));
  }

  function queueMicro(fn) {
    if (typeof Q.queueMicrotask === "function") Q.queueMicrotask(fn);
    else Promise.resolve().then(fn);
  }

  // Every warning this module prints goes through here: process.emitWarning (the `warning`
  // event) when the runtime has it, else straight to stderr. `details` become properties of the
  // warning object (Node's MaxListenersExceededWarning carries emitter/target, type and count).
  function warn(type, message, details) {
    try {
      if (typeof Q.emitWarning === "function") {
        Q.emitWarning(message, type, undefined, details);
        return;
      }
      Q.hostCall("qjsb.console.write", "stderr", `(qjsbridge) ${type}: ${message}\n`);
    } catch {
      // a warning must never break the program
    }
  }

  // ---------------------------------------------------------------------------------------
  // EventEmitter

  const brand = new WeakSet();   // objects EventEmitter.init ran on (Q.isEventEmitter)
  let defaultMaxListeners = 10;

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
  }

  const newStore = () => ({ __proto__: null });

  function maxListenersOf(emitter) {
    const own = emitter._maxListeners;
    return own === undefined ? EventEmitter.defaultMaxListeners : own;
  }

  function copyList(list) {
    const out = new Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = list[i];
    return out;
  }

  const matches = (stored, listener) => stored === listener || stored.listener === listener;

  // on / prependListener. `newListener` is emitted before the listener is stored.
  function storeListener(emitter, type, listener, prepend) {
    checkListener(listener);
    let store = emitter._events;
    if (store === undefined) {
      store = emitter._events = newStore();
      emitter._eventsCount = 0;
    } else if (store.newListener !== undefined) {
      emitter.emit("newListener", type, listener.listener ?? listener);
      store = emitter._events;   // a newListener listener may have replaced the store
    }
    const current = store === undefined ? undefined : store[type];
    if (current === undefined) {
      store[type] = listener;
      emitter._eventsCount++;
      return emitter;
    }
    let list;
    if (typeof current === "function") {
      list = store[type] = prepend ? [listener, current] : [current, listener];
    } else {
      list = current;
      if (prepend) list.unshift(listener);
      else list.push(listener);
    }
    const max = maxListenersOf(emitter);
    if (max > 0 && list.length > max && !list.warned) {
      list.warned = true;   // one warning per event name
      warn("MaxListenersExceededWarning",
        `Possible EventEmitter memory leak detected. ${list.length} ${String(type)} listeners ` +
        `added to ${inspect(emitter, { depth: -1 })}. MaxListeners is ${max}. ` +
        "Use emitter.setMaxListeners() to increase limit",
        { emitter, type, count: list.length });
    }
    return emitter;
  }

  // A once() listener: removes itself, then calls the original (as `bound onceWrapper`, with
  // `.listener` pointing at the original, as Node stores it).
  function onceWrapper(...args) {
    if (this.fired) return undefined;
    this.emitter.removeListener(this.type, this.wrapper);
    this.fired = true;
    return ReflectApply(this.listener, this.emitter, args);
  }
  function wrapOnce(emitter, type, listener) {
    const state = { fired: false, wrapper: undefined, emitter, type, listener };
    const wrapper = onceWrapper.bind(state);
    wrapper.listener = listener;
    state.wrapper = wrapper;
    return wrapper;
  }

  // captureRejections: a listener's rejected promise becomes an `error` event (or a call to
  // emitter[Symbol.for('nodejs.rejection')]), on the next tick.
  function watchResult(emitter, result, type, args) {
    if (!emitter[kCapture]) return;
    try {
      const then = result.then;
      if (typeof then === "function") {
        ReflectApply(then, result, [undefined, (err) => nextTick(deliverRejection, emitter, err, type, args)]);
      }
    } catch (err) {
      emitter.emit("error", err);
    }
  }
  function deliverRejection(emitter, err, type, args) {
    if (typeof emitter[kRejection] === "function") {
      ReflectApply(emitter[kRejection], emitter, [err, type, ...args]);
      return;
    }
    // With capture switched off while it runs, so a rejecting `error` listener cannot loop.
    const saved = emitter[kCapture];
    try {
      emitter[kCapture] = false;
      emitter.emit("error", err);
    } finally {
      emitter[kCapture] = saved;
    }
  }

  // error -> { emitter, frames } for the errors unhandledError threw (the latest emit wins);
  // `frames` as QuickJS wrote them, formatted only if the report is printed.
  const emittedAt = new WeakMap();
  const kMatchingLines = "    [... lines matching original stack trace ...]";

  // The report of an uncaught error thrown by emit("error", err), in the form Node prints: the
  // error's stack, a heading ("Emitted 'error' event[ on Class instance] at:"), then the frames
  // of the emit, less what they share with the error's own frames (see withoutSharedRun).
  // Undefined for other errors (bootstrap.js then prints the error as it is).
  function emittedStack(err) {
    const site = WeakMapGet(emittedAt, err);
    if (site === undefined) return undefined;
    const frames = Q.userFrames(site.frames);
    if (frames === "") return undefined;
    const stack = err.stack;
    if (typeof stack !== "string") return undefined;
    const theirs = ArraySlice(StringSplit(stack, "\n"), 1);
    const emitted = withoutSharedRun(StringSplit(frames, "\n"), theirs);
    const heading = `Emitted 'error' event${instanceOf(site.emitter)} at:`;
    return `${stack}\n${heading}\n${ArrayJoin(emitted, "\n")}`;
  }

  // " on Name instance" for an emitter of a subclass; "" for a plain EventEmitter, or when the
  // constructor's name cannot be read.
  function instanceOf(emitter) {
    try {
      const { name } = emitter.constructor;
      return name === "EventEmitter" ? "" : ` on ${name} instance`;
    } catch {
      return "";
    }
  }

  // `own` (the emit's frames) with the first stretch of four or more lines that `theirs` (the
  // error's frames) holds in a row shortened to its first and last line around kMatchingLines.
  // A stretch is looked for from each line of `own` in turn, at the first place `theirs` holds
  // that line, provided `theirs` has four or more lines from there.
  function withoutSharedRun(own, theirs) {
    for (let i = 0; i + 3 < own.length; i++) {
      const j = ArrayIndexOf(theirs, own[i]);
      if (j === -1 || theirs.length - j < 4) continue;
      const n = linesInCommon(own, i, theirs, j);
      if (n < 4) continue;
      const shown = ArraySlice(own, 0, i + 1);
      shown[shown.length] = kMatchingLines;
      for (let k = i + n - 1; k < own.length; k++) shown[shown.length] = own[k];
      return shown;
    }
    return own;
  }

  // How many lines are equal in a row in `a` from index i and in `b` from index j.
  function linesInCommon(a, i, b, j) {
    let n = 0;
    while (i + n < a.length && j + n < b.length && a[i + n] === b[j + n]) n++;
    return n;
  }
  Q.errorEventStack = emittedStack;

  // An `error` event nobody listens to: the error itself is thrown (other values are wrapped in
  // ERR_UNHANDLED_ERROR). For an Error, where it was emitted is kept with it: if it ends the
  // script, the report shows that after the error's own frames, as Node's does
  // ("Emitted 'error' event at:", see emittedStack).
  function unhandledError(emitter, args) {
    const thrown = args.length > 0 ? args[0] : undefined;
    if (thrown instanceof NativeError) {
      // (Node adds a property for this, so a frozen error gets no "Emitted" lines there)
      if (ObjectIsExtensible(thrown)) {
        WeakMapSet(emittedAt, thrown, { __proto__: null, emitter, frames: Q.framesBelow(unhandledError) });
      }
      return thrown;
    }
    let shown;
    try {
      shown = inspect(thrown);
    } catch {
      shown = thrown;
    }
    const err = Q.makeError("Error", `Unhandled error. (${shown})`, "ERR_UNHANDLED_ERROR");
    err.context = thrown;
    return err;
  }

  function listenersOf(emitter, type, unwrap) {
    const store = emitter._events;
    const stored = store === undefined ? undefined : store[type];
    if (stored === undefined) return [];
    if (typeof stored === "function") return [unwrap ? stored.listener || stored : stored];
    const out = copyList(stored);
    if (unwrap) {
      for (let i = 0; i < out.length; i++) {
        if (typeof out[i].listener === "function") out[i] = out[i].listener;
      }
    }
    return out;
  }

  function listenerCount(type, listener) {
    const store = this._events;
    const stored = store === undefined ? undefined : store[type];
    if (stored === undefined) return 0;
    if (typeof stored === "function") {
      return listener == null || matches(stored, listener) ? 1 : 0;
    }
    if (listener == null) return stored.length;
    let n = 0;
    for (let i = 0; i < stored.length; i++) if (matches(stored[i], listener)) n++;
    return n;
  }

  // Statics, in Node's order (scripts see it in Object.keys and console.log).
  EventEmitter.addAbortListener = addAbortListener;
  EventEmitter.once = once;
  EventEmitter.on = on;
  EventEmitter.getEventListeners = getEventListeners;
  EventEmitter.getMaxListeners = getMaxListeners;
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.usingDomains = false;
  EventEmitter.captureRejectionSymbol = kRejection;
  defineProperty(EventEmitter, "captureRejections", {
    __proto__: null,
    enumerable: true,
    get() {
      return EventEmitter.prototype[kCapture];
    },
    set(value) {
      if (typeof value !== "boolean") throw typeError("EventEmitter.captureRejections", "boolean", value);
      EventEmitter.prototype[kCapture] = value;
    },
  });
  EventEmitter.errorMonitor = kErrorMonitor;
  defineProperty(EventEmitter.prototype, kCapture, {
    __proto__: null, value: false, writable: true, enumerable: false,
  });
  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;
  defineProperty(EventEmitter, "defaultMaxListeners", {
    __proto__: null,
    enumerable: true,
    get: function () {
      return defaultMaxListeners;
    },
    set: function (value) {
      checkNumber(value, "defaultMaxListeners", 0);
      defaultMaxListeners = value;
    },
  });
  for (const [key, value] of [["kMaxEventTargetListeners", kMaxTargetListeners],
    ["kMaxEventTargetListenersWarned", kMaxTargetListenersWarned]]) {
    defineProperty(EventEmitter, key, {
      __proto__: null, value, enumerable: false, configurable: false, writable: false,
    });
  }

  // setMaxListeners(n): the default for every emitter; setMaxListeners(n, ...targets): each
  // target's (emitters and AbortSignals).
  EventEmitter.setMaxListeners = function (n = defaultMaxListeners, ...eventTargets) {
    checkNumber(n, "setMaxListeners", 0);
    if (eventTargets.length === 0) {
      defaultMaxListeners = n;
      return;
    }
    for (const target of eventTargets) {
      if (isEventTarget(target)) {
        target[kMaxTargetListeners] = n;
        target[kMaxTargetListenersWarned] = false;
      } else if (typeof target.setMaxListeners === "function") {
        target.setMaxListeners(n);
      } else {
        throw typeError("eventTargets", ["EventEmitter", "EventTarget"], target);
      }
    }
  };

  // Runs for every emitter (the constructor, or EventEmitter.call(this) in old-style
  // subclasses). An instance that already has its own _events keeps it ("shape mode": removing
  // a listener then leaves its key behind, set to undefined).
  EventEmitter.init = function (opts) {
    if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
      this._events = newStore();
      this._eventsCount = 0;
      this[kShapeMode] = false;
    } else {
      this[kShapeMode] = true;
    }
    this._maxListeners = this._maxListeners || undefined;
    if (opts?.captureRejections) {
      if (typeof opts.captureRejections !== "boolean") {
        throw typeError("options.captureRejections", "boolean", opts.captureRejections);
      }
      this[kCapture] = true;
    } else {
      this[kCapture] = EventEmitter.prototype[kCapture];
    }
    if (this !== null && (typeof this === "object" || typeof this === "function")) WeakSetAdd(brand, this);
  };

  const proto = EventEmitter.prototype;

  proto.setMaxListeners = function setMaxListeners(n) {
    checkNumber(n, "setMaxListeners", 0);
    this._maxListeners = n;
    return this;
  };

  proto.getMaxListeners = function getMaxListeners() {
    return maxListenersOf(this);
  };

  proto.emit = function emit(type, ...args) {
    const store = this._events;
    if (type === "error") {
      if (store !== undefined && store[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
      if (store === undefined || store.error === undefined) throw unhandledError(this, args);
    } else if (store === undefined) {
      return false;
    }
    const stored = store[type];
    if (stored === undefined) return false;
    if (typeof stored === "function") {
      const result = ReflectApply(stored, this, args);
      if (result !== undefined && result !== null) watchResult(this, result, type, args);
      return true;
    }
    // A snapshot: listeners added or removed while emitting take effect on the next emit.
    const snapshot = copyList(stored);
    for (let i = 0; i < snapshot.length; i++) {
      const result = ReflectApply(snapshot[i], this, args);
      if (result !== undefined && result !== null) watchResult(this, result, type, args);
    }
    return true;
  };

  proto.addListener = function addListener(type, listener) {
    return storeListener(this, type, listener, false);
  };
  proto.on = proto.addListener;

  proto.prependListener = function prependListener(type, listener) {
    return storeListener(this, type, listener, true);
  };

  proto.once = function once(type, listener) {
    checkListener(listener);
    this.on(type, wrapOnce(this, type, listener));
    return this;
  };

  proto.prependOnceListener = function prependOnceListener(type, listener) {
    checkListener(listener);
    this.prependListener(type, wrapOnce(this, type, listener));
    return this;
  };

  // Removes the most recently added matching listener; `removeListener` is emitted after.
  proto.removeListener = function removeListener(type, listener) {
    checkListener(listener);
    const store = this._events;
    const stored = store === undefined ? undefined : store[type];
    if (stored === undefined) return this;
    if (stored === listener || stored.listener === listener) {
      this._eventsCount -= 1;
      if (this[kShapeMode]) {
        store[type] = undefined;
      } else if (this._eventsCount === 0) {
        this._events = newStore();
      } else {
        delete store[type];
        if (store.removeListener) this.emit("removeListener", type, stored.listener || listener);
      }
      return this;
    }
    if (typeof stored === "function") return this;
    let at = stored.length - 1;
    while (at >= 0 && !matches(stored[at], listener)) at--;
    if (at < 0) return this;
    if (at === 0) {
      stored.shift();
    } else {
      for (let i = at; i < stored.length - 1; i++) stored[i] = stored[i + 1];
      stored.pop();
    }
    if (stored.length === 1) store[type] = stored[0];
    if (store.removeListener !== undefined) this.emit("removeListener", type, listener);
    return this;
  };
  proto.off = proto.removeListener;

  // With `removeListener` listeners present, listeners are removed one by one (last added
  // first) so each removal is reported, and `removeListener`'s own listeners go last.
  proto.removeAllListeners = function removeAllListeners(type) {
    const everything = arguments.length === 0;
    const store = this._events;
    if (store === undefined) return this;
    if (store.removeListener === undefined) {
      if (everything) {
        this._events = newStore();
        this._eventsCount = 0;
      } else if (store[type] !== undefined) {
        if (--this._eventsCount === 0) this._events = newStore();
        else delete store[type];
      }
      this[kShapeMode] = false;
      return this;
    }
    if (everything) {
      for (const key of ReflectOwnKeys(store)) {
        if (key !== "removeListener") this.removeAllListeners(key);
      }
      this.removeAllListeners("removeListener");
      this._events = newStore();
      this._eventsCount = 0;
      this[kShapeMode] = false;
      return this;
    }
    const stored = store[type];
    if (typeof stored === "function") {
      this.removeListener(type, stored);
    } else if (stored !== undefined) {
      for (let i = stored.length - 1; i >= 0; i--) this.removeListener(type, stored[i]);
    }
    return this;
  };

  proto.listeners = function listeners(type) {
    return listenersOf(this, type, true);
  };

  proto.rawListeners = function rawListeners(type) {
    return listenersOf(this, type, false);
  };

  proto.listenerCount = listenerCount;

  proto.eventNames = function eventNames() {
    return this._eventsCount > 0 ? ReflectOwnKeys(this._events) : [];
  };

  EventEmitter.listenerCount = function (emitter, type) {
    if (typeof emitter.listenerCount === "function") return emitter.listenerCount(type);
    return ReflectApply(listenerCount, emitter, [type]);
  };

  // ---------------------------------------------------------------------------------------
  // Static helpers that work with emitters and with AbortSignals alike.

  // Listen with whichever interface `target` has (EventEmitter first, then EventTarget).
  function listen(target, name, listener, once) {
    if (typeof target.on === "function") {
      if (once) target.once(name, listener);
      else target.on(name, listener);
    } else if (typeof target.addEventListener === "function") {
      target.addEventListener(name, listener, once ? { __proto__: null, once: true, [kResist]: true } : undefined);
    } else {
      throw typeError("emitter", "EventEmitter", target);
    }
  }
  function unlisten(target, name, listener) {
    if (typeof target.removeListener === "function") target.removeListener(name, listener);
    else if (typeof target.removeEventListener === "function") target.removeEventListener(name, listener);
    else throw typeError("emitter", "EventEmitter", target);
  }

  function getEventListeners(emitterOrTarget, type) {
    if (typeof emitterOrTarget.listeners === "function") return emitterOrTarget.listeners(type);
    if (isEventTarget(emitterOrTarget)) return targetListeners(emitterOrTarget, type);
    throw typeError("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
  }

  function getMaxListeners(emitterOrTarget) {
    if (typeof emitterOrTarget?.getMaxListeners === "function") return maxListenersOf(emitterOrTarget);
    if (emitterOrTarget?.[kMaxTargetListeners]) return emitterOrTarget[kMaxTargetListeners];
    throw typeError("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
  }

  // events.once: a promise of the next `name` event's arguments; an `error` event (emitters
  // only) rejects it, and so does aborting `signal`.
  async function once(emitter, name, options = {}) {
    const signal = options?.signal;
    checkSignal(signal, "options.signal");
    if (signal?.aborted) throw abortedBy(signal);
    return new Promise((resolve, reject) => {
      const settle = () => {
        if (signal != null) unlisten(signal, "abort", onAbort);
      };
      const onEvent = (...args) => {
        if (typeof emitter.removeListener === "function") emitter.removeListener("error", onError);
        settle();
        resolve(args);
      };
      const onError = (err) => {
        emitter.removeListener(name, onEvent);
        settle();
        reject(err);
      };
      function onAbort() {
        unlisten(emitter, name, onEvent);
        unlisten(emitter, "error", onError);
        reject(abortedBy(signal));
      }
      listen(emitter, name, onEvent, true);
      if (name !== "error" && typeof emitter.once === "function") emitter.once("error", onError);
      if (signal != null) listen(signal, "abort", onAbort, true);
    });
  }

  const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);

  // A FIFO with O(1) shift.
  class Queue {
    constructor() {
      this.items = [];
      this.head = 0;
    }
    get length() {
      return this.items.length - this.head;
    }
    push(v) {
      this.items.push(v);
    }
    shift() {
      const v = this.items[this.head];
      this.items[this.head++] = undefined;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return v;
    }
  }

  // events.on: an async iterator over `event`'s argument arrays. Events that arrive before they
  // are asked for are buffered; above highWaterMark the emitter is paused (emitter.pause()) and
  // resumed below lowWaterMark. An `error` event (emitters only) or aborting `signal` ends the
  // iteration with that error; a `close` event name ends it normally.
  function on(emitter, event, options = {}) {
    const signal = options.signal;
    checkSignal(signal, "options.signal");
    if (signal?.aborted) throw abortedBy(signal);
    const high = options.highWaterMark ?? options.highWatermark ?? Number.MAX_SAFE_INTEGER;
    checkInteger(high, "options.highWaterMark", 1, Number.MAX_SAFE_INTEGER);
    const low = options.lowWaterMark ?? options.lowWatermark ?? 1;
    checkInteger(low, "options.lowWaterMark", 1, Number.MAX_SAFE_INTEGER);

    const buffered = new Queue();   // event argument arrays nobody asked for yet
    const waiting = new Queue();    // {resolve, reject} of next() calls nothing arrived for
    let failure = null;
    let done = false;
    let paused = false;
    const attached = [];            // [target, name, listener] to detach at the end
    let abortRegistration = null;

    const attach = (target, name, listener) => {
      listen(target, name, listener, false);
      attached.push([target, name, listener]);
    };
    const result = (value) => ({ value, done: false });

    function finish() {
      if (abortRegistration !== null) abortRegistration[kDispose]();
      while (attached.length > 0) {
        const [target, name, listener] = attached.pop();
        unlisten(target, name, listener);
      }
      done = true;
      const end = { value: undefined, done: true };
      while (waiting.length > 0) waiting.shift().resolve(end);
      return Promise.resolve(end);
    }

    function fail(err) {
      if (waiting.length > 0) waiting.shift().reject(err);
      else failure = err;
      finish();
    }

    const iterator = Object.setPrototypeOf({
      next() {
        if (buffered.length > 0) {
          const value = buffered.shift();
          if (paused && buffered.length < low) {
            emitter.resume();
            paused = false;
          }
          return Promise.resolve(result(value));
        }
        if (failure !== null) {
          const p = Promise.reject(failure);
          failure = null;   // the error is reported once, then the iterator is done
          return p;
        }
        if (done) return finish();
        return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return() {
        return finish();
      },
      throw(err) {
        if (!err || !(err instanceof NativeError)) {
          throw typeError("EventEmitter.AsyncIterator", "Error", err);
        }
        fail(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
      [kWatermarkData]: {
        get size() {
          return buffered.length;
        },
        get low() {
          return low;
        },
        get high() {
          return high;
        },
        get isPaused() {
          return paused;
        },
      },
    }, AsyncIteratorPrototype);

    attach(emitter, event, (...args) => {
      if (waiting.length > 0) {
        waiting.shift().resolve(result(args));
        return;
      }
      buffered.push(args);
      if (!paused && buffered.length > high) {
        paused = true;
        emitter.pause();
      }
    });
    if (event !== "error" && typeof emitter.on === "function") attach(emitter, "error", fail);
    const closeEvents = options?.close;
    if (closeEvents?.length) {
      for (let i = 0; i < closeEvents.length; i++) attach(emitter, closeEvents[i], finish);
    }
    if (signal) abortRegistration = addAbortListener(signal, () => fail(abortedBy(signal)));
    return iterator;
  }

  // events.addAbortListener: listen for `abort` once, even if the signal's propagation is
  // stopped; an already-aborted signal calls the listener in a microtask. Returns a disposable
  // that removes the listener.
  function addAbortListener(signal, listener) {
    if (signal === undefined) throw typeError("signal", "AbortSignal", signal);
    checkSignal(signal, "signal");
    if (typeof listener !== "function") throw typeError("listener", "Function", listener);
    let remove = null;
    if (signal.aborted) {
      queueMicro(() => listener());
    } else {
      signal.addEventListener("abort", listener, { __proto__: null, once: true, [kResist]: true });
      remove = () => signal.removeEventListener("abort", listener);
    }
    return {
      __proto__: null,
      [kDispose]() {
        if (remove !== null) remove();
      },
    };
  }

  // ---------------------------------------------------------------------------------------
  // Events and listener lists for AbortSignal (there is no public EventTarget class).

  const kResist = Symbol("kResistStopPropagation");   // internal listeners that always run
  const kTrusted = Symbol("kTrustEvent");
  const eventData = new WeakMap();    // Event -> its fields
  const targetData = new WeakMap();   // AbortSignal -> { listeners: Map(type -> ListenerList), ... }

  function eventFields(ev) {
    const d = ev !== null && typeof ev === "object" ? WeakMapGet(eventData, ev) : undefined;
    if (d === undefined) throw invalidThis("Event");
    return d;
  }

  function now() {
    try {
      if (typeof performance === "object" && performance !== null && typeof performance.now === "function") {
        return performance.now();
      }
    } catch {
      // fall through
    }
    return Date.now();
  }

  class Event {
    constructor(type, options = undefined) {
      if (arguments.length === 0) throw missingArgs("type");
      if (options != null && (typeof options !== "object" || Array.isArray(options))) {
        throw typeError("options", "Object", options);
      }
      WeakMapSet(eventData, this, {
        type: `${type}`,
        bubbles: !!options?.bubbles,
        cancelable: !!options?.cancelable,
        composed: !!options?.composed,
        canceled: false,
        timeStamp: now(),
        propagationStopped: false,
        immediateStopped: false,
        target: null,
        dispatching: false,
        trusted: !!options?.[kTrusted],
      });
    }
    stopImmediatePropagation() {
      const d = eventFields(this);
      d.propagationStopped = true;
      d.immediateStopped = true;
    }
    preventDefault() {
      eventFields(this).canceled = true;
    }
    get target() { return eventFields(this).target; }
    get currentTarget() {
      const d = eventFields(this);
      return d.dispatching ? d.target : null;
    }
    get srcElement() { return eventFields(this).target; }
    get type() { return eventFields(this).type; }
    get cancelable() { return eventFields(this).cancelable; }
    get defaultPrevented() {
      const d = eventFields(this);
      return d.cancelable && d.canceled;
    }
    get timeStamp() { return eventFields(this).timeStamp; }
    composedPath() {
      const d = eventFields(this);
      return d.dispatching ? [d.target] : [];
    }
    get returnValue() {
      const d = eventFields(this);
      return !d.cancelable || !d.canceled;
    }
    get bubbles() { return eventFields(this).bubbles; }
    get composed() { return eventFields(this).composed; }
    get eventPhase() { return eventFields(this).dispatching ? 2 : 0; }
    get cancelBubble() { return eventFields(this).propagationStopped; }
    set cancelBubble(value) {
      if (value) eventFields(this).propagationStopped = true;
    }
    stopPropagation() {
      eventFields(this).propagationStopped = true;
    }
    get isTrusted() {
      const d = WeakMapGet(eventData, this);
      return d !== undefined && d.trusted;
    }
  }
  for (const [key, value] of [["NONE", 0], ["CAPTURING_PHASE", 1], ["AT_TARGET", 2], ["BUBBLING_PHASE", 3]]) {
    defineProperty(Event, key, { __proto__: null, value, enumerable: true });
  }
  defineProperty(Event.prototype, Symbol.toStringTag, {
    __proto__: null, writable: false, enumerable: false, configurable: true, value: "Event",
  });

  // The listeners of one event type, in registration order, as a doubly linked list: a
  // dispatch in progress keeps walking it, so listeners added meanwhile run in the same
  // dispatch and removed ones are skipped.
  class ListenerList {
    constructor() {
      this.first = null;
      this.last = null;
      this.size = 0;
      this.anyResists = false;   // some listener must run even after stopImmediatePropagation
    }
    find(listener, capture) {
      for (let n = this.first; n !== null; n = n.next) {
        if (n.listener === listener && n.capture === capture) return n;
      }
      return null;
    }
    append(entry) {
      entry.prev = this.last;
      if (this.last !== null) this.last.next = entry;
      else this.first = entry;
      this.last = entry;
      this.size++;
      if (entry.resists) this.anyResists = true;
    }
    remove(entry) {
      if (entry.removed) return;
      entry.removed = true;
      if (entry.prev !== null) entry.prev.next = entry.next;
      else this.first = entry.next;
      if (entry.next !== null) entry.next.prev = entry.prev;
      else this.last = entry.prev;
      // entry.next stays set: a dispatch standing on this entry continues from there
      this.size--;
    }
  }

  function makeEntry(listener, options) {
    let callback = listener;
    if (typeof listener !== "function") {
      // an object with handleEvent(), looked up at each call
      callback = function (event) {
        const handle = listener.handleEvent;
        return handle ? ReflectApply(handle, listener, [event]) : undefined;
      };
    }
    return {
      listener, callback, prev: null, next: null, removed: false,
      once: options.once, capture: options.capture, passive: options.passive, resists: options.resists,
    };
  }

  // addEventListener's third argument: a boolean (capture) or an options object.
  function listenerOptions(options) {
    if (typeof options === "boolean") return { once: false, capture: options, passive: false, resists: false, signal: undefined };
    if (options === null || options === undefined) {
      return { once: false, capture: false, passive: false, resists: false, signal: undefined };
    }
    if (typeof options !== "object" && typeof options !== "function") throw typeError("options", "Object", options);
    return {
      once: Boolean(options.once),
      capture: Boolean(options.capture),
      passive: Boolean(options.passive),
      resists: Boolean(options[kResist] ?? false),
      signal: options.signal,
    };
  }

  // A listener must be a function or an object; null/undefined are ignored (with a warning
  // when adding).
  function usableListener(listener) {
    if (typeof listener === "function" || typeof listener?.handleEvent === "function") return true;
    if (listener == null) return false;
    if (typeof listener === "object") return true;
    throw typeError("listener", "EventListener", listener);
  }

  function eventType(type) {
    if (typeof type === "symbol") {
      throw Q.makeError("TypeError", `The argument 'value' is invalid. Received ${inspect(type)}`,
        "ERR_INVALID_ARG_VALUE");
    }
    return `${type}`;
  }

  function targetFields(target, name) {
    const d = target !== null && typeof target === "object" ? WeakMapGet(targetData, target) : undefined;
    if (d === undefined) throw invalidThis(name);
    return d;
  }

  function isEventTarget(v) {
    return v !== null && typeof v === "object" && WeakMapGet(targetData, v) !== undefined;
  }

  function leakCheck(target, type, size) {
    const max = target[kMaxTargetListeners];
    if (max > 0 && size > max && !target[kMaxTargetListenersWarned]) {
      target[kMaxTargetListenersWarned] = true;
      warn("MaxListenersExceededWarning",
        `Possible EventTarget memory leak detected. ${size} ${type} listeners added to ` +
        `${inspect(target, { depth: -1 })}. MaxListeners is ${max}. ` +
        "Use events.setMaxListeners() to increase limit",
        { target, type, count: size });
    }
  }

  function addEventListener(type, listener, options = undefined) {
    const fields = targetFields(this, "EventTarget");
    if (arguments.length < 2) throw missingArgs("type", "listener");
    const opts = listenerOptions(options);
    if (opts.signal !== undefined) {
      checkSignal(opts.signal, "options.signal");
      if (opts.signal) {
        if (opts.signal.aborted) return;
        opts.signal.addEventListener("abort", () => this.removeEventListener(type, listener, options),
          { __proto__: null, once: true, [kResist]: true });
      }
    }
    if (!usableListener(listener)) {
      warn("AddEventListenerArgumentTypeWarning", `addEventListener called with ${listener} which has no effect.`,
        { target: this, type });
      return;
    }
    const name = eventType(type);
    let list = fields.listeners.get(name);
    if (list === undefined) {
      list = new ListenerList();
      fields.listeners.set(name, list);
    } else if (list.find(listener, opts.capture) !== null) {
      return;   // the same listener twice (with the same capture flag) is ignored
    }
    list.append(makeEntry(listener, opts));
    leakCheck(this, name, list.size);
  }

  function removeEventListener(type, listener, options = undefined) {
    const fields = targetFields(this, "EventTarget");
    if (arguments.length < 2) throw missingArgs("type", "listener");
    if (!usableListener(listener)) return;
    const name = eventType(type);
    const capture = options?.capture === true;
    const list = fields.listeners.get(name);
    if (list === undefined) return;
    const entry = list.find(listener, capture);
    if (entry === null) return;
    list.remove(entry);
    if (list.size === 0) fields.listeners.delete(name);
  }

  // Errors thrown (or promises rejected) by event listeners are uncaught exceptions, reported
  // on the next tick; the dispatch goes on.
  const reportUncaught = (err) => nextTick(() => { throw err; });

  function dispatch(target, fields, event) {
    const ev = WeakMapGet(eventData, event);
    ev.target = target;
    ev.dispatching = true;
    const list = fields.listeners.get(ev.type);
    let entry = list === undefined ? null : list.first;
    while (entry !== null && (list.anyResists || entry.passive || !ev.immediateStopped)) {
      const next = entry.next;
      if (!entry.removed && !(ev.immediateStopped && !entry.resists)) {
        if (entry.once) list.remove(entry);
        try {
          const result = entry.callback.call(target, event);
          ev.dispatching = false;   // as in Node: currentTarget reads null after the first listener
          if (result !== undefined && result !== null) {
            const then = result.then;
            if (typeof then === "function") ReflectApply(then, result, [undefined, reportUncaught]);
          }
        } catch (err) {
          reportUncaught(err);
        }
      }
      entry = next;
    }
    ev.dispatching = false;
  }

  function dispatchEvent(event) {
    const fields = targetFields(this, "EventTarget");
    if (arguments.length < 1) throw missingArgs("event");
    if (!(event instanceof Event) || WeakMapGet(eventData, event) === undefined) {
      throw typeError("event", "Event", event);
    }
    const ev = WeakMapGet(eventData, event);
    if (ev.dispatching) {
      throw Q.makeError("Error", `The event "${ev.type}" is already being dispatched`, "ERR_EVENT_RECURSION");
    }
    dispatch(this, fields, event);
    return event.defaultPrevented !== true;
  }

  function targetListeners(target, type) {
    const list = WeakMapGet(targetData, target).listeners.get(type);
    const out = [];
    for (let n = list === undefined ? null : list.first; n !== null; n = n.next) out.push(n.listener);
    return out;
  }

  // `on<type>` attributes: the first assignment registers one listener (so it runs in that
  // position), later assignments only swap the function it calls; null disables it.
  function defineHandlerAttribute(prototype, type) {
    const getter = {
      [`get on${type}`]() {
        const holder = targetFields(this, "EventTarget").handlers.get(type);
        return holder === undefined ? null : holder.handler;
      },
    }[`get on${type}`];
    const setter = {
      [`set on${type}`](value) {
        const fields = targetFields(this, "EventTarget");
        const holder = fields.handlers.get(type);
        if (holder !== undefined) {
          holder.handler = value;
          return;
        }
        const created = { handler: value };
        const attribute = function eventHandler(...args) {
          if (typeof created.handler === "function") return ReflectApply(created.handler, this, args);
          return undefined;
        };
        fields.handlers.set(type, created);
        this.addEventListener(type, attribute);
      },
    }[`set on${type}`];
    defineProperty(prototype, `on${type}`, {
      __proto__: null, get: getter, set: setter, configurable: true, enumerable: true,
    });
  }

  // ---------------------------------------------------------------------------------------
  // AbortSignal / AbortController

  // A signal's fields live in targetData next to its listeners.
  function signalFields(value) {
    const d = value !== null && typeof value === "object" ? WeakMapGet(targetData, value) : undefined;
    if (d === undefined || d.signal !== true) throw invalidThis("AbortSignal");
    return d;
  }
  const isAbortSignal = (v) => {
    const d = v !== null && typeof v === "object" ? WeakMapGet(targetData, v) : undefined;
    return d !== undefined && d.signal === true;
  };

  const weakRef = typeof WeakRef === "function" ? (v) => new WeakRef(v) : (v) => ({ deref: () => v });
  const abortReason = () => domException("This operation was aborted", "AbortError");

  function newSignal(aborted = false, reason = undefined) {
    const signal = Object.create(AbortSignal.prototype);
    WeakMapSet(targetData, signal, {
      listeners: new Map(),
      handlers: new Map(),
      signal: true,
      aborted,
      reason,
      dependent: false,     // made by AbortSignal.any
      sources: null,        // dependent signals: Set of WeakRefs to the signals they follow
      dependents: null,     // Set of WeakRefs to dependent signals following this one
    });
    signal[kMaxTargetListeners] = EventEmitter.defaultMaxListeners;
    signal[kMaxTargetListenersWarned] = false;
    return signal;
  }

  // Abort: record the reason, run the `abort` listeners, then abort the dependent signals.
  function abortSignal(signal, reason) {
    const d = WeakMapGet(targetData, signal);
    if (d.aborted) return;
    d.aborted = true;
    d.reason = reason;
    dispatch(signal, d, new Event("abort", { [kTrusted]: true }));
    if (d.dependents !== null) {
      for (const ref of d.dependents) {
        const dependent = ref.deref();
        if (dependent !== undefined) abortSignal(dependent, reason);
      }
    }
  }

  class AbortSignal {
    constructor() {
      throw Q.makeError("TypeError", "Illegal constructor", "ERR_ILLEGAL_CONSTRUCTOR");
    }

    get aborted() {
      return signalFields(this).aborted;
    }

    get reason() {
      return signalFields(this).reason;
    }

    throwIfAborted() {
      const d = signalFields(this);
      if (d.aborted) throw d.reason;
    }

    static abort(reason = abortReason()) {
      return newSignal(true, reason);
    }

    // A signal that aborts after `delay` ms with a TimeoutError. Its timer is unref'd: it never
    // keeps the process alive by itself.
    static timeout(delay) {
      checkInteger(delay, "delay", 0, 4294967295);
      if (Q.timers === undefined) throw Q.makeError("Error", "AbortSignal.timeout needs the timers builtin");
      const signal = newSignal();
      const timer = Q.timers.setTimeout(() => {
        abortSignal(signal, domException("The operation was aborted due to timeout", "TimeoutError"));
      }, delay);
      timer.unref();
      return signal;
    }

    // A signal that aborts as soon as any of `signals` does, with its reason. It follows the
    // underlying signals directly (the sources of a signal made by any() itself), as the DOM
    // standard specifies.
    static any(signals) {
      if (!Array.isArray(signals)) throw typeError("signals", "Array", signals);
      for (let i = 0; i < signals.length; i++) {
        if (!isAbortSignal(signals[i])) throw typeError(`signals[${i}]`, "AbortSignal", signals[i]);
      }
      const result = newSignal();
      const rd = WeakMapGet(targetData, result);
      rd.dependent = true;
      rd.sources = new Set();
      const followed = new Set();
      const resultRef = weakRef(result);
      const follow = (source) => {
        if (followed.has(source)) return;
        followed.add(source);
        const sd = WeakMapGet(targetData, source);
        rd.sources.add(weakRef(source));
        if (sd.dependents === null) sd.dependents = new Set();
        sd.dependents.add(resultRef);
      };
      for (const signal of signals) {
        const sd = WeakMapGet(targetData, signal);
        if (sd.aborted) {
          abortSignal(result, sd.reason);
          return result;
        }
        if (!sd.dependent) {
          follow(signal);
        } else {
          for (const ref of sd.sources) {
            const source = ref.deref();
            if (source !== undefined) follow(source);
          }
        }
      }
      return result;
    }
  }

  // The listener methods live on AbortSignal.prototype itself (no EventTarget class here).
  for (const [key, fn] of [["addEventListener", addEventListener],
    ["removeEventListener", removeEventListener], ["dispatchEvent", dispatchEvent]]) {
    defineProperty(AbortSignal.prototype, key, {
      __proto__: null, value: fn, writable: true, enumerable: true, configurable: true,
    });
  }
  defineProperty(AbortSignal.prototype, "aborted", { __proto__: null, enumerable: true });
  defineProperty(AbortSignal.prototype, Symbol.toStringTag, {
    __proto__: null, writable: false, enumerable: false, configurable: true, value: "AbortSignal",
  });
  defineHandlerAttribute(AbortSignal.prototype, "abort");

  class AbortController {
    #signal = newSignal();

    get signal() {
      return this.#signal;
    }

    abort(reason = abortReason()) {
      abortSignal(this.#signal, reason);
    }
  }
  for (const key of ["signal", "abort"]) {
    defineProperty(AbortController.prototype, key, { __proto__: null, enumerable: true });
  }
  defineProperty(AbortController.prototype, Symbol.toStringTag, {
    __proto__: null, writable: false, enumerable: false, configurable: true, value: "AbortController",
  });

  // ---------------------------------------------------------------------------------------
  // Registration.

  Q.defineBuiltin("events", () => EventEmitter);
  Q.isEventEmitter = (v) =>
    v !== null && (typeof v === "object" || typeof v === "function") && WeakSetHas(brand, v);
  Q.AbortController = AbortController;
  Q.AbortSignal = AbortSignal;
  Q.DOMException = DOMExceptionCtor;
})
