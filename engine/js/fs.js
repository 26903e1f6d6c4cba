// fs, node:fs and fs/promises: Node 20's API over the Python operations of engine/builtins/fs.py.
//
// Sync forms call Python on the owner thread; callback and promise forms start the operation
// on the runtime's worker pool and settle in their own task when it completes (Q.io below).
(function (Q) {
  "use strict";

  const hostCall = Q.hostCall;
  const makeError = Q.makeError;
  const invalidArgType = Q.invalidArgType;
  const JSONparse = JSON.parse;

  // -- asynchronous host requests (shared with child_process.js) ------------------------------
  const pending = new Map();
  let nextReq = 1;
  // Start host function `name` with (id, ...args); `done(result)` runs as its own task.
  Q.io = function io(name, args, done) {
    const id = nextReq++;
    pending.set(id, done);
    try {
      hostCall(name, id, ...args);
    } catch (e) {
      pending.delete(id);
      throw e;
    }
    return id;
  };
  // Register a completion for a request whose id Python already knows (several deliveries).
  Q.ioListen = function ioListen(done) {
    const id = nextReq++;
    pending.set(id, done);
    return id;
  };
  Q.ioForget = (id) => pending.delete(id);
  Q.ops.ioDone = (id, json) => {
    const done = pending.get(id);
    if (done === undefined) return null;
    const result = JSONparse(json);
    if (!(result !== null && typeof result === "object" && result.more)) pending.delete(id);
    done(result);
    return null;
  };

  // -- buffers ----------------------------------------------------------------------------------
  const bufferClass = Q.bufferClass; // stream.js, loaded just before this file
  // Bytes from Python ({b64}) as a Buffer (a Uint8Array until the buffer module exists).
  function toBuffer(u8) {
    const B = bufferClass();
    return B ? B.from(u8.buffer, u8.byteOffset, u8.length) : u8;
  }
  Q.toBuffer = toBuffer;
  Q.bytesFromHost = (v) => toBuffer(Uint8Array.fromBase64(v.b64));
  function isView(v) {
    return ArrayBuffer.isView(v);
  }
  function viewBytes(v) {
    return v instanceof Uint8Array ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  // Data for Python: {b64} for bytes, {s, enc} for strings.
  Q.dataForHost = function dataForHost(data, encoding) {
    if (typeof data === "string") return { s: data.toWellFormed(), enc: normEncoding(encoding) || "utf8" };
    return { b64: viewBytes(data).toBase64() };
  };
  const ENCODINGS = ["utf8", "utf-8", "latin1", "binary", "ascii", "hex", "base64", "base64url",
    "utf16le", "utf-16le", "ucs2", "ucs-2", "buffer"];
  function normEncoding(enc) {
    if (enc === undefined || enc === null) return null;
    const lower = String(enc).toLowerCase();
    if (!ENCODINGS.includes(lower)) {
      throw makeError("TypeError", `The argument 'encoding' is invalid encoding. Received '${enc}'`,
        "ERR_INVALID_ARG_VALUE");
    }
    return lower === "utf-8" ? "utf8" : lower;
  }
  Q.normEncoding = normEncoding;
  // Bytes -> string in `enc`, for Buffers made before the buffer module existed.
  function bytesToString(u8, enc) {
    const B = bufferClass();
    if (B) return B.from(u8.buffer, u8.byteOffset, u8.length).toString(enc || "utf8");
    return hostCall("qjsb.fs.decode", u8.toBase64(), enc || "utf8");
  }
  Q.bytesToString = bytesToString;

  // -- errors -----------------------------------------------------------------------------------
  function fsError(info) {
    if (info.code === "ERR_ACCESS_DENIED") {
      const e = new Error(info.message);
      e.code = info.code;
      e.permission = info.permission;
      e.resource = info.resource;
      return e;
    }
    if (info.name === "TypeError" || info.name === "RangeError") {
      return makeError(info.name, info.message, info.code);
    }
    if (info.name === "SystemError") {
      const e = new Error(info.message);
      Object.defineProperty(e, "name", { __proto__: null, value: "SystemError", writable: true, configurable: true, enumerable: false });
      e.code = info.code;
      if (info.info) e.info = info.info;
      e.errno = info.errno;
      e.syscall = info.syscall;
      e.path = info.path;
      return e;
    }
    const e = new Error(info.message);
    if (info.errno !== undefined) e.errno = info.errno;
    if (info.code !== undefined) e.code = info.code;
    if (info.syscall !== undefined) e.syscall = info.syscall;
    if (info.path !== undefined) e.path = info.path;
    if (info.dest !== undefined) e.dest = info.dest;
    return e;
  }
  Q.fsError = fsError;

  function callSync(op, args) {
    const r = hostCall("qjsb.fs.sync", op, args);
    if (r.e !== undefined) throw fsError(r.e);
    return r.ok;
  }
  // Run op on the worker pool; `map` turns the result into the JS value.
  function callAsync(op, args, map) {
    return new Promise((resolve, reject) => {
      Q.io("qjsb.fs.async", [op, args], (r) => {
        if (r.e !== undefined) reject(fsError(r.e));
        else {
          try {
            resolve(map ? map(r.ok) : r.ok);
          } catch (e) {
            reject(e);
          }
        }
      });
    });
  }
  function callCb(op, args, map, cb) {
    Q.io("qjsb.fs.async", [op, args], (r) => {
      if (r.e !== undefined) {
        cb(fsError(r.e));
        return;
      }
      let v;
      try {
        v = map ? map(r.ok) : r.ok;
      } catch (e) {
        cb(e);
        return;
      }
      cb(null, v);
    });
  }

  // -- argument checks ---------------------------------------------------------------------------
  function getPath(p, name = "path") {
    if (typeof p === "string") {
      if (p.includes("\u0000")) {
        throw makeError("TypeError", `The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${Q.inspect(p)}`, "ERR_INVALID_ARG_VALUE");
      }
      return p;
    }
    if (isView(p) && p instanceof Uint8Array) return getPath(bytesToString(p, "utf8"), name);
    if (p !== null && typeof p === "object" && typeof p.href === "string" && p.protocol !== undefined) {
      if (p.protocol !== "file:") throw makeError("TypeError", "The URL must be of scheme file", "ERR_INVALID_URL_SCHEME");
      return getPath(decodeURIComponent(p.pathname), name);
    }
    throw invalidArgType(name, ["string", "Buffer", "URL"], p);
  }
  function getFd(fd) {
    if (typeof fd !== "number") throw invalidArgType("fd", "number", fd);
    if (!Number.isInteger(fd) || fd < 0 || fd > 2147483647) {
      throw makeError("RangeError", `The value of "fd" is out of range. It must be >= 0 && <= 2147483647. Received ${fd}`, "ERR_OUT_OF_RANGE");
    }
    return fd;
  }
  function pathOrFd(p) {
    return typeof p === "number" ? getFd(p) : getPath(p);
  }
  function checkCb(cb) {
    if (typeof cb !== "function") throw invalidArgType("cb", "Function", cb);
    return cb;
  }
  function options(opts, dflt) {
    if (opts === undefined || opts === null || typeof opts === "function") return dflt;
    if (typeof opts === "string") return { ...dflt, encoding: opts };
    if (typeof opts !== "object") throw invalidArgType("options", ["string", "Object"], opts);
    return { ...dflt, ...opts };
  }
  function checkData(data) {
    if (typeof data === "string" || isView(data)) return data;
    throw invalidArgType("data", ["string", "Buffer", "TypedArray", "DataView"], data);
  }
  function modeNum(mode, dflt) {
    if (mode === undefined || mode === null) return dflt;
    if (typeof mode === "string") return parseInt(mode, 8);
    if (typeof mode !== "number") throw invalidArgType("mode", ["number", "string"], mode);
    return mode;
  }
  function toSeconds(t, name) {
    if (typeof t === "number") return t;
    if (typeof t === "string" && t.trim() !== "" && !Number.isNaN(Number(t))) return Number(t);
    if (t instanceof Date) return t.getTime() / 1000;
    throw invalidArgType(name, ["string", "number", "Date"], t);
  }
  // (args..., cb) with optional middle arguments.
  function splitCb(args) {
    const list = Array.prototype.slice.call(args);
    const cb = list.length > 1 || typeof list[0] === "function" ? list.pop() : undefined;
    return [list, cb];
  }

  // -- values ------------------------------------------------------------------------------------
  const S_IFMT = 0o170000;
  class Stats {
    constructor(s) {
      this.dev = s.dev; this.mode = s.mode; this.nlink = s.nlink; this.uid = s.uid;
      this.gid = s.gid; this.rdev = s.rdev; this.blksize = s.blksize; this.ino = s.ino;
      this.size = s.size; this.blocks = s.blocks; this.atimeMs = s.atimeMs;
      this.mtimeMs = s.mtimeMs; this.ctimeMs = s.ctimeMs; this.birthtimeMs = s.birthtimeMs;
      this.atime = new Date(Math.round(s.atimeMs)); this.mtime = new Date(Math.round(s.mtimeMs));
      this.ctime = new Date(Math.round(s.ctimeMs)); this.birthtime = new Date(Math.round(s.birthtimeMs));
    }
    _checkModeProperty(type) { return (this.mode & S_IFMT) === type; }
    isDirectory() { return this._checkModeProperty(0o040000); }
    isFile() { return this._checkModeProperty(0o100000); }
    isBlockDevice() { return this._checkModeProperty(0o060000); }
    isCharacterDevice() { return this._checkModeProperty(0o020000); }
    isSymbolicLink() { return this._checkModeProperty(0o120000); }
    isFIFO() { return this._checkModeProperty(0o010000); }
    isSocket() { return this._checkModeProperty(0o140000); }
  }
  const kType = Symbol("type");
  class Dirent {
    constructor(name, type, path) {
      this.name = name;
      this.parentPath = path;
      this.path = path;
      this[kType] = type;
    }
    isDirectory() { return this[kType] === 2; }
    isFile() { return this[kType] === 1; }
    isBlockDevice() { return this[kType] === 7; }
    isCharacterDevice() { return this[kType] === 6; }
    isSymbolicLink() { return this[kType] === 3; }
    isFIFO() { return this[kType] === 4; }
    isSocket() { return this[kType] === 5; }
  }
  function mapBytes(encoding) {
    return (v) => (typeof v === "string" ? v : Q.bytesFromHost(v));
  }
  function mapReaddir(path, opts) {
    return (list) => {
      if (opts.withFileTypes) return list.map(([n, t]) => new Dirent(n, t, path));
      if (opts.encoding === "buffer") {
        const B = bufferClass();
        return list.map((n) => (B ? B.from(n) : n));
      }
      return list;
    };
  }
  const mapStats = (s) => new Stats(s);

  const constants = Object.freeze({
    __proto__: null,
    UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2,
    UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1, UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3,
    UV_DIRENT_FIFO: 4, UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
    S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384, S_IFCHR: 8192, S_IFBLK: 24576,
    S_IFIFO: 4096, S_IFLNK: 40960, S_IFSOCK: 49152, O_CREAT: 64, O_EXCL: 128,
    UV_FS_O_FILEMAP: 0, O_NOCTTY: 256, O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536,
    O_NOATIME: 262144, O_NOFOLLOW: 131072, O_SYNC: 1052672, O_DSYNC: 4096, O_DIRECT: 16384,
    O_NONBLOCK: 2048, S_IRWXU: 448, S_IRUSR: 256, S_IWUSR: 128, S_IXUSR: 64, S_IRWXG: 56,
    S_IRGRP: 32, S_IWGRP: 16, S_IXGRP: 8, S_IRWXO: 7, S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1,
    F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, UV_FS_COPYFILE_EXCL: 1, COPYFILE_EXCL: 1,
    UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2, UV_FS_COPYFILE_FICLONE_FORCE: 4,
    COPYFILE_FICLONE_FORCE: 4,
  });

  // -- operations: each described once, exported in the three forms ----------------------------
  // spec(args) -> [op, hostArgs, map]
  const OPS = {
    readFile(path, opts) {
      const o = options(opts, { encoding: null, flag: "r" });
      const enc = normEncoding(o.encoding);
      return ["readFile", [pathOrFd(path), o.flag, enc === "buffer" ? null : enc], mapBytes(enc)];
    },
    writeFile(path, data, opts) {
      const o = options(opts, { encoding: "utf8", flag: "w", mode: 0o666 });
      return ["writeFile", [pathOrFd(path), Q.dataForHost(checkData(data), o.encoding), o.flag, modeNum(o.mode, 0o666)], () => undefined];
    },
    appendFile(path, data, opts) {
      const o = options(opts, { encoding: "utf8", flag: "a", mode: 0o666 });
      return ["appendFile", [pathOrFd(path), Q.dataForHost(checkData(data), o.encoding), o.flag, modeNum(o.mode, 0o666)], () => undefined];
    },
    readdir(path, opts) {
      const o = options(opts, { encoding: "utf8", withFileTypes: false });
      const p = getPath(path);
      return ["readdir", [p, !!o.withFileTypes], mapReaddir(p, o)];
    },
    stat(path) { return ["stat", [getPath(path)], mapStats]; },
    lstat(path) { return ["lstat", [getPath(path)], mapStats]; },
    fstat(fd) { return ["fstat", [getFd(fd)], mapStats]; },
    mkdir(path, opts) {
      const o = typeof opts === "number" || typeof opts === "string" ? { mode: opts } : options(opts, {});
      if (o.recursive !== undefined && typeof o.recursive !== "boolean") {
        throw invalidArgType("options.recursive", "boolean", o.recursive);
      }
      const recursive = !!o.recursive;
      return ["mkdir", [getPath(path), recursive, modeNum(o.mode, 0o777)],
        (v) => (recursive ? (v === null ? undefined : v) : undefined)];
    },
    mkdtemp(prefix) { return ["mkdtemp", [getPath(prefix, "prefix")]]; },
    rm(path, opts) {
      const o = options(opts, { recursive: false, force: false });
      return ["rm", [getPath(path), !!o.recursive, !!o.force], () => undefined];
    },
    rmdir(path, opts) {
      const o = options(opts, {});
      if (o.recursive) return ["rm", [getPath(path), true, false], () => undefined];
      return ["rmdir", [getPath(path)], () => undefined];
    },
    unlink(path) { return ["unlink", [getPath(path)], () => undefined]; },
    rename(a, b) { return ["rename", [getPath(a, "oldPath"), getPath(b, "newPath")], () => undefined]; },
    copyFile(a, b, mode) {
      return ["copyFile", [getPath(a, "src"), getPath(b, "dest"), typeof mode === "number" ? mode : 0], () => undefined];
    },
    cp(a, b, opts) {
      const o = options(opts, { recursive: false, force: true, errorOnExist: false });
      return ["cp", [getPath(a, "src"), getPath(b, "dest"), !!o.recursive, !!o.force, !!o.errorOnExist], () => undefined];
    },
    access(path, mode) {
      return ["access", [getPath(path), typeof mode === "number" ? mode : 0], () => undefined];
    },
    realpath(path) { return ["realpath", [getPath(path), false]]; },
    readlink(path) { return ["readlink", [getPath(path)]]; },
    symlink(target, path) {
      return ["symlink", [getPath(target, "target"), getPath(path)], () => undefined];
    },
    utimes(path, atime, mtime) {
      return ["utimes", [getPath(path), toSeconds(atime, "atime"), toSeconds(mtime, "mtime")], () => undefined];
    },
    chmod(path, mode) { return ["chmod", [getPath(path), modeNum(mode)], () => undefined]; },
    truncate(path, len) { return ["truncate", [getPath(path), typeof len === "number" ? len : 0], () => undefined]; },
    ftruncate(fd, len) { return ["ftruncate", [getFd(fd), typeof len === "number" ? len : 0], () => undefined]; },
    fsync(fd) { return ["fsync", [getFd(fd)], () => undefined]; },
    open(path, flags, mode) {
      return ["open", [getPath(path), flags === undefined || flags === null ? "r" : flags, modeNum(mode, 0o666)]];
    },
    close(fd) { return ["close", [getFd(fd)], () => undefined]; },
  };

  const fs = {};
  for (const name of Object.keys(OPS)) {
    const spec = OPS[name];
    fs[name + "Sync"] = { [name + "Sync"](...args) {
      const [op, hostArgs, map] = spec(...args);
      const v = callSync(op, hostArgs);
      return map ? map(v) : v;
    } }[name + "Sync"];
    fs[name] = { [name](...all) {
      const [args, cb] = splitCb(all);
      checkCb(cb);
      const [op, hostArgs, map] = spec(...args);
      callCb(op, hostArgs, map, cb);
    } }[name];
  }
  // realpathSync.native / realpath.native use the system call (different error syscall).
  fs.realpathSync.native = function native(path) { return callSync("realpath", [getPath(path), true]); };
  fs.realpath.native = function native(path, ...rest) {
    const cb = checkCb(rest.pop());
    callCb("realpath", [getPath(path), true], null, cb);
  };
  fs.existsSync = function existsSync(path) {
    let p;
    try {
      p = getPath(path);
    } catch {
      return false;
    }
    return callSync("exists", [p]);
  };
  fs.exists = function exists(path, cb) {
    checkCb(cb);
    let p;
    try {
      p = getPath(path);
    } catch {
      Q.nextTick(cb, false);
      return;
    }
    Q.io("qjsb.fs.async", ["exists", [p]], (r) => cb(r.e === undefined && r.ok));
  };

  // fs.read/readSync/write/writeSync: the buffer forms and the string form of write.
  function readArgs(fd, buffer, offsetOrOpts, length, position) {
    getFd(fd);
    if (!isView(buffer)) throw invalidArgType("buffer", ["Buffer", "TypedArray", "DataView"], buffer);
    let offset = offsetOrOpts;
    if (offsetOrOpts !== null && typeof offsetOrOpts === "object") {
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = offsetOrOpts);
    }
    if (offset === undefined) offset = 0;
    if (length === undefined) length = buffer.byteLength - offset;
    if (position === undefined) position = null;
    if (typeof position === "bigint") position = Number(position);
    return [offset, length, position];
  }
  function fillRead(buffer, offset, r) {
    const bytes = Uint8Array.fromBase64(r.b64);
    viewBytes(buffer).set(bytes, offset);
    return bytes.length;
  }
  fs.readSync = function readSync(fd, buffer, offsetOrOpts, length, position) {
    const [offset, len, pos] = readArgs(fd, buffer, offsetOrOpts, length, position);
    return fillRead(buffer, offset, callSync("read", [fd, len, pos]));
  };
  fs.read = function read(fd, buffer, ...rest) {
    const cb = checkCb(rest.pop());
    const [offset, len, pos] = readArgs(fd, buffer, ...rest);
    callCb("read", [fd, len, pos], (r) => fillRead(buffer, offset, r), (err, n) => cb(err, n, buffer));
  };
  function writeArgs(fd, data, a, b, c) {
    getFd(fd);
    if (typeof data === "string") {
      // (fd, string, position, encoding)
      return [Q.dataForHost(data, typeof b === "string" ? b : "utf8"), typeof a === "number" ? a : null];
    }
    if (!isView(data)) throw invalidArgType("buffer", ["string", "Buffer", "TypedArray", "DataView"], data);
    let offset = a, length = b, position = c;
    if (a !== null && typeof a === "object") ({ offset = 0, length, position = null } = a);
    const u8 = viewBytes(data);
    offset = offset === undefined || offset === null ? 0 : offset;
    length = length === undefined || length === null ? u8.length - offset : length;
    return [{ b64: u8.subarray(offset, offset + length).toBase64() }, typeof position === "number" ? position : null];
  }
  fs.writeSync = function writeSync(fd, data, a, b, c) {
    const [payload, pos] = writeArgs(fd, data, a, b, c);
    return callSync("write", [fd, payload, pos]);
  };
  fs.write = function write(fd, data, ...rest) {
    const cb = checkCb(rest.pop());
    const [payload, pos] = writeArgs(fd, data, ...rest);
    callCb("write", [fd, payload, pos], null, (err, n) => cb(err, n, data));
  };

  fs.constants = constants;
  fs.F_OK = 0; fs.R_OK = 4; fs.W_OK = 2; fs.X_OK = 1;
  fs.Stats = Stats;
  fs.Dirent = Dirent;

  // -- fs/promises ---------------------------------------------------------------------------
  const promises = {};
  for (const name of Object.keys(OPS)) {
    if (name === "fstat" || name === "ftruncate" || name === "fsync" || name === "close" || name === "open") continue;
    const spec = OPS[name];
    promises[name] = { async [name](...args) {
      const [op, hostArgs, map] = spec(...args);
      if (op === "realpath") hostArgs[1] = true;
      return callAsync(op, hostArgs, map);
    } }[name];
  }
  const kFd = Symbol("kFd");
  const EventEmitter = Q.makeRequire(null)("events");
  class FileHandle extends EventEmitter {
    constructor(fd) {
      super();
      this[kFd] = fd;
      this._closed = false;
    }
    get fd() { return this[kFd]; }
    async read(buffer, offset, length, position) {
      if (buffer === undefined || (buffer !== null && typeof buffer === "object" && !isView(buffer))) {
        const o = buffer || {};
        buffer = o.buffer || toBuffer(new Uint8Array(16384));
        offset = o.offset || 0;
        length = o.length === undefined ? buffer.byteLength - offset : o.length;
        position = o.position === undefined ? null : o.position;
      }
      const [off, len, pos] = readArgs(this[kFd], buffer, offset, length, position);
      const n = await callAsync("read", [this[kFd], len, pos], (r) => fillRead(buffer, off, r));
      return { bytesRead: n, buffer };
    }
    async write(data, a, b, c) {
      const [payload, pos] = writeArgs(this[kFd], data, a, b, c);
      const n = await callAsync("write", [this[kFd], payload, pos]);
      return typeof data === "string" ? { bytesWritten: n, buffer: data } : { bytesWritten: n, buffer: data };
    }
    readFile(opts) {
      const o = options(opts, { encoding: null });
      const enc = normEncoding(o.encoding);
      return callAsync("readFile", [this[kFd], "r", enc === "buffer" ? null : enc], mapBytes(enc));
    }
    writeFile(data, opts) {
      const o = options(opts, { encoding: "utf8" });
      return callAsync("writeFile", [this[kFd], Q.dataForHost(checkData(data), o.encoding), "w", 0o666], () => undefined);
    }
    appendFile(data, opts) { return this.writeFile(data, opts); }
    stat() { return callAsync("fstat", [this[kFd]], mapStats); }
    truncate(len) { return callAsync("ftruncate", [this[kFd], len || 0], () => undefined); }
    sync() { return callAsync("fsync", [this[kFd]], () => undefined); }
    datasync() { return this.sync(); }
    async close() {
      if (this._closed) return undefined;
      this._closed = true;
      await callAsync("close", [this[kFd]], () => undefined);
      this.emit("close");
      return undefined;
    }
    createReadStream(opts) { return fs.createReadStream(null, { ...(opts || {}), fd: this[kFd] }); }
    createWriteStream(opts) { return fs.createWriteStream(null, { ...(opts || {}), fd: this[kFd] }); }
    async [Symbol.asyncDispose]() { return this.close(); }
  }
  promises.open = async function open(path, flags, mode) {
    const [op, hostArgs] = OPS.open(path, flags, mode);
    const fd = await callAsync(op, hostArgs);
    return new FileHandle(fd);
  };
  promises.constants = constants;
  fs.promises = promises;
  Q.fsPromisesFileHandle = FileHandle;

  // -- ReadStream / WriteStream ----------------------------------------------------------------
  const { Readable, Writable } = Q.stream;
  function streamOpts(opts, dflt) {
    if (typeof opts === "string") return { ...dflt, encoding: opts };
    return { ...dflt, ...(opts || {}) };
  }
  function checkRange(v, name) {
    if (v === undefined) return;
    if (typeof v !== "number") throw invalidArgType(name, "number", v);
    if (!Number.isInteger(v) || v < 0) {
      throw makeError("RangeError", `The value of "${name}" is out of range. It must be >= 0 && <= 9007199254740991. Received ${v}`, "ERR_OUT_OF_RANGE");
    }
  }
  function openFor(stream, flags, mode, cb) {
    if (typeof stream.fd === "number") {
      cb();
      return;
    }
    Q.io("qjsb.fs.async", ["open", [stream.path, flags, mode]], (r) => {
      if (r.e !== undefined) {
        cb(fsError(r.e));
        return;
      }
      stream.fd = r.ok;
      stream.pending = false;
      cb();
      stream.emit("open", stream.fd);
      stream.emit("ready");
    });
  }
  function closeFor(stream, err, cb) {
    if (typeof stream.fd !== "number" || !stream.autoClose) {
      cb(err);
      return;
    }
    const fd = stream.fd;
    stream.fd = null;
    Q.io("qjsb.fs.async", ["close", [fd]], (r) => cb(err || (r.e !== undefined ? fsError(r.e) : null)));
  }
  function ReadStream(path, opts) {
    if (!(this instanceof ReadStream)) return new ReadStream(path, opts);
    const o = streamOpts(opts, { highWaterMark: 64 * 1024 });
    this.fd = o.fd === undefined || o.fd === null ? null : (o.fd && typeof o.fd === "object" ? o.fd.fd : getFd(o.fd));
    this.path = this.fd === null ? getPath(path) : undefined;
    this.flags = o.flags === undefined ? "r" : o.flags;
    this.mode = o.mode === undefined ? 0o666 : o.mode;
    checkRange(o.start, "start");
    checkRange(o.end, "end");
    if (o.start !== undefined && o.end !== undefined && o.start > o.end) {
      throw makeError("RangeError", `The value of "start" is out of range. It must be <= "end" (here: ${o.end}). Received ${o.start}`, "ERR_OUT_OF_RANGE");
    }
    this.start = o.start;
    this.end = o.end === undefined ? Infinity : o.end;
    this.pos = o.start;
    this.bytesRead = 0;
    this.autoClose = o.autoClose === undefined ? true : o.autoClose;
    this.pending = this.fd === null;
    Readable.call(this, { ...o, encoding: o.encoding === "buffer" ? null : o.encoding, emitClose: o.emitClose !== false });
  }
  Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
  Object.setPrototypeOf(ReadStream, Readable);
  ReadStream.prototype._construct = function (cb) {
    openFor(this, this.flags, this.mode, cb);
  };
  ReadStream.prototype._read = function (n) {
    const remaining = this.end === Infinity ? n : Math.min(n, this.end - (this.pos === undefined ? this.bytesRead : this.pos) + 1);
    if (remaining <= 0) {
      this.push(null);
      return;
    }
    const pos = this.pos === undefined ? null : this.pos;
    Q.io("qjsb.fs.async", ["read", [this.fd, remaining, pos]], (r) => {
      if (r.e !== undefined) {
        this.destroy(fsError(r.e));
        return;
      }
      const bytes = Uint8Array.fromBase64(r.ok.b64);
      if (bytes.length === 0) {
        this.push(null);
        return;
      }
      if (this.pos !== undefined) this.pos += bytes.length;
      this.bytesRead += bytes.length;
      this.push(toBuffer(bytes));
    });
  };
  ReadStream.prototype._destroy = function (err, cb) {
    closeFor(this, err, cb);
  };
  ReadStream.prototype.close = function (cb) {
    if (typeof cb === "function") Q.streamInternals.eos(this, cb);
    this.destroy();
  };
  function WriteStream(path, opts) {
    if (!(this instanceof WriteStream)) return new WriteStream(path, opts);
    const o = streamOpts(opts, {});
    this.fd = o.fd === undefined || o.fd === null ? null : (o.fd && typeof o.fd === "object" ? o.fd.fd : getFd(o.fd));
    this.path = this.fd === null ? getPath(path) : undefined;
    this.flags = o.flags === undefined ? "w" : o.flags;
    this.mode = o.mode === undefined ? 0o666 : o.mode;
    checkRange(o.start, "start");
    this.start = o.start;
    this.pos = o.start;
    this.bytesWritten = 0;
    this.autoClose = o.autoClose === undefined ? true : o.autoClose;
    this.pending = this.fd === null;
    Writable.call(this, { ...o, decodeStrings: true, emitClose: o.emitClose !== false });
    if (o.encoding) this.setDefaultEncoding(o.encoding);
  }
  Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
  Object.setPrototypeOf(WriteStream, Writable);
  WriteStream.prototype._construct = function (cb) {
    openFor(this, this.flags, this.mode, cb);
  };
  WriteStream.prototype._write = function (chunk, encoding, cb) {
    const bytes = chunk instanceof Uint8Array ? chunk : Q.bufferFromString(chunk, encoding);
    Q.io("qjsb.fs.async", ["write", [this.fd, { b64: bytes.toBase64() }, this.pos === undefined ? null : this.pos]], (r) => {
      if (r.e !== undefined) {
        cb(fsError(r.e));
        return;
      }
      this.bytesWritten += r.ok;
      if (this.pos !== undefined) this.pos += r.ok;
      cb();
    });
  };
  WriteStream.prototype._destroy = function (err, cb) {
    closeFor(this, err, cb);
  };
  WriteStream.prototype.close = function (cb) {
    if (cb) {
      if (this.closed) {
        Q.nextTick(cb);
        return;
      }
      this.on("close", cb);
    }
    if (!this.autoClose) this.on("finish", this.destroy);
    this.end();
  };
  WriteStream.prototype.destroySoon = WriteStream.prototype.end;
  fs.ReadStream = ReadStream;
  fs.WriteStream = WriteStream;
  fs.createReadStream = function createReadStream(path, opts) {
    return new ReadStream(path, opts);
  };
  fs.createWriteStream = function createWriteStream(path, opts) {
    return new WriteStream(path, opts);
  };

  // fs.watch / fs.promises.watch come from the fswatch helper, when the host installed it.
  function noWatch() {
    throw makeError("Error", "fs.watch is not available: the host did not install file watching",
      "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM");
  }
  fs.watch = function watch(filename, opts, listener) {
    return (Q.fsWatch || noWatch)(filename, opts, listener);
  };
  promises.watch = function watch(filename, opts) {
    return (Q.fsWatchAsync || noWatch)(filename, opts);
  };

  Q.fs = fs;
  Q.fsInternals = { getPath, getFd, callAsync, callSync, normEncoding, options };
  Q.defineBuiltin("fs", () => fs);
  Q.defineBuiltin("fs/promises", () => promises);
})
