// child_process: Node 20's spawn/exec/execFile (+ Sync forms) over engine/builtins/child_process.py.
(function (Q) {
  "use strict";

  const EventEmitter = Q.makeRequire(null)("events");
  const { Readable, Writable } = Q.stream;
  const hostCall = Q.hostCall;
  const makeError = Q.makeError;
  const invalidArgType = Q.invalidArgType;
  const nextTick = Q.nextTick;

  function accessDenied(info) {
    const e = new Error(info.message);
    e.code = info.code;
    e.permission = info.permission;
    e.resource = info.resource;
    return e;
  }
  function spawnError(info, args) {
    const e = new Error(info.message);
    e.errno = info.errno;
    e.code = info.code;
    e.syscall = info.syscall;
    e.path = info.path;
    e.spawnargs = args;
    return e;
  }

  // -- argument normalisation (Node's normalizeSpawnArguments) ---------------------------------
  function validateString(v, name) {
    if (typeof v !== "string") throw invalidArgType(name, "string", v);
  }
  function normalizeSpawnArguments(file, args, options) {
    validateString(file, "file");
    if (file.length === 0) {
      throw makeError("TypeError", "The argument 'file' cannot be empty. Received ''", "ERR_INVALID_ARG_VALUE");
    }
    if (Array.isArray(args)) {
      args = args.slice();
    } else if (args === undefined || args === null) {
      args = [];
    } else if (typeof args !== "object") {
      throw invalidArgType("args", "object", args);
    } else {
      options = args;
      args = [];
    }
    if (options === undefined) options = {};
    else if (options === null || typeof options !== "object") throw invalidArgType("options", "object", options);
    for (const a of args) {
      if (typeof a !== "string") throw invalidArgType("args", "Array", args);
    }
    let cwd = options.cwd;
    if (cwd !== undefined && cwd !== null) {
      cwd = Q.fsInternals.getPath(cwd, "options.cwd");
    } else {
      cwd = undefined;
    }
    if (options.shell !== undefined && options.shell !== null && typeof options.shell !== "boolean" &&
        typeof options.shell !== "string") {
      throw invalidArgType("options.shell", ["boolean", "string"], options.shell);
    }
    if (options.argv0 !== undefined && options.argv0 !== null) validateString(options.argv0, "options.argv0");
    if (options.detached !== undefined && options.detached !== null && typeof options.detached !== "boolean") {
      throw invalidArgType("options.detached", "boolean", options.detached);
    }
    if (options.shell) {
      const command = args.length ? `${file} ${args.join(" ")}` : file;
      file = typeof options.shell === "string" ? options.shell : "/bin/sh";
      args = ["-c", command];
    }
    const argv0 = typeof options.argv0 === "string" ? options.argv0 : file;
    const envSource = options.env || (Q.process ? Q.process.env : {});
    const env = {};
    for (const key of Object.keys(envSource)) {
      const v = envSource[key];
      if (v !== undefined) env[key] = String(v);
    }
    return { file, args, argv0, cwd, env, options, detached: !!options.detached };
  }

  function stdioList(stdio) {
    if (stdio === undefined || stdio === null) return ["pipe", "pipe", "pipe"];
    if (typeof stdio === "string") {
      if (!["pipe", "inherit", "ignore", "overlapped"].includes(stdio)) {
        throw makeError("TypeError", `The argument 'stdio' is invalid. Received '${stdio}'`, "ERR_INVALID_ARG_VALUE");
      }
      const s = stdio === "overlapped" ? "pipe" : stdio;
      return [s, s, s];
    }
    if (!Array.isArray(stdio)) throw invalidArgType("options.stdio", ["string", "Array"], stdio);
    const out = [];
    for (let i = 0; i < 3; i++) {
      let s = stdio[i];
      if (s === undefined || s === null) s = "pipe";
      if (s === "overlapped") s = "pipe";
      if (s === 0 || s === 1 || s === 2) s = s === i ? "inherit" : s;
      if (typeof s === "object" && s !== null && s._isStdio) s = "inherit";
      if (!["pipe", "inherit", "ignore"].includes(s)) {
        throw makeError("TypeError", `The argument 'stdio' is invalid. Received ${Q.inspect(s)}`, "ERR_INVALID_ARG_VALUE");
      }
      out.push(s);
    }
    return out;
  }

  // -- ChildProcess --------------------------------------------------------------------------
  class ChildProcess extends EventEmitter {
    constructor() {
      super();
      this._closesNeeded = 1;
      this._closesGot = 0;
      this.connected = false;
      this.signalCode = null;
      this.exitCode = null;
      this.killed = false;
      this.spawnfile = null;
      this._handle = null;
      this.spawnargs = [];
      this.pid = undefined;
      this.stdin = null;
      this.stdout = null;
      this.stderr = null;
      this.stdio = [null, null, null];
    }

    spawn(opts) {
      const stdio = stdioList(opts.stdio);
      this.spawnfile = opts.file;
      this.spawnargs = [opts.argv0, ...opts.args];
      const self = this;
      const id = Q.ioListen((msg) => self._onHost(msg));
      this._id = id;
      let r;
      try {
        r = hostCall("qjsb.child.spawn", id, {
          file: opts.file, args: opts.args, argv0: opts.argv0, cwd: opts.cwd, env: opts.env,
          stdio, detached: opts.detached,
        });
      } catch (e) {
        Q.ioForget(id);
        throw e;
      }
      if (r.denied) {
        Q.ioForget(id);
        throw accessDenied(r.denied);
      }
      if (stdio[0] === "pipe") this.stdin = makeStdin(this);
      if (stdio[1] === "pipe") this.stdout = makeOutput(this);
      if (stdio[2] === "pipe") this.stderr = makeOutput(this);
      this.stdio = [this.stdin, this.stdout, this.stderr];
      for (const s of [this.stdout, this.stderr]) {
        if (s) {
          this._closesNeeded++;
          s.on("close", () => maybeClose(self));
        }
      }
      if (r.e) {
        Q.ioForget(id);
        const err = spawnError(r.e, opts.args);
        nextTick(() => {
          self._handle = null;
          self.emit("error", err);
          for (const s of [self.stdout, self.stderr]) {
            if (s) {
              s.push(null);
              if (!s._readableState.readableListening) s.resume();
            }
          }
          if (self.stdin) self.stdin.destroy();
          self.exitCode = r.e.errno;
          self._exited = true;
          maybeClose(self, r.e.errno, null);
        });
        return r.e.errno;
      }
      this.pid = r.pid;
      this._handle = { id };
      this._running = true;
      nextTick(() => self.emit("spawn"));
      return 0;
    }

    _onHost(msg) {
      if (msg.wrote !== undefined) {
        const cb = this._writeCallbacks && this._writeCallbacks.get(msg.wrote);
        if (cb) {
          this._writeCallbacks.delete(msg.wrote);
          cb(msg.error ? spawnWriteError(msg.error) : null);
        }
        return;
      }
      if (msg.fd !== undefined) {
        if (msg.inherit) {
          if (msg.b64) {
            const stream = msg.fd === 2 ? "stderr" : "stdout";
            const target = msg.fd === 2 ? Q.stderr : Q.stdout;
            if (target) target.write(Uint8Array.fromBase64(msg.b64));
            else hostCall("qjsb.console.write", stream, Q.utf8Decode(Uint8Array.fromBase64(msg.b64)));
          }
          return;
        }
        const stream = msg.fd === 1 ? this.stdout : this.stderr;
        if (!stream) return;
        if (msg.eof) stream.push(null);
        else if (!stream.destroyed) stream.push(Q.toBuffer(Uint8Array.fromBase64(msg.b64)));
        return;
      }
      if (msg.exit) {
        const [code, signal] = msg.exit;
        this._running = false;
        this._handle = null;
        this.exitCode = code;
        this.signalCode = signal;
        if (this.stdin) this.stdin.destroy();
        this._exited = true;
        this.emit("exit", code, signal);
        // Like Node's flushStdio: output nobody reads is drained so that 'close' can follow.
        for (const s of [this.stdout, this.stderr]) {
          if (s && s.readable && !s._readableState.readableListening) s.resume();
        }
        maybeClose(this, code, signal);
      }
    }

    kill(sig) {
      const signal = sig === 0 ? 0 : sig === undefined || sig === null ? "SIGTERM" : sig;
      if (typeof signal === "string" && !/^SIG[A-Z0-9]+$/.test(signal)) {
        throw makeError("TypeError", `Unknown signal: ${signal}`, "ERR_UNKNOWN_SIGNAL");
      }
      if (!this._running) return false;
      const ok = hostCall("qjsb.child.kill", this._id, signal);
      if (ok) this.killed = true;
      return ok;
    }
    ref() {
      if (this._id !== undefined) hostCall("qjsb.child.ref", this._id, true);
    }
    unref() {
      if (this._id !== undefined) hostCall("qjsb.child.ref", this._id, false);
    }
    [Symbol.dispose]() {
      if (!this.killed) this.kill();
    }
  }
  function maybeClose(child, code, signal) {
    if (code !== undefined) child._closeArgs = [code, signal];
    child._closesGot++;
    if (child._closesGot === child._closesNeeded) {
      const [c, s] = child._closeArgs || [child.exitCode, child.signalCode];
      child.emit("close", c, s);
    }
  }
  function spawnWriteError(info) {
    const e = new Error(info.message);
    e.errno = info.errno;
    e.code = info.code;
    e.syscall = info.syscall;
    return e;
  }
  function makeOutput() {
    const s = new Readable({ read() {} });
    return s;
  }
  function makeStdin(child) {
    let seq = 0;
    child._writeCallbacks = new Map();
    const w = new Writable({
      write(chunk, encoding, cb) {
        const n = ++seq;
        child._writeCallbacks.set(n, cb);
        const bytes = typeof chunk === "string" ? Q.bufferFromString(chunk, encoding) : chunk;
        if (!hostCall("qjsb.child.write", child._id, n, bytes.toBase64())) {
          child._writeCallbacks.delete(n);
          cb(makeError("Error", "write EPIPE", "EPIPE"));
        }
      },
      final(cb) {
        hostCall("qjsb.child.write", child._id, 0, null);
        cb();
      },
    });
    return w;
  }

  function spawn(file, args, options) {
    const opts = normalizeSpawnArguments(file, args, options);
    const o = opts.options;
    const child = new ChildProcess();
    child.spawn({ ...opts, stdio: o.stdio });
    if (o.timeout !== undefined && o.timeout !== null) {
      if (typeof o.timeout !== "number" || o.timeout < 0) throw invalidArgType("options.timeout", "number", o.timeout);
      if (o.timeout > 0) {
        let timer = setTimeoutQ(() => {
          timer = null;
          try { child.kill(o.killSignal || "SIGTERM"); } catch (e) { child.emit("error", e); }
        }, o.timeout);
        child.once("exit", () => { if (timer) clearTimeoutQ(timer); });
      }
    }
    if (o.signal) {
      const signal = o.signal;
      const onAbort = () => {
        if (child.kill(o.killSignal || "SIGTERM")) child.emit("error", Q.makeAbortError(signal.reason));
      };
      if (signal.aborted) nextTick(onAbort);
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        child.once("exit", () => signal.removeEventListener("abort", onAbort));
      }
    }
    return child;
  }
  function setTimeoutQ(fn, ms) {
    return Q.timers ? Q.timers.setTimeout(fn, ms) : globalThis.setTimeout(fn, ms);
  }
  function clearTimeoutQ(t) {
    if (Q.timers) Q.timers.clearTimeout(t);
    else globalThis.clearTimeout(t);
  }

  // -- exec / execFile -----------------------------------------------------------------------
  function execFile(file, args, options, callback) {
    if (typeof args === "function") { callback = args; args = []; options = {}; }
    else if (typeof options === "function") { callback = options; options = undefined; }
    if (args !== null && args !== undefined && !Array.isArray(args) && typeof args === "object") {
      callback = typeof options === "function" ? options : callback;
      options = args;
      args = [];
    }
    if (args === null || args === undefined) args = [];
    if (callback !== undefined && typeof callback !== "function") throw invalidArgType("callback", "Function", callback);
    options = { encoding: "utf8", timeout: 0, maxBuffer: 1024 * 1024, killSignal: "SIGTERM", cwd: null, env: null, shell: false, ...options };
    if (typeof options.maxBuffer !== "number" || options.maxBuffer < 0) {
      throw makeError("RangeError", `The value of "options.maxBuffer" is out of range. It must be a positive number. Received ${Q.inspect(options.maxBuffer)}`, "ERR_OUT_OF_RANGE");
    }
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, gid: options.gid, shell: options.shell,
      signal: options.signal, uid: options.uid, windowsHide: !!options.windowsHide,
      windowsVerbatimArguments: !!options.windowsVerbatimArguments, argv0: options.argv0 });
    const encoding = options.encoding && options.encoding !== "buffer" ? options.encoding : null;
    const out = { stdout: [], stderr: [] }, len = { stdout: 0, stderr: 0 };
    let killed = false, exited = false, ex = null, timeoutId = null;
    const cmd = [file, ...args].join(" ");
    function collect(kind) {
      const list = out[kind];
      const bytes = Q.concatBytes(list, len[kind]);
      return encoding ? Q.bytesToString(bytes, encoding) : bytes;
    }
    function exithandler(code, signal) {
      if (exited) return;
      exited = true;
      if (timeoutId) { clearTimeoutQ(timeoutId); timeoutId = null; }
      if (!callback) return;
      const stdout = collect("stdout"), stderr = collect("stderr");
      if (!ex && code === 0 && signal === null) {
        callback(null, stdout, stderr);
        return;
      }
      if (ex === null) {
        ex = new Error("Command failed: " + cmd + "\n" + (typeof stderr === "string" ? stderr : Q.bytesToString(stderr, "utf8")));
        ex.code = code < 0 ? code : code;
        ex.killed = child.killed || killed;
        ex.signal = signal;
      }
      ex.cmd = cmd;
      callback(ex, stdout, stderr);
    }
    function errorhandler(e) {
      ex = e;
      if (child.stdout) child.stdout.destroy();
      if (child.stderr) child.stderr.destroy();
      exithandler();
    }
    function kill() {
      if (child.stdout) child.stdout.destroy();
      if (child.stderr) child.stderr.destroy();
      killed = true;
      try {
        child.kill(options.killSignal);
      } catch (e) {
        ex = e;
        exithandler();
      }
    }
    if (options.timeout > 0) {
      timeoutId = setTimeoutQ(() => { if (timeoutId) { kill(); timeoutId = null; } }, options.timeout);
    }
    for (const kind of ["stdout", "stderr"]) {
      const s = child[kind];
      if (!s) continue;
      s.on("data", (chunk) => {
        const room = options.maxBuffer - len[kind];
        if (chunk.length > room) {
          out[kind].push(chunk.subarray(0, room));
          len[kind] += room;
          ex = makeError("RangeError", `${kind} maxBuffer length exceeded`, "ERR_CHILD_PROCESS_STDIO_MAXBUFFER");
          kill();
        } else {
          out[kind].push(chunk);
          len[kind] += chunk.length;
        }
      });
    }
    child.addListener("close", exithandler);
    child.addListener("error", errorhandler);
    return child;
  }
  function normalizeExecArgs(command, options, callback) {
    validateString(command, "command");
    if (typeof options === "function") {
      callback = options;
      options = undefined;
    }
    options = { ...options };
    options.shell = typeof options.shell === "string" ? options.shell : true;
    return { file: command, options, callback };
  }
  function exec(command, options, callback) {
    const opts = normalizeExecArgs(command, options, callback);
    return execFile(opts.file, opts.options, opts.callback);
  }
  const customPromisify = Symbol.for("nodejs.util.promisify.custom");
  function promisified(fn) {
    return (...args) => {
      let child;
      const p = new Promise((resolve, reject) => {
        child = fn(...args, (e, stdout, stderr) => {
          if (e) {
            e.stdout = stdout;
            e.stderr = stderr;
            reject(e);
          } else {
            resolve({ stdout, stderr });
          }
        });
      });
      p.child = child;
      return p;
    };
  }
  Object.defineProperty(exec, customPromisify, { __proto__: null, value: promisified(exec), enumerable: false });
  Object.defineProperty(execFile, customPromisify, { __proto__: null, value: promisified(execFile), enumerable: false });

  // -- sync forms ----------------------------------------------------------------------------
  function spawnSync(file, args, options) {
    const opts = normalizeSpawnArguments(file, args, options);
    const o = { maxBuffer: 1024 * 1024, ...opts.options };
    const stdio = stdioList(o.stdio);
    let input = null;
    if (o.input !== undefined && o.input !== null) {
      input = typeof o.input === "string" ? Q.bufferFromString(o.input, o.encoding && o.encoding !== "buffer" ? o.encoding : "utf8").toBase64()
        : new Uint8Array(o.input.buffer, o.input.byteOffset, o.input.byteLength).toBase64();
    }
    const r = hostCall("qjsb.child.spawnSync", {
      file: opts.file, args: opts.args, argv0: opts.argv0, cwd: opts.cwd, env: opts.env, stdio,
      input, timeout: o.timeout || 0, maxBuffer: o.maxBuffer === Infinity ? null : o.maxBuffer,
      killSignal: o.killSignal || "SIGTERM",
    });
    if (r.denied) throw accessDenied(r.denied);
    const encoding = o.encoding && o.encoding !== "buffer" ? o.encoding : null;
    const decode = (b64) => {
      if (b64 === null || b64 === undefined) return null;
      const bytes = Q.toBuffer(Uint8Array.fromBase64(b64));
      return encoding ? Q.bytesToString(bytes, encoding) : bytes;
    };
    if (r.e) {
      const err = spawnError(r.e, opts.args);
      err.message = err.message.replace(/^spawn /, "spawnSync ");
      err.syscall = "spawnSync " + opts.file;
      return { error: err, status: null, signal: null, output: null, pid: 0, stdout: null, stderr: null };
    }
    let stdout = decode(r.stdout), stderr = decode(r.stderr);
    if (stdio[1] === "inherit" && r.stdout) { Q.stdout.write(Uint8Array.fromBase64(r.stdout)); stdout = null; }
    if (stdio[2] === "inherit" && r.stderr) { Q.stderr.write(Uint8Array.fromBase64(r.stderr)); stderr = null; }
    if (stdio[1] === "inherit") stdout = null;
    if (stdio[2] === "inherit") stderr = null;
    const result = { status: r.status, signal: r.signal, output: [null, stdout, stderr], pid: r.pid, stdout, stderr };
    if (r.error) {
      const e = new Error(r.error.message);
      e.errno = r.error.errno;
      e.code = r.error.code;
      e.syscall = r.error.syscall;
      e.path = r.error.path;
      e.spawnargs = opts.args;
      result.error = e;
    }
    return result;
  }
  function checkExecSyncError(ret, args, cmd) {
    let err;
    if (ret.error) {
      err = ret.error;
      Object.assign(err, ret);
      delete err.error;
    } else if (ret.status !== 0) {
      let msg = "Command failed: ";
      msg += cmd || args.join(" ");
      if (ret.stderr && ret.stderr.length > 0) msg += `\n${typeof ret.stderr === "string" ? ret.stderr : Q.bytesToString(ret.stderr, "utf8")}`;
      err = new Error(msg);
      Object.assign(err, ret);
      delete err.error;
    }
    return err;
  }
  function execFileSync(file, args, options) {
    const opts = normalizeSpawnArguments(file, args, options);
    const o = opts.options;
    const stdio = o.stdio === undefined ? ["pipe", "pipe", "inherit"] : o.stdio;
    const ret = spawnSync(file, args, { ...o, stdio, shell: o.shell });
    const errArgs = [opts.argv0, ...opts.args];
    const err = checkExecSyncError(ret, errArgs);
    if (err) throw err;
    return ret.stdout;
  }
  function execSync(command, options) {
    const opts = normalizeExecArgs(command, options, null);
    const o = opts.options;
    const stdio = o.stdio === undefined ? ["pipe", "pipe", "inherit"] : o.stdio;
    const ret = spawnSync(opts.file, [], { ...o, stdio });
    const err = checkExecSyncError(ret, undefined, command);
    if (err) throw err;
    return ret.stdout;
  }

  const childProcess = {
    ChildProcess, spawn, exec, execFile, spawnSync, execSync, execFileSync,
    fork() {
      throw makeError("Error", "child_process.fork is not supported by qjsbridge (there is no node binary to fork)",
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM");
    },
  };
  Q.defineBuiltin("child_process", () => childProcess);
})
