// fswatch: the JavaScript half of the file watcher (fswatch/helper.py is the other half).
// watch(path, emitter, options) validates in the Go original's order: the path (Python applies the
// host's root/allow_path policy), then the options (read here, with JavaScript's coercions; policy
// checks in Python), then the emitter, then the filesystem.
(function (Q) {
  "use strict";

  const KNOWN_OPTIONS = ["recursive", "debounceMs", "include", "exclude"];
  const MAX_PATTERNS = 10000;
  const MAX_PATTERN_LENGTH = 4096;

  function stringOf(value, what) {
    try {
      return String(value);
    } catch (e) {
      throw Q.makeError("TypeError", "fswatch: " + what + " must be a string (" + e.message + ")");
    }
  }

  function readPatterns(value, name) {
    if (value === null || value === undefined) return [];
    if (typeof value === "string") value = [value];   // one pattern (Go would split it into chars)
    const length = value.length;
    if (length === null || length === undefined) {
      throw Q.makeError("TypeError", "fswatch: " + name + " must be an array of strings");
    }
    const n = Number(length);
    if (!Number.isInteger(n) || n < 0) {
      throw Q.makeError("TypeError", "fswatch: " + name + " must be an array of strings");
    }
    if (n > MAX_PATTERNS) {
      throw Q.makeError("RangeError",
        "fswatch: " + name + " has " + n + " patterns; at most " + MAX_PATTERNS + " are allowed");
    }
    const out = [];
    for (let i = 0; i < n; i++) {
      const item = value[i];
      if (item === null || item === undefined) {
        throw Q.makeError("TypeError", "fswatch: " + name + "[" + i + "] must be a string");
      }
      const pattern = stringOf(item, name + "[" + i + "]").trim();
      if (pattern === "") throw Q.makeError("Error", "fswatch: " + name + "[" + i + "] must not be empty");
      if (pattern.length > MAX_PATTERN_LENGTH) {
        throw Q.makeError("RangeError", "fswatch: " + name + "[" + i + "] is longer than " +
          MAX_PATTERN_LENGTH + " characters");
      }
      out.push(pattern);
    }
    return out;
  }

  function readOptions(options) {
    const out = { recursive: false, debounceMs: 0, include: [], exclude: [] };
    if (options === null || options === undefined) return out;
    if (typeof options !== "object" && typeof options !== "function") {
      throw Q.makeError("TypeError", "fswatch: options must be an object");
    }
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.includes(key)) {
        throw Q.makeError("TypeError", "fswatch: unknown option \"" + key + "\" (known options: " +
          KNOWN_OPTIONS.join(", ") + ")");
      }
    }
    const recursive = options.recursive;
    if (recursive !== null && recursive !== undefined) out.recursive = Boolean(recursive);
    const debounce = options.debounceMs;
    if (debounce !== null && debounce !== undefined) {
      let n;
      try {
        n = Number(debounce);
      } catch (e) {
        n = NaN;
      }
      if (!Number.isFinite(n) || n < 0) {
        throw Q.makeError("RangeError", "fswatch: debounceMs must be a finite non-negative number");
      }
      out.debounceMs = Math.trunc(n);
    }
    out.include = readPatterns(options.include, "include");
    out.exclude = readPatterns(options.exclude, "exclude");
    return out;
  }

  Q.ops["fswatch.install"] = (specJson) => {
    const spec = JSON.parse(specJson);
    const prefix = spec.prefix;

    function watch(path, emitter, options) {
      if (path === null || path === undefined) {
        throw Q.makeError("TypeError", "fswatch: path is required");
      }
      if (typeof path !== "string") {
        throw Q.makeError("TypeError", "fswatch: path must be a string, not " + typeof path);
      }
      const p = path;
      if (p.trim() === "") throw Q.makeError("Error", "fswatch: path is empty");
      Q.hostCall(prefix + ".checkPath", p);
      const opts = readOptions(options);
      const info = Q.hostCallWithHandles(prefix + ".watch", [p, opts, emitter]);
      const token = info.token;
      let closed = false;
      const conn = {
        id: info.id,
        path: info.path,
        recursive: info.recursive,
        debounceMs: info.debounceMs,
        include: Object.freeze(info.include),
        exclude: Object.freeze(info.exclude),
        close() {
          if (!closed) {
            closed = true;
            Q.hostCall(prefix + ".close", token);
          }
          return true;
        },
      };
      return Object.freeze(conn);
    }

    Object.defineProperty(globalThis, spec.globalName, { __proto__: null,
      value: Object.freeze({ watch }),
      writable: true, configurable: true, enumerable: false,
    });
    return null;
  };
})
