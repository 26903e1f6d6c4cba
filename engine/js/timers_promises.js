// require("timers/promises"): setTimeout, setImmediate, setInterval (an async iterator) and
// scheduler, with Node 20's option checks, `signal` (an aborted timer is cleared, so it no
// longer keeps the process alive) and `ref: false`. Loaded on first use (see timers.js).
(function (Q) {
  "use strict";

  const { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate } = Q.timers;

  class AbortError extends Error {
    constructor(message = "The operation was aborted", options = undefined) {
      super(message, options);
      this.code = "ABORT_ERR";
      this.name = "AbortError";
    }
  }
  const aborted = (signal) => new AbortError(undefined, { cause: signal.reason });

  // Node checks the options before doing anything; a bad one rejects the returned promise.
  function checkOptions(options) {
    if (options === null || typeof options !== "object") {
      throw Q.invalidArgType("options", "Object", options);
    }
    const { signal, ref = true } = options;
    if (signal !== undefined && !(Q.AbortSignal && signal instanceof Q.AbortSignal)) {
      throw Q.invalidArgType("options.signal", "AbortSignal", signal);
    }
    if (typeof ref !== "boolean") throw Q.invalidArgType("options.ref", "boolean", ref);
    return { signal, ref };
  }

  function onAbort(signal, fn) {
    if (signal === undefined) return () => {};
    signal.addEventListener("abort", fn, { once: true });
    return () => signal.removeEventListener("abort", fn);
  }

  // One settle-once timer behind both promise forms: `schedule(fire)` arms it and returns the
  // handle, `cancel(handle)` disarms it when the signal aborts.
  function promiseTimer(schedule, cancel, value, options) {
    let opts;
    try {
      opts = checkOptions(options);
    } catch (e) {
      return Promise.reject(e);
    }
    const { signal, ref } = opts;
    if (signal !== undefined && signal.aborted) return Promise.reject(aborted(signal));
    return new Promise((resolve, reject) => {
      let stop = () => {};
      const handle = schedule(() => {
        stop();
        resolve(value);
      });
      if (!ref) handle.unref();
      stop = onAbort(signal, () => {
        cancel(handle);
        reject(aborted(signal));
      });
    });
  }

  function promiseTimeout(after, value, options = {}) {
    return promiseTimer((fire) => setTimeout(fire, after), clearTimeout, value, options);
  }

  function promiseImmediate(value, options = {}) {
    return promiseTimer(setImmediate, clearImmediate, value, options);
  }

  // Each tick of the interval is counted; next() takes one (or waits for the next one).
  async function* promiseInterval(after, value, options = {}) {
    const { signal, ref } = checkOptions(options);
    if (signal !== undefined && signal.aborted) throw aborted(signal);
    let ticks = 0;
    let wake = null;
    let failed = null;
    const interval = setInterval(() => {
      ticks++;
      if (wake !== null) {
        const w = wake;
        wake = null;
        w.resolve();
      }
    }, after);
    if (!ref) interval.unref();
    const stop = onAbort(signal, () => {
      clearInterval(interval);
      failed = aborted(signal);
      if (wake !== null) {
        const w = wake;
        wake = null;
        w.reject(failed);
      }
    });
    try {
      for (;;) {
        if (failed !== null) throw failed;
        if (ticks === 0) {
          await new Promise((resolve, reject) => {
            wake = { resolve, reject };
          });
        }
        while (ticks > 0) {
          ticks--;
          yield value;
        }
      }
    } finally {
      clearInterval(interval);
      stop();
    }
  }

  function copyName(fn, name) {
    Object.defineProperty(fn, "name", { __proto__: null, value: name, configurable: true });
    return fn;
  }
  const promises = {
    setTimeout: copyName(promiseTimeout, "setTimeout"),
    setImmediate: copyName(promiseImmediate, "setImmediate"),
    setInterval: copyName(promiseInterval, "setInterval"),
    scheduler: {
      wait: (delay, options) => promiseTimeout(delay, undefined, options),
      yield: () => promiseImmediate(),
    },
  };
  Q.timersPromises = promises;
})
