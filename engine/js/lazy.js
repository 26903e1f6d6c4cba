// Loading on first use: the Node APIs a script may never touch (Buffer, TextEncoder, URL,
// assert, ...) live in their own files, compiled the first time a global or require() reaches
// them, so a script that uses none of them starts as fast as before they existed.
(function (Q) {
  "use strict";

  const state = Object.create(null);   // file -> "loading" | "loaded"
  // Runs the internal file `file` (a `(function (Q) {...})` expression) once.
  Q.loadInternal = function loadInternal(file) {
    if (state[file] !== undefined) return;
    state[file] = "loading";
    try {
      Q.compileInternal(file)(Q);
      state[file] = "loaded";
    } catch (e) {
      delete state[file];
      throw e;
    }
  };

  function lazyBuiltin(name, file, pick) {
    Q.defineBuiltin(name, () => {
      Q.loadInternal(file);
      return pick();
    });
  }
  lazyBuiltin("buffer", "buffer.js", () => Q.bufferModule);
  lazyBuiltin("url", "url.js", () => Q.urlModule);
  lazyBuiltin("assert", "assert.js", () => Q.assertModule);
  lazyBuiltin("assert/strict", "assert.js", () => Q.assertStrict);

  // performance: QuickJS's own now() counts from context creation; Node's timeOrigin is the
  // wall-clock time of that moment.
  const nativePerformance = globalThis.performance;
  const nativeNow = nativePerformance.now.bind(nativePerformance);
  const timeOrigin = Date.now() - nativeNow();
  class Performance {
    now() {
      return nativeNow();
    }
    get timeOrigin() {
      return timeOrigin;
    }
    toJSON() {
      return { timeOrigin };
    }
  }
  Object.defineProperty(Performance.prototype, Symbol.toStringTag, { __proto__: null, value: "Performance", configurable: true });
  const performance = new Performance();
  Q.defineBuiltin("perf_hooks", () => ({ performance }));

  // util gains the lazily loaded members (its factory is console.js's).
  const utilFactory = Q.builtins.util;
  if (utilFactory !== undefined) {
    Q.defineBuiltin("util", () => {
      const util = utilFactory();
      for (const name of ["TextEncoder", "TextDecoder"]) {
        lazyProperty(util, name, "web.js", () => Q.web[name]);
      }
      lazyProperty(util, "parseArgs", "parseargs.js", () => Q.parseArgs);
      return util;
    });
  }
  function lazyProperty(target, name, file, pick) {
    Object.defineProperty(target, name, { __proto__: null,
      configurable: true, enumerable: true,
      get() {
        Q.loadInternal(file);
        const value = pick();
        Object.defineProperty(target, name, { __proto__: null, value, writable: true, configurable: true, enumerable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(target, name, { __proto__: null, value, writable: true, configurable: true, enumerable: true });
      },
    });
  }

  // A host helper installed on first use (engine.runtime.LazyInitializer): until a script reads
  // one of its globals, or internal code calls one of its hooks (fs.watch calls Q.fsWatch), the
  // helper's Python modules are not imported and its JS file is not compiled. The host call
  // runs the real initializer, which defines the globals and hooks over these placeholders.
  const ReflectApply = Reflect.apply;
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  Q.ops.defineLazyHelper = (specJson) => {
    const spec = JSON.parse(specJson);
    const placeholders = Object.create(null);
    let loaded = false;
    function load() {
      if (loaded) return;
      for (const hook of spec.hooks) delete Q[hook];
      try {
        Q.hostCall(spec.host);
        loaded = true;
      } finally {
        if (!loaded) {   // failed: the next use tries again (and throws the same error)
          for (const hook of spec.hooks) if (Q[hook] === undefined) Q[hook] = placeholders[hook];
        }
      }
    }
    for (const hook of spec.hooks) {
      const placeholder = function (...args) {
        load();
        const real = Q[hook];
        if (real === placeholder || typeof real !== "function") {
          throw Q.makeError("Error", spec.id + " did not install " + hook);
        }
        return ReflectApply(real, this, args);
      };
      placeholders[hook] = placeholder;
      Q[hook] = placeholder;
    }
    for (const name of spec.globals) {
      const getter = function () {
        load();
        const now = getOwnPropertyDescriptor(globalThis, name);
        if (now !== undefined && now.get === getter) {   // the helper did not define it
          define(name, undefined);
          return undefined;
        }
        return globalThis[name];
      };
      Object.defineProperty(globalThis, name, { __proto__: null,
        configurable: true, enumerable: false, get: getter,
        set(value) {
          define(name, value);
        },
      });
    }
    return null;
  };

  function define(name, value) {
    Object.defineProperty(globalThis, name, { __proto__: null,
      value, writable: true, configurable: true, enumerable: false,
    });
  }
  // A global that loads its file when first read; assigning to it first just replaces it.
  function lazyGlobal(name, file, pick) {
    Object.defineProperty(globalThis, name, { __proto__: null,
      configurable: true, enumerable: false,
      get() {
        Q.loadInternal(file);
        const value = pick();
        define(name, value);
        return value;
      },
      set(value) {
        define(name, value);
      },
    });
  }
  // Called by globals.js when the runtime's globals are installed.
  Q.installLazyGlobals = (nodeGlobals) => {
    define("performance", performance);
    for (const name of ["TextEncoder", "TextDecoder", "atob", "btoa", "structuredClone"]) {
      lazyGlobal(name, "web.js", () => Q.web[name]);
    }
    lazyGlobal("URL", "url.js", () => Q.URL);
    lazyGlobal("URLSearchParams", "url.js", () => Q.URLSearchParams);
    if (nodeGlobals) lazyGlobal("Buffer", "buffer.js", () => Q.Buffer);
  };
})
