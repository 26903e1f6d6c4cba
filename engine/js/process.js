// The small `process` global, installed only when the runtime enables Node globals.
(function (Q) {
  "use strict";

  const info = Q.hostCall("qjsb.process.info");
  const nextTick = Q.nextTick;

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

  function normalizeExitCode(code) {
    if (code === undefined || code === null) return undefined;
    const n = typeof code === "string" && code.trim() !== "" ? Number(code) : code;
    if (typeof n !== "number" || !Number.isInteger(n)) throw Q.invalidArgType("code", "number", code);
    return n;
  }

  const process = {
    argv: info.argv,
    argv0: info.argv[0],
    execArgv: [],
    env: info.env,
    platform: info.platform,
    arch: info.arch,
    pid: info.pid,
    version: info.version,
    versions: info.versions,
    title: "qjsbridge",
    exitCode: undefined,
    nextTick,
    cwd: () => info.cwd,
    exit(code) {
      const n = normalizeExitCode(code === undefined ? process.exitCode : code);
      if (Q.hostCall("qjsb.process.exit", n === undefined ? 0 : n)) {
        // The host has set an interrupt; spin until it fires, so no further user code runs
        // (Node's process.exit never returns either).
        for (;;) { /* interrupted within microseconds */ }
      }
      // No interrupt support: unwind with an error the runtime recognises and ignores.
      throw Q.makeError("Error", "process.exit() called", "ERR_PROCESS_EXIT");
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
  };
  const t0 = Date.now();
  function performanceNow() {
    return typeof performance !== "undefined" && performance.now ? performance.now() : Date.now() - t0;
  }
  Q.ops.getExitCode = () => {
    try {
      const n = normalizeExitCode(process.exitCode);
      return n === undefined ? null : n;
    } catch {
      return 1;
    }
  };

  Q.process = process;
  Q.cwd = process.cwd;   // path.resolve() uses it
  Q.defineBuiltin("process", () => process);
})
