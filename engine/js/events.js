/*
 * qjsbridge: the `events` builtin (EventEmitter, events.once/on, ...) plus a minimal
 * AbortController / AbortSignal / AbortError.
 *
 * Portions derived from Node.js lib/events.js, MIT License, Copyright Node.js contributors.
 * (Also lib/internal/abort_controller.js, lib/internal/event_target.js,
 * lib/internal/events/abort_listener.js and the error/validator helpers they use; same
 * licence and copyright.) Behaviour follows Node.js v20.
 *
 * This file is ONE function expression, called with Q (the internal registry).
 */
(function (Q) {
  "use strict";

  const ObjectDefineProperty = Object.defineProperty;
  const ObjectGetPrototypeOf = Object.getPrototypeOf;
  const ObjectSetPrototypeOf = Object.setPrototypeOf;
  const ReflectOwnKeys = Reflect.ownKeys;
  const ReflectApply = Reflect.apply;
  const NumberIsNaN = Number.isNaN;
  const NumberIsInteger = Number.isInteger;
  const PromiseResolve = (v) => Promise.resolve(v);
  const PromiseReject = (e) => Promise.reject(e);
  const NativeError = Error;

  const kRejection = Symbol.for("nodejs.rejection");
  const kCapture = Symbol("kCapture");
  const kErrorMonitor = Symbol("events.errorMonitor");
  const kShapeMode = Symbol("shapeMode");
  const kMaxEventTargetListeners = Symbol("events.maxEventTargetListeners");
  const kMaxEventTargetListenersWarned = Symbol("events.maxEventTargetListenersWarned");
  const kWatermarkData = Symbol.for("nodejs.watermarkData");
  const SymbolDispose = typeof Symbol.dispose === "symbol" ? Symbol.dispose : Symbol.for("nodejs.dispose");
  const kEmptyObject = Object.freeze({ __proto__: null });

  // Objects on which EventEmitter.init ran (Q.isEventEmitter).
  // The host recognises real emitters by this brand; captured methods, so a script that
  // patches WeakSet.prototype can neither read nor forge it.
  const emitterBrand = new WeakSet();
  const WeakSetHas = Function.prototype.call.bind(WeakSet.prototype.has);
  const WeakSetAdd = Function.prototype.call.bind(WeakSet.prototype.add);

  // ---------------------------------------------------------------------------------------
  // Helpers: inspect, errors, validators (shaped like Node's internal/errors & validators).

  function inspect(v, opts) {
    try {
      return Q.inspect(v, opts);   // looked up at call time: console.js replaces Q.inspect later
    } catch {
      try { return String(v); } catch { return "<unprintable>"; }
    }
  }

  function makeError(name, message, code) {
    return Q.makeError(name, message, code);
  }

  // util.inspect(obj, { depth: -1 }) ("[EventEmitter]"), as Node's warnings print targets.
  const shallowInspect = (obj) => inspect(obj, { depth: -1 });
  const formatList = Q.formatList;
  const ERR_INVALID_ARG_TYPE = (name, expected, actual) => Q.invalidArgType(name, expected, actual);

  function addNumericalSeparator(val) {
    let res = "";
    let i = val.length;
    const start = val[0] === "-" ? 1 : 0;
    for (; i >= start + 4; i -= 3) res = `_${val.slice(i - 3, i)}${res}`;
    return `${val.slice(0, i)}${res}`;
  }

  function ERR_OUT_OF_RANGE(str, range, input) {
    let received;
    if (NumberIsInteger(input) && Math.abs(input) > 2 ** 32) {
      received = addNumericalSeparator(String(input));
    } else if (typeof input === "bigint") {
      received = String(input);
      if (input > 2n ** 32n || input < -(2n ** 32n)) received = addNumericalSeparator(received);
      received += "n";
    } else if (typeof input === "number") {
      received = Object.is(input, -0) ? "-0" : String(input);
    } else {
      received = inspect(input);
    }
    return makeError("RangeError",
      `The value of "${str}" is out of range. It must be ${range}. Received ${received}`,
      "ERR_OUT_OF_RANGE");
  }

  function ERR_UNHANDLED_ERROR(err = undefined) {
    const msg = "Unhandled error.";
    return makeError("Error", err === undefined ? msg : `${msg} (${err})`, "ERR_UNHANDLED_ERROR");
  }

  function ERR_INVALID_THIS(type) {
    return makeError("TypeError", `Value of "this" must be of type ${type}`, "ERR_INVALID_THIS");
  }

  function ERR_MISSING_ARGS(...args) {
    const len = args.length;
    const wrapped = args.map((a) => `"${a}"`);
    return makeError("TypeError",
      `The ${formatList(wrapped)} argument${len > 1 ? "s" : ""} must be specified`,
      "ERR_MISSING_ARGS");
  }

  function validateNumber(value, name, min = undefined, max) {
    if (typeof value !== "number") throw ERR_INVALID_ARG_TYPE(name, "number", value);
    if ((min != null && value < min) || (max != null && value > max) ||
        ((min != null || max != null) && NumberIsNaN(value))) {
      throw ERR_OUT_OF_RANGE(
        name,
        `${min != null ? `>= ${min}` : ""}${min != null && max != null ? " && " : ""}` +
        `${max != null ? `<= ${max}` : ""}`,
        value);
    }
  }

  function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
    if (typeof value !== "number") throw ERR_INVALID_ARG_TYPE(name, "number", value);
    if (!NumberIsInteger(value)) throw ERR_OUT_OF_RANGE(name, "an integer", value);
    if (value < min || value > max) throw ERR_OUT_OF_RANGE(name, `>= ${min} && <= ${max}`, value);
  }

  function validateBoolean(value, name) {
    if (typeof value !== "boolean") throw ERR_INVALID_ARG_TYPE(name, "boolean", value);
  }

  function validateFunction(value, name) {
    if (typeof value !== "function") throw ERR_INVALID_ARG_TYPE(name, "Function", value);
  }

  function validateAbortSignal(signal, name) {
    if (signal !== undefined &&
        (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
      throw ERR_INVALID_ARG_TYPE(name, "AbortSignal", signal);
    }
  }

  function validateArray(value, name, minLength = 0) {
    if (!Array.isArray(value)) throw ERR_INVALID_ARG_TYPE(name, "Array", value);
    if (value.length < minLength) {
      throw makeError("TypeError",
        `The argument '${name}' must be longer than ${minLength}. Received ${inspect(value)}`,
        "ERR_INVALID_ARG_VALUE");
    }
  }

  // ---------------------------------------------------------------------------------------
  // Scheduling and reporting helpers (resolved at call time: timers may be installed later).

  function queueMicro(fn) {
    const qm = typeof Q.queueMicrotask === "function" ? Q.queueMicrotask
      : (typeof queueMicrotask === "function" ? queueMicrotask : null);
    if (qm !== null) qm(fn);
    else Promise.resolve().then(fn);
  }

  // process.nextTick when the runtime has it; a microtask otherwise.
  function nextTick(fn, ...args) {
    if (typeof Q.nextTick === "function") return Q.nextTick(fn, ...args);
    const p = globalThis.process;
    if (p !== null && typeof p === "object" && typeof p.nextTick === "function") {
      return p.nextTick(fn, ...args);
    }
    queueMicro(() => fn(...args));
  }

  // Node: process.nextTick(() => { throw err; }) -> 'uncaughtException'.
  function emitUncaughtException(err) {
    nextTick(() => { throw err; });
  }

  function emitWarning(name, message) {
    try {
      Q.hostCall("qjsb.console.write", "stderr", `(qjsbridge) ${name}: ${message}\n`);
    } catch {
      // a warning must never break the program
    }
  }

  // ---------------------------------------------------------------------------------------
  // AbortError (Node's internal/errors AbortError).

  class AbortError extends NativeError {
    constructor(message = "The operation was aborted", options = undefined) {
      if (options !== undefined && typeof options !== "object") {
        throw ERR_INVALID_ARG_TYPE("options", "Object", options);
      }
      super(message, options);
      this.code = "ABORT_ERR";
      this.name = "AbortError";
    }
  }

  // ---------------------------------------------------------------------------------------
  // EventEmitter (port of lib/events.js).

  function EventEmitter(opts) {
    EventEmitter.init.call(this, opts);
  }

  EventEmitter.addAbortListener = addAbortListener;
  EventEmitter.once = once;
  EventEmitter.on = on;
  EventEmitter.getEventListeners = getEventListeners;
  EventEmitter.getMaxListeners = getMaxListeners;
  // Backwards-compat with node 0.10.x
  EventEmitter.EventEmitter = EventEmitter;

  EventEmitter.usingDomains = false;

  EventEmitter.captureRejectionSymbol = kRejection;
  ObjectDefineProperty(EventEmitter, "captureRejections", {
    __proto__: null,
    get() {
      return EventEmitter.prototype[kCapture];
    },
    set(value) {
      validateBoolean(value, "EventEmitter.captureRejections");
      EventEmitter.prototype[kCapture] = value;
    },
    enumerable: true,
  });

  // EventEmitterAsyncResource is not provided (it needs async_hooks).

  EventEmitter.errorMonitor = kErrorMonitor;

  // The default for captureRejections is false
  ObjectDefineProperty(EventEmitter.prototype, kCapture, {
    __proto__: null,
    value: false,
    writable: true,
    enumerable: false,
  });

  EventEmitter.prototype._events = undefined;
  EventEmitter.prototype._eventsCount = 0;
  EventEmitter.prototype._maxListeners = undefined;

  // By default EventEmitters will print a warning if more than 10 listeners are
  // added to it. This is a useful default which helps finding memory leaks.
  let defaultMaxListeners = 10;

  function checkListener(listener) {
    validateFunction(listener, "listener");
  }

  ObjectDefineProperty(EventEmitter, "defaultMaxListeners", {
    __proto__: null,
    enumerable: true,
    get: function () {
      return defaultMaxListeners;
    },
    set: function (arg) {
      validateNumber(arg, "defaultMaxListeners", 0);
      defaultMaxListeners = arg;
    },
  });

  function hasEventListener(self, type) {
    if (type === undefined) return self._events !== undefined;
    return self._events !== undefined && self._events[type] !== undefined;
  }

  Object.defineProperties(EventEmitter, {
    kMaxEventTargetListeners: {
      __proto__: null,
      value: kMaxEventTargetListeners,
      enumerable: false,
      configurable: false,
      writable: false,
    },
    kMaxEventTargetListenersWarned: {
      __proto__: null,
      value: kMaxEventTargetListenersWarned,
      enumerable: false,
      configurable: false,
      writable: false,
    },
  });

  EventEmitter.setMaxListeners =
    function (n = defaultMaxListeners, ...eventTargets) {
      validateNumber(n, "setMaxListeners", 0);
      if (eventTargets.length === 0) {
        defaultMaxListeners = n;
      } else {
        for (let i = 0; i < eventTargets.length; i++) {
          const target = eventTargets[i];
          if (isEventTarget(target)) {
            target[kMaxEventTargetListeners] = n;
            target[kMaxEventTargetListenersWarned] = false;
          } else if (typeof target.setMaxListeners === "function") {
            target.setMaxListeners(n);
          } else {
            throw ERR_INVALID_ARG_TYPE("eventTargets", ["EventEmitter", "EventTarget"], target);
          }
        }
      }
    };

  EventEmitter.init = function (opts) {
    if (this._events === undefined ||
        this._events === ObjectGetPrototypeOf(this)._events) {
      this._events = { __proto__: null };
      this._eventsCount = 0;
      this[kShapeMode] = false;
    } else {
      this[kShapeMode] = true;
    }

    this._maxListeners = this._maxListeners || undefined;

    if (opts?.captureRejections) {
      validateBoolean(opts.captureRejections, "options.captureRejections");
      this[kCapture] = Boolean(opts.captureRejections);
    } else {
      // Assigning the kCapture property directly saves an expensive
      // prototype lookup in a very sensitive hot path.
      this[kCapture] = EventEmitter.prototype[kCapture];
    }

    if (this !== null && (typeof this === "object" || typeof this === "function")) {
      WeakSetAdd(emitterBrand, this);
    }
  };

  function addCatch(that, promise, type, args) {
    if (!that[kCapture]) {
      return;
    }

    // Handle Promises/A+ spec, then could be a getter
    // that throws on second use.
    try {
      const then = promise.then;

      if (typeof then === "function") {
        then.call(promise, undefined, function (err) {
          // The callback is called with nextTick to avoid a follow-up
          // rejection from this promise.
          nextTick(emitUnhandledRejectionOrErr, that, err, type, args);
        });
      }
    } catch (err) {
      that.emit("error", err);
    }
  }

  function emitUnhandledRejectionOrErr(ee, err, type, args) {
    if (typeof ee[kRejection] === "function") {
      ee[kRejection](err, type, ...args);
    } else {
      // We have to disable the capture rejections mechanism, otherwise
      // we might end up in an infinite loop.
      const prev = ee[kCapture];

      // If the error handler throws, it is not catchable and it
      // will end up in 'uncaughtException'. We restore the previous
      // value of kCapture in case the uncaughtException is present
      // and the exception is handled.
      try {
        ee[kCapture] = false;
        ee.emit("error", err);
      } finally {
        ee[kCapture] = prev;
      }
    }
  }

  EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
    validateNumber(n, "setMaxListeners", 0);
    this._maxListeners = n;
    return this;
  };

  function _getMaxListeners(that) {
    if (that._maxListeners === undefined) return EventEmitter.defaultMaxListeners;
    return that._maxListeners;
  }

  EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
    return _getMaxListeners(this);
  };

  EventEmitter.prototype.emit = function emit(type, ...args) {
    let doError = (type === "error");

    const events = this._events;
    if (events !== undefined) {
      if (doError && events[kErrorMonitor] !== undefined) this.emit(kErrorMonitor, ...args);
      doError = (doError && events.error === undefined);
    } else if (!doError) {
      return false;
    }

    // If there is no 'error' event listener then throw.
    if (doError) {
      let er;
      if (args.length > 0) er = args[0];
      if (er instanceof NativeError) {
        throw er; // Unhandled 'error' event
      }

      let stringifiedEr;
      try {
        stringifiedEr = inspect(er);
      } catch {
        stringifiedEr = er;
      }

      // At least give some kind of context to the user
      const err = ERR_UNHANDLED_ERROR(stringifiedEr);
      err.context = er;
      throw err; // Unhandled 'error' event
    }

    const handler = events[type];

    if (handler === undefined) return false;

    if (typeof handler === "function") {
      const result = handler.apply(this, args);

      // We check if result is undefined first because that
      // is the most common case so we do not pay any perf
      // penalty
      if (result !== undefined && result !== null) {
        addCatch(this, result, type, args);
      }
    } else {
      const len = handler.length;
      const listeners = arrayClone(handler);
      for (let i = 0; i < len; ++i) {
        const result = listeners[i].apply(this, args);
        if (result !== undefined && result !== null) {
          addCatch(this, result, type, args);
        }
      }
    }

    return true;
  };

  function _addListener(target, type, listener, prepend) {
    let m;
    let events;
    let existing;

    checkListener(listener);

    events = target._events;
    if (events === undefined) {
      events = target._events = { __proto__: null };
      target._eventsCount = 0;
    } else {
      // To avoid recursion in the case that type === "newListener"! Before
      // adding it to the listeners, first emit "newListener".
      if (events.newListener !== undefined) {
        target.emit("newListener", type, listener.listener ?? listener);

        // Re-assign `events` because a newListener handler could have caused the
        // this._events to be assigned to a new object
        events = target._events;
      }
      existing = events[type];
    }

    if (existing === undefined) {
      // Optimize the case of one listener. Don't need the extra array object.
      events[type] = listener;
      ++target._eventsCount;
    } else {
      if (typeof existing === "function") {
        // Adding the second element, need to change to array.
        existing = events[type] = prepend ? [listener, existing] : [existing, listener];
        // If we've already got an array, just append.
      } else if (prepend) {
        existing.unshift(listener);
      } else {
        existing.push(listener);
      }

      // Check for listener leak
      m = _getMaxListeners(target);
      if (m > 0 && existing.length > m && !existing.warned) {
        existing.warned = true;
        // No error code for this since it is a Warning
        emitWarning("MaxListenersExceededWarning",
          `Possible EventEmitter memory leak detected. ${existing.length} ${String(type)} listeners ` +
          `added to ${shallowInspect(target)}. MaxListeners is ${m}. ` +
          "Use emitter.setMaxListeners() to increase limit");
      }
    }

    return target;
  }

  EventEmitter.prototype.addListener = function addListener(type, listener) {
    return _addListener(this, type, listener, false);
  };

  EventEmitter.prototype.on = EventEmitter.prototype.addListener;

  EventEmitter.prototype.prependListener =
    function prependListener(type, listener) {
      return _addListener(this, type, listener, true);
    };

  function onceWrapper() {
    if (!this.fired) {
      this.target.removeListener(this.type, this.wrapFn);
      this.fired = true;
      if (arguments.length === 0) return this.listener.call(this.target);
      return this.listener.apply(this.target, arguments);
    }
  }

  function _onceWrap(target, type, listener) {
    const state = { fired: false, wrapFn: undefined, target, type, listener };
    const wrapped = onceWrapper.bind(state);
    wrapped.listener = listener;
    state.wrapFn = wrapped;
    return wrapped;
  }

  EventEmitter.prototype.once = function once(type, listener) {
    checkListener(listener);

    this.on(type, _onceWrap(this, type, listener));
    return this;
  };

  EventEmitter.prototype.prependOnceListener =
    function prependOnceListener(type, listener) {
      checkListener(listener);

      this.prependListener(type, _onceWrap(this, type, listener));
      return this;
    };

  function spliceOne(list, index) {
    for (; index + 1 < list.length; index++) list[index] = list[index + 1];
    list.pop();
  }

  // Emits a 'removeListener' event if and only if the listener was removed.
  EventEmitter.prototype.removeListener =
    function removeListener(type, listener) {
      checkListener(listener);

      if (!hasEventListener(this, type)) return this;

      const events = this._events;
      const list = events[type];

      if (list === listener || list.listener === listener) {
        this._eventsCount -= 1;

        if (this[kShapeMode]) {
          events[type] = undefined;
        } else if (this._eventsCount === 0) {
          this._events = { __proto__: null };
        } else {
          delete events[type];
          if (events.removeListener) this.emit("removeListener", type, list.listener || listener);
        }
      } else if (typeof list !== "function") {
        let position = -1;

        for (let i = list.length - 1; i >= 0; i--) {
          if (list[i] === listener || list[i].listener === listener) {
            position = i;
            break;
          }
        }

        if (position < 0) return this;

        if (position === 0) list.shift();
        else spliceOne(list, position);

        if (list.length === 1) events[type] = list[0];

        if (events.removeListener !== undefined) this.emit("removeListener", type, listener);
      }

      return this;
    };

  EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

  EventEmitter.prototype.removeAllListeners =
    function removeAllListeners(type) {
      if (!hasEventListener(this)) return this;
      const events = this._events;

      // Not listening for removeListener, no need to emit
      if (events.removeListener === undefined) {
        if (arguments.length === 0) {
          this._events = { __proto__: null };
          this._eventsCount = 0;
        } else if (events[type] !== undefined) {
          if (--this._eventsCount === 0) this._events = { __proto__: null };
          else delete events[type];
        }
        this[kShapeMode] = false;
        return this;
      }

      // Emit removeListener for all listeners on all events
      if (arguments.length === 0) {
        for (const key of ReflectOwnKeys(events)) {
          if (key === "removeListener") continue;
          this.removeAllListeners(key);
        }
        this.removeAllListeners("removeListener");
        this._events = { __proto__: null };
        this._eventsCount = 0;
        this[kShapeMode] = false;
        return this;
      }

      const listeners = events[type];

      if (typeof listeners === "function") {
        this.removeListener(type, listeners);
      } else if (listeners !== undefined) {
        // LIFO order
        for (let i = listeners.length - 1; i >= 0; i--) {
          this.removeListener(type, listeners[i]);
        }
      }

      return this;
    };

  function _listeners(target, type, unwrap) {
    if (!hasEventListener(target, type)) return [];

    const evlistener = target._events[type];

    if (typeof evlistener === "function") {
      return unwrap ? [evlistener.listener || evlistener] : [evlistener];
    }

    return unwrap ? unwrapListeners(evlistener) : arrayClone(evlistener);
  }

  EventEmitter.prototype.listeners = function listeners(type) {
    return _listeners(this, type, true);
  };

  EventEmitter.prototype.rawListeners = function rawListeners(type) {
    return _listeners(this, type, false);
  };

  EventEmitter.listenerCount = function (emitter, type) {
    if (typeof emitter.listenerCount === "function") {
      return emitter.listenerCount(type);
    }
    return listenerCount.call(emitter, type);
  };

  EventEmitter.prototype.listenerCount = listenerCount;

  function listenerCount(type, listener) {
    const events = this._events;

    if (events !== undefined) {
      const evlistener = events[type];

      if (typeof evlistener === "function") {
        if (listener != null) {
          return listener === evlistener || listener === evlistener.listener ? 1 : 0;
        }
        return 1;
      } else if (evlistener !== undefined) {
        if (listener != null) {
          let matching = 0;
          for (let i = 0, l = evlistener.length; i < l; i++) {
            if (evlistener[i] === listener || evlistener[i].listener === listener) {
              matching++;
            }
          }
          return matching;
        }
        return evlistener.length;
      }
    }

    return 0;
  }

  EventEmitter.prototype.eventNames = function eventNames() {
    return this._eventsCount > 0 ? ReflectOwnKeys(this._events) : [];
  };

  function arrayClone(arr) {
    switch (arr.length) {
      case 2: return [arr[0], arr[1]];
      case 3: return [arr[0], arr[1], arr[2]];
      case 4: return [arr[0], arr[1], arr[2], arr[3]];
      case 5: return [arr[0], arr[1], arr[2], arr[3], arr[4]];
      case 6: return [arr[0], arr[1], arr[2], arr[3], arr[4], arr[5]];
    }
    return Array.prototype.slice.call(arr);
  }

  function unwrapListeners(arr) {
    const ret = arrayClone(arr);
    for (let i = 0; i < ret.length; ++i) {
      const orig = ret[i].listener;
      if (typeof orig === "function") ret[i] = orig;
    }
    return ret;
  }

  function getEventListeners(emitterOrTarget, type) {
    // First check if EventEmitter
    if (typeof emitterOrTarget.listeners === "function") {
      return emitterOrTarget.listeners(type);
    }
    if (isEventTarget(emitterOrTarget)) {
      return eventTargetListeners(emitterOrTarget, type);
    }
    throw ERR_INVALID_ARG_TYPE("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
  }

  function getMaxListeners(emitterOrTarget) {
    if (typeof emitterOrTarget?.getMaxListeners === "function") {
      return _getMaxListeners(emitterOrTarget);
    } else if (emitterOrTarget?.[kMaxEventTargetListeners]) {
      return emitterOrTarget[kMaxEventTargetListeners];
    }

    throw ERR_INVALID_ARG_TYPE("emitter", ["EventEmitter", "EventTarget"], emitterOrTarget);
  }

  async function once(emitter, name, options = kEmptyObject) {
    const signal = options?.signal;
    validateAbortSignal(signal, "options.signal");
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal?.reason });
    return new Promise((resolve, reject) => {
      const errorListener = (err) => {
        emitter.removeListener(name, resolver);
        if (signal != null) {
          eventTargetAgnosticRemoveListener(signal, "abort", abortListener);
        }
        reject(err);
      };
      const resolver = (...args) => {
        if (typeof emitter.removeListener === "function") {
          emitter.removeListener("error", errorListener);
        }
        if (signal != null) {
          eventTargetAgnosticRemoveListener(signal, "abort", abortListener);
        }
        resolve(args);
      };

      const opts = { __proto__: null, once: true, [kResistStopPropagation]: true };
      eventTargetAgnosticAddListener(emitter, name, resolver, opts);
      if (name !== "error" && typeof emitter.once === "function") {
        // EventTarget does not have `error` event semantics like Node
        // EventEmitters, we listen to `error` events only on EventEmitters.
        emitter.once("error", errorListener);
      }
      function abortListener() {
        eventTargetAgnosticRemoveListener(emitter, name, resolver);
        eventTargetAgnosticRemoveListener(emitter, "error", errorListener);
        reject(new AbortError(undefined, { cause: signal?.reason }));
      }
      if (signal != null) {
        eventTargetAgnosticAddListener(
          signal, "abort", abortListener,
          { __proto__: null, once: true, [kResistStopPropagation]: true });
      }
    });
  }

  const AsyncIteratorPrototype = ObjectGetPrototypeOf(
    ObjectGetPrototypeOf(async function* () {}).prototype);

  function createIterResult(value, done) {
    return { value, done };
  }

  function eventTargetAgnosticRemoveListener(emitter, name, listener, flags) {
    if (typeof emitter.removeListener === "function") {
      emitter.removeListener(name, listener);
    } else if (typeof emitter.removeEventListener === "function") {
      emitter.removeEventListener(name, listener, flags);
    } else {
      throw ERR_INVALID_ARG_TYPE("emitter", "EventEmitter", emitter);
    }
  }

  function eventTargetAgnosticAddListener(emitter, name, listener, flags) {
    if (typeof emitter.on === "function") {
      if (flags?.once) {
        emitter.once(name, listener);
      } else {
        emitter.on(name, listener);
      }
    } else if (typeof emitter.addEventListener === "function") {
      emitter.addEventListener(name, listener, flags);
    } else {
      throw ERR_INVALID_ARG_TYPE("emitter", "EventEmitter", emitter);
    }
  }

  // FIFO queue with O(1) push/shift (Node uses internal/fixed_queue).
  class FixedQueue {
    constructor() {
      this.items = [];
      this.head = 0;
    }
    isEmpty() {
      return this.head === this.items.length;
    }
    push(v) {
      this.items.push(v);
    }
    shift() {
      if (this.head === this.items.length) return undefined;
      const v = this.items[this.head];
      this.items[this.head] = undefined;
      this.head++;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      return v;
    }
  }

  function on(emitter, event, options = kEmptyObject) {
    // Parameters validation
    const signal = options.signal;
    validateAbortSignal(signal, "options.signal");
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal?.reason });
    // Support both highWaterMark and highWatermark for backward compatibility
    const highWatermark = options.highWaterMark ?? options.highWatermark ?? Number.MAX_SAFE_INTEGER;
    validateInteger(highWatermark, "options.highWaterMark", 1);
    // Support both lowWaterMark and lowWatermark for backward compatibility
    const lowWatermark = options.lowWaterMark ?? options.lowWatermark ?? 1;
    validateInteger(lowWatermark, "options.lowWaterMark", 1);

    // Preparing controlling queues and variables
    const unconsumedEvents = new FixedQueue();
    const unconsumedPromises = new FixedQueue();
    let paused = false;
    let error = null;
    let finished = false;
    let size = 0;

    const iterator = ObjectSetPrototypeOf({
      next() {
        // First, we consume all unread events
        if (size) {
          const value = unconsumedEvents.shift();
          size--;
          if (paused && size < lowWatermark) {
            emitter.resume();
            paused = false;
          }
          return PromiseResolve(createIterResult(value, false));
        }

        // Then we error, if an error happened
        // This happens one time if at all, because after 'error'
        // we stop listening
        if (error) {
          const p = PromiseReject(error);
          // Only the first element errors
          error = null;
          return p;
        }

        // If the iterator is finished, resolve to done
        if (finished) return closeHandler();

        // Wait until an event happens
        return new Promise(function (resolve, reject) {
          unconsumedPromises.push({ resolve, reject });
        });
      },

      return() {
        return closeHandler();
      },

      throw(err) {
        if (!err || !(err instanceof NativeError)) {
          throw ERR_INVALID_ARG_TYPE("EventEmitter.AsyncIterator", "Error", err);
        }
        errorHandler(err);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
      [kWatermarkData]: {
        get size() {
          return size;
        },
        get low() {
          return lowWatermark;
        },
        get high() {
          return highWatermark;
        },
        get isPaused() {
          return paused;
        },
      },
    }, AsyncIteratorPrototype);

    // Adding event handlers
    const { addEventListener, removeAll } = listenersController();
    addEventListener(emitter, event, function (...args) {
      return eventHandler(args);
    });
    if (event !== "error" && typeof emitter.on === "function") {
      addEventListener(emitter, "error", errorHandler);
    }
    const closeEvents = options?.close;
    if (closeEvents?.length) {
      for (let i = 0; i < closeEvents.length; i++) {
        addEventListener(emitter, closeEvents[i], closeHandler);
      }
    }

    const abortListenerDisposable = signal ? addAbortListener(signal, abortListener) : null;

    return iterator;

    function abortListener() {
      errorHandler(new AbortError(undefined, { cause: signal?.reason }));
    }

    function eventHandler(value) {
      if (unconsumedPromises.isEmpty()) {
        size++;
        if (!paused && size > highWatermark) {
          paused = true;
          emitter.pause();
        }
        unconsumedEvents.push(value);
      } else {
        unconsumedPromises.shift().resolve(createIterResult(value, false));
      }
    }

    function errorHandler(err) {
      if (unconsumedPromises.isEmpty()) error = err;
      else unconsumedPromises.shift().reject(err);

      closeHandler();
    }

    function closeHandler() {
      abortListenerDisposable?.[SymbolDispose]();
      removeAll();
      finished = true;
      const doneResult = createIterResult(undefined, true);
      while (!unconsumedPromises.isEmpty()) {
        unconsumedPromises.shift().resolve(doneResult);
      }

      return PromiseResolve(doneResult);
    }
  }

  function listenersController() {
    const listeners = [];

    return {
      addEventListener(emitter, event, handler, flags) {
        eventTargetAgnosticAddListener(emitter, event, handler, flags);
        listeners.push([emitter, event, handler, flags]);
      },
      removeAll() {
        while (listeners.length > 0) {
          ReflectApply(eventTargetAgnosticRemoveListener, undefined, listeners.pop());
        }
      },
    };
  }

  // events.addAbortListener (lib/internal/events/abort_listener.js).
  function addAbortListener(signal, listener) {
    if (signal === undefined) {
      throw ERR_INVALID_ARG_TYPE("signal", "AbortSignal", signal);
    }
    validateAbortSignal(signal, "signal");
    validateFunction(listener, "listener");

    let removeEventListener;
    if (signal.aborted) {
      queueMicro(() => listener());
    } else {
      signal.addEventListener("abort", listener,
        { __proto__: null, once: true, [kResistStopPropagation]: true });
      removeEventListener = () => {
        signal.removeEventListener("abort", listener);
      };
    }
    return {
      __proto__: null,
      [SymbolDispose]() {
        removeEventListener?.();
      },
    };
  }

  // ---------------------------------------------------------------------------------------
  // Minimal Event + listener list (the parts of lib/internal/event_target.js AbortSignal
  // needs). There is no public EventTarget: AbortSignal carries the methods itself.

  const kResistStopPropagation = Symbol("kResistStopPropagation");
  const kTrustEvent = Symbol("kTrustEvent");
  const eventState = new WeakMap();   // Event -> internal fields
  const targetState = new WeakMap();  // AbortSignal -> { events: Map, handlers: Map, ... }

  function eventInternals(ev) {
    const s = ev !== null && typeof ev === "object" ? eventState.get(ev) : undefined;
    if (s === undefined) throw ERR_INVALID_THIS("Event");
    return s;
  }

  const perfNow = () => {
    try {
      if (typeof performance === "object" && performance !== null &&
          typeof performance.now === "function") return performance.now();
    } catch { /* ignore */ }
    return Date.now();
  };

  class Event {
    constructor(type, options = undefined) {
      if (arguments.length === 0) throw ERR_MISSING_ARGS("type");
      if (options != null && (typeof options !== "object" || Array.isArray(options))) {
        throw ERR_INVALID_ARG_TYPE("options", "Object", options);
      }
      eventState.set(this, {
        type: `${type}`,
        bubbles: !!options?.bubbles,
        cancelable: !!options?.cancelable,
        composed: !!options?.composed,
        defaultPrevented: false,
        timeStamp: perfNow(),
        propagationStopped: false,
        stop: false,
        target: null,
        dispatching: false,
        trusted: !!options?.[kTrustEvent],
      });
    }
    stopImmediatePropagation() {
      const s = eventInternals(this);
      s.propagationStopped = true;
      s.stop = true;
    }
    preventDefault() {
      eventInternals(this).defaultPrevented = true;
    }
    get target() { return eventInternals(this).target; }
    get currentTarget() {
      const s = eventInternals(this);
      return s.dispatching ? s.target : null;
    }
    get srcElement() { return eventInternals(this).target; }
    get type() { return eventInternals(this).type; }
    get cancelable() { return eventInternals(this).cancelable; }
    get defaultPrevented() {
      const s = eventInternals(this);
      return s.cancelable && s.defaultPrevented;
    }
    get timeStamp() { return eventInternals(this).timeStamp; }
    composedPath() {
      const s = eventInternals(this);
      return s.dispatching ? [s.target] : [];
    }
    get returnValue() {
      const s = eventInternals(this);
      return !s.cancelable || !s.defaultPrevented;
    }
    get bubbles() { return eventInternals(this).bubbles; }
    get composed() { return eventInternals(this).composed; }
    get eventPhase() { return eventInternals(this).dispatching ? 2 : 0; }
    get cancelBubble() { return eventInternals(this).propagationStopped; }
    set cancelBubble(value) {
      if (value) eventInternals(this).propagationStopped = true;
    }
    stopPropagation() {
      eventInternals(this).propagationStopped = true;
    }
    get isTrusted() {
      const s = eventState.get(this);
      return s !== undefined && s.trusted;
    }
  }
  for (const [k, v] of [["NONE", 0], ["CAPTURING_PHASE", 1], ["AT_TARGET", 2], ["BUBBLING_PHASE", 3]]) {
    ObjectDefineProperty(Event, k, { __proto__: null, value: v, enumerable: true });
  }
  ObjectDefineProperty(Event.prototype, Symbol.toStringTag, {
    __proto__: null, writable: false, enumerable: false, configurable: true, value: "Event",
  });

  class Listener {
    constructor(previous, listener, once, capture, passive, resistStopPropagation) {
      this.next = undefined;
      if (previous !== undefined) previous.next = this;
      this.previous = previous;
      this.listener = listener;
      this.once = once;
      this.capture = capture;
      this.passive = passive;
      this.resistStopPropagation = resistStopPropagation;
      this.removed = false;
      if (typeof listener === "function") {
        this.callback = listener;
      } else {
        this.callback = async (...args) => {
          if (listener.handleEvent) await ReflectApply(listener.handleEvent, listener, args);
        };
      }
    }
    same(listener, capture) {
      return this.listener === listener && this.capture === capture;
    }
    remove() {
      if (this.previous !== undefined) this.previous.next = this.next;
      if (this.next !== undefined) this.next.previous = this.previous;
      this.removed = true;
    }
  }

  function isEventTarget(obj) {
    return obj !== null && typeof obj === "object" && targetState.has(obj);
  }

  function targetInternals(self, typeName) {
    const s = self !== null && typeof self === "object" ? targetState.get(self) : undefined;
    if (s === undefined) throw ERR_INVALID_THIS(typeName);
    return s;
  }

  function initEventTarget(self) {
    targetState.set(self, {
      events: new Map(),
      handlers: new Map(),
      aborted: false,
      reason: undefined,
      composite: false,
      sourceSignals: undefined,
      dependantSignals: undefined,
    });
    self[kMaxEventTargetListeners] = EventEmitter.defaultMaxListeners;
    self[kMaxEventTargetListenersWarned] = false;
  }

  function newListenerHook(self, size, type) {
    if (self[kMaxEventTargetListeners] > 0 &&
        size > self[kMaxEventTargetListeners] &&
        !self[kMaxEventTargetListenersWarned]) {
      self[kMaxEventTargetListenersWarned] = true;
      emitWarning("MaxListenersExceededWarning",
        "Possible EventTarget memory leak detected. " +
        `${size} ${type} listeners added to ${shallowInspect(self)}. ` +
        `MaxListeners is ${self[kMaxEventTargetListeners]}. ` +
        "Use events.setMaxListeners() to increase limit");
    }
  }

  function validateEventListener(listener) {
    if (typeof listener === "function" || typeof listener?.handleEvent === "function") return true;
    if (listener == null) return false;
    if (typeof listener === "object") return true;
    throw ERR_INVALID_ARG_TYPE("listener", "EventListener", listener);
  }

  function validateEventListenerOptions(options) {
    if (typeof options === "boolean") return { capture: options };
    if (options === null) return kEmptyObject;
    if (typeof options !== "object" && typeof options !== "function") {
      throw ERR_INVALID_ARG_TYPE("options", "Object", options);
    }
    return {
      once: Boolean(options.once),
      capture: Boolean(options.capture),
      passive: Boolean(options.passive),
      signal: options.signal,
      resistStopPropagation: options[kResistStopPropagation] ?? false,
    };
  }

  function toDOMString(type) {
    if (typeof type === "symbol") {
      throw makeError("TypeError", "Cannot convert a Symbol value to a string");
    }
    return `${type}`;
  }

  function addEventListener(type, listener, options = kEmptyObject) {
    const st = targetInternals(this, "EventTarget");
    if (arguments.length < 2) throw ERR_MISSING_ARGS("type", "listener");

    let once = false;
    let capture = false;
    let passive = false;
    let resistStopPropagation = false;

    if (options !== kEmptyObject) {
      options = validateEventListenerOptions(options);
      once = !!options.once;
      capture = !!options.capture;
      passive = !!options.passive;
      resistStopPropagation = !!options.resistStopPropagation;

      const signal = options.signal;
      validateAbortSignal(signal, "options.signal");
      if (signal) {
        if (signal.aborted) return;
        signal.addEventListener("abort", () => {
          this.removeEventListener(type, listener, options);
        }, { __proto__: null, once: true, [kResistStopPropagation]: true });
      }
    }

    if (!validateEventListener(listener)) {
      emitWarning("AddEventListenerArgumentTypeWarning",
        `addEventListener called with ${listener} which has no effect.`);
      return;
    }

    type = toDOMString(type);

    let root = st.events.get(type);
    if (root === undefined) {
      root = { size: 1, next: undefined, resistStopPropagation };
      new Listener(root, listener, once, capture, passive, resistStopPropagation);
      newListenerHook(this, root.size, type);
      st.events.set(type, root);
      return;
    }

    let handler = root.next;
    let previous = root;
    // We have to walk the linked list to see if we have a match
    while (handler !== undefined && !handler.same(listener, capture)) {
      previous = handler;
      handler = handler.next;
    }
    if (handler !== undefined) return;   // Duplicate! Ignore

    new Listener(previous, listener, once, capture, passive, resistStopPropagation);
    root.size++;
    root.resistStopPropagation ||= resistStopPropagation;
    newListenerHook(this, root.size, type);
  }

  function removeEventListener(type, listener, options = kEmptyObject) {
    const st = targetInternals(this, "EventTarget");
    if (arguments.length < 2) throw ERR_MISSING_ARGS("type", "listener");
    if (!validateEventListener(listener)) return;

    type = toDOMString(type);
    const capture = options?.capture === true;

    const root = st.events.get(type);
    if (root === undefined || root.next === undefined) return;

    let handler = root.next;
    while (handler !== undefined) {
      if (handler.same(listener, capture)) {
        handler.remove();
        root.size--;
        if (root.size === 0) st.events.delete(type);
        break;
      }
      handler = handler.next;
    }
  }

  function addCatchET(promise) {
    const then = promise.then;
    if (typeof then === "function") {
      then.call(promise, undefined, function (err) {
        emitUncaughtException(err);
      });
    }
  }

  function dispatchEventImpl(target, st, event) {
    const es = eventState.get(event);
    es.target = target;
    es.dispatching = true;

    const root = st.events.get(es.type);
    if (root === undefined || root.next === undefined) {
      es.dispatching = false;
      return;
    }

    let handler = root.next;
    let next;
    while (handler !== undefined &&
           (root.resistStopPropagation || handler.passive || es.stop !== true)) {
      // Cache the next item in case this iteration removes the current one
      next = handler.next;

      if (handler.removed || (es.stop === true && !handler.resistStopPropagation)) {
        handler = next;
        continue;
      }
      if (handler.once) {
        handler.remove();
        root.size--;
      }

      try {
        const result = handler.callback.call(target, event);
        // Node clears the "being dispatched" flag after each listener (so currentTarget is
        // null for the later ones); kept for fidelity.
        es.dispatching = false;
        if (result !== undefined && result !== null) addCatchET(result);
      } catch (err) {
        emitUncaughtException(err);
      }

      handler = next;
    }

    es.dispatching = false;
  }

  function dispatchEvent(event) {
    const st = targetInternals(this, "EventTarget");
    if (arguments.length < 1) throw ERR_MISSING_ARGS("event");
    if (!(event instanceof Event) || !eventState.has(event)) {
      throw ERR_INVALID_ARG_TYPE("event", "Event", event);
    }
    const es = eventState.get(event);
    if (es.dispatching) {
      throw makeError("Error", `The event "${es.type}" is already being dispatched`,
        "ERR_EVENT_RECURSION");
    }
    dispatchEventImpl(this, st, event);
    return event.defaultPrevented !== true;
  }

  function eventTargetListeners(target, type) {
    const st = targetState.get(target);
    const root = st.events.get(type);
    const listeners = [];
    let handler = root?.next;
    while (handler?.listener !== undefined) {
      listeners.push(handler.listener);
      handler = handler.next;
    }
    return listeners;
  }

  // on<event> handler attributes: dispatched in the order they were first set.
  function makeEventHandler(handler) {
    function eventHandler(...args) {
      if (typeof eventHandler.handler !== "function") return;
      return ReflectApply(eventHandler.handler, this, args);
    }
    eventHandler.handler = handler;
    return eventHandler;
  }

  function defineEventHandler(proto, name, event = name) {
    const propName = `on${name}`;
    function get() {
      const st = targetInternals(this, "EventTarget");
      return st.handlers.get(event)?.handler ?? null;
    }
    ObjectDefineProperty(get, "name", { __proto__: null, value: `get ${propName}` });
    function set(value) {
      const st = targetInternals(this, "EventTarget");
      let wrappedHandler = st.handlers.get(event);
      if (wrappedHandler) {
        const root = st.events.get(event);
        if (typeof wrappedHandler.handler === "function" && root !== undefined) root.size--;
        wrappedHandler.handler = value;
        if (typeof wrappedHandler.handler === "function" && root !== undefined) {
          root.size++;
          newListenerHook(this, root.size, event);
        }
      } else {
        wrappedHandler = makeEventHandler(value);
        this.addEventListener(event, wrappedHandler);
      }
      st.handlers.set(event, wrappedHandler);
    }
    ObjectDefineProperty(set, "name", { __proto__: null, value: `set ${propName}` });
    ObjectDefineProperty(proto, propName, {
      __proto__: null, get, set, configurable: true, enumerable: true,
    });
  }

  // ---------------------------------------------------------------------------------------
  // DOMException: the engine's when it has one, else a minimal work-alike.

  const DOMException = typeof globalThis.DOMException === "function"
    ? globalThis.DOMException
    : (() => {
      const codes = {
        IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4,
        InvalidCharacterError: 5, NoModificationAllowedError: 7, NotFoundError: 8,
        NotSupportedError: 9, InvalidStateError: 11, SyntaxError: 12,
        InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
        TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
        URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23,
        InvalidNodeTypeError: 24, DataCloneError: 25,
      };
      const internals = new WeakMap();
      class DOMException extends NativeError {
        constructor(message = "", options = "Error") {
          super();
          let name = "Error";
          if (options !== null && typeof options === "object") {
            name = "name" in options ? `${options.name}` : "Error";
            if ("cause" in options) {
              ObjectDefineProperty(this, "cause", {
                __proto__: null, value: options.cause,
                configurable: true, writable: true, enumerable: false,
              });
            }
          } else {
            name = `${options}`;
          }
          internals.set(this, { message: `${message}`, name });
        }
        get name() { return internals.get(this)?.name; }
        get message() { return internals.get(this)?.message; }
        get code() {
          const s = internals.get(this);
          return s === undefined ? undefined : (codes[s.name] ?? 0);
        }
      }
      ObjectDefineProperty(DOMException.prototype, Symbol.toStringTag, {
        __proto__: null, configurable: true, value: "DOMException",
      });
      const legacy = [
        ["INDEX_SIZE_ERR", 1], ["DOMSTRING_SIZE_ERR", 2], ["HIERARCHY_REQUEST_ERR", 3],
        ["WRONG_DOCUMENT_ERR", 4], ["INVALID_CHARACTER_ERR", 5], ["NO_DATA_ALLOWED_ERR", 6],
        ["NO_MODIFICATION_ALLOWED_ERR", 7], ["NOT_FOUND_ERR", 8], ["NOT_SUPPORTED_ERR", 9],
        ["INUSE_ATTRIBUTE_ERR", 10], ["INVALID_STATE_ERR", 11], ["SYNTAX_ERR", 12],
        ["INVALID_MODIFICATION_ERR", 13], ["NAMESPACE_ERR", 14], ["INVALID_ACCESS_ERR", 15],
        ["VALIDATION_ERR", 16], ["TYPE_MISMATCH_ERR", 17], ["SECURITY_ERR", 18],
        ["NETWORK_ERR", 19], ["ABORT_ERR", 20], ["URL_MISMATCH_ERR", 21],
        ["QUOTA_EXCEEDED_ERR", 22], ["TIMEOUT_ERR", 23], ["INVALID_NODE_TYPE_ERR", 24],
        ["DATA_CLONE_ERR", 25],
      ];
      for (const [k, v] of legacy) {
        ObjectDefineProperty(DOMException, k, { __proto__: null, value: v, enumerable: true });
        ObjectDefineProperty(DOMException.prototype, k, { __proto__: null, value: v, enumerable: true });
      }
      return DOMException;
    })();

  // ---------------------------------------------------------------------------------------
  // AbortSignal / AbortController (lib/internal/abort_controller.js, minus transfer/timeout).

  const WeakRefCtor = typeof WeakRef === "function" ? WeakRef : null;
  const makeRef = (v) => (WeakRefCtor !== null ? new WeakRefCtor(v) : { deref: () => v });

  function signalInternals(obj) {
    const s = obj !== null && typeof obj === "object" ? targetState.get(obj) : undefined;
    if (s === undefined || s.isSignal !== true) throw ERR_INVALID_THIS("AbortSignal");
    return s;
  }

  class AbortSignal {
    constructor() {
      throw makeError("TypeError", "Illegal constructor", "ERR_ILLEGAL_CONSTRUCTOR");
    }

    get aborted() {
      return !!signalInternals(this).aborted;
    }

    get reason() {
      return signalInternals(this).reason;
    }

    throwIfAborted() {
      const s = signalInternals(this);
      if (s.aborted) throw s.reason;
    }

    static abort(reason = new DOMException("This operation was aborted", "AbortError")) {
      return createAbortSignal({ aborted: true, reason });
    }

    static any(signals) {
      validateArray(signals, "signals");
      for (let i = 0; i < signals.length; i++) {
        const s = signals[i];
        if (!isAbortSignal(s)) throw ERR_INVALID_ARG_TYPE(`signals[${i}]`, "AbortSignal", s);
      }
      const resultSignal = createAbortSignal({ composite: true });
      if (!signals.length) return resultSignal;
      const rs = targetState.get(resultSignal);
      const resultSignalWeakRef = makeRef(resultSignal);
      rs.sourceSignals = new Set();
      for (let i = 0; i < signals.length; i++) {
        const signal = signals[i];
        const ss = targetState.get(signal);
        if (ss.aborted) {
          abortSignal(resultSignal, ss.reason);
          return resultSignal;
        }
        ss.dependantSignals ??= new Set();
        if (!ss.composite) {
          rs.sourceSignals.add(makeRef(signal));
          ss.dependantSignals.add(resultSignalWeakRef);
        } else if (!ss.sourceSignals) {
          continue;
        } else {
          for (const sourceSignal of ss.sourceSignals) {
            const sourceSignalRef = sourceSignal.deref();
            if (!sourceSignalRef) continue;
            if (rs.sourceSignals.has(sourceSignal)) continue;
            rs.sourceSignals.add(sourceSignal);
            targetState.get(sourceSignalRef).dependantSignals.add(resultSignalWeakRef);
          }
        }
      }
      return resultSignal;
    }
  }

  // EventTarget methods live on AbortSignal.prototype (there is no EventTarget class here).
  for (const [k, fn] of [["addEventListener", addEventListener],
    ["removeEventListener", removeEventListener], ["dispatchEvent", dispatchEvent]]) {
    ObjectDefineProperty(AbortSignal.prototype, k, {
      __proto__: null, value: fn, writable: true, enumerable: true, configurable: true,
    });
  }
  ObjectDefineProperty(AbortSignal.prototype, "aborted", {
    __proto__: null, enumerable: true,
  });
  ObjectDefineProperty(AbortSignal.prototype, Symbol.toStringTag, {
    __proto__: null, writable: false, enumerable: false, configurable: true, value: "AbortSignal",
  });
  defineEventHandler(AbortSignal.prototype, "abort");

  function isAbortSignal(v) {
    const s = v !== null && typeof v === "object" ? targetState.get(v) : undefined;
    return s !== undefined && s.isSignal === true;
  }

  function createAbortSignal(init = kEmptyObject) {
    const { aborted = false, reason = undefined, composite = false } = init;
    const signal = Object.create(AbortSignal.prototype);
    initEventTarget(signal);
    const s = targetState.get(signal);
    s.isSignal = true;
    s.aborted = aborted;
    s.reason = reason;
    s.composite = composite;
    return signal;
  }

  function abortSignal(signal, reason) {
    const s = targetState.get(signal);
    if (s.aborted) return;
    s.aborted = true;
    s.reason = reason;
    const event = new Event("abort", { [kTrustEvent]: true });
    dispatchEventImpl(signal, s, event);
    s.dependantSignals?.forEach((ref) => {
      const signalRef = ref.deref();
      if (signalRef) abortSignal(signalRef, reason);
    });
  }

  class AbortController {
    #signal;

    get signal() {
      this.#signal ??= createAbortSignal();
      return this.#signal;
    }

    abort(reason = new DOMException("This operation was aborted", "AbortError")) {
      abortSignal(this.#signal ??= createAbortSignal(), reason);
    }
  }
  for (const k of ["signal", "abort"]) {
    ObjectDefineProperty(AbortController.prototype, k, { __proto__: null, enumerable: true });
  }
  ObjectDefineProperty(AbortController.prototype, Symbol.toStringTag, {
    __proto__: null, writable: false, enumerable: false, configurable: true,
    value: "AbortController",
  });

  // ---------------------------------------------------------------------------------------
  // Registration.

  Q.defineBuiltin("events", () => EventEmitter);
  Q.isEventEmitter = (v) =>
    v !== null && (typeof v === "object" || typeof v === "function") && WeakSetHas(emitterBrand, v);
  Q.AbortController = AbortController;
  Q.AbortSignal = AbortSignal;
  Q.DOMException = DOMException;
})
