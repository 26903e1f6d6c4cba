// stream, stream/promises and string_decoder: Node 20's documented stream behaviour, written for
// qjsbridge (Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished, async
// iteration, setEncoding, pipe). Scheduling follows Node: events that Node emits on the next
// tick are emitted on Q.nextTick here too.
(function (Q) {
  "use strict";

  const EventEmitter = Q.makeRequire(null)("events");
  const nextTick = Q.nextTick;
  const makeError = Q.makeError;
  const invalidArgType = Q.invalidArgType;

  function err(code, message, name = "Error") {
    return makeError(name, message, code);
  }
  const ERR = {
    pushAfterEof: () => err("ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF"),
    notImplemented: (m) => err("ERR_METHOD_NOT_IMPLEMENTED", `The ${m} method is not implemented`),
    multipleCallback: () => err("ERR_MULTIPLE_CALLBACK", "Callback called multiple times"),
    writeAfterEnd: () => err("ERR_STREAM_WRITE_AFTER_END", "write after end"),
    destroyed: (m) => err("ERR_STREAM_DESTROYED", `Cannot call ${m} after a stream was destroyed`),
    nullValues: () => err("ERR_STREAM_NULL_VALUES", "May not write null values to stream", "TypeError"),
    prematureClose: () => err("ERR_STREAM_PREMATURE_CLOSE", "Premature close"),
    alreadyFinished: (m) => err("ERR_STREAM_ALREADY_FINISHED", `Cannot call ${m} after a stream was finished`),
  };

  // -- bytes and text ----------------------------------------------------------------------
  function bufferFromString(s, enc) {
    const B = bufferClass();
    if (B) return B.from(s, enc);
    return Q.toBuffer(Uint8Array.fromBase64(Q.hostCall("qjsb.fs.encode", s.toWellFormed(), enc || "utf8")));
  }
  // The Buffer class, or null while the buffer module cannot load (shared with fs.js).
  let BufferCtor;
  function bufferClass() {
    if (BufferCtor === undefined) {
      try {
        BufferCtor = Q.makeRequire(null)("buffer").Buffer || null;
      } catch {
        BufferCtor = null;
      }
    }
    return BufferCtor;
  }
  Q.bufferClass = bufferClass;
  function concatBytes(list, total) {
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of list) {
      out.set(c, off);
      off += c.length;
    }
    return Q.toBuffer(out);
  }
  Q.bufferFromString = bufferFromString;
  Q.concatBytes = concatBytes;

  // StringDecoder: multi-byte characters split across chunks are held back until complete.
  function utf8Decode(bytes) {
    let out = "";
    let i = 0;
    const n = bytes.length;
    while (i < n) {
      const b = bytes[i];
      if (b < 0x80) {
        let j = i;
        while (j < n && bytes[j] < 0x80 && j - i < 8192) j++;
        out += String.fromCharCode.apply(null, bytes.subarray(i, j));
        i = j;
        continue;
      }
      let need, cp, min;
      if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; min = 0x80; }
      else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0x0f; min = 0x800; }
      else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x07; min = 0x10000; }
      else { out += "\ufffd"; i++; continue; }
      let k = 1;
      for (; k <= need && i + k < n; k++) {
        const c = bytes[i + k];
        if ((c & 0xc0) !== 0x80) break;
        if (k === 1 && ((b === 0xe0 && c < 0xa0) || (b === 0xed && c > 0x9f)
          || (b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f))) break;
        cp = (cp << 6) | (c & 0x3f);
      }
      if (k <= need) { out += "\ufffd"; i += k; continue; }
      if (cp < min) { out += "\ufffd"; i += k; continue; }
      out += String.fromCodePoint(cp);
      i += k;
    }
    return out;
  }
  // How many bytes at the end of `bytes` start an incomplete UTF-8 character.
  function utf8Incomplete(bytes) {
    const n = bytes.length;
    for (let back = 1; back <= 3 && back <= n; back++) {
      const b = bytes[n - back];
      if ((b & 0xc0) === 0x80) continue;   // continuation byte: keep looking for the lead
      const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
      return need > back ? back : 0;
    }
    return 0;
  }
  class StringDecoder {
    constructor(encoding) {
      const enc = Q.normEncoding(encoding === undefined ? "utf8" : encoding) || "utf8";
      this.encoding = enc;
      this._rest = new Uint8Array(0);
    }
    write(buf) {
      if (typeof buf === "string") return buf;
      let bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      if (this._rest.length) {
        const joined = new Uint8Array(this._rest.length + bytes.length);
        joined.set(this._rest);
        joined.set(bytes, this._rest.length);
        bytes = joined;
      }
      let keep = 0;
      const enc = this.encoding;
      if (enc === "utf8") keep = utf8Incomplete(bytes);
      else if (enc === "utf16le" || enc === "ucs2" || enc === "ucs-2" || enc === "utf-16le") keep = bytes.length % 2;
      else if (enc === "base64" || enc === "base64url") keep = bytes.length % 3;
      this._rest = bytes.slice(bytes.length - keep);
      return this._decode(bytes.subarray(0, bytes.length - keep));
    }
    end(buf) {
      let out = buf === undefined ? "" : this.write(buf);
      if (this._rest.length) {
        out += this.encoding === "utf8" ? "\ufffd" : this._decode(this._rest);
        this._rest = new Uint8Array(0);
      }
      return out;
    }
    _decode(bytes) {
      if (bytes.length === 0) return "";
      if (this.encoding === "utf8") return utf8Decode(bytes);
      if (this.encoding === "latin1" || this.encoding === "binary") {
        let s = "";
        for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
        return s;
      }
      if (this.encoding === "hex") {
        let s = "";
        for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16);
        return s;
      }
      if (this.encoding === "base64") return bytes.toBase64();
      if (this.encoding === "base64url") return bytes.toBase64({ alphabet: "base64url", omitPadding: true });
      return Q.bytesToString(bytes, this.encoding);
    }
  }
  Q.utf8Decode = utf8Decode;
  Q.StringDecoder = StringDecoder;

  function isBytes(v) {
    return v instanceof Uint8Array;
  }
  function chunkLength(state, chunk) {
    return state.objectMode ? 1 : chunk.length;
  }

  // -- Stream (legacy base) ------------------------------------------------------------------
  function Stream(opts) {
    EventEmitter.call(this, opts);
  }
  Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
  Object.setPrototypeOf(Stream, EventEmitter);

  // -- Readable ------------------------------------------------------------------------------
  function hwm(options, key, objectMode) {
    const v = options && (options[key] !== undefined ? options[key] : options.highWaterMark);
    if (v === undefined || v === null) return objectMode ? 16 : 16384;
    if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) {
      throw makeError("TypeError", `The property 'options.${key}' is invalid. Received ${Q.inspect(v)}`, "ERR_INVALID_ARG_VALUE");
    }
    return Math.floor(v);
  }

  class ReadableState {
    constructor(options, stream, isDuplex) {
      options = options || {};
      this.objectMode = !!(options.objectMode || (isDuplex && options.readableObjectMode));
      this.highWaterMark = hwm(options, isDuplex ? "readableHighWaterMark" : "highWaterMark", this.objectMode);
      this.buffer = [];
      this.length = 0;
      this.pipes = [];
      this.flowing = null;
      this.ended = false;
      this.endEmitted = false;
      this.reading = false;
      this.constructed = true;
      this.sync = true;
      this.needReadable = false;
      this.emittedReadable = false;
      this.readableListening = false;
      this.resumeScheduled = false;
      this.errorEmitted = false;
      this.emitClose = options.emitClose !== false;
      this.autoDestroy = options.autoDestroy !== false;
      this.destroyed = false;
      this.errored = null;
      this.closed = false;
      this.closeEmitted = false;
      this.defaultEncoding = options.defaultEncoding || "utf8";
      this.awaitDrainWriters = null;
      this.multiAwaitDrain = false;
      this.readingMore = false;
      this.dataEmitted = false;
      this.decoder = null;
      this.encoding = null;
      if (options.encoding) {
        this.decoder = new StringDecoder(options.encoding);
        this.encoding = this.decoder.encoding;
      }
    }
  }

  function Readable(options) {
    if (!(this instanceof Readable)) return new Readable(options);
    const isDuplex = this instanceof Duplex;
    this._readableState = new ReadableState(options, this, isDuplex);
    if (options) {
      if (typeof options.read === "function") this._read = options.read;
      if (typeof options.destroy === "function") this._destroy = options.destroy;
      if (typeof options.construct === "function") this._construct = options.construct;
      if (options.signal) addSignal(options.signal, this);
    }
    Stream.call(this, options);
    if (typeof this._construct === "function") construct(this);
  }
  Object.setPrototypeOf(Readable.prototype, Stream.prototype);
  Object.setPrototypeOf(Readable, Stream);

  function construct(stream) {
    const r = stream._readableState, w = stream._writableState;
    if (r) r.constructed = false;
    if (w) w.constructed = false;
    nextTick(() => {
      let called = false;
      stream._construct((er) => {
        if (called) { errorOrDestroy(stream, ERR.multipleCallback()); return; }
        called = true;
        if (r) r.constructed = true;
        if (w) w.constructed = true;
        if (er) { destroyImpl(stream, er); return; }
        if (r && r.needReadable) maybeReadMore(stream, r);
        if (r && r.flowing) flow(stream);
        if (w) { clearBuffer(stream, w); finishMaybe(stream, w); }
      });
    });
  }

  function addSignal(signal, stream) {
    const onAbort = () => stream.destroy(makeAbortError(signal.reason));
    if (signal.aborted) nextTick(onAbort);
    else {
      signal.addEventListener("abort", onAbort, { once: true });
      eos(stream, () => signal.removeEventListener("abort", onAbort));
    }
  }
  function makeAbortError(cause) {
    const e = makeError("Error", "The operation was aborted", "ABORT_ERR");
    Object.defineProperty(e, "name", { __proto__: null, value: "AbortError", writable: true, configurable: true, enumerable: false });
    if (cause !== undefined) e.cause = cause;
    return e;
  }
  Q.makeAbortError = makeAbortError;

  Readable.prototype._read = function _read() {
    throw ERR.notImplemented("_read()");
  };

  Readable.prototype.push = function push(chunk, encoding) {
    return readableAddChunk(this, chunk, encoding, false);
  };
  Readable.prototype.unshift = function unshift(chunk, encoding) {
    return readableAddChunk(this, chunk, encoding, true);
  };

  function readableAddChunk(stream, chunk, encoding, addToFront) {
    const state = stream._readableState;
    let error;
    if (!state.objectMode) {
      if (typeof chunk === "string") {
        encoding = encoding || state.defaultEncoding;
        if (state.encoding !== encoding) {
          if (addToFront && state.encoding) chunk = bufferFromString(chunk, encoding).toString(state.encoding);
          else { chunk = bufferFromString(chunk, encoding); encoding = ""; }
        }
      } else if (chunk instanceof Uint8Array) {
        encoding = "";
      } else if (ArrayBuffer.isView(chunk)) {
        chunk = Q.toBuffer(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        encoding = "";
      } else if (chunk !== null && chunk !== undefined) {
        error = invalidArgType("chunk", ["string", "Buffer", "Uint8Array"], chunk);
      }
    }
    if (error) {
      errorOrDestroy(stream, error);
    } else if (chunk === null) {
      state.reading = false;
      onEofChunk(stream, state);
    } else if (state.objectMode || (chunk && chunk.length > 0)) {
      if (addToFront) {
        if (state.endEmitted) errorOrDestroy(stream, err("ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event"));
        else if (state.destroyed || state.errored) return false;
        else addChunk(stream, state, chunk, true);
      } else if (state.ended) {
        errorOrDestroy(stream, ERR.pushAfterEof());
      } else if (state.destroyed || state.errored) {
        return false;
      } else {
        state.reading = false;
        if (state.decoder && !encoding) {
          chunk = state.decoder.write(chunk);
          if (state.objectMode || chunk.length !== 0) addChunk(stream, state, chunk, false);
          else maybeReadMore(stream, state);
        } else {
          addChunk(stream, state, chunk, false);
        }
      }
    } else if (!addToFront) {
      state.reading = false;
      maybeReadMore(stream, state);
    }
    return !state.ended && (state.length < state.highWaterMark || state.length === 0);
  }

  function addChunk(stream, state, chunk, addToFront) {
    if (state.flowing && state.length === 0 && !state.sync && stream.listenerCount("data") > 0) {
      if (state.multiAwaitDrain) state.awaitDrainWriters.clear();
      else state.awaitDrainWriters = null;
      state.dataEmitted = true;
      stream.emit("data", chunk);
    } else {
      state.length += chunkLength(state, chunk);
      if (addToFront) state.buffer.unshift(chunk);
      else state.buffer.push(chunk);
      if (state.needReadable) emitReadable(stream);
    }
    maybeReadMore(stream, state);
  }

  Readable.prototype.isPaused = function isPaused() {
    const state = this._readableState;
    return state.paused === true || state.flowing === false;
  };

  Readable.prototype.setEncoding = function setEncoding(enc) {
    const decoder = new StringDecoder(enc);
    const state = this._readableState;
    state.decoder = decoder;
    state.encoding = decoder.encoding;
    let content = "";
    for (const c of state.buffer) content += decoder.write(c);
    state.buffer = content !== "" ? [content] : [];
    state.length = content.length;
    return this;
  };

  const MAX_HWM = 0x40000000;
  function computeNewHighWaterMark(n) {
    if (n > MAX_HWM) throw makeError("RangeError", `The value of "size" is out of range. It must be <= 1GiB. Received ${n}`, "ERR_OUT_OF_RANGE");
    n--;
    n |= n >>> 1; n |= n >>> 2; n |= n >>> 4; n |= n >>> 8; n |= n >>> 16;
    return n + 1;
  }
  function howMuchToRead(n, state) {
    if (n <= 0 || (state.length === 0 && state.ended)) return 0;
    if (state.objectMode) return 1;
    if (Number.isNaN(n)) {
      if (state.flowing && state.length) return chunkLength(state, state.buffer[0]);
      return state.length;
    }
    if (n <= state.length) return n;
    return state.ended ? state.length : 0;
  }

  Readable.prototype.read = function read(n) {
    if (n === undefined) n = NaN;
    else if (!Number.isInteger(n)) n = Number.parseInt(n, 10);
    const state = this._readableState;
    const nOrig = n;
    if (n > state.highWaterMark) state.highWaterMark = computeNewHighWaterMark(n);
    if (n !== 0) state.emittedReadable = false;
    if (n === 0 && state.needReadable &&
        ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) || state.ended)) {
      if (state.length === 0 && state.ended) endReadable(this);
      else emitReadable(this);
      return null;
    }
    n = howMuchToRead(n, state);
    if (n === 0 && state.ended) {
      if (state.length === 0) endReadable(this);
      return null;
    }
    let doRead = state.needReadable;
    if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;
    if (state.ended || state.reading || state.destroyed || state.errored || !state.constructed) {
      doRead = false;
    } else if (doRead) {
      state.reading = true;
      state.sync = true;
      if (state.length === 0) state.needReadable = true;
      try {
        this._read(state.highWaterMark);
      } catch (e) {
        errorOrDestroy(this, e);
      }
      state.sync = false;
      if (!state.reading) n = howMuchToRead(nOrig, state);
    }
    let ret = n > 0 ? fromList(n, state) : null;
    if (ret === null) {
      state.needReadable = state.length <= state.highWaterMark;
      n = 0;
    } else {
      state.length -= n;
      if (state.multiAwaitDrain) state.awaitDrainWriters.clear();
      else state.awaitDrainWriters = null;
    }
    if (state.length === 0) {
      if (!state.ended) state.needReadable = true;
      if (nOrig !== n && state.ended) endReadable(this);
    }
    if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
      state.dataEmitted = true;
      this.emit("data", ret);
    }
    return ret;
  };

  function fromList(n, state) {
    if (state.length === 0) return null;
    const buf = state.buffer;
    if (state.objectMode) return buf.shift();
    if (!n || n >= state.length) {
      let ret;
      if (state.decoder) ret = buf.join("");
      else if (buf.length === 1) ret = buf[0];
      else ret = concatBytes(buf, state.length);
      buf.length = 0;
      return ret;
    }
    // n < length: take n units from the front
    if (n < buf[0].length) {
      const head = buf[0];
      const ret = head.slice(0, n);
      buf[0] = typeof head === "string" ? head.slice(n) : head.subarray(n);
      return typeof ret === "string" ? ret : Q.toBuffer(ret);
    }
    if (n === buf[0].length) return buf.shift();
    if (state.decoder) {
      let ret = "";
      while (ret.length < n) {
        const c = buf[0];
        const need = n - ret.length;
        if (c.length <= need) { ret += c; buf.shift(); } else { ret += c.slice(0, need); buf[0] = c.slice(need); }
      }
      return ret;
    }
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const c = buf[0];
      const need = n - off;
      if (c.length <= need) { out.set(c, off); off += c.length; buf.shift(); } else { out.set(c.subarray(0, need), off); buf[0] = c.subarray(need); off = n; }
    }
    return Q.toBuffer(out);
  }

  function onEofChunk(stream, state) {
    if (state.ended) return;
    if (state.decoder) {
      const chunk = state.decoder.end();
      if (chunk && chunk.length) {
        state.buffer.push(chunk);
        state.length += state.objectMode ? 1 : chunk.length;
      }
    }
    state.ended = true;
    if (state.sync) {
      emitReadable(stream);
    } else {
      state.needReadable = false;
      state.emittedReadable = true;
      emitReadable_(stream);
    }
  }

  function emitReadable(stream) {
    const state = stream._readableState;
    state.needReadable = false;
    if (!state.emittedReadable) {
      state.emittedReadable = true;
      nextTick(emitReadable_, stream);
    }
  }
  function emitReadable_(stream) {
    const state = stream._readableState;
    if (!state.destroyed && !state.errored && (state.length || state.ended)) {
      stream.emit("readable");
      state.emittedReadable = false;
    }
    state.needReadable = !state.flowing && !state.ended && state.length <= state.highWaterMark;
    flow(stream);
  }

  function maybeReadMore(stream, state) {
    if (!state.readingMore && state.constructed) {
      state.readingMore = true;
      nextTick(maybeReadMore_, stream, state);
    }
  }
  function maybeReadMore_(stream, state) {
    while (!state.reading && !state.ended &&
           (state.length < state.highWaterMark || (state.flowing && state.length === 0))) {
      const len = state.length;
      stream.read(0);
      if (len === state.length) break;
    }
    state.readingMore = false;
  }

  Readable.prototype.on = function on(ev, fn) {
    const res = Stream.prototype.on.call(this, ev, fn);
    const state = this._readableState;
    if (ev === "data") {
      state.readableListening = this.listenerCount("readable") > 0;
      if (state.flowing !== false) this.resume();
    } else if (ev === "readable") {
      if (!state.endEmitted && !state.readableListening) {
        state.readableListening = state.needReadable = true;
        state.flowing = false;
        state.emittedReadable = false;
        if (state.length) emitReadable(this);
        else if (!state.reading) nextTick(nReadingNextTick, this);
      }
    }
    return res;
  };
  Readable.prototype.addListener = Readable.prototype.on;
  Readable.prototype.removeListener = function removeListener(ev, fn) {
    const res = Stream.prototype.removeListener.call(this, ev, fn);
    if (ev === "readable") nextTick(updateReadableListening, this);
    return res;
  };
  Readable.prototype.off = Readable.prototype.removeListener;
  Readable.prototype.removeAllListeners = function removeAllListeners(ev) {
    const res = Stream.prototype.removeAllListeners.apply(this, arguments);
    if (ev === "readable" || ev === undefined) nextTick(updateReadableListening, this);
    return res;
  };
  function updateReadableListening(self) {
    const state = self._readableState;
    state.readableListening = self.listenerCount("readable") > 0;
    if (state.resumeScheduled && state.paused === false) state.flowing = true;
    else if (self.listenerCount("data") > 0) self.resume();
    else if (!state.readableListening) state.flowing = null;
  }
  function nReadingNextTick(self) {
    self.read(0);
  }

  Readable.prototype.resume = function resume() {
    const state = this._readableState;
    if (!state.flowing) {
      state.flowing = !state.readableListening;
      if (!state.resumeScheduled) {
        state.resumeScheduled = true;
        nextTick(resume_, this, state);
      }
    }
    state.paused = false;
    return this;
  };
  function resume_(stream, state) {
    if (!state.reading) stream.read(0);
    state.resumeScheduled = false;
    stream.emit("resume");
    flow(stream);
    if (state.flowing && !state.reading) stream.read(0);
  }
  Readable.prototype.pause = function pause() {
    const state = this._readableState;
    if (state.flowing !== false) {
      state.flowing = false;
      this.emit("pause");
    }
    state.paused = true;
    return this;
  };
  function flow(stream) {
    const state = stream._readableState;
    while (state.flowing && stream.read() !== null);
  }

  function endReadable(stream) {
    const state = stream._readableState;
    if (!state.endEmitted) {
      state.ended = true;
      nextTick(endReadableNT, state, stream);
    }
  }
  function endReadableNT(state, stream) {
    if (!state.errored && !state.closeEmitted && !state.endEmitted && state.length === 0) {
      state.endEmitted = true;
      stream.emit("end");
      if (stream.writable && stream.allowHalfOpen === false) {
        nextTick(duplexOnEnd, stream);
        return;
      }
      const ws = stream._writableState;
      if (ws && ws.autoDestroy === false) return;
      if (state.autoDestroy) {
        const autoDestroy = !ws || (ws.autoDestroy && (ws.finished || ws.writable === false));
        if (autoDestroy) stream.destroy();
      }
    }
  }

  Readable.prototype.pipe = function pipe(dest, pipeOpts) {
    const src = this;
    const state = this._readableState;
    if (state.pipes.length === 1 && !state.multiAwaitDrain) {
      state.multiAwaitDrain = true;
      state.awaitDrainWriters = new Set(state.awaitDrainWriters ? [state.awaitDrainWriters] : []);
    }
    state.pipes.push(dest);
    const doEnd = (!pipeOpts || pipeOpts.end !== false) && dest !== Q.stdout && dest !== Q.stderr;
    const endFn = doEnd ? onend : unpipe;
    if (state.endEmitted) nextTick(endFn);
    else src.once("end", endFn);
    dest.on("unpipe", onunpipe);
    function onunpipe(readable, info) {
      if (readable === src && info && info.hasUnpiped === false) {
        info.hasUnpiped = true;
        cleanup();
      }
    }
    function onend() {
      dest.end();
    }
    let ondrain;
    let cleanedUp = false;
    function cleanup() {
      dest.removeListener("close", onclose);
      dest.removeListener("finish", onfinish);
      if (ondrain) dest.removeListener("drain", ondrain);
      dest.removeListener("error", onerror);
      dest.removeListener("unpipe", onunpipe);
      src.removeListener("end", onend);
      src.removeListener("end", unpipe);
      src.removeListener("data", ondata);
      cleanedUp = true;
      if (ondrain && state.awaitDrainWriters && (!dest._writableState || dest._writableState.needDrain)) ondrain();
    }
    function pause() {
      if (!cleanedUp) {
        if (state.pipes.length === 1 && state.pipes[0] === dest) {
          state.awaitDrainWriters = dest;
          state.multiAwaitDrain = false;
        } else if (state.pipes.length > 1 && state.pipes.includes(dest)) {
          state.awaitDrainWriters.add(dest);
        }
        src.pause();
      }
      if (!ondrain) {
        ondrain = pipeOnDrain(src, dest);
        dest.on("drain", ondrain);
      }
    }
    src.on("data", ondata);
    function ondata(chunk) {
      const ret = dest.write(chunk);
      if (ret === false) pause();
    }
    function onerror(er) {
      unpipe();
      dest.removeListener("error", onerror);
      if (dest.listenerCount("error") === 0) {
        const s = dest._writableState || dest._readableState;
        if (s && !s.errorEmitted) errorOrDestroy(dest, er);
        else dest.emit("error", er);
      }
    }
    prependListener(dest, "error", onerror);
    function onclose() {
      dest.removeListener("finish", onfinish);
      unpipe();
    }
    dest.once("close", onclose);
    function onfinish() {
      dest.removeListener("close", onclose);
      unpipe();
    }
    dest.once("finish", onfinish);
    function unpipe() {
      src.unpipe(dest);
    }
    dest.emit("pipe", src);
    if (dest.writableNeedDrain === true) pause();
    else if (!state.flowing) src.resume();
    return dest;
  };
  function prependListener(emitter, event, fn) {
    if (typeof emitter.prependListener === "function") emitter.prependListener(event, fn);
    else emitter.on(event, fn);
  }
  function pipeOnDrain(src, dest) {
    return function pipeOnDrainFunctionResult() {
      const state = src._readableState;
      if (state.awaitDrainWriters === dest) state.awaitDrainWriters = null;
      else if (state.multiAwaitDrain) state.awaitDrainWriters.delete(dest);
      if ((!state.awaitDrainWriters || state.awaitDrainWriters.size === 0) && src.listenerCount("data")) {
        src.resume();
      }
    };
  }
  Readable.prototype.unpipe = function unpipe(dest) {
    const state = this._readableState;
    const info = { hasUnpiped: false };
    if (state.pipes.length === 0) return this;
    if (!dest) {
      const dests = state.pipes;
      state.pipes = [];
      this.pause();
      for (const d of dests) d.emit("unpipe", this, { hasUnpiped: false });
      return this;
    }
    const index = state.pipes.indexOf(dest);
    if (index === -1) return this;
    state.pipes.splice(index, 1);
    if (state.pipes.length === 0) this.pause();
    dest.emit("unpipe", this, info);
    return this;
  };

  Readable.prototype[Symbol.asyncIterator] = function asyncIterator() {
    return createAsyncIterator(this);
  };
  Readable.prototype.iterator = function iterator(options) {
    return createAsyncIterator(this, options);
  };
  async function* createAsyncIterator(stream, options) {
    let callback = nop;
    function next(resolve) {
      if (this === stream) {
        callback();
        callback = nop;
      } else {
        callback = resolve;
      }
    }
    stream.on("readable", next);
    let error;
    const cleanup = eos(stream, { writable: false }, (e) => {
      error = e ? aggregateTwo(error, e) : null;
      callback();
      callback = nop;
    });
    try {
      while (true) {
        const chunk = stream.destroyed ? null : stream.read();
        if (chunk !== null) {
          yield chunk;
        } else if (error) {
          throw error;
        } else if (error === null) {
          return;
        } else {
          await new Promise(next);
        }
      }
    } catch (e) {
      error = aggregateTwo(error, e);
      throw error;
    } finally {
      if ((error || (options && options.destroyOnReturn === false) === false) &&
          (error === undefined || stream._readableState.autoDestroy)) {
        destroyImpl(stream, null);
      } else {
        stream.off("readable", next);
        cleanup();
      }
    }
  }
  function aggregateTwo(a, b) {
    return a || b;
  }
  function nop() {}

  Readable.from = function from(iterable, opts) {
    if (typeof iterable === "string" || iterable instanceof Uint8Array) {
      return new Readable({ objectMode: true, ...opts, read() { this.push(iterable); this.push(null); } });
    }
    let iterator, isAsync;
    if (iterable && typeof iterable[Symbol.asyncIterator] === "function") {
      isAsync = true;
      iterator = iterable[Symbol.asyncIterator]();
    } else if (iterable && typeof iterable[Symbol.iterator] === "function") {
      isAsync = false;
      iterator = iterable[Symbol.iterator]();
    } else {
      throw invalidArgType("iterable", ["Iterable"], iterable);
    }
    const readable = new Readable({ objectMode: true, highWaterMark: 1, ...opts });
    let reading = false;
    readable._read = function () {
      if (!reading) {
        reading = true;
        next();
      }
    };
    readable._destroy = function (error, cb) {
      close(error).then(() => nextTick(cb, error), (e) => nextTick(cb, e || error));
    };
    async function close(error) {
      const hadError = error !== undefined && error !== null;
      const hasThrow = typeof iterator.throw === "function";
      if (hadError && hasThrow) {
        const { value, done } = await iterator.throw(error);
        await value;
        if (done) return;
      }
      if (typeof iterator.return === "function") {
        const { value } = await iterator.return();
        await value;
      }
    }
    async function next() {
      for (;;) {
        try {
          const { value, done } = isAsync ? await iterator.next() : iterator.next();
          if (done) {
            readable.push(null);
          } else {
            const res = value && typeof value.then === "function" ? await value : value;
            if (res === null) {
              reading = false;
              throw ERR.nullValues();
            } else if (readable.push(res)) {
              continue;
            } else {
              reading = false;
            }
          }
        } catch (e) {
          readable.destroy(e);
        }
        break;
      }
    }
    return readable;
  };

  function defineGetters(proto, getters) {
    for (const [name, get] of Object.entries(getters)) {
      Object.defineProperty(proto, name, { __proto__: null, get, configurable: true, enumerable: false });
    }
  }
  defineGetters(Readable.prototype, {
    readable() {
      const r = this._readableState;
      return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted;
    },
    readableDidRead() { return this._readableState.dataEmitted; },
    readableAborted() {
      const r = this._readableState;
      return !!(r.readable !== false && (r.destroyed || r.errored) && !r.endEmitted);
    },
    readableHighWaterMark() { return this._readableState.highWaterMark; },
    readableBuffer() { return this._readableState && this._readableState.buffer; },
    readableFlowing() { return this._readableState.flowing; },
    readableLength() { return this._readableState.length; },
    readableObjectMode() { return this._readableState ? this._readableState.objectMode : false; },
    readableEncoding() { return this._readableState ? this._readableState.encoding : null; },
    readableEnded() { return this._readableState ? this._readableState.endEmitted : false; },
    errored() { return this._readableState ? this._readableState.errored : null; },
    closed() { return this._readableState ? this._readableState.closed : false; },
  });
  Object.defineProperty(Readable.prototype, "destroyed", { __proto__: null,
    configurable: true, enumerable: false,
    get() {
      const r = this._readableState, w = this._writableState;
      return r ? r.destroyed : w ? w.destroyed : false;
    },
    set(v) {
      if (this._readableState) this._readableState.destroyed = v;
      if (this._writableState) this._writableState.destroyed = v;
    },
  });

  // -- destroy (shared) ----------------------------------------------------------------------
  function destroyImpl(stream, error, cb) {
    const r = stream._readableState, w = stream._writableState;
    const s = w || r;
    if ((w && w.destroyed) || (r && r.destroyed)) {
      if (typeof cb === "function") cb();
      return stream;
    }
    if (error) {
      if (w && !w.errored) w.errored = error;
      if (r && !r.errored) r.errored = error;
    }
    if (w) w.destroyed = true;
    if (r) r.destroyed = true;
    const run = () => {
      let called = false;
      const onDestroy = (e) => {
        if (called) { errorOrDestroy(stream, ERR.multipleCallback()); return; }
        called = true;
        if (e) {
          if (w && !w.errored) w.errored = e;
          if (r && !r.errored) r.errored = e;
        }
        if (w) w.closed = true;
        if (r) r.closed = true;
        if (typeof cb === "function") cb(e);
        if (e) nextTick(emitErrorCloseNT, stream, e);
        else nextTick(emitCloseNT, stream);
      };
      try {
        stream._destroy(error || null, onDestroy);
      } catch (e) {
        onDestroy(e);
      }
    };
    if (s && s.constructed === false) stream.once(kConstruct, run);
    else run();
    return stream;
  }
  const kConstruct = Symbol("kConstruct");
  function emitErrorCloseNT(self, e) {
    emitErrorNT(self, e);
    emitCloseNT(self);
  }
  function emitCloseNT(self) {
    const r = self._readableState, w = self._writableState;
    if (w) w.closeEmitted = true;
    if (r) r.closeEmitted = true;
    if ((w && w.emitClose) || (r && r.emitClose)) self.emit("close");
  }
  function emitErrorNT(self, e) {
    const r = self._readableState, w = self._writableState;
    if ((w && w.errorEmitted) || (r && r.errorEmitted)) return;
    if (w) w.errorEmitted = true;
    if (r) r.errorEmitted = true;
    self.emit("error", e);
  }
  function errorOrDestroy(stream, e, sync) {
    const r = stream._readableState, w = stream._writableState;
    if ((w && w.destroyed) || (r && r.destroyed)) return;
    if ((r && r.autoDestroy) || (w && w.autoDestroy)) {
      stream.destroy(e);
    } else if (e) {
      if (w && !w.errored) w.errored = e;
      if (r && !r.errored) r.errored = e;
      if (sync) nextTick(emitErrorNT, stream, e);
      else emitErrorNT(stream, e);
    }
  }
  Readable.prototype.destroy = function destroy(error, cb) {
    return destroyImpl(this, error, cb);
  };
  Readable.prototype._destroy = function _destroy(error, cb) {
    cb(error);
  };
  Readable.prototype[EventEmitter.captureRejectionSymbol || Symbol("captureRejection")] = function (e) {
    this.destroy(e);
  };

  // -- Writable ------------------------------------------------------------------------------
  class WritableState {
    constructor(options, stream, isDuplex) {
      options = options || {};
      this.objectMode = !!(options.objectMode || (isDuplex && options.writableObjectMode));
      this.highWaterMark = hwm(options, isDuplex ? "writableHighWaterMark" : "highWaterMark", this.objectMode);
      this.finalCalled = false;
      this.needDrain = false;
      this.ending = false;
      this.ended = false;
      this.finished = false;
      this.destroyed = false;
      this.decodeStrings = options.decodeStrings !== false;
      this.defaultEncoding = options.defaultEncoding || "utf8";
      this.length = 0;
      this.writing = false;
      this.corked = 0;
      this.sync = true;
      this.bufferProcessing = false;
      this.writecb = null;
      this.writelen = 0;
      this.afterWriteTickInfo = null;
      this.buffered = [];
      this.bufferedIndex = 0;
      this.allBuffers = true;
      this.allNoop = true;
      this.pendingcb = 0;
      this.constructed = true;
      this.prefinished = false;
      this.errorEmitted = false;
      this.emitClose = options.emitClose !== false;
      this.autoDestroy = options.autoDestroy !== false;
      this.errored = null;
      this.closed = false;
      this.closeEmitted = false;
      this.writable = undefined;
      this.onwrite = onwrite.bind(undefined, stream);
    }
  }

  function Writable(options) {
    const isDuplex = this instanceof Duplex;
    if (!isDuplex && !(this instanceof Writable)) return new Writable(options);
    this._writableState = new WritableState(options, this, isDuplex);
    if (options) {
      if (typeof options.write === "function") this._write = options.write;
      if (typeof options.writev === "function") this._writev = options.writev;
      if (typeof options.destroy === "function") this._destroy = options.destroy;
      if (typeof options.final === "function") this._final = options.final;
      if (typeof options.construct === "function") this._construct = options.construct;
      if (options.signal) addSignal(options.signal, this);
    }
    Stream.call(this, options);
    if (!isDuplex && typeof this._construct === "function") construct(this);
  }
  Object.setPrototypeOf(Writable.prototype, Stream.prototype);
  Object.setPrototypeOf(Writable, Stream);
  Object.defineProperty(Writable, Symbol.hasInstance, { __proto__: null,
    value(object) {
      if (Function.prototype[Symbol.hasInstance].call(this, object)) return true;
      if (this !== Writable) return false;
      return !!(object && object._writableState instanceof WritableState);
    },
  });

  Writable.prototype.pipe = function pipe() {
    errorOrDestroy(this, err("ERR_STREAM_CANNOT_PIPE", "Cannot pipe, not readable"));
  };

  function _write(stream, chunk, encoding, cb) {
    const state = stream._writableState;
    if (typeof encoding === "function") {
      cb = encoding;
      encoding = state.defaultEncoding;
    } else {
      if (!encoding) encoding = state.defaultEncoding;
      else if (encoding !== "buffer") Q.normEncoding(encoding);
      if (typeof cb !== "function") cb = nop;
    }
    if (chunk === null) {
      throw ERR.nullValues();
    } else if (!state.objectMode) {
      if (typeof chunk === "string") {
        if (state.decodeStrings !== false) {
          chunk = bufferFromString(chunk, encoding);
          encoding = "buffer";
        }
      } else if (chunk instanceof Uint8Array) {
        encoding = "buffer";
      } else if (ArrayBuffer.isView(chunk)) {
        chunk = Q.toBuffer(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        encoding = "buffer";
      } else {
        throw invalidArgType("chunk", ["string", "Buffer", "TypedArray", "DataView"], chunk);
      }
    }
    let e;
    if (state.ending) e = ERR.writeAfterEnd();
    else if (state.destroyed) e = ERR.destroyed("write");
    if (e) {
      nextTick(cb, e);
      errorOrDestroy(stream, e, true);
      return e;
    }
    state.pendingcb++;
    return writeOrBuffer(stream, state, chunk, encoding, cb);
  }

  Writable.prototype.write = function write(chunk, encoding, cb) {
    return _write(this, chunk, encoding, cb) === true;
  };
  Writable.prototype.cork = function cork() {
    this._writableState.corked++;
  };
  Writable.prototype.uncork = function uncork() {
    const state = this._writableState;
    if (state.corked) {
      state.corked--;
      if (!state.writing) clearBuffer(this, state);
    }
  };
  Writable.prototype.setDefaultEncoding = function setDefaultEncoding(encoding) {
    if (typeof encoding === "string") encoding = encoding.toLowerCase();
    Q.normEncoding(encoding);
    this._writableState.defaultEncoding = encoding;
    return this;
  };

  function writeOrBuffer(stream, state, chunk, encoding, callback) {
    const len = state.objectMode ? 1 : chunk.length;
    state.length += len;
    const ret = state.length < state.highWaterMark;
    if (!ret) state.needDrain = true;
    if (state.writing || state.corked || state.errored || !state.constructed) {
      state.buffered.push({ chunk, encoding, callback });
      if (state.allBuffers && encoding !== "buffer") state.allBuffers = false;
      if (state.allNoop && callback !== nop) state.allNoop = false;
    } else {
      state.writelen = len;
      state.writecb = callback;
      state.writing = true;
      state.sync = true;
      stream._write(chunk, encoding, state.onwrite);
      state.sync = false;
    }
    return ret && !state.errored && !state.destroyed;
  }

  function doWrite(stream, state, writev, len, chunk, encoding, cb) {
    state.writelen = len;
    state.writecb = cb;
    state.writing = true;
    state.sync = true;
    if (state.destroyed) state.onwrite(ERR.destroyed("write"));
    else if (writev) stream._writev(chunk, state.onwrite);
    else stream._write(chunk, encoding, state.onwrite);
    state.sync = false;
  }

  function onwriteError(stream, state, er, cb) {
    --state.pendingcb;
    cb(er);
    errorBuffer(state);
    errorOrDestroy(stream, er);
  }

  function onwrite(stream, er) {
    const state = stream._writableState;
    const sync = state.sync;
    const cb = state.writecb;
    if (typeof cb !== "function") {
      errorOrDestroy(stream, ERR.multipleCallback());
      return;
    }
    state.writing = false;
    state.writecb = null;
    state.length -= state.writelen;
    state.writelen = 0;
    if (er) {
      if (!state.errored) state.errored = er;
      if (stream._readableState && !stream._readableState.errored) stream._readableState.errored = er;
      if (sync) nextTick(onwriteError, stream, state, er, cb);
      else onwriteError(stream, state, er, cb);
    } else {
      if (state.buffered.length > state.bufferedIndex) clearBuffer(stream, state);
      if (sync) {
        if (state.afterWriteTickInfo !== null && state.afterWriteTickInfo.cb === cb) {
          state.afterWriteTickInfo.count++;
        } else {
          state.afterWriteTickInfo = { count: 1, cb, stream, state };
          nextTick(afterWriteTick, state.afterWriteTickInfo);
        }
      } else {
        afterWrite(stream, state, 1, cb);
      }
    }
  }
  function afterWriteTick({ stream, state, count, cb }) {
    state.afterWriteTickInfo = null;
    return afterWrite(stream, state, count, cb);
  }
  function afterWrite(stream, state, count, cb) {
    const needDrain = !state.ending && !stream.destroyed && state.length === 0 && state.needDrain;
    if (needDrain) {
      state.needDrain = false;
      stream.emit("drain");
    }
    while (count-- > 0) {
      state.pendingcb--;
      cb();
    }
    if (state.destroyed) errorBuffer(state);
    finishMaybe(stream, state);
  }
  function errorBuffer(state) {
    if (state.writing) return;
    for (let n = state.bufferedIndex; n < state.buffered.length; ++n) {
      const { chunk, callback } = state.buffered[n];
      const len = state.objectMode ? 1 : chunk.length;
      state.length -= len;
      callback(state.errored || ERR.destroyed("write"));
    }
    const fns = state[kOnFinished] || [];
    state[kOnFinished] = [];
    for (const fn of fns) fn(state.errored || ERR.destroyed("end"));
    state.buffered = [];
    state.bufferedIndex = 0;
    state.allBuffers = true;
    state.allNoop = true;
  }
  function clearBuffer(stream, state) {
    if (state.corked || state.bufferProcessing || state.destroyed || !state.constructed) return;
    const { buffered, bufferedIndex, objectMode } = state;
    const bufferedLength = buffered.length - bufferedIndex;
    if (!bufferedLength) return;
    let i = bufferedIndex;
    state.bufferProcessing = true;
    if (bufferedLength > 1 && stream._writev) {
      state.pendingcb -= bufferedLength - 1;
      const callback = state.allNoop ? nop : (e) => {
        for (let n = i; n < buffered.length; ++n) buffered[n].callback(e);
      };
      const chunks = state.allNoop && i === 0 ? buffered : buffered.slice(i);
      chunks.allBuffers = state.allBuffers;
      doWrite(stream, state, true, state.length, chunks, "", callback);
      state.buffered = [];
      state.bufferedIndex = 0;
      state.allBuffers = true;
      state.allNoop = true;
    } else {
      do {
        const { chunk, encoding, callback } = buffered[i];
        buffered[i++] = null;
        const len = objectMode ? 1 : chunk.length;
        doWrite(stream, state, false, len, chunk, encoding, callback);
      } while (i < buffered.length && !state.writing);
      if (i === buffered.length) {
        state.buffered = [];
        state.bufferedIndex = 0;
        state.allBuffers = true;
        state.allNoop = true;
      } else if (i > 256) {
        buffered.splice(0, i);
        state.bufferedIndex = 0;
      } else {
        state.bufferedIndex = i;
      }
    }
    state.bufferProcessing = false;
  }

  Writable.prototype._write = function _write(chunk, encoding, cb) {
    if (this._writev) this._writev([{ chunk, encoding }], cb);
    else throw ERR.notImplemented("_write()");
  };
  Writable.prototype._writev = null;

  Writable.prototype.end = function end(chunk, encoding, cb) {
    const state = this._writableState;
    if (typeof chunk === "function") {
      cb = chunk;
      chunk = null;
      encoding = null;
    } else if (typeof encoding === "function") {
      cb = encoding;
      encoding = null;
    }
    let e;
    if (chunk !== null && chunk !== undefined) {
      const ret = _write(this, chunk, encoding);
      if (ret instanceof Error) e = ret;
    }
    if (state.corked) {
      state.corked = 1;
      this.uncork();
    }
    if (e) {
      // nothing more
    } else if (!state.errored && !state.ending) {
      state.ending = true;
      finishMaybe(this, state, true);
      state.ended = true;
    } else if (state.finished) {
      e = ERR.alreadyFinished("end");
    } else if (state.destroyed) {
      e = ERR.destroyed("end");
    }
    if (typeof cb === "function") {
      if (e || state.finished) nextTick(cb, e);
      else {
        const onFinish = (er) => cb(er);
        (state[kOnFinished] || (state[kOnFinished] = [])).push(onFinish);
      }
    }
    return this;
  };
  const kOnFinished = Symbol("kOnFinished");

  function needFinish(state) {
    return state.ending && !state.destroyed && state.constructed && state.length === 0 &&
      !state.errored && state.buffered.length === 0 && !state.finished && !state.writing &&
      !state.errorEmitted && !state.closeEmitted;
  }
  function callFinal(stream, state) {
    let called = false;
    function onFinish(e) {
      if (called) { errorOrDestroy(stream, ERR.multipleCallback()); return; }
      called = true;
      state.pendingcb--;
      if (e) {
        const fns = state[kOnFinished] || [];
        state[kOnFinished] = [];
        for (const fn of fns) fn(e);
        errorOrDestroy(stream, e, state.sync);
      } else if (needFinish(state)) {
        state.prefinished = true;
        stream.emit("prefinish");
        state.pendingcb++;
        nextTick(finish, stream, state);
      }
    }
    state.sync = true;
    state.pendingcb++;
    try {
      stream._final(onFinish);
    } catch (e) {
      onFinish(e);
    }
    state.sync = false;
  }
  function prefinish(stream, state) {
    if (!state.prefinished && !state.finalCalled) {
      if (typeof stream._final === "function" && !state.destroyed) {
        state.finalCalled = true;
        callFinal(stream, state);
      } else {
        state.prefinished = true;
        stream.emit("prefinish");
      }
    }
  }
  function finishMaybe(stream, state, sync) {
    if (needFinish(state)) {
      prefinish(stream, state);
      if (state.pendingcb === 0) {
        if (sync) {
          state.pendingcb++;
          nextTick((s, st) => {
            if (needFinish(st)) finish(s, st);
            else st.pendingcb--;
          }, stream, state);
        } else if (needFinish(state)) {
          state.pendingcb++;
          finish(stream, state);
        }
      }
    }
  }
  function finish(stream, state) {
    state.pendingcb--;
    state.finished = true;
    const fns = state[kOnFinished] || [];
    state[kOnFinished] = [];
    for (const fn of fns) fn();
    stream.emit("finish");
    if (state.autoDestroy) {
      const rState = stream._readableState;
      const autoDestroy = !rState || (rState.autoDestroy && (rState.endEmitted || rState.readable === false));
      if (autoDestroy) stream.destroy();
    }
  }

  defineGetters(Writable.prototype, {
    closed() { return this._writableState ? this._writableState.closed : false; },
    writable() {
      const w = this._writableState;
      return !!w && w.writable !== false && !w.destroyed && !w.errored && !w.ending && !w.ended;
    },
    writableFinished() { return this._writableState ? this._writableState.finished : false; },
    writableObjectMode() { return this._writableState ? this._writableState.objectMode : false; },
    writableBuffer() { return this._writableState && this._writableState.buffered.slice(this._writableState.bufferedIndex); },
    writableEnded() { return this._writableState ? this._writableState.ending : false; },
    writableNeedDrain() {
      const w = this._writableState;
      return w ? !w.destroyed && !w.ending && w.needDrain : false;
    },
    writableHighWaterMark() { return this._writableState && this._writableState.highWaterMark; },
    writableCorked() { return this._writableState ? this._writableState.corked : 0; },
    writableLength() { return this._writableState && this._writableState.length; },
    errored() { return this._writableState ? this._writableState.errored : null; },
    writableAborted() {
      const w = this._writableState;
      return !!(w.writable !== false && (w.destroyed || w.errored) && !w.finished);
    },
  });
  Object.defineProperty(Writable.prototype, "destroyed", Object.getOwnPropertyDescriptor(Readable.prototype, "destroyed"));
  Writable.prototype.destroy = function destroy(e, cb) {
    const state = this._writableState;
    if (!state.destroyed && (state.bufferedIndex < state.buffered.length || (state[kOnFinished] && state[kOnFinished].length))) {
      nextTick(errorBuffer, state);
    }
    destroyImpl(this, e, cb);
    return this;
  };
  Writable.prototype._destroy = function _destroy(e, cb) {
    cb(e);
  };
  Writable.prototype[EventEmitter.captureRejectionSymbol || Symbol("captureRejection")] = function (e) {
    this.destroy(e);
  };

  // -- Duplex --------------------------------------------------------------------------------
  function Duplex(options) {
    if (!(this instanceof Duplex)) return new Duplex(options);
    this._readableState = new ReadableState(options, this, true);
    this._writableState = new WritableState(options, this, true);
    if (options) {
      this.allowHalfOpen = options.allowHalfOpen !== false;
      if (options.readable === false) {
        this._readableState.readable = false;
        this._readableState.ended = true;
        this._readableState.endEmitted = true;
      }
      if (options.writable === false) {
        this._writableState.writable = false;
        this._writableState.ending = true;
        this._writableState.ended = true;
        this._writableState.finished = true;
      }
      if (typeof options.read === "function") this._read = options.read;
      if (typeof options.write === "function") this._write = options.write;
      if (typeof options.writev === "function") this._writev = options.writev;
      if (typeof options.destroy === "function") this._destroy = options.destroy;
      if (typeof options.final === "function") this._final = options.final;
      if (typeof options.construct === "function") this._construct = options.construct;
      if (options.signal) addSignal(options.signal, this);
    } else {
      this.allowHalfOpen = true;
    }
    Stream.call(this, options);
    if (typeof this._construct === "function") construct(this);
  }
  Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
  Object.setPrototypeOf(Duplex, Readable);
  for (const method of Object.getOwnPropertyNames(Writable.prototype)) {
    if (method === "constructor" || method === "destroy" || method === "_destroy") continue;
    if (!(method in Duplex.prototype)) {
      Object.defineProperty(Duplex.prototype, method, Object.getOwnPropertyDescriptor(Writable.prototype, method));
    }
  }
  Object.defineProperty(Duplex.prototype, "writable", Object.getOwnPropertyDescriptor(Writable.prototype, "writable"));
  Duplex.prototype.destroy = Writable.prototype.destroy;
  // allowHalfOpen: false ends the writable side when the readable side ends.
  function duplexOnEnd(self) {
    self.end();
  }

  // -- Transform / PassThrough ---------------------------------------------------------------
  const kCallback = Symbol("kCallback");
  function Transform(options) {
    if (!(this instanceof Transform)) return new Transform(options);
    const readableHighWaterMark = options ? hwm(options, "readableHighWaterMark", !!(options.objectMode || options.readableObjectMode)) : null;
    if (readableHighWaterMark === 0) {
      options = { ...options, highWaterMark: null, readableHighWaterMark: null,
        writableHighWaterMark: options.writableHighWaterMark || 0 };
    }
    Duplex.call(this, options);
    this._readableState.sync = false;
    this[kCallback] = null;
    if (options) {
      if (typeof options.transform === "function") this._transform = options.transform;
      if (typeof options.flush === "function") this._flush = options.flush;
    }
    this.on("prefinish", prefinishTransform);
  }
  Object.setPrototypeOf(Transform.prototype, Duplex.prototype);
  Object.setPrototypeOf(Transform, Duplex);
  function transformFinal(cb) {
    if (typeof this._flush === "function" && !this.destroyed) {
      this._flush((er, data) => {
        if (er) {
          if (cb) cb(er);
          else this.destroy(er);
          return;
        }
        if (data !== null && data !== undefined) this.push(data);
        this.push(null);
        if (cb) cb();
      });
    } else {
      this.push(null);
      if (cb) cb();
    }
  }
  function prefinishTransform() {
    if (this._final !== transformFinal) transformFinal.call(this);
  }
  Transform.prototype._final = transformFinal;
  Transform.prototype._transform = function _transform() {
    throw ERR.notImplemented("_transform()");
  };
  Transform.prototype._write = function _write(chunk, encoding, callback) {
    const rState = this._readableState;
    const wState = this._writableState;
    const length = rState.length;
    this._transform(chunk, encoding, (e, val) => {
      if (e) {
        callback(e);
        return;
      }
      if (val !== null && val !== undefined) this.push(val);
      if (wState.ended || length === rState.length || rState.length < rState.highWaterMark) {
        callback();
      } else {
        this[kCallback] = callback;
      }
    });
  };
  Transform.prototype._read = function _read() {
    if (this[kCallback]) {
      const callback = this[kCallback];
      this[kCallback] = null;
      callback();
    }
  };
  function PassThrough(options) {
    if (!(this instanceof PassThrough)) return new PassThrough(options);
    Transform.call(this, options);
  }
  Object.setPrototypeOf(PassThrough.prototype, Transform.prototype);
  Object.setPrototypeOf(PassThrough, Transform);
  PassThrough.prototype._transform = function _transform(chunk, encoding, cb) {
    cb(null, chunk);
  };

  // -- finished / pipeline -------------------------------------------------------------------
  function isReadableNodeStream(s) {
    return !!(s && typeof s.pipe === "function" && typeof s.on === "function" &&
      (!s._writableState || (s._readableState && s._readableState.readable !== false)) &&
      (!s._writableState || s._readableState));
  }
  function isWritableNodeStream(s) {
    return !!(s && typeof s.write === "function" && typeof s.on === "function" &&
      (!s._readableState || (s._writableState && s._writableState.writable !== false)));
  }
  function eos(stream, options, callback) {
    if (typeof options === "function") {
      callback = options;
      options = {};
    } else if (options === undefined || options === null) {
      options = {};
    }
    if (typeof callback !== "function") throw invalidArgType("callback", "Function", callback);
    let called = false;
    const cb = (...args) => {
      if (called) return;
      called = true;
      callback.apply(stream, args);
    };
    const rState = stream._readableState, wState = stream._writableState;
    const readable = options.readable !== undefined ? options.readable : isReadableNodeStream(stream);
    const writable = options.writable !== undefined ? options.writable : isWritableNodeStream(stream);
    let writableFinished = !!(wState && wState.finished);
    let readableFinished = !!(rState && rState.endEmitted);
    const onlegacyfinish = () => {
      if (!stream.writable) onfinish();
    };
    const onfinish = () => {
      writableFinished = true;
      if (readable && !readableFinished && stream.readable !== false) return;
      cb.call(stream);
    };
    const onend = () => {
      readableFinished = true;
      if (writable && !writableFinished && stream.writable !== false) return;
      cb.call(stream);
    };
    const onerror = (e) => {
      cb.call(stream, e);
    };
    let closed = !!((wState && wState.closed) || (rState && rState.closed));
    const onclose = () => {
      closed = true;
      const errored = (wState && wState.errored) || (rState && rState.errored);
      if (errored && typeof errored !== "boolean") return cb.call(stream, errored);
      if (readable && !readableFinished && isReadableNodeStream(stream)) {
        if (!(rState && rState.endEmitted)) return cb.call(stream, ERR.prematureClose());
      }
      if (writable && !writableFinished) {
        if (!(wState && wState.finished)) return cb.call(stream, ERR.prematureClose());
      }
      cb.call(stream);
    };
    stream.on("end", onend);
    stream.on("finish", onfinish);
    if (options.error !== false) stream.on("error", onerror);
    stream.on("close", onclose);
    if (!wState && !rState) stream.on("end", onlegacyfinish);
    if (closed) {
      nextTick(onclose);
    } else if ((wState && wState.errorEmitted) || (rState && rState.errorEmitted)) {
      if (!(wState && wState.emitClose === false) && !(rState && rState.emitClose === false)) {
        // close will follow
      } else {
        nextTick(onclose);
      }
    } else if ((!readable || readableFinished) && (!writable || writableFinished) &&
               (rState || wState)) {
      nextTick(onclose);
    }
    const cleanup = () => {
      callback = nop;
      stream.removeListener("end", onend);
      stream.removeListener("finish", onfinish);
      stream.removeListener("error", onerror);
      stream.removeListener("close", onclose);
      stream.removeListener("end", onlegacyfinish);
    };
    if (options.signal) {
      const abort = () => {
        const endCallback = callback;
        cleanup();
        endCallback.call(stream, makeAbortError(options.signal.reason));
      };
      if (options.signal.aborted) nextTick(abort);
      else {
        options.signal.addEventListener("abort", abort, { once: true });
        const orig = callback;
        callback = (...args) => {
          options.signal.removeEventListener("abort", abort);
          orig.apply(stream, args);
        };
      }
    }
    return cleanup;
  }
  function finishedPromise(stream, opts) {
    return new Promise((resolve, reject) => {
      eos(stream, opts, (e) => (e ? reject(e) : resolve()));
    });
  }
  eos.finished = eos;

  function pipeline(...streams) {
    const callback = streams.pop();
    if (typeof callback !== "function") throw invalidArgType("callback", "Function", callback);
    if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
    if (streams.length < 2) {
      throw makeError("TypeError", 'The "streams" argument must be specified', "ERR_MISSING_ARGS");
    }
    return pipelineImpl(streams, callback);
  }
  function isIterable(v) {
    return v && (typeof v[Symbol.asyncIterator] === "function" || typeof v[Symbol.iterator] === "function") &&
      typeof v.pipe !== "function";
  }
  function pipelineImpl(streams, callback, opts) {
    let error;
    let finishCount = 0;
    const destroys = [];
    let finalValue;
    let done = false;
    function finish(e) {
      if (done) return;
      if (e && (!error || error.code === "ERR_STREAM_PREMATURE_CLOSE")) error = e;
      if (--finishCount > 0 && !error) return;
      done = true;
      while (destroys.length) destroys.shift()(error);
      nextTick(callback, error, finalValue);
    }
    let ret;
    for (let i = 0; i < streams.length; i++) {
      let stream = streams[i];
      const reading = i < streams.length - 1;
      const writing = i > 0;
      const isLast = i === streams.length - 1;
      if (typeof stream === "function") {
        const input = ret;
        const out = stream(input, { signal: opts && opts.signal });
        if (!isLast) {
          ret = out && typeof out.pipe === "function" ? out : Readable.from(out);
          attach(ret, true, false);
          continue;
        }
        finishCount++;
        Promise.resolve(out).then((v) => { finalValue = v; finish(); }, (e) => finish(e));
        ret = out;
        continue;
      }
      if (i === 0 && isIterable(stream)) {
        stream = Readable.from(stream);
      }
      attach(stream, reading, writing);
      if (i > 0 && ret && typeof ret.pipe === "function") {
        ret.pipe(stream, { end: true });
      } else if (i > 0 && ret && isIterable(ret)) {
        Readable.from(ret).pipe(stream);
      }
      ret = stream;
    }
    function attach(stream, reading, writing) {
      finishCount++;
      let destroyed = false;
      // The listeners stay: an 'error' emitted after the pipeline settled is still handled.
      eos(stream, { readable: reading, writable: writing }, (e) => finish(e));
      stream.on("close", () => { destroyed = true; });
      destroys.push((e) => {
        if (!destroyed && e && typeof stream.destroy === "function") stream.destroy(e);
      });
    }
    return ret;
  }

  function pipelinePromise(...streams) {
    return new Promise((resolve, reject) => {
      let opts;
      const last = streams[streams.length - 1];
      if (last && typeof last === "object" && !isReadableNodeStream(last) && !isWritableNodeStream(last) &&
          !isIterable(last)) {
        opts = streams.pop();
      }
      if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
      pipelineImpl(streams, (e, v) => (e ? reject(e) : resolve(v)), opts);
    });
  }

  // -- exports -------------------------------------------------------------------------------
  const promises = { pipeline: pipelinePromise, finished: finishedPromise };
  Stream.Stream = Stream;
  Stream.Readable = Readable;
  Stream.Writable = Writable;
  Stream.Duplex = Duplex;
  Stream.Transform = Transform;
  Stream.PassThrough = PassThrough;
  Stream.pipeline = pipeline;
  Stream.finished = eos;
  Stream.promises = promises;
  Stream.addAbortSignal = function addAbortSignal(signal, stream) {
    addSignal(signal, stream);
    return stream;
  };
  Stream.destroy = function destroy(stream, e) {
    stream.destroy(e);
  };
  Stream.isReadable = (s) => !!(s && s.readable);
  Stream.isErrored = (s) => !!(s && s.errored);
  Stream.getDefaultHighWaterMark = (objectMode) => (objectMode ? 16 : 16384);
  Object.defineProperty(pipeline, Symbol.for("nodejs.util.promisify.custom"), { __proto__: null, value: pipelinePromise });
  Object.defineProperty(eos, Symbol.for("nodejs.util.promisify.custom"), { __proto__: null, value: finishedPromise });

  Q.stream = Stream;
  Q.streamInternals = { destroyImpl, errorOrDestroy, eos };
  Q.defineBuiltin("stream", () => Stream);
  Q.defineBuiltin("stream/promises", () => promises);
  Q.defineBuiltin("string_decoder", () => ({ StringDecoder }));
})
