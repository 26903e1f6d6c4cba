// The `process` global, installed only when the runtime enables Node globals.
//
// `process` is an EventEmitter, and it is where a script's lifetime shows (see the lifetime part
// of bootstrap.js and docs/event-loop.md): `exit`, `beforeExit`, `uncaughtException` (and
// `uncaughtExceptionMonitor`), `unhandledRejection`, `rejectionHandled`, `warning`, and the
// SIGINT/SIGTERM listeners the command line delivers.
(function (Q) {
  "use strict";

  const info = Q.hostCall("qjsb.process.info");
  const nextTick = Q.nextTick;
  const life = Q.life;
  const makeError = Q.makeError;
  const invalidArgType = Q.invalidArgType;
  const ReflectApply = Reflect.apply;
  const ObjectDefine = Object.defineProperty;
  const EventEmitter = Q.builtins.events !== undefined ? Q.builtins.events() : null;
  const emit = EventEmitter !== null ? EventEmitter.prototype.emit : null;
  const listenerCount = EventEmitter !== null ? EventEmitter.prototype.listenerCount : null;

  // process.emit as it is now: like Node's internals, this honours a script that wraps it (a
  // common way to filter warnings); anything that is not a function falls back to the original.
  function emitEvent(args) {
    const current = process.emit;
    return ReflectApply(typeof current === "function" ? current : emit, process, args);
  }

  function writer(stream) {
    return {
      write(chunk, encoding, callback) {
        Q.hostCall("qjsb.console.write", stream, String(chunk));
        const cb = typeof encoding === "function" ? encoding : callback;
        if (typeof cb === "function") nextTick(cb);
        return true;
      },
      isTTY: false,
    };
  }

  // process.exitCode: Node 20 validates on assignment (an integer, or a string holding one).
  function validateExitCode(value) {
    if (value === undefined || value === null) return;
    const n = typeof value === "string" && value !== "" && Number.isInteger(+value) ? +value : value;
    if (typeof n !== "number") throw invalidArgType("code", "number", value);
    if (!Number.isInteger(n)) {
      throw makeError("RangeError", 'The value of "code" is out of range. It must be an integer. ' +
        "Received " + Q.inspect(value), "ERR_OUT_OF_RANGE");
    }
  }
  let exitCode;
  // The code a process ends with: `process.exitCode || 0` as an int, like Node.
  const finalCode = (fallback) => {
    const v = exitCode || fallback || 0;
    return typeof v === "number" ? v : Number(v);
  };

  // process.env: values assigned to it become strings, and only plain data properties go in.
  function envString(value) {
    if (typeof value === "symbol") throw new TypeError("Cannot convert a Symbol value to a string");
    return `${value}`;
  }
  function makeEnv(initial) {
    const target = Object.create(Object.prototype);
    for (const key of Object.keys(initial)) target[key] = String(initial[key]);
    return new Proxy(target, {
      set(t, key, value) {
        t[key] = typeof key === "symbol" ? value : envString(value);
        return true;
      },
      defineProperty(t, key, desc) {
        if ("get" in desc || "set" in desc) {
          throw makeError("TypeError", "'process.env' does not accept an accessor(getter/setter) descriptor",
            "ERR_INVALID_OBJECT_DEFINE_PROPERTY");
        }
        if (!desc.configurable || !desc.writable || !desc.enumerable) {
          throw makeError("TypeError", "'process.env' only accepts a configurable, writable, and " +
            "enumerable data descriptor", "ERR_INVALID_OBJECT_DEFINE_PROPERTY");
        }
        t[key] = typeof key === "symbol" ? desc.value : envString(desc.value);
        return true;
      },
    });
  }

  // The object's own class, named `process` like Node's, under EventEmitter.prototype.
  const proto = Object.create(EventEmitter !== null ? EventEmitter.prototype : Object.prototype, {
    constructor: { value: function process() {}, writable: true, configurable: true },
    [Symbol.toStringTag]: { value: "process", configurable: true },
  });
  ObjectDefine(proto.constructor, "prototype", { __proto__: null, value: proto });
  const process = Object.create(proto);
  if (EventEmitter !== null) ReflectApply(EventEmitter, process, []);

  Object.assign(process, {
    argv: info.argv,
    argv0: info.argv[0],
    execArgv: [],
    env: makeEnv(info.env),
    platform: info.platform,
    arch: info.arch,
    pid: info.pid,
    version: info.version,
    versions: info.versions,
    title: "qjsbridge",
    nextTick,
    cwd: () => info.cwd,
    exit(code) {
      if (arguments.length !== 0) process.exitCode = code;
      if (!life.exiting) Q.emitExit(finalCode(), false);
      Q.reallyExit(finalCode());
    },
    emitWarning,
    kill(pid, signal = "SIGTERM") {
      if (typeof pid !== "number" && typeof pid !== "string") throw invalidArgType("pid", "number", pid);
      if (Number(pid) !== info.pid || !signals.enabled) {
        throw makeError("Error", "kill EPERM: qjsbridge scripts may only signal their own process, " +
          "and only under `qjsbridge run`", "EPERM");
      }
      const name = typeof signal === "number" ? signalName(signal) : signal;
      if (!(name in SIGNALS)) {
        throw makeError("TypeError", `Unknown signal: ${signal}`, "ERR_UNKNOWN_SIGNAL");
      }
      Q.hostCall("qjsb.signals.raise", name);
      return true;
    },
    hrtime: Object.assign(function hrtime(prev) {
      const ns = BigInt(Math.round(performanceNow() * 1e6));
      let s = Number(ns / 1000000000n), n = Number(ns % 1000000000n);
      if (Array.isArray(prev)) {
        s -= prev[0];
        n -= prev[1];
        if (n < 0) { s -= 1; n += 1e9; }
      }
      return [s, n];
    }, { bigint: () => BigInt(Math.round(performanceNow() * 1e6)) }),
    uptime: () => performanceNow() / 1000,
    stdout: writer("stdout"),
    stderr: writer("stderr"),
  });
  ObjectDefine(process, "exitCode", { __proto__: null,
    enumerable: true,
    configurable: false,
    get: () => exitCode,
    set(value) {
      validateExitCode(value);
      exitCode = value;
    },
  });
  const t0 = Date.now();
  function performanceNow() {
    return typeof performance !== "undefined" && performance.now ? performance.now() : Date.now() - t0;
  }

  // -- warnings ---------------------------------------------------------------------------------
  // process.emitWarning(warning[, type[, code]][, ctor]) or (warning, {type, code, detail, ctor}).
  function emitWarning(warning, type, code, ctor) {
    let detail;
    if (type !== null && typeof type === "object" && !Array.isArray(type)) {
      ctor = type.ctor;
      code = type.code;
      if (typeof type.detail === "string") detail = type.detail;
      type = type.type || "Warning";
    } else if (typeof type === "function") {
      ctor = type;
      code = undefined;
      type = "Warning";
    }
    if (type !== undefined && typeof type !== "string") throw invalidArgType("type", "string", type);
    if (typeof code === "function") {
      ctor = code;
      code = undefined;
    } else if (code !== undefined && typeof code !== "string") {
      throw invalidArgType("code", "string", code);
    }
    if (typeof warning === "string") {
      const text = warning;
      warning = new Error(text);
      warning.name = String(type || "Warning");
      if (code !== undefined) warning.code = code;
      if (detail !== undefined) warning.detail = detail;
      if (typeof Error.captureStackTrace === "function") {
        Error.captureStackTrace(warning, typeof ctor === "function" ? ctor : emitWarning);
      }
    } else if (!(warning instanceof Error)) {
      throw invalidArgType("warning", ["Error", "string"], warning);
    }
    if (warning.name === "DeprecationWarning") {
      if (process.noDeprecation) return;
      if (process.throwDeprecation) throw warning;
    }
    nextTick(emitWarningEvent, warning);
  }
  function emitWarningEvent(warning) {
    if (emit !== null) emitEvent(["warning", warning]);
  }
  // The listener Node installs itself: print the warning to stderr (removable, like Node's).
  function printWarning(warning) {
    if (!(warning instanceof Error)) return;
    if (warning.name === "DeprecationWarning" && process.noDeprecation) return;
    let text = "(qjsbridge) ";
    if (warning.code) text += `[${warning.code}] `;
    try {
      text += typeof warning.toString === "function" ? `${warning.toString()}`
        : Error.prototype.toString.call(warning);
    } catch {
      text += `${warning.name}: ${warning.message}`;
    }
    if (typeof warning.detail === "string") text += `\n${warning.detail}`;
    Q.hostCall("qjsb.console.write", "stderr", text + "\n");
  }
  // Internal files (events' max-listeners warning, console) warn through this; `extra` holds
  // properties for the warning object (Node's MaxListenersExceededWarning has emitter, type and
  // count).
  Q.emitWarning = (message, type, code, extra) => {
    try {
      if (extra !== null && typeof extra === "object") {
        const warning = new Error(message);
        warning.name = String(type || "Warning");
        if (code !== undefined) warning.code = code;
        Object.assign(warning, extra);
        message = warning;
      }
      emitWarning(message, type, code);
    } catch {
      // a warning must never break the program
    }
  };

  // -- signals ----------------------------------------------------------------------------------
  // Only `qjsbridge run` delivers signals (ops.enableSignals): a listener for SIGINT/SIGTERM
  // replaces the default (close the runtime and exit with 128 + the signal number).
  const SIGNALS = { __proto__: null, SIGINT: 2, SIGTERM: 15 };
  const signalName = (n) => {
    for (const name in SIGNALS) if (SIGNALS[name] === n) return name;
    return String(n);
  };
  const signals = { __proto__: null, enabled: false };
  // newListener fires before a listener is added, removeListener after one is removed.
  function signalListenerAdded(type) {
    if (signals.enabled && typeof type === "string" && type in SIGNALS) {
      Q.hostCall("qjsb.signals.listening", type, true);
    }
  }
  function signalListenerRemoved(type) {
    if (signals.enabled && typeof type === "string" && type in SIGNALS) {
      Q.hostCall("qjsb.signals.listening", type, count(type) > 0);
    }
  }
  Q.ops.enableSignals = () => {
    signals.enabled = true;
    return null;
  };
  Q.ops.deliverSignal = (name) => {
    if (!(name in SIGNALS)) return false;
    try {
      emitEvent([name, name, SIGNALS[name]]);
    } catch (e) {
      if (!Q.uncaught(e)) throw e;
    }
    return true;
  };

  // -- lifetime hooks (see bootstrap.js) --------------------------------------------------------
  const count = (name) => (listenerCount !== null ? ReflectApply(listenerCount, process, [name]) : 0);
  Q.exitCode = () => (exitCode === undefined || exitCode === null ? undefined : finalCode());
  if (EventEmitter !== null) {
    Q.dispatchUncaught = (err, origin) => {
      emitEvent(["uncaughtExceptionMonitor", err, origin]);
      if (count("uncaughtException") === 0) return false;
      emitEvent(["uncaughtException", err, origin]);
      return true;
    };
    Q.dispatchRejection = (reason, promise, handledLate) => {
      if (handledLate) {
        emitEvent(["rejectionHandled", promise]);
        return true;
      }
      if (count("unhandledRejection") === 0) return false;
      emitEvent(["unhandledRejection", reason, promise]);
      return true;
    };
    // `exit`, once: its listeners run, then the code is process.exitCode || code. With setCode
    // (an uncaught error), process.exitCode is set to `code` first, as Node does.
    Q.emitExit = (code, setCode) => {
      if (life.exiting) return finalCode(code);
      life.exiting = true;
      process._exiting = true;
      if (setCode) exitCode = code;
      try {
        emitEvent(["exit", finalCode(code)]);
      } catch (e) {
        Q.reportUncaught(e);   // an error in an exit listener is uncaught (ends the script)
      }
      return finalCode(code);
    };
    // The loop ran out of work (qjsbridge run): `beforeExit`, whose listeners may schedule more.
    Q.ops.emitBeforeExit = () => {
      if (life.exiting) return null;
      try {
        emitEvent(["beforeExit", finalCode()]);
      } catch (e) {
        if (!Q.uncaught(e)) throw e;
      }
      return null;
    };
    // ...and still nothing to do: `exit`; returns the code the script ends with.
    Q.ops.emitExit = () => Q.emitExit(finalCode(), false);
    process._exiting = false;
    process.on("newListener", signalListenerAdded);
    process.on("removeListener", signalListenerRemoved);
    process.on("warning", printWarning);
  } else {
    Q.emitExit = (code) => {
      life.exiting = true;
      return finalCode(code);
    };
    Q.ops.emitBeforeExit = () => null;
    Q.ops.emitExit = () => Q.emitExit(finalCode());
  }

  Q.process = process;
  Q.cwd = process.cwd;   // path.resolve() uses it
  Q.defineBuiltin("process", () => process);
})
