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
      const source = Q.hostCall("qjsb.internalSource", file);
      const outer = Q.compileFunction("", "return (" + source + "\n)", "qjsbridge:" + file);
      outer()(Q);
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
    if (nodeGlobals) lazyGlobal("Buffer", "buffer.js", () => Q.Buffer);
  };
})
