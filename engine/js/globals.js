// Installs the globals a runtime exposes. Always: console, queueMicrotask (bootstrap),
// AbortController/AbortSignal (events.js). With Node globals: timers, process, global.
(function (Q) {
  "use strict";
  function define(name, value) {
    Object.defineProperty(globalThis, name, { __proto__: null,
      value, writable: true, configurable: true, enumerable: false,
    });
  }
  Q.ops.installGlobals = (nodeGlobals) => {
    if (Q.console) define("console", Q.console);
    if (Q.AbortController) define("AbortController", Q.AbortController);
    if (Q.AbortSignal) define("AbortSignal", Q.AbortSignal);
    if (Q.DOMException && typeof globalThis.DOMException === "undefined") {
      define("DOMException", Q.DOMException);
    }
    if (Q.installLazyGlobals) Q.installLazyGlobals(nodeGlobals);
    if (!nodeGlobals) return null;
    define("global", globalThis);
    if (Q.timers) {
      for (const name of ["setTimeout", "clearTimeout", "setInterval", "clearInterval",
        "setImmediate", "clearImmediate"]) {
        define(name, Q.timers[name]);
      }
    }
    if (Q.process) define("process", Q.process);
    return null;
  };
})
