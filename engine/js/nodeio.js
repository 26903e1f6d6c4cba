// stream, fs and child_process are loaded on first use (they are large, and most runtimes never
// need them); process.permission and lazy process.stdout/stderr getters are installed here.
(function (Q) {
  "use strict";

  let loaded = false;
  function load() {
    if (!loaded) {
      Q.hostCall("qjsb.nodeio.load");
      loaded = true;
    }
  }
  Q.loadNodeIO = load;
  for (const name of ["stream", "stream/promises", "string_decoder", "fs", "fs/promises", "child_process"]) {
    Q.defineBuiltin(name, () => {
      load();   // the loaded files replace these factories with the real ones
      return Q.builtins[name]();
    });
  }

  const process = Q.process;
  if (!process) return;
  for (const name of ["stdout", "stderr"]) {
    let value;
    Object.defineProperty(process, name, { __proto__: null,
      configurable: true, enumerable: true,
      get() {
        if (value === undefined) {
          load();
          value = Q[name];
        }
        return value;
      },
      set(v) {
        value = v;
      },
    });
  }
  if (Q.hostCall("qjsb.permission.enabled")) {
    const permission = {
      has(scope, reference) {
        if (typeof scope !== "string") throw Q.invalidArgType("scope", "string", scope);
        if (reference !== undefined && typeof reference !== "string") {
          throw Q.invalidArgType("reference", "string", reference);
        }
        return Q.hostCall("qjsb.permission.has", scope, reference === undefined ? null : reference);
      },
    };
    Object.defineProperty(process, "permission", { __proto__: null,
      value: permission, enumerable: true, configurable: true, writable: false });
  }
})
