// fswatch: the JavaScript half of the file watcher (fswatch/helper.py is the other half).
// watch(path, emitter, options) validates in this order: the path (Python applies the host's
// root/allow_path policy), then each option in a fixed order, the host's limit on an option
// right after its shape, unknown option names last; then the emitter (a brand check that runs
// no user code); then the filesystem. Python checks every option again.
(function (Q) {
  "use strict";

  const KNOWN_OPTIONS = ["recursive", "debounceMs", "include", "exclude", "depth", "initial", "raw",
    "gitignore", "awaitWriteFinish", "poll"];
  const MAX_PATTERNS = 10000;
  const MAX_PATTERN_LENGTH = 4096;
  const MAX_DEPTH = 1000;
  const ObjectKeys = Object.keys;
  const ArrayIncludes = (a, v) => Array.prototype.includes.call(a, v);

  function fail(name, message, code) {
    throw Q.makeError(name, "fswatch: " + message, code);
  }

  function stringOf(value, what) {
    try {
      return String(value);
    } catch (e) {
      return fail("TypeError", what + " must be a string (" + e.message + ")");
    }
  }

  function readPatterns(value, name) {
    if (value === null || value === undefined) return [];
    if (typeof value === "string") value = [value];   // one pattern
    if (typeof value !== "object" && typeof value !== "function") {
      fail("TypeError", name + " must be an array of strings");
    }
    const length = value.length;
    if (length === null || length === undefined) {
      fail("TypeError", name + " must be an array of strings");
    }
    const n = Number(length);
    if (!Number.isInteger(n) || n < 0) fail("TypeError", name + " must be an array of strings");
    if (n > MAX_PATTERNS) {
      fail("RangeError", name + " has " + n + " patterns; at most " + MAX_PATTERNS + " are allowed");
    }
    const out = [];
    for (let i = 0; i < n; i++) {
      const item = value[i];
      if (item === null || item === undefined) fail("TypeError", name + "[" + i + "] must be a string");
      const pattern = stringOf(item, name + "[" + i + "]").trim();
      if (pattern === "") fail("Error", name + "[" + i + "] must not be empty");
      if (pattern.length > MAX_PATTERN_LENGTH) {
        fail("RangeError", name + "[" + i + "] is longer than " + MAX_PATTERN_LENGTH + " characters");
      }
      out.push(pattern);
    }
    return out;
  }

  function toNumber(value) {
    try {
      return Number(value);
    } catch (e) {
      return NaN;
    }
  }

  // A duration in whole milliseconds, 0 <= ms <= maxDurationMs.
  function readDuration(value, name, limits) {
    const n = toNumber(value);
    if (Number.isNaN(n) || n < 0) fail("RangeError", name + " must be a finite non-negative number");
    if (n > limits.maxDurationMs) {
      fail("RangeError", name + " must be at most " + limits.maxDurationMs + " ms (got " + n + ")");
    }
    return Math.trunc(n);
  }

  function readFlag(value) {
    return value !== null && value !== undefined && Boolean(value);
  }

  function readOptions(options, limits) {
    const out = { recursive: false, debounceMs: 0, include: [], exclude: [], depth: null,
      initial: false, raw: false, gitignore: false, awaitWriteFinish: null, poll: null };
    if (options === null || options === undefined) return out;
    if (typeof options !== "object" && typeof options !== "function") {
      fail("TypeError", "options must be an object");
    }
    out.recursive = readFlag(options.recursive);
    if (out.recursive && !limits.allowRecursive) fail("Error", "recursive watches are not allowed");
    const debounce = options.debounceMs;
    if (debounce !== null && debounce !== undefined) {
      out.debounceMs = readDuration(debounce, "debounceMs", limits);
      if (limits.maxDebounceMs !== null && out.debounceMs > limits.maxDebounceMs) {
        fail("RangeError", "debounceMs exceeds maximum of " + limits.maxDebounceMs + "ms");
      }
    }
    out.include = readPatterns(options.include, "include");
    out.exclude = readPatterns(options.exclude, "exclude");
    const depth = options.depth;
    if (depth !== null && depth !== undefined) {
      const n = toNumber(depth);
      if (!Number.isInteger(n) || n < 0 || n > MAX_DEPTH) {
        fail("RangeError", "depth must be an integer from 0 to " + MAX_DEPTH);
      }
      out.depth = n;
    }
    out.initial = readFlag(options.initial);
    out.raw = readFlag(options.raw);
    out.gitignore = readFlag(options.gitignore);
    const awf = options.awaitWriteFinish;
    if (awf !== null && awf !== undefined && awf !== false) {
      if (awf === true) {
        out.awaitWriteFinish = { stabilityMs: 2000, pollMs: 100 };
      } else if (typeof awf === "object") {
        out.awaitWriteFinish = {
          stabilityMs: awf.stabilityMs === undefined ? 2000 : readDuration(awf.stabilityMs, "awaitWriteFinish.stabilityMs", limits),
          pollMs: awf.pollMs === undefined ? 100 : readDuration(awf.pollMs, "awaitWriteFinish.pollMs", limits),
        };
        if (out.awaitWriteFinish.pollMs < 1) fail("RangeError", "awaitWriteFinish.pollMs must be at least 1 ms");
      } else {
        fail("TypeError", "awaitWriteFinish must be a boolean or {stabilityMs, pollMs}");
      }
    }
    const poll = options.poll;
    if (poll !== null && poll !== undefined && poll !== false) {
      let interval;
      if (poll === true) {
        interval = limits.defaultPollMs;
      } else if (typeof poll === "object") {
        interval = poll.intervalMs === undefined ? limits.defaultPollMs : readDuration(poll.intervalMs, "poll.intervalMs", limits);
      } else {
        fail("TypeError", "poll must be a boolean or {intervalMs}");
      }
      if (!limits.allowPolling) fail("Error", "polling watches are not allowed");
      if (interval < limits.minPollMs) {
        fail("RangeError", "poll.intervalMs is below the minimum of " + limits.minPollMs + "ms");
      }
      out.poll = interval;
    }
    for (const key of ObjectKeys(options)) {
      if (!ArrayIncludes(KNOWN_OPTIONS, key)) {
        fail("TypeError", "unknown option \"" + key + "\" (known options: " + KNOWN_OPTIONS.join(", ") + ")");
      }
    }
    return out;
  }

  // fs.watch / fs.promises.watch in Node's shape, on top of watch(): ("rename", name) when
  // something appeared, disappeared or was renamed, ("change", name) when it was modified.
  // engine/js/fs.js calls Q.fsWatch / Q.fsWatchAsync when they exist.
  function installFsWatch(watch) {
    const EventEmitter = Q.makeRequire(null)("events");
    function eventTypes(ev) {
      const type = ev.create || ev.remove || ev.rename ? "rename" : "change";
      const out = [[type, ev.relativeName]];
      if (ev.oldRelativeName !== undefined) out.unshift(["rename", ev.oldRelativeName]);
      return out;
    }
    function watchOptions(options) {
      if (typeof options === "string") return { encoding: options };
      if (options === undefined || options === null) return {};
      if (typeof options !== "object") throw Q.invalidArgType("options", ["string", "Object"], options);
      return options;
    }
    function startWatch(filename, options, onEvent, onError) {
      const path = Q.fsInternals.getPath(filename, "filename");
      if (options.recursive !== undefined && typeof options.recursive !== "boolean") {
        throw Q.invalidArgType("options.recursive", "boolean", options.recursive);
      }
      const em = new EventEmitter();
      em.on("event", (ev) => {
        for (const [type, name] of eventTypes(ev)) onEvent(type, name);
      });
      em.on("error", (info) => {
        const e = Q.makeError("Error", info.message, info.code);
        if (info.path !== undefined) e.path = info.path;
        onError(e);
      });
      return watch(path, em, { recursive: !!options.recursive, debounceMs: 0 });
    }
    class FSWatcher extends EventEmitter {
      close() {
        if (this._conn) {
          const conn = this._conn;
          this._conn = null;
          conn.close();
          Q.nextTick(() => this.emit("close"));
        }
      }
      ref() { return this; }
      unref() { return this; }
    }
    Q.fsWatch = function fsWatch(filename, options, listener) {
      if (typeof options === "function") {
        listener = options;
        options = {};
      }
      options = watchOptions(options);
      if (listener !== undefined && typeof listener !== "function") throw Q.invalidArgType("listener", "Function", listener);
      const watcher = new FSWatcher();
      watcher._conn = startWatch(filename, options,
        (type, name) => watcher.emit("change", type, name),
        (e) => watcher.emit("error", e));
      if (listener) watcher.on("change", listener);
      if (options.signal) {
        if (options.signal.aborted) Q.nextTick(() => watcher.close());
        else options.signal.addEventListener("abort", () => watcher.close(), { once: true });
      }
      return watcher;
    };
    Q.fsWatchAsync = async function* fsWatchAsync(filename, options) {
      options = watchOptions(options);
      const signal = options.signal;
      const queue = [];
      let wake = null, failure = null;
      const notify = () => { if (wake) { const w = wake; wake = null; w(); } };
      const conn = startWatch(filename, options,
        (eventType, name) => { queue.push({ eventType, filename: name }); notify(); },
        (e) => { failure = e; notify(); });
      const onAbort = () => { failure = Q.makeAbortError ? Q.makeAbortError(signal.reason) : signal.reason; notify(); };
      if (signal) {
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      }
      try {
        for (;;) {
          if (queue.length) {
            yield queue.shift();
            continue;
          }
          if (failure) throw failure;
          await new Promise((resolve) => { wake = resolve; });
        }
      } finally {
        conn.close();
        if (signal) signal.removeEventListener("abort", onAbort);
      }
    };
  }

  Q.ops["fswatch.install"] = (specJson) => {
    const spec = JSON.parse(specJson);
    const prefix = spec.prefix;
    const limits = spec.limits;
    const pendingReady = new Map();   // token -> resolve

    Q.ops["fswatch.ready." + prefix] = (token) => {
      const resolve = pendingReady.get(token);
      if (resolve !== undefined) {
        pendingReady.delete(token);
        resolve();
      }
      return null;
    };

    function watch(path, emitter, options) {
      if (path === null || path === undefined) fail("TypeError", "path is required");
      if (typeof path !== "string") fail("TypeError", "path must be a string, not " + typeof path);
      if (path.trim() === "") fail("Error", "path is empty");
      if (path.length > limits.maxPathLength) {
        fail("RangeError", "path is longer than " + limits.maxPathLength + " characters", "ENAMETOOLONG");
      }
      Q.hostCall(prefix + ".checkPath", path);
      const opts = readOptions(options, limits);
      if (Q.isEventEmitter === undefined || !Q.isEventEmitter(emitter)) {
        throw Q.makeError("TypeError", "jsevents: value is not an events.EventEmitter");
      }
      const info = Q.hostCallWithHandles(prefix + ".watch", [path, opts, emitter]);
      const token = info.token;
      let closed = false;
      let resolveReady;
      const ready = new Promise((resolve) => { resolveReady = resolve; });
      pendingReady.set(token, resolveReady);
      const conn = {
        id: info.id,
        path: info.path,
        recursive: info.recursive,
        debounceMs: info.debounceMs,
        include: Object.freeze(info.include),
        exclude: Object.freeze(info.exclude),
        backend: info.backend,
        ready,
        close() {
          if (!closed) {
            closed = true;
            Q.hostCall(prefix + ".close", token);
            const resolve = pendingReady.get(token);
            if (resolve !== undefined) {
              pendingReady.delete(token);
              resolve();
            }
          }
          return true;
        },
      };
      return Object.freeze(conn);
    }

    if (Q.fsWatch === undefined) installFsWatch(watch);

    Object.defineProperty(globalThis, spec.globalName, { __proto__: null,
      value: Object.freeze({ watch }),
      writable: true, configurable: true, enumerable: false,
    });
    return null;
  };
})
