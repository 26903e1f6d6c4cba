// Portions derived from Node.js lib/path.js, MIT License, Copyright Node.js contributors
//
// qjsbridge builtin `path`: the POSIX half of Node v20's lib/path.js, ported line for line.
// Evaluated as a function of Q (the internal registry built by bootstrap.js).
//
// Differences from Node (posix):
//   - `win32` is not provided: the property is absent, so `path.win32` is undefined
//     (destructuring `const { win32, posix } = require("path")` keeps working).
//   - `matchesGlob` is omitted (experimental in Node 20, needs minimatch).
//   - errors come from Q.makeError: plain TypeErrors with .code, not Node's NodeError subclass
//     (so String(err) is "TypeError: ..." rather than "TypeError [ERR_INVALID_ARG_TYPE]: ...").
(function (Q) {
  "use strict";

  const CHAR_DOT = 46;            // .
  const CHAR_FORWARD_SLASH = 47;  // /

  // ---------------------------------------------------------------------------------------
  // Validation (internal/validators + the ERR_INVALID_ARG_TYPE message of internal/errors).

  const invalidArgType = (name, expected, actual) => Q.invalidArgType(name, expected, actual);

  function validateString(value, name) {
    if (typeof value !== "string") throw invalidArgType(name, "string", value);
  }

  function validateObject(value, name) {
    if (value === null || Array.isArray(value) || typeof value !== "object") {
      throw invalidArgType(name, "object", value);
    }
  }

  function isPosixPathSeparator(code) {
    return code === CHAR_FORWARD_SLASH;
  }

  function posixCwd() {
    if (typeof Q.cwd === "function") return String(Q.cwd());
    return "/";
  }

  // ---------------------------------------------------------------------------------------
  // Resolves . and .. elements in a path with directory names
  function normalizeString(path, allowAboveRoot, separator, isPathSeparator) {
    let res = "";
    let lastSegmentLength = 0;
    let lastSlash = -1;
    let dots = 0;
    let code = 0;
    for (let i = 0; i <= path.length; ++i) {
      if (i < path.length)
        code = path.charCodeAt(i);
      else if (isPathSeparator(code))
        break;
      else
        code = CHAR_FORWARD_SLASH;

      if (isPathSeparator(code)) {
        if (lastSlash === i - 1 || dots === 1) {
          // NOOP
        } else if (dots === 2) {
          if (res.length < 2 || lastSegmentLength !== 2 ||
              res.charCodeAt(res.length - 1) !== CHAR_DOT ||
              res.charCodeAt(res.length - 2) !== CHAR_DOT) {
            if (res.length > 2) {
              const lastSlashIndex = res.lastIndexOf(separator);
              if (lastSlashIndex === -1) {
                res = "";
                lastSegmentLength = 0;
              } else {
                res = res.slice(0, lastSlashIndex);
                lastSegmentLength = res.length - 1 - res.lastIndexOf(separator);
              }
              lastSlash = i;
              dots = 0;
              continue;
            } else if (res.length !== 0) {
              res = "";
              lastSegmentLength = 0;
              lastSlash = i;
              dots = 0;
              continue;
            }
          }
          if (allowAboveRoot) {
            res += res.length > 0 ? separator + ".." : "..";
            lastSegmentLength = 2;
          }
        } else {
          if (res.length > 0)
            res += separator + path.slice(lastSlash + 1, i);
          else
            res = path.slice(lastSlash + 1, i);
          lastSegmentLength = i - lastSlash - 1;
        }
        lastSlash = i;
        dots = 0;
      } else if (code === CHAR_DOT && dots !== -1) {
        ++dots;
      } else {
        dots = -1;
      }
    }
    return res;
  }

  function formatExt(ext) {
    return ext ? (ext[0] === "." ? "" : ".") + ext : "";
  }

  function _format(sep, pathObject) {
    validateObject(pathObject, "pathObject");
    const dir = pathObject.dir || pathObject.root;
    const base = pathObject.base ||
      `${pathObject.name || ""}${formatExt(pathObject.ext)}`;
    if (!dir) {
      return base;
    }
    return dir === pathObject.root ? `${dir}${base}` : `${dir}${sep}${base}`;
  }

  // ---------------------------------------------------------------------------------------
  function createPosix() {
    const posix = {
      resolve(...args) {
        let resolvedPath = "";
        let resolvedAbsolute = false;

        for (let i = args.length - 1; i >= 0 && !resolvedAbsolute; i--) {
          const path = args[i];
          validateString(path, `paths[${i}]`);

          // Skip empty entries
          if (path.length === 0) {
            continue;
          }

          resolvedPath = `${path}/${resolvedPath}`;
          resolvedAbsolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
        }

        if (!resolvedAbsolute) {
          const cwd = posixCwd();
          resolvedPath = `${cwd}/${resolvedPath}`;
          resolvedAbsolute = cwd.charCodeAt(0) === CHAR_FORWARD_SLASH;
        }

        // Normalize the path
        resolvedPath = normalizeString(resolvedPath, !resolvedAbsolute, "/",
                                       isPosixPathSeparator);

        if (resolvedAbsolute) {
          return `/${resolvedPath}`;
        }
        return resolvedPath.length > 0 ? resolvedPath : ".";
      },

      normalize(path) {
        validateString(path, "path");

        if (path.length === 0)
          return ".";

        const isAbsolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
        const trailingSeparator = path.charCodeAt(path.length - 1) === CHAR_FORWARD_SLASH;

        // Normalize the path
        path = normalizeString(path, !isAbsolute, "/", isPosixPathSeparator);

        if (path.length === 0) {
          if (isAbsolute)
            return "/";
          return trailingSeparator ? "./" : ".";
        }
        if (trailingSeparator)
          path += "/";

        return isAbsolute ? `/${path}` : path;
      },

      isAbsolute(path) {
        validateString(path, "path");
        return path.length > 0 && path.charCodeAt(0) === CHAR_FORWARD_SLASH;
      },

      join(...args) {
        if (args.length === 0)
          return ".";

        const path = [];
        for (let i = 0; i < args.length; ++i) {
          const arg = args[i];
          validateString(arg, "path");
          if (arg.length > 0) {
            path.push(arg);
          }
        }

        if (path.length === 0)
          return ".";

        return posix.normalize(path.join("/"));
      },

      relative(from, to) {
        validateString(from, "from");
        validateString(to, "to");

        if (from === to)
          return "";

        // Trim leading forward slashes.
        from = posix.resolve(from);
        to = posix.resolve(to);

        if (from === to)
          return "";

        const fromStart = 1;
        const fromEnd = from.length;
        const fromLen = fromEnd - fromStart;
        const toStart = 1;
        const toLen = to.length - toStart;

        // Compare paths to find the longest common path from root
        const length = (fromLen < toLen ? fromLen : toLen);
        let lastCommonSep = -1;
        let i = 0;
        for (; i < length; i++) {
          const fromCode = from.charCodeAt(fromStart + i);
          if (fromCode !== to.charCodeAt(toStart + i))
            break;
          else if (fromCode === CHAR_FORWARD_SLASH)
            lastCommonSep = i;
        }
        if (i === length) {
          if (toLen > length) {
            if (to.charCodeAt(toStart + i) === CHAR_FORWARD_SLASH) {
              // `from` is the exact base path for `to`: from='/foo/bar'; to='/foo/bar/baz'
              return to.slice(toStart + i + 1);
            }
            if (i === 0) {
              // `from` is the root: from='/'; to='/foo'
              return to.slice(toStart + i);
            }
          } else if (fromLen > length) {
            if (from.charCodeAt(fromStart + i) === CHAR_FORWARD_SLASH) {
              // `to` is the exact base path for `from`: from='/foo/bar/baz'; to='/foo/bar'
              lastCommonSep = i;
            } else if (i === 0) {
              // `to` is the root: from='/foo/bar'; to='/'
              lastCommonSep = 0;
            }
          }
        }

        let out = "";
        // Generate the relative path based on the path difference between `to` and `from`.
        for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
          if (i === fromEnd || from.charCodeAt(i) === CHAR_FORWARD_SLASH) {
            out += out.length === 0 ? ".." : "/..";
          }
        }

        // Lastly, append the rest of the destination (`to`) path that comes after
        // the common path parts.
        return `${out}${to.slice(toStart + lastCommonSep)}`;
      },

      toNamespacedPath(path) {
        // Non-op on posix systems
        return path;
      },

      dirname(path) {
        validateString(path, "path");
        if (path.length === 0)
          return ".";
        const hasRoot = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
        let end = -1;
        let matchedSlash = true;
        for (let i = path.length - 1; i >= 1; --i) {
          if (path.charCodeAt(i) === CHAR_FORWARD_SLASH) {
            if (!matchedSlash) {
              end = i;
              break;
            }
          } else {
            // We saw the first non-path separator
            matchedSlash = false;
          }
        }

        if (end === -1)
          return hasRoot ? "/" : ".";
        if (hasRoot && end === 1)
          return "//";
        return path.slice(0, end);
      },

      basename(path, suffix) {
        if (suffix !== undefined)
          validateString(suffix, "suffix");
        validateString(path, "path");

        let start = 0;
        let end = -1;
        let matchedSlash = true;

        if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
          if (suffix === path)
            return "";
          let extIdx = suffix.length - 1;
          let firstNonSlashEnd = -1;
          for (let i = path.length - 1; i >= 0; --i) {
            const code = path.charCodeAt(i);
            if (code === CHAR_FORWARD_SLASH) {
              // A separator that is not part of the trailing run: stop now
              if (!matchedSlash) {
                start = i + 1;
                break;
              }
            } else {
              if (firstNonSlashEnd === -1) {
                // First non-separator: remember it in case the suffix does not match
                matchedSlash = false;
                firstNonSlashEnd = i + 1;
              }
              if (extIdx >= 0) {
                // Try to match the explicit extension
                if (code === suffix.charCodeAt(extIdx)) {
                  if (--extIdx === -1) {
                    // Matched the extension: this is the end of our path component
                    end = i;
                  }
                } else {
                  // No match: the result is the entire path component
                  extIdx = -1;
                  end = firstNonSlashEnd;
                }
              }
            }
          }

          if (start === end)
            end = firstNonSlashEnd;
          else if (end === -1)
            end = path.length;
          return path.slice(start, end);
        }
        for (let i = path.length - 1; i >= 0; --i) {
          if (path.charCodeAt(i) === CHAR_FORWARD_SLASH) {
            // A separator that is not part of the trailing run: stop now
            if (!matchedSlash) {
              start = i + 1;
              break;
            }
          } else if (end === -1) {
            // First non-separator: the end of our path component
            matchedSlash = false;
            end = i + 1;
          }
        }

        if (end === -1)
          return "";
        return path.slice(start, end);
      },

      extname(path) {
        validateString(path, "path");
        let startDot = -1;
        let startPart = 0;
        let end = -1;
        let matchedSlash = true;
        // Track the state of characters (if any) we see before our first dot and
        // after any path separator we find
        let preDotState = 0;
        for (let i = path.length - 1; i >= 0; --i) {
          const char = path[i];
          if (char === "/") {
            // A separator that is not part of the trailing run: stop now
            if (!matchedSlash) {
              startPart = i + 1;
              break;
            }
            continue;
          }
          if (end === -1) {
            // First non-separator: the end of our extension
            matchedSlash = false;
            end = i + 1;
          }
          if (char === ".") {
            // If this is our first dot, mark it as the start of our extension
            if (startDot === -1)
              startDot = i;
            else if (preDotState !== 1)
              preDotState = 1;
          } else if (startDot !== -1) {
            // A non-dot, non-separator before our dot: likely a non-empty extension
            preDotState = -1;
          }
        }

        if (startDot === -1 ||
            end === -1 ||
            // We saw a non-dot character immediately before the dot
            preDotState === 0 ||
            // The (right-most) trimmed path component is exactly '..'
            (preDotState === 1 &&
             startDot === end - 1 &&
             startDot === startPart + 1)) {
          return "";
        }
        return path.slice(startDot, end);
      },

      format: _format.bind(null, "/"),

      parse(path) {
        validateString(path, "path");

        const ret = { root: "", dir: "", base: "", ext: "", name: "" };
        if (path.length === 0)
          return ret;
        const isAbsolute = path.charCodeAt(0) === CHAR_FORWARD_SLASH;
        let start;
        if (isAbsolute) {
          ret.root = "/";
          start = 1;
        } else {
          start = 0;
        }
        let startDot = -1;
        let startPart = 0;
        let end = -1;
        let matchedSlash = true;
        let i = path.length - 1;

        // Track the state of characters (if any) we see before our first dot and
        // after any path separator we find
        let preDotState = 0;

        // Get non-dir info
        for (; i >= start; --i) {
          const code = path.charCodeAt(i);
          if (code === CHAR_FORWARD_SLASH) {
            // A separator that is not part of the trailing run: stop now
            if (!matchedSlash) {
              startPart = i + 1;
              break;
            }
            continue;
          }
          if (end === -1) {
            // First non-separator: the end of our extension
            matchedSlash = false;
            end = i + 1;
          }
          if (code === CHAR_DOT) {
            // If this is our first dot, mark it as the start of our extension
            if (startDot === -1)
              startDot = i;
            else if (preDotState !== 1)
              preDotState = 1;
          } else if (startDot !== -1) {
            // A non-dot, non-separator before our dot: likely a non-empty extension
            preDotState = -1;
          }
        }

        if (end !== -1) {
          const start = startPart === 0 && isAbsolute ? 1 : startPart;
          if (startDot === -1 ||
              // We saw a non-dot character immediately before the dot
              preDotState === 0 ||
              // The (right-most) trimmed path component is exactly '..'
              (preDotState === 1 &&
              startDot === end - 1 &&
              startDot === startPart + 1)) {
            ret.base = ret.name = path.slice(start, end);
          } else {
            ret.name = path.slice(start, startDot);
            ret.base = path.slice(start, end);
            ret.ext = path.slice(startDot, end);
          }
        }

        if (startPart > 0)
          ret.dir = path.slice(0, startPart - 1);
        else if (isAbsolute)
          ret.dir = "/";

        return ret;
      },

      sep: "/",
      delimiter: ":",
      posix: null,
    };

    posix.posix = posix;
    // Legacy internal API, docs-only deprecated: DEP0080
    posix._makeLong = posix.toNamespacedPath;
    return posix;
  }

  let instance = null;
  Q.defineBuiltin("path", () => {
    if (instance === null) instance = createPosix();
    return instance;
  });
})
