// qjsbridge builtin `path`: POSIX and Windows path manipulation.
//
// Written for qjsbridge from Node's documentation of `path` and from Node 20's observed output;
// tests/js/modules/path*.js compare both flavours with Node case by case (tests/js/modules/
// path-cases.json, path-win32-cases.json). Evaluated as a function of Q (bootstrap.js's registry).
//
// Structure: a path is read as [root][body]; the body is a list of segments separated by the
// flavour's separators. Both flavours fold segments the same way (foldSegments); what differs
// is how a root is recognised (posix: a leading "/"; win32: a drive "C:", "C:\", a leading
// separator, or a UNC share "\\server\share\") and the separator written back.
//
// Differences from Node: `matchesGlob` is absent (experimental in Node 20); errors come from
// Q.invalidArgType (TypeError with Node's code and message, without Node's "[code]" in name).
(function (Q) {
  "use strict";

  const SLASH = 47;       // "/"
  const BACKSLASH = 92;   // "\"
  const COLON = 58;       // ":"

  function requireString(value, name) {
    if (typeof value !== "string") throw Q.invalidArgType(name, "string", value);
  }

  function currentDirectory() {
    return typeof Q.cwd === "function" ? String(Q.cwd()) : "/";
  }

  // The segments of `body` after removing empty and "." segments and cancelling each ".." against
  // the segment before it. A ".." with nothing left to cancel is kept only when `keepAbove` (a
  // relative path); an absolute path cannot go above its root.
  function foldSegments(body, isSep, keepAbove) {
    const kept = [];
    let from = 0;
    for (let at = 0; at <= body.length; at++) {
      if (at < body.length && !isSep(body.charCodeAt(at))) continue;
      const segment = body.slice(from, at);
      from = at + 1;
      if (segment === "" || segment === ".") continue;
      if (segment !== "..") {
        kept.push(segment);
      } else if (kept.length > 0 && kept[kept.length - 1] !== "..") {
        kept.pop();
      } else if (keepAbove) {
        kept.push("..");
      }
    }
    return kept;
  }

  // Where the last segment of `p` ends (trailing separators excluded) and starts, never looking
  // before `floor` (the end of the root). Returns [start, end]; start === end means no segment.
  function lastSegment(p, isSep, floor) {
    let end = p.length;
    while (end > floor && isSep(p.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > floor && !isSep(p.charCodeAt(start - 1))) start--;
    return [start, end];
  }

  // The extension of one segment: from its last "." to its end, unless that dot is the first
  // character (".bashrc") or the segment is "..".
  function extensionOf(segment) {
    const dot = segment.lastIndexOf(".");
    if (dot <= 0 || segment === "..") return "";
    return segment.slice(dot);
  }

  // basename of the segment p[start, end): with a suffix, a suffix equal to the whole path gives
  // "", a suffix the segment ends with (and is longer than) is cut, and a segment that is only
  // the tail of the suffix yields the rest of the path, trailing separators included.
  function baseOf(p, start, end, suffix) {
    const segment = p.slice(start, end);
    if (suffix === undefined || suffix.length === 0 || suffix.length > p.length) return segment;
    if (suffix === p) return "";
    if (segment.endsWith(suffix)) {
      return segment.length > suffix.length ? segment.slice(0, segment.length - suffix.length) : segment;
    }
    return suffix.endsWith(segment) ? p.slice(start) : segment;
  }

  // path.format for one separator. Node exposes it as a bound function named "bound _format".
  function _format(sep, pathObject) {
    if (pathObject === null || typeof pathObject !== "object" || Array.isArray(pathObject)) {
      throw Q.invalidArgType("pathObject", "object", pathObject);
    }
    const dir = pathObject.dir || pathObject.root;
    let base = pathObject.base;
    if (!base) {
      const ext = pathObject.ext;
      base = `${pathObject.name || ""}${ext ? (ext[0] === "." ? ext : "." + ext) : ""}`;
    }
    if (!dir) return base;
    return dir === pathObject.root ? dir + base : dir + sep + base;
  }

  // ---------------------------------------------------------------------------------------
  // POSIX

  const isSlash = (c) => c === SLASH;

  function makePosix() {
    const posix = {};

    posix.resolve = function resolve(...paths) {
      // Right to left until an absolute path is found; arguments left of it are not looked at.
      let joined = "";
      let absolute = false;
      for (let i = paths.length - 1; i >= 0 && !absolute; i--) {
        const p = paths[i];
        requireString(p, `paths[${i}]`);
        if (p.length === 0) continue;
        joined = p + "/" + joined;
        absolute = p.charCodeAt(0) === SLASH;
      }
      if (!absolute) {
        const cwd = currentDirectory();
        joined = cwd + "/" + joined;
        absolute = cwd.charCodeAt(0) === SLASH;
      }
      const body = foldSegments(joined, isSlash, !absolute).join("/");
      if (absolute) return "/" + body;
      return body.length > 0 ? body : ".";
    };

    posix.normalize = function normalize(p) {
      requireString(p, "path");
      if (p.length === 0) return ".";
      const absolute = p.charCodeAt(0) === SLASH;
      const trailing = p.charCodeAt(p.length - 1) === SLASH;
      let body = foldSegments(p, isSlash, !absolute).join("/");
      if (body.length === 0) {
        if (absolute) return "/";
        return trailing ? "./" : ".";
      }
      if (trailing) body += "/";
      return absolute ? "/" + body : body;
    };

    posix.isAbsolute = function isAbsolute(p) {
      requireString(p, "path");
      return p.length > 0 && p.charCodeAt(0) === SLASH;
    };

    posix.join = function join(...paths) {
      const parts = [];
      for (let i = 0; i < paths.length; i++) {
        requireString(paths[i], "path");
        if (paths[i].length > 0) parts.push(paths[i]);
      }
      return parts.length === 0 ? "." : posix.normalize(parts.join("/"));
    };

    posix.relative = function relative(from, to) {
      requireString(from, "from");
      requireString(to, "to");
      if (from === to) return "";
      const a = foldSegments(posix.resolve(from), isSlash, false);
      const b = foldSegments(posix.resolve(to), isSlash, false);
      let common = 0;
      while (common < a.length && common < b.length && a[common] === b[common]) common++;
      const out = [];
      for (let i = common; i < a.length; i++) out.push("..");
      for (let i = common; i < b.length; i++) out.push(b[i]);
      return out.join("/");
    };

    posix.toNamespacedPath = function toNamespacedPath(p) {
      return p;   // only meaningful on Windows
    };

    posix.dirname = function dirname(p) {
      requireString(p, "path");
      if (p.length === 0) return ".";
      const rooted = p.charCodeAt(0) === SLASH;
      const [start] = lastSegment(p, isSlash, rooted ? 1 : 0);
      if (start <= (rooted ? 1 : 0)) return rooted ? "/" : ".";
      const dir = p.slice(0, start - 1);
      // "//x" keeps its two leading slashes (POSIX leaves their meaning to the system).
      return dir === "/" ? "//" : dir;
    };

    posix.basename = function basename(p, suffix) {
      if (suffix !== undefined) requireString(suffix, "suffix");
      requireString(p, "path");
      const [start, end] = lastSegment(p, isSlash, 0);
      return baseOf(p, start, end, suffix);
    };

    posix.extname = function extname(p) {
      requireString(p, "path");
      const [start, end] = lastSegment(p, isSlash, 0);
      return extensionOf(p.slice(start, end));
    };

    posix.format = _format.bind(null, "/");

    posix.parse = function parse(p) {
      requireString(p, "path");
      const out = { root: "", dir: "", base: "", ext: "", name: "" };
      if (p.length === 0) return out;
      const rooted = p.charCodeAt(0) === SLASH;
      const floor = rooted ? 1 : 0;
      if (rooted) out.root = "/";
      const [start, end] = lastSegment(p, isSlash, floor);
      if (start < end) {
        const base = p.slice(start, end);
        // Node's one inconsistency: a ".." right after the root slash ("/..") is parsed as
        // name "." and ext "." (extname("/..") is still "").
        const ext = rooted && start === 1 && base === ".." ? "." : extensionOf(base);
        out.base = base;
        out.ext = ext;
        out.name = base.slice(0, base.length - ext.length);
      }
      if (start > floor) out.dir = p.slice(0, start - 1);
      else if (rooted) out.dir = "/";
      return out;
    };

    posix.sep = "/";
    posix.delimiter = ":";
    return posix;
  }

  // ---------------------------------------------------------------------------------------
  // Windows

  const isSep = (c) => c === SLASH || c === BACKSLASH;
  const isDriveLetter = (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const hasDrive = (p) => p.length >= 2 && p.charCodeAt(1) === COLON && isDriveLetter(p.charCodeAt(0));

  // Reserved DOS device names. normalize() reads "CON:" at the start of a relative path as a
  // device root and marks the result relative with ".\". Node finds the name as "everything
  // before the first colon", and with no colon as "everything but the last character", so
  // "auxa" and "con." are marked too (observed, kept for parity).
  const RESERVED_NAME = /^(?:CON|PRN|AUX|NUL|COM[1-9\u00b9\u00b2\u00b3]|LPT[1-9\u00b9\u00b2\u00b3])$/i;

  // The root of a Windows path. With `namespaces` (normalize and resolve), the device paths
  // \\.\name and \\?\name have the root \\. or \\? and "name" is body; the other functions
  // read them as a UNC share (server "." or "?").
  //   length    characters of `p` the root spans (a trailing separator included when present)
  //   device    "C:" or "\\server\share" (written with backslashes), or "" for none
  //   absolute  whether the root ends in a separator ("C:\", "\", a UNC share)
  function winRoot(p, namespaces) {
    const n = p.length;
    if (n === 0) return { length: 0, device: "", absolute: false };
    if (isSep(p.charCodeAt(0))) {
      // "\\server\share": two separators, a server name, separators, a share name.
      if (n > 2 && isSep(p.charCodeAt(1)) && !isSep(p.charCodeAt(2))) {
        let i = 2;
        while (i < n && !isSep(p.charCodeAt(i))) i++;
        const server = p.slice(2, i);
        while (i < n && isSep(p.charCodeAt(i))) i++;
        const shareStart = i;
        while (i < n && !isSep(p.charCodeAt(i))) i++;
        if (shareStart < n && i > shareStart) {
          if (namespaces && (server === "." || server === "?")) {
            return { length: shareStart, device: "\\\\" + server, absolute: true };
          }
          return {
            length: i === n ? n : i + 1,
            device: "\\\\" + server + "\\" + p.slice(shareStart, i),
            absolute: true,
          };
        }
      }
      return { length: 1, device: "", absolute: true };
    }
    if (hasDrive(p)) {
      const absolute = n > 2 && isSep(p.charCodeAt(2));
      return { length: absolute ? 3 : 2, device: p.slice(0, 2), absolute };
    }
    return { length: 0, device: "", absolute: false };
  }

  function makeWin32() {
    const win32 = {};

    // Where win32.resolve starts from for a drive-relative path ("C:foo"): the current
    // directory, unless that is a Windows path on another drive (then that drive's root).
    function driveDirectory(device) {
      const dir = currentDirectory();
      if (dir.slice(0, 2).toLowerCase() !== device.toLowerCase() && dir.charCodeAt(2) === BACKSLASH) {
        return device + "\\";
      }
      return dir;
    }

    win32.resolve = function resolve(...paths) {
      let device = "";
      let tail = "";
      let absolute = false;
      // Right to left (the current directory last) until both a device and an absolute path are
      // known; a path on another device than the one found is skipped.
      for (let i = paths.length - 1; i >= -1; i--) {
        let p;
        if (i >= 0) {
          p = paths[i];
          requireString(p, `paths[${i}]`);
          if (p.length === 0) continue;
        } else {
          p = device.length === 0 ? currentDirectory() : driveDirectory(device);
        }
        const root = winRoot(p, true);
        if (root.device.length > 0) {
          if (device.length === 0) device = root.device;
          else if (root.device.toLowerCase() !== device.toLowerCase()) continue;
        }
        if (!absolute) {
          tail = p.slice(root.length) + "\\" + tail;
          absolute = root.absolute;
        }
        if (absolute && device.length > 0) break;
      }
      const body = foldSegments(tail, isSep, !absolute).join("\\");
      if (absolute) return device + "\\" + body;
      return device + body || ".";
    };

    win32.normalize = function normalize(p) {
      requireString(p, "path");
      if (p.length === 0) return ".";
      if (p.length === 1) return isSep(p.charCodeAt(0)) ? "\\" : p;
      let root = winRoot(p, true);
      let reserved = false;
      if (root.length === 0) {
        const colon = p.indexOf(":");
        if (RESERVED_NAME.test(p.slice(0, colon))) {
          root = { length: colon + 1, device: p.slice(0, colon + 1), absolute: false };
          reserved = true;
        }
      }
      let body = foldSegments(p.slice(root.length), isSep, !root.absolute).join("\\");
      if (body.length === 0 && !root.absolute) body = ".";
      if (body.length > 0 && isSep(p.charCodeAt(p.length - 1))) body += "\\";
      if (reserved) return ".\\" + root.device + body;
      if (root.device.length === 0 && !root.absolute && p.indexOf(":") !== -1 &&
          looksRooted(p, body)) {
        // A relative result Windows could read as a drive or a stream: made explicitly relative.
        return ".\\" + body;
      }
      return root.absolute ? root.device + "\\" + body : root.device + body;
    };

    // A relative path containing ":" whose normalized form starts like a drive ("c:x"), or in
    // which some ":" ends a segment ("a:\b", "x\1:").
    function looksRooted(p, body) {
      if (hasDrive(body)) return true;
      for (let i = p.indexOf(":"); i !== -1; i = p.indexOf(":", i + 1)) {
        if (i === p.length - 1 || isSep(p.charCodeAt(i + 1))) return true;
      }
      return false;
    }

    win32.isAbsolute = function isAbsolute(p) {
      requireString(p, "path");
      if (p.length === 0) return false;
      if (isSep(p.charCodeAt(0))) return true;
      return hasDrive(p) && p.length > 2 && isSep(p.charCodeAt(2));
    };

    win32.join = function join(...paths) {
      const parts = [];
      for (let i = 0; i < paths.length; i++) {
        requireString(paths[i], "path");
        if (paths[i].length > 0) parts.push(paths[i]);
      }
      if (parts.length === 0) return ".";
      let joined = parts.join("\\");
      // A UNC prefix ("\\server") survives only when the first part itself starts with one;
      // separators that merely piled up at the front collapse to one.
      const first = parts[0];
      const uncFirst = first.length > 2 && isSep(first.charCodeAt(0)) && isSep(first.charCodeAt(1)) &&
        !isSep(first.charCodeAt(2));
      if (!uncFirst) {
        let n = 0;
        while (n < joined.length && isSep(joined.charCodeAt(n))) n++;
        if (n >= 2) joined = "\\" + joined.slice(n);
      }
      return win32.normalize(joined);
    };

    win32.relative = function relative(from, to) {
      requireString(from, "from");
      requireString(to, "to");
      if (from === to) return "";
      const fromFull = win32.resolve(from);
      const toFull = win32.resolve(to);
      if (fromFull === toFull) return "";
      if (fromFull.toLowerCase() === toFull.toLowerCase()) return "";
      return relativeText(fromFull, toFull);
    };

    // win32.relative compares the resolved paths as text, ignoring case, after dropping their
    // leading and trailing backslashes (Node's observed rules, including its quirks):
    //   - they differ before either ends and share no separator: the answer is the absolute `to`;
    //   - `from` is a prefix of `to` ending at a separator: the rest of `to`;
    //   - a two-character prefix ("c:") counts as a drive root even without a separator after it;
    //   - otherwise one ".." per segment of `from` after the last common separator, then the rest
    //     of `to` from that separator (written without one when there is no common separator).
    function relativeText(fromFull, toFull) {
      const f = fromFull.slice(...innerRange(fromFull));
      const [toStart, toEnd] = innerRange(toFull);
      const t = toFull.slice(toStart, toEnd);
      const fl = f.toLowerCase();
      const tl = t.toLowerCase();
      const n = Math.min(f.length, t.length);
      let i = 0;
      let lastSep = -1;
      for (; i < n && fl[i] === tl[i]; i++) {
        if (fl[i] === "\\") lastSep = i;
      }
      if (i < n) {
        if (lastSep === -1) return toFull;
      } else if (t.length > n) {
        // (these two answers keep a trailing backslash of `to`, e.g. a UNC root's)
        if (t[n] === "\\") return toFull.slice(toStart + n + 1);
        if (n === 2) return toFull.slice(toStart + n);
      } else if (f.length > n) {
        if (f[n] === "\\") lastSep = n;
        else if (n === 2) lastSep = 3;
      }
      if (lastSep === -1) lastSep = 0;
      const ups = [];
      for (let k = lastSep + 1; k <= f.length; k++) {
        if (k === f.length || f[k] === "\\") ups.push("..");
      }
      if (ups.length > 0) return ups.join("\\") + t.slice(lastSep);
      return t.slice(t[lastSep] === "\\" ? lastSep + 1 : lastSep);
    }

    // [start, end) of `p` without its leading backslashes and trailing ones (one character is
    // always kept after the leading run).
    function innerRange(p) {
      let start = 0;
      while (p[start] === "\\") start++;
      let end = p.length;
      while (end - 1 > start && p[end - 1] === "\\") end--;
      return [start, end];
    }

    win32.toNamespacedPath = function toNamespacedPath(p) {
      if (typeof p !== "string" || p.length === 0) return p;
      const full = win32.resolve(p);
      if (full.length <= 2) return p;
      if (full.charCodeAt(0) === BACKSLASH && full.charCodeAt(1) === BACKSLASH) {
        const third = full[2];
        if (third !== "?" && third !== ".") return "\\\\?\\UNC\\" + full.slice(2);
        return full;   // already a device path
      }
      if (hasDrive(full) && full.charCodeAt(2) === BACKSLASH) return "\\\\?\\" + full;
      return full;
    };

    win32.dirname = function dirname(p) {
      requireString(p, "path");
      if (p.length === 0) return ".";
      const root = winRoot(p);
      const [start] = lastSegment(p, isSep, root.length);
      if (start <= root.length) return root.length > 0 ? p.slice(0, root.length) : ".";
      return p.slice(0, start - 1);
    };

    // basename and extname look past a drive ("C:name") but not past other roots.
    win32.basename = function basename(p, suffix) {
      if (suffix !== undefined) requireString(suffix, "suffix");
      requireString(p, "path");
      const [start, end] = lastSegment(p, isSep, hasDrive(p) ? 2 : 0);
      return baseOf(p, start, end, suffix);
    };

    win32.extname = function extname(p) {
      requireString(p, "path");
      const [start, end] = lastSegment(p, isSep, hasDrive(p) ? 2 : 0);
      return extensionOf(p.slice(start, end));
    };

    win32.format = _format.bind(null, "\\");

    win32.parse = function parse(p) {
      requireString(p, "path");
      const out = { root: "", dir: "", base: "", ext: "", name: "" };
      if (p.length === 0) return out;
      const root = winRoot(p);
      out.root = p.slice(0, root.length);
      const [start, end] = lastSegment(p, isSep, root.length);
      if (start < end) {
        const base = p.slice(start, end);
        const ext = extensionOf(base);
        out.base = base;
        out.ext = ext;
        out.name = base.slice(0, base.length - ext.length);
      }
      out.dir = start > root.length ? p.slice(0, start - 1) : out.root;
      return out;
    };

    win32.sep = "\\";
    win32.delimiter = ";";
    return win32;
  }

  // ---------------------------------------------------------------------------------------
  let exported = null;
  Q.defineBuiltin("path", () => {
    if (exported === null) {
      const posix = makePosix();
      const win32 = makeWin32();
      for (const flavour of [posix, win32]) {
        flavour.win32 = win32;
        flavour.posix = posix;
        flavour._makeLong = flavour.toNamespacedPath;   // legacy alias (DEP0080)
      }
      exported = posix;
    }
    return exported;
  });
  Q.defineBuiltin("path/posix", () => Q.builtins.path().posix);
  Q.defineBuiltin("path/win32", () => Q.builtins.path().win32);
})
