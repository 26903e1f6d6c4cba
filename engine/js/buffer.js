// `Buffer` and require("buffer"), loaded on first use (see lazy.js). Written for qjsbridge
// from Node's documentation and observed behaviour: a Buffer is a Uint8Array whose prototype
// adds Node's methods; every encoding is converted here, in JavaScript, without host calls.
// The codecs (UTF-8 with WHATWG replacement, base64, hex, latin1, ascii, UTF-16LE) are shared
// with TextEncoder/TextDecoder through Q.codecs.
(function (Q) {
  "use strict";

  const kMaxLength = 2 ** 32;
  const kStringMaxLength = 2 ** 29 - 24;
  const CHUNK = 0x2000;   // code units per String.fromCharCode call
  const fromCharCode = String.fromCharCode;
  const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
  // A plain Uint8Array view (TypedArray#subarray would construct through Symbol.species).
  const TypedArraySubarray = (bytes, start, end) =>
    new Uint8Array(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start));
  const TypedArrayFill = Function.prototype.call.bind(TypedArrayProto.fill);
  const TypedArraySet = Function.prototype.call.bind(TypedArrayProto.set);
  const nativeToHex = Uint8Array.prototype.toHex;
  const nativeToBase64 = Uint8Array.prototype.toBase64;

  // ---------------------------------------------------------------------------------------
  // Errors, worded like Node's.
  function err(Ctor, code, message) {
    return Q.makeError(Ctor, message, code);
  }
  function addSeparators(text) {
    let res = "";
    let i = text.length;
    const start = text[0] === "-" ? 1 : 0;
    for (; i >= start + 4; i -= 3) res = `_${text.slice(i - 3, i)}${res}`;
    return `${text.slice(0, i)}${res}`;
  }
  function outOfRange(name, range, value) {
    let received;
    if (typeof value === "number" && Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
      received = addSeparators(String(value));
    } else if (typeof value === "bigint") {
      received = String(value);
      if (value > 2n ** 32n || value < -(2n ** 32n)) received = addSeparators(received);
      received += "n";
    } else {
      received = Q.inspect(value);
    }
    return err("RangeError", "ERR_OUT_OF_RANGE",
      `The value of "${name}" is out of range. It must be ${range}. Received ${received}`);
  }
  function boundsError() {
    return err("RangeError", "ERR_BUFFER_OUT_OF_BOUNDS", "Attempt to access memory outside buffer bounds");
  }
  function unknownEncoding(enc) {
    return err("TypeError", "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${enc}`);
  }
  function validateNumber(value, name) {
    if (typeof value !== "number") throw Q.invalidArgType(name, "number", value);
  }
  function validateInteger(value, name, min, max) {
    validateNumber(value, name);
    if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
    if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  }
  function isUint8Array(v) {
    return ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === "[object Uint8Array]";
  }
  function isAnyArrayBuffer(v) {
    return v instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && v instanceof SharedArrayBuffer);
  }

  // ---------------------------------------------------------------------------------------
  // Codecs. Each encoder returns a Uint8Array; each decoder takes (bytes, start, end).
  // Long strings are converted by Python's codecs (engine/builtins/buffer.py): a JavaScript
  // loop in QuickJS costs about 150 ns a character. Bytes cross as base64, which QuickJS
  // converts natively.
  const HOST_MIN = 4096;
  const fromBase64 = Uint8Array.fromBase64;
  const hostCodecs = typeof fromBase64 === "function" && typeof nativeToBase64 === "function";
  function utf8Encode(str) {
    if (hostCodecs && str.length >= HOST_MIN) {
      return fromBase64(Q.hostCall("qjsb.buffer.utf8Encode", str.isWellFormed() ? str : str.toWellFormed()));
    }
    const n = str.length;
    let out = new Uint8Array(n < 16 ? n * 3 : n + (n >> 1) + 8);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      let c = str.charCodeAt(i);
      if (pos + 4 > out.length) {
        const bigger = new Uint8Array(out.length * 2 + 8);
        bigger.set(out);
        out = bigger;
      }
      if (c < 0x80) {
        out[pos++] = c;
        continue;
      }
      if (c < 0x800) {
        out[pos++] = 0xc0 | (c >> 6);
        out[pos++] = 0x80 | (c & 0x3f);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? str.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          out[pos++] = 0xf0 | (c >> 18);
          out[pos++] = 0x80 | ((c >> 12) & 0x3f);
          out[pos++] = 0x80 | ((c >> 6) & 0x3f);
          out[pos++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;   // a lone surrogate becomes U+FFFD
      }
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    }
    return out.length === pos ? out : out.slice(0, pos);
  }

  function utf8Length(str) {
    let len = 0;
    const n = str.length;
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i);
      if (c < 0x80) len += 1;
      else if (c < 0x800) len += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = str.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          len += 4;
          i++;
        } else {
          len += 3;
        }
      } else len += 3;
    }
    return len;
  }

  // Decodes UTF-8 with the WHATWG rules: each maximal ill-formed subsequence is one U+FFFD.
  // With `state` (streaming), an incomplete sequence at the end is left unconsumed and the
  // number of bytes consumed is stored in state.consumed. `fatal` throws instead of replacing.
  function utf8Decode(bytes, start, end, fatal, state) {
    if (hostCodecs && !fatal && state === null && end - start >= HOST_MIN) {
      return Q.hostCall("qjsb.buffer.utf8Decode", nativeToBase64.call(TypedArraySubarray(bytes, start, end)));
    }
    let out = "";
    const units = [];
    let i = start;
    while (i < end) {
      const b = bytes[i];
      let cp = -1, need = 0, lower = 0x80, upper = 0xbf;
      if (b < 0x80) {
        units.push(b);
        i++;
        if (units.length >= CHUNK) {
          out += fromCharCode.apply(null, units);
          units.length = 0;
        }
        continue;
      }
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        cp = b & 0x0f;
        if (b === 0xe0) lower = 0xa0;
        else if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        cp = b & 0x07;
        if (b === 0xf0) lower = 0x90;
        else if (b === 0xf4) upper = 0x8f;
      }
      let j = i + 1;
      if (need > 0) {
        let k = 0;
        for (; k < need && j < end; k++, j++) {
          const c = bytes[j];
          if (c < lower || c > upper) break;
          lower = 0x80;
          upper = 0xbf;
          cp = (cp << 6) | (c & 0x3f);
        }
        if (k === need) {
          if (cp >= 0x10000) {
            cp -= 0x10000;
            units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
          } else {
            units.push(cp);
          }
          i = j;
          if (units.length >= CHUNK) {
            out += fromCharCode.apply(null, units);
            units.length = 0;
          }
          continue;
        }
        if (j === end && state) break;   // incomplete at the end of a streamed chunk
      }
      if (fatal) {
        throw err("TypeError", "ERR_ENCODING_INVALID_ENCODED_DATA",
          `The encoded data was not valid for encoding utf-8`);
      }
      units.push(0xfffd);
      i = need > 0 ? j : i + 1;
      if (units.length >= CHUNK) {
        out += fromCharCode.apply(null, units);
        units.length = 0;
      }
    }
    if (state) state.consumed = i - start;
    if (units.length) out += fromCharCode.apply(null, units);
    return out;
  }

  function latin1Decode(bytes, start, end, mask) {
    let out = "";
    for (let i = start; i < end; i += CHUNK) {
      const part = TypedArraySubarray(bytes, i, Math.min(end, i + CHUNK));
      if (mask !== 0xff) {
        const copy = new Uint8Array(part.length);
        for (let k = 0; k < part.length; k++) copy[k] = part[k] & mask;
        out += fromCharCode.apply(null, copy);
      } else {
        out += fromCharCode.apply(null, part);
      }
    }
    return out;
  }
  function latin1Encode(str) {
    const out = new Uint8Array(str.length);
    for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i);
    return out;
  }
  function utf16leDecode(bytes, start, end) {
    let out = "";
    const units = [];
    for (let i = start; i + 1 < end; i += 2) {
      units.push(bytes[i] | (bytes[i + 1] << 8));
      if (units.length >= CHUNK) {
        out += fromCharCode.apply(null, units);
        units.length = 0;
      }
    }
    if (units.length) out += fromCharCode.apply(null, units);
    return out;
  }
  function utf16leEncode(str) {
    const out = new Uint8Array(str.length * 2);
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      out[2 * i] = c & 0xff;
      out[2 * i + 1] = c >> 8;
    }
    return out;
  }
  function hexDecodeString(bytes, start, end) {
    const view = TypedArraySubarray(bytes, start, end);
    return nativeToHex ? nativeToHex.call(view)
      : Array.prototype.map.call(view, (b) => (b < 16 ? "0" : "") + b.toString(16)).join("");
  }
  function hexValue(c) {
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 97 && c <= 102) return c - 87;
    if (c >= 65 && c <= 70) return c - 55;
    return -1;
  }
  // Like Node: stops at the first pair that is not hex; an odd trailing digit is dropped.
  function hexEncode(str) {
    const n = str.length >>> 1;
    const out = new Uint8Array(n);
    let i = 0;
    for (; i < n; i++) {
      const hi = hexValue(str.charCodeAt(2 * i)), lo = hexValue(str.charCodeAt(2 * i + 1));
      if (hi < 0 || lo < 0) break;
      out[i] = (hi << 4) | lo;
    }
    return i === n ? out : out.slice(0, i);
  }
  const B64 = new Int16Array(256).fill(-1);
  {
    const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (let i = 0; i < alpha.length; i++) B64[alpha.charCodeAt(i)] = i;
    B64[43] = 62;   // +
    B64[45] = 62;   // -
    B64[47] = 63;   // /
    B64[95] = 63;   // _
  }
  // Node's decoder is lenient: both alphabets, characters outside them are skipped, and it
  // stops at the first "=".
  function base64Encode(str) {
    if (typeof fromBase64 === "function" && str.length >= 64) {
      // strict, well-formed input (the common case) converts natively
      try {
        return fromBase64(str, { alphabet: str.includes("-") || str.includes("_") ? "base64url" : "base64" });
      } catch {
        // not strictly valid: the lenient loop below
      }
    }
    const out = new Uint8Array(((str.length * 3) >>> 2) + 3);
    let acc = 0, bits = 0, pos = 0;
    for (let i = 0; i < str.length; i++) {
      const c = str.charCodeAt(i);
      if (c === 61) break;
      const v = c < 256 ? B64[c] : -1;
      if (v < 0) continue;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[pos++] = (acc >> bits) & 0xff;
      }
    }
    return out.slice(0, pos);
  }
  function base64Length(str) {
    let n = str.length;
    while (n > 0 && str.charCodeAt(n - 1) === 61) n--;
    return (n * 3) >>> 2;
  }
  const B64CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  function base64DecodeString(bytes, start, end, url) {
    const view = TypedArraySubarray(bytes, start, end);
    if (nativeToBase64) {
      return url ? nativeToBase64.call(view, { alphabet: "base64url", omitPadding: true })
        : nativeToBase64.call(view);
    }
    let out = "";
    for (let i = 0; i < view.length; i += 3) {
      const a = view[i], b = view[i + 1], c = view[i + 2];
      out += B64CHARS[a >> 2] + B64CHARS[((a & 3) << 4) | ((b ?? 0) >> 4)] +
        (i + 1 < view.length ? B64CHARS[((b & 15) << 2) | ((c ?? 0) >> 6)] : "=") +
        (i + 2 < view.length ? B64CHARS[c & 63] : "=");
    }
    if (url) out = out.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    return out;
  }

  // Encoding names as Node accepts them (case-insensitive), mapped to one canonical name.
  function normalizeEncoding(enc) {
    if (enc === undefined || enc === null || enc === "utf8" || enc === "utf-8") return "utf8";
    switch (String(enc).toLowerCase()) {
      case "utf8": case "utf-8": return "utf8";
      case "hex": return "hex";
      case "base64": return "base64";
      case "base64url": return "base64url";
      case "latin1": case "binary": return "latin1";
      case "ascii": return "ascii";
      case "ucs2": case "ucs-2": case "utf16le": case "utf-16le": return "utf16le";
      case "": return "utf8";
      default: return undefined;
    }
  }
  function encodingOf(enc) {
    const e = normalizeEncoding(enc);
    if (e === undefined) throw unknownEncoding(enc);
    return e;
  }
  function encodeString(str, enc) {
    switch (enc) {
      case "utf8": return utf8Encode(str);
      case "hex": return hexEncode(str);
      case "base64": case "base64url": return base64Encode(str);
      case "latin1": case "ascii": return latin1Encode(str);
      case "utf16le": return utf16leEncode(str);
    }
    throw unknownEncoding(enc);
  }
  function decodeBytes(bytes, enc, start, end) {
    switch (enc) {
      case "utf8": return utf8Decode(bytes, start, end, false, null);
      case "hex": return hexDecodeString(bytes, start, end);
      case "base64": return base64DecodeString(bytes, start, end, false);
      case "base64url": return base64DecodeString(bytes, start, end, true);
      case "latin1": return latin1Decode(bytes, start, end, 0xff);
      case "ascii": return latin1Decode(bytes, start, end, 0x7f);
      case "utf16le": return utf16leDecode(bytes, start, end);
    }
    throw unknownEncoding(enc);
  }
  function byteLengthOf(str, enc) {
    switch (enc) {
      case "utf8": return utf8Length(str);
      case "hex": return str.length >>> 1;
      case "base64": case "base64url": return base64Length(str);
      case "utf16le": return str.length * 2;
      default: return str.length;
    }
  }

  Q.codecs = { utf8Encode, utf8Decode, latin1Decode, utf16leDecode };

  // ---------------------------------------------------------------------------------------
  // The classes. FastBuffer is the real subclass; Buffer is the callable Node exposes, sharing
  // its prototype, so every buffer is `instanceof Buffer` and `instanceof Uint8Array`.
  class FastBuffer extends Uint8Array {}
  const proto = FastBuffer.prototype;

  let warnedDeprecated = false;
  function Buffer(arg, encodingOrOffset, length) {
    if (!warnedDeprecated) {
      warnedDeprecated = true;
      Q.hostCall("qjsb.console.write", "stderr", "(qjsbridge) [DEP0005] DeprecationWarning: " +
        "Buffer() is deprecated due to security and usability issues. Please use the " +
        "Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.\n");
    }
    if (typeof arg === "number") {
      if (typeof encodingOrOffset === "string") {
        throw Q.invalidArgType("string", "string", arg);
      }
      return alloc(arg);
    }
    return from(arg, encodingOrOffset, length);
  }
  Object.defineProperty(Buffer, "prototype", { __proto__: null, value: proto, writable: false });
  Object.defineProperty(proto, "constructor", { __proto__: null, value: Buffer, writable: true, configurable: true });
  Object.setPrototypeOf(Buffer, Uint8Array);
  // Like Node: typed-array methods that build a new array (map, filter, ...) make FastBuffers.
  Object.defineProperty(Buffer, Symbol.species, { __proto__: null, get: () => FastBuffer, configurable: true });

  function wrap(u8) {
    return new FastBuffer(u8.buffer, u8.byteOffset, u8.length);
  }
  function validateSize(size) {
    validateNumber(size, "size");
    if (!(size >= 0 && size <= kMaxLength)) throw outOfRange("size", `>= 0 && <= ${kMaxLength}`, size);
  }
  function alloc(size, fill, encoding) {
    validateSize(size);
    const buf = new FastBuffer(size);
    if (fill !== undefined && fill !== 0 && size > 0) {
      if (encoding !== undefined && typeof encoding !== "string") {
        throw Q.invalidArgType("encoding", "string", encoding);
      }
      fillImpl(buf, fill, 0, buf.length, encoding);
    }
    return buf;
  }
  function allocUnsafe(size) {
    validateSize(size);
    return new FastBuffer(size);
  }

  function fromString(string, encoding) {
    const enc = typeof encoding === "string" && encoding.length !== 0 ? encodingOf(encoding) : "utf8";
    return wrap(encodeString(string, enc));
  }
  function fromArrayLike(obj) {
    const n = obj.length >>> 0;
    const buf = new FastBuffer(n);
    for (let i = 0; i < n; i++) buf[i] = obj[i];
    return buf;
  }
  function fromArrayBuffer(ab, byteOffset, length) {
    if (byteOffset === undefined) {
      byteOffset = 0;
    } else {
      byteOffset = +byteOffset;
      if (Number.isNaN(byteOffset)) byteOffset = 0;
    }
    const maxLength = ab.byteLength - byteOffset;
    if (maxLength < 0) {
      throw err("RangeError", "ERR_BUFFER_OUT_OF_BOUNDS", '"offset" is outside of buffer bounds');
    }
    if (length === undefined) {
      length = maxLength;
    } else {
      length = +length;
      if (length > 0) {
        if (length > maxLength) {
          throw err("RangeError", "ERR_BUFFER_OUT_OF_BOUNDS", '"length" is outside of buffer bounds');
        }
      } else {
        length = 0;
      }
    }
    return new FastBuffer(ab, byteOffset, length);
  }
  function fromObject(obj) {
    if (obj.length !== undefined || isAnyArrayBuffer(obj.buffer)) {
      if (typeof obj.length !== "number") return new FastBuffer(0);
      return fromArrayLike(obj);
    }
    if (obj.type === "Buffer" && Array.isArray(obj.data)) return fromArrayLike(obj.data);
    return undefined;
  }
  const FROM_TYPES = ["string", "Buffer", "ArrayBuffer", "Array", "Array-like Object"];
  function from(value, encodingOrOffset, length) {
    if (typeof value === "string") return fromString(value, encodingOrOffset);
    if (typeof value === "object" && value !== null) {
      if (isAnyArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
      if (ArrayBuffer.isView(value)) {
        if (isUint8Array(value)) {
          const buf = new FastBuffer(value.length);
          TypedArraySet(buf, value);
          return buf;
        }
        return fromArrayLike(value);
      }
      const valueOf = value.valueOf && value.valueOf();
      if (valueOf != null && valueOf !== value &&
          (typeof valueOf === "string" || typeof valueOf === "object")) {
        return from(valueOf, encodingOrOffset, length);
      }
      const b = fromObject(value);
      if (b) return b;
      if (typeof value[Symbol.toPrimitive] === "function") {
        const primitive = value[Symbol.toPrimitive]("string");
        if (typeof primitive === "string") return fromString(primitive, encodingOrOffset);
      }
    }
    throw Q.invalidArgType("first argument", FROM_TYPES, value);
  }

  function isBuffer(b) {
    return b instanceof Buffer;
  }
  function isEncoding(encoding) {
    return typeof encoding === "string" && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
  }
  function byteLength(string, encoding) {
    if (typeof string !== "string") {
      if (ArrayBuffer.isView(string) || isAnyArrayBuffer(string)) return string.byteLength;
      throw Q.invalidArgType("string", ["string", "Buffer", "ArrayBuffer"], string);
    }
    const enc = normalizeEncoding(encoding) ?? "utf8";
    return byteLengthOf(string, enc);
  }
  function concat(list, totalLength) {
    if (!Array.isArray(list)) throw Q.invalidArgType("list", "Array", list);
    if (list.length === 0) return new FastBuffer(0);
    if (totalLength === undefined) {
      totalLength = 0;
      for (let i = 0; i < list.length; i++) {
        if (list[i].length) totalLength += list[i].length;
      }
    } else {
      validateOffset(totalLength, "length");
    }
    const buffer = allocUnsafe(totalLength);
    let pos = 0;
    for (let i = 0; i < list.length; i++) {
      const buf = list[i];
      if (!isUint8Array(buf)) throw Q.invalidArgType(`list[${i}]`, ["Buffer", "Uint8Array"], buf);
      const room = totalLength - pos;
      if (room <= 0) break;
      TypedArraySet(buffer, buf.length > room ? TypedArraySubarray(buf, 0, room) : buf, pos);
      pos += Math.min(buf.length, room);
    }
    if (pos < totalLength) TypedArrayFill(buffer, 0, pos, totalLength);
    return buffer;
  }
  function compareBytes(a, aStart, aEnd, b, bStart, bEnd) {
    const n = Math.min(aEnd - aStart, bEnd - bStart);
    for (let i = 0; i < n; i++) {
      const x = a[aStart + i], y = b[bStart + i];
      if (x !== y) return x < y ? -1 : 1;
    }
    const la = aEnd - aStart, lb = bEnd - bStart;
    return la < lb ? -1 : la > lb ? 1 : 0;
  }
  function compare(buf1, buf2) {
    if (!isUint8Array(buf1)) throw Q.invalidArgType("buf1", ["Buffer", "Uint8Array"], buf1);
    if (!isUint8Array(buf2)) throw Q.invalidArgType("buf2", ["Buffer", "Uint8Array"], buf2);
    if (buf1 === buf2) return 0;
    return compareBytes(buf1, 0, buf1.length, buf2, 0, buf2.length);
  }
  function copyBytesFrom(view, offset, length) {
    if (!ArrayBuffer.isView(view) || view instanceof DataView) {
      throw Q.invalidArgType("view", "TypedArray", view);
    }
    const count = view.length;
    let start = 0, end = count;
    if (offset !== undefined) {
      validateInteger(offset, "offset", 0, Number.MAX_SAFE_INTEGER);
      start = Math.min(offset, count);
    }
    if (length !== undefined) {
      validateInteger(length, "length", 0, Number.MAX_SAFE_INTEGER);
      end = Math.min(start + length, count);
    }
    if (end <= start) return new FastBuffer(0);
    const bpe = view.BYTES_PER_ELEMENT;
    const src = new Uint8Array(view.buffer, view.byteOffset + start * bpe, (end - start) * bpe);
    const buf = new FastBuffer(src.length);
    TypedArraySet(buf, src);
    return buf;
  }

  const statics = {
    from, alloc, allocUnsafe, allocUnsafeSlow: allocUnsafe, isBuffer, isEncoding, byteLength,
    concat, compare, copyBytesFrom,
    of(...items) {
      return fromArrayLike(items);
    },
  };
  for (const name of Object.keys(statics)) {
    Object.defineProperty(Buffer, name, { __proto__: null, value: statics[name], writable: true, configurable: true, enumerable: true });
  }
  Buffer.poolSize = 8 * 1024;

  // ---------------------------------------------------------------------------------------
  // Prototype methods.
  function validateOffset(value, name, min = 0, max = kMaxLength) {
    validateNumber(value, name);
    if (!Number.isInteger(value)) throw outOfRange(name, "an integer", value);
    if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  }
  function clampIndex(v, len, dflt) {
    if (v === undefined) return dflt;
    v = +v;
    if (Number.isNaN(v)) return 0;   // Node: a non-numeric start/end counts as 0
    v = Math.trunc(v);
    if (v < 0) return 0;
    return v > len ? len : v;
  }
  function toStringMethod(encoding, start, end) {
    if (arguments.length === 0) return utf8Decode(this, 0, this.length, false, null);
    const len = this.length;
    if (start <= 0 || start === undefined) start = 0;
    else if (start >= len) return "";
    else start = Math.trunc(start) || 0;
    if (end === undefined || end > len) end = len;
    else end = Math.trunc(end) || 0;
    if (end <= start) return "";
    const enc = encoding === undefined ? "utf8" : normalizeEncoding(encoding === null ? "null" : encoding);
    if (enc === undefined) throw unknownEncoding(encoding);
    return decodeBytes(this, enc, start, end);
  }
  function sliceMethod(start, end) {
    const len = this.length;
    let s = start === undefined ? 0 : Math.trunc(+start) || 0;
    let e = end === undefined ? len : Math.trunc(+end) || 0;
    if (s < 0) s = Math.max(len + s, 0);
    else if (s > len) s = len;
    if (e < 0) e = Math.max(len + e, 0);
    else if (e > len) e = len;
    if (e < s) e = s;
    return new FastBuffer(this.buffer, this.byteOffset + s, e - s);
  }
  function write(string, offset, length, encoding) {
    if (typeof string !== "string") {
      throw err("TypeError", "ERR_INVALID_ARG_TYPE", "argument must be a string");
    }
    const len = this.length;
    if (offset === undefined) {
      offset = 0;
      length = len;
      encoding = "utf8";
    } else if (length === undefined && typeof offset === "string") {
      encoding = offset;
      offset = 0;
      length = len;
    } else {
      validateOffset(offset, "offset", 0, len);
      const remaining = len - offset;
      if (length === undefined) {
        length = remaining;
      } else if (typeof length === "string") {
        encoding = length;
        length = remaining;
      } else {
        validateOffset(length, "length", 0, len);
        if (length > remaining) length = remaining;
      }
    }
    if (!encoding) encoding = "utf8";
    const enc = encodingOf(encoding);
    let bytes = encodeString(string, enc);
    if (bytes.length > length) {
      let n = length;
      if (enc === "utf8") {
        // never write part of a character
        while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
      } else if (enc === "utf16le") {
        n -= n % 2;
      }
      bytes = TypedArraySubarray(bytes, 0, n);
    }
    TypedArraySet(this, bytes, offset);
    return bytes.length;
  }
  function toJSON() {
    if (this.length > 0) {
      const data = new Array(this.length);
      for (let i = 0; i < this.length; ++i) data[i] = this[i];
      return { type: "Buffer", data };
    }
    return { type: "Buffer", data: [] };
  }
  function equals(otherBuffer) {
    if (!isUint8Array(otherBuffer)) {
      throw Q.invalidArgType("otherBuffer", ["Buffer", "Uint8Array"], otherBuffer);
    }
    if (this === otherBuffer) return true;
    if (this.byteLength !== otherBuffer.byteLength) return false;
    return compareBytes(this, 0, this.length, otherBuffer, 0, otherBuffer.length) === 0;
  }
  function compareMethod(target, targetStart, targetEnd, sourceStart, sourceEnd) {
    if (!isUint8Array(target)) throw Q.invalidArgType("target", ["Buffer", "Uint8Array"], target);
    if (targetStart === undefined) targetStart = 0;
    else validateOffset(targetStart, "targetStart");
    if (targetEnd === undefined) targetEnd = target.length;
    else validateOffset(targetEnd, "targetEnd", 0, target.length);
    if (sourceStart === undefined) sourceStart = 0;
    else validateOffset(sourceStart, "sourceStart");
    if (sourceEnd === undefined) sourceEnd = this.length;
    else validateOffset(sourceEnd, "sourceEnd", 0, this.length);
    if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
    if (targetStart >= targetEnd) return 1;
    return compareBytes(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
  }
  function copy(target, targetStart, sourceStart, sourceEnd) {
    if (!isUint8Array(target)) throw Q.invalidArgType("target", ["Buffer", "Uint8Array"], target);
    targetStart = targetStart === undefined ? 0 : toInteger(targetStart, "targetStart");
    sourceStart = sourceStart === undefined ? 0 : toInteger(sourceStart, "sourceStart");
    if (sourceStart > this.length) {
      throw outOfRange("sourceStart", `>= 0 && <= ${this.length}`, sourceStart);
    }
    sourceEnd = sourceEnd === undefined ? this.length : toInteger(sourceEnd, "sourceEnd");
    if (sourceEnd > this.length) sourceEnd = this.length;
    if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
    const n = Math.min(sourceEnd - sourceStart, target.length - targetStart);
    TypedArraySet(target, TypedArraySubarray(this, sourceStart, sourceStart + n), targetStart);
    return n;
  }
  function toInteger(v, name) {
    v = +v;
    if (Number.isNaN(v)) return 0;
    v = Math.trunc(v);
    if (v < 0) throw outOfRange(name, `>= 0 && <= ${kMaxLength}`, v);
    return v;
  }
  function fillImpl(buf, value, offset, end, encoding) {
    if (typeof value === "string") {
      const enc = encoding === undefined ? "utf8" : encodingOf(encoding);
      if (value.length === 0) {
        value = 0;
      } else if (value.length === 1 && (enc === "utf8" || enc === "latin1") && value.charCodeAt(0) < (enc === "utf8" ? 128 : 256)) {
        value = value.charCodeAt(0);
      } else {
        const bytes = encodeString(value, enc);
        if (bytes.length === 0) {
          throw err("TypeError", "ERR_INVALID_ARG_VALUE",
            `The argument 'value' is invalid. Received '${value}'`);
        }
        for (let i = offset, k = 0; i < end; i++, k = (k + 1) % bytes.length) buf[i] = bytes[k];
        return buf;
      }
    } else if (isUint8Array(value)) {
      if (value.length === 0) {
        throw err("TypeError", "ERR_INVALID_ARG_VALUE",
          `The argument 'value' is invalid. Received ${Q.inspect(value)}`);
      }
      for (let i = offset, k = 0; i < end; i++, k = (k + 1) % value.length) buf[i] = value[k];
      return buf;
    } else if (typeof value === "boolean") {
      value = Number(value);
    }
    if (typeof value === "number") TypedArrayFill(buf, value & 255, offset, end);
    return buf;
  }
  function fill(value, offset, end, encoding) {
    if (typeof offset === "string") {
      encoding = offset;
      offset = 0;
      end = this.length;
    } else if (typeof end === "string") {
      encoding = end;
      end = this.length;
    }
    if (encoding !== undefined && typeof encoding !== "string") {
      throw Q.invalidArgType("encoding", "string", encoding);
    }
    if (offset === undefined) offset = 0;
    else validateOffset(offset, "offset");
    if (end === undefined) end = this.length;
    else validateOffset(end, "end", 0, this.length);
    if (offset >= end) return this;
    return fillImpl(this, value, offset, end, encoding);
  }
  function needleBytes(value, encoding) {
    if (typeof value === "string") return encodeString(value, encoding === undefined ? "utf8" : encodingOf(encoding));
    if (isUint8Array(value)) return value;
    throw Q.invalidArgType("value", ["number", "string", "Buffer", "Uint8Array"], value);
  }
  function search(buf, value, byteOffset, encoding, forward) {
    if (typeof byteOffset === "string") {
      encoding = byteOffset;
      byteOffset = undefined;
    }
    const len = buf.length;
    let start;
    if (byteOffset === undefined || byteOffset === null) {
      start = forward ? 0 : len;
    } else {
      start = +byteOffset;
      if (Number.isNaN(start)) start = forward ? 0 : len;
      start = Math.trunc(start);
      if (start < 0) start += len;
    }
    if (typeof value === "number") {
      const v = value >>> 0 & 255;
      if (forward) {
        for (let i = Math.max(start, 0); i < len; i++) if (buf[i] === v) return i;
      } else {
        for (let i = Math.min(start, len - 1); i >= 0; i--) if (buf[i] === v) return i;
      }
      return -1;
    }
    const needle = needleBytes(value, encoding);
    const n = needle.length;
    if (n === 0) {
      if (forward) return start < 0 ? 0 : start > len ? len : start;
      return start < 0 ? -1 : start > len ? len : start;
    }
    if (forward) {
      for (let i = Math.max(start, 0); i + n <= len; i++) {
        let k = 0;
        while (k < n && buf[i + k] === needle[k]) k++;
        if (k === n) return i;
      }
    } else {
      for (let i = Math.min(start, len - n); i >= 0; i--) {
        let k = 0;
        while (k < n && buf[i + k] === needle[k]) k++;
        if (k === n) return i;
      }
    }
    return -1;
  }
  function swap(n) {
    return function () {
      if (this.length % n !== 0) {
        throw err("RangeError", "ERR_INVALID_BUFFER_SIZE", `Buffer size must be a multiple of ${n * 8}-bits`);
      }
      for (let i = 0; i < this.length; i += n) {
        for (let a = i, b = i + n - 1; a < b; a++, b--) {
          const t = this[a];
          this[a] = this[b];
          this[b] = t;
        }
      }
      return this;
    };
  }

  // Integer and float access. Offsets are checked like Node (type, integer, bounds).
  function checkRead(buf, offset, size) {
    if (offset === undefined) offset = 0;
    validateNumber(offset, "offset");
    if (!Number.isInteger(offset)) throw outOfRange("offset", "an integer", offset);
    const last = buf.length - size;
    if (last < 0) throw boundsError();
    if (offset < 0 || offset > last) throw outOfRange("offset", `>= 0 and <= ${last}`, offset);
    return offset;
  }
  function checkByteLength(byteLength) {
    validateNumber(byteLength, "byteLength");
    if (!Number.isInteger(byteLength)) throw outOfRange("byteLength", "an integer", byteLength);
    if (byteLength < 1 || byteLength > 6) throw outOfRange("byteLength", ">= 1 and <= 6", byteLength);
  }
  function readUIntLE(buf, offset, n) {
    let v = 0, mul = 1;
    for (let i = 0; i < n; i++, mul *= 256) v += buf[offset + i] * mul;
    return v;
  }
  function readUIntBE(buf, offset, n) {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + buf[offset + i];
    return v;
  }
  function signed(v, n) {
    const lim = 2 ** (8 * n - 1);
    return v >= lim ? v - 2 * lim : v;
  }
  function rangeText(n, isSigned, big) {
    const bits = 8 * n;
    if (big) return isSigned ? `>= -(2n ** ${bits - 1}n) and < 2n ** ${bits - 1}n` : `>= 0n and < 2n ** ${bits}n`;
    if (n > 4) return isSigned ? `>= -(2 ** ${bits - 1}) and < 2 ** ${bits - 1}` : `>= 0 and < 2 ** ${bits}`;
    if (isSigned) return `>= ${-(2 ** (bits - 1))} and <= ${2 ** (bits - 1) - 1}`;
    return `>= 0 and <= ${2 ** bits - 1}`;
  }
  function checkWriteValue(value, n, isSigned) {
    const min = isSigned ? -(2 ** (8 * n - 1)) : 0;
    const max = isSigned ? 2 ** (8 * n - 1) - 1 : 2 ** (8 * n) - 1;
    if (value > max || value < min) throw outOfRange("value", rangeText(n, isSigned, false), value);
  }
  function writeIntBytes(buf, value, offset, n, le) {
    value = +value;
    // two's complement for negatives; floats are truncated like Node's integer writes
    let v = value < 0 ? 2 ** (8 * n) + Math.trunc(value) : Math.trunc(value);
    if (Number.isNaN(v)) v = 0;
    for (let i = 0; i < n; i++) {
      const byte = v % 256;
      buf[le ? offset + i : offset + n - 1 - i] = byte;
      v = (v - byte) / 256;
    }
    return offset + n;
  }
  const methods = {
    toString: toStringMethod, toLocaleString: toStringMethod, slice: sliceMethod, subarray: sliceMethod,
    write, toJSON, equals, compare: compareMethod, copy, fill,
    indexOf(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, true);
    },
    lastIndexOf(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, false);
    },
    includes(value, byteOffset, encoding) {
      return search(this, value, byteOffset, encoding, true) !== -1;
    },
    swap16: swap(2), swap32: swap(4), swap64: swap(8),
    readIntLE(offset, byteLength) {
      checkByteLength(byteLength);
      return signed(readUIntLE(this, checkRead(this, offset, byteLength), byteLength), byteLength);
    },
    readIntBE(offset, byteLength) {
      checkByteLength(byteLength);
      return signed(readUIntBE(this, checkRead(this, offset, byteLength), byteLength), byteLength);
    },
    readUIntLE(offset, byteLength) {
      checkByteLength(byteLength);
      return readUIntLE(this, checkRead(this, offset, byteLength), byteLength);
    },
    readUIntBE(offset, byteLength) {
      checkByteLength(byteLength);
      return readUIntBE(this, checkRead(this, offset, byteLength), byteLength);
    },
    writeIntLE(value, offset, byteLength) {
      checkByteLength(byteLength);
      checkWriteValue(value, byteLength, true);
      return writeIntBytes(this, value, checkRead(this, offset, byteLength), byteLength, true);
    },
    writeIntBE(value, offset, byteLength) {
      checkByteLength(byteLength);
      checkWriteValue(value, byteLength, true);
      return writeIntBytes(this, value, checkRead(this, offset, byteLength), byteLength, false);
    },
    writeUIntLE(value, offset, byteLength) {
      checkByteLength(byteLength);
      checkWriteValue(value, byteLength, false);
      return writeIntBytes(this, value, checkRead(this, offset, byteLength), byteLength, true);
    },
    writeUIntBE(value, offset, byteLength) {
      checkByteLength(byteLength);
      checkWriteValue(value, byteLength, false);
      return writeIntBytes(this, value, checkRead(this, offset, byteLength), byteLength, false);
    },
  };
  for (const [bytes, bits] of [[1, 8], [2, 16], [4, 32]]) {
    for (const isSigned of [false, true]) {
      for (const le of bytes === 1 ? [true] : [true, false]) {
        const suffix = (isSigned ? "Int" : "UInt") + bits + (bytes === 1 ? "" : le ? "LE" : "BE");
        const read = le ? readUIntLE : readUIntBE;
        methods["read" + suffix] = isSigned
          ? function (offset) { return signed(read(this, checkRead(this, offset, bytes), bytes), bytes); }
          : function (offset) { return read(this, checkRead(this, offset, bytes), bytes); };
        methods["write" + suffix] = function (value, offset) {
          checkWriteValue(value, bytes, isSigned);
          return writeIntBytes(this, value, checkRead(this, offset, bytes), bytes, le);
        };
      }
    }
  }
  const dvCache = new WeakMap();
  function viewOf(buf) {
    const ab = buf.buffer;
    let dv = dvCache.get(ab);
    if (dv === undefined) {
      dv = new DataView(ab);
      dvCache.set(ab, dv);
    }
    return dv;
  }
  for (const [name, size, get, set, big] of [
    ["Float", 4, DataView.prototype.getFloat32, DataView.prototype.setFloat32, false],
    ["Double", 8, DataView.prototype.getFloat64, DataView.prototype.setFloat64, false],
    ["BigInt64", 8, DataView.prototype.getBigInt64, DataView.prototype.setBigInt64, "signed"],
    ["BigUInt64", 8, DataView.prototype.getBigUint64, DataView.prototype.setBigUint64, "unsigned"],
  ]) {
    for (const le of [true, false]) {
      const suffix = name + (le ? "LE" : "BE");
      methods["read" + suffix] = function (offset) {
        offset = checkRead(this, offset, size);
        return get.call(viewOf(this), this.byteOffset + offset, le);
      };
      methods["write" + suffix] = function (value, offset) {
        if (big) {
          if (typeof value !== "bigint") throw Q.makeError("TypeError", "Cannot mix BigInt and other types, use explicit conversions");
          const min = big === "signed" ? -(2n ** 63n) : 0n;
          const max = big === "signed" ? 2n ** 63n : 2n ** 64n;
          if (value < min || value >= max) throw outOfRange("value", rangeText(8, big === "signed", true), value);
        } else {
          value = +value;
        }
        offset = checkRead(this, offset, size);
        set.call(viewOf(this), this.byteOffset + offset, value, le);
        return offset + size;
      };
    }
  }
  // Node's lower-case "Uint" aliases.
  for (const name of Object.keys(methods)) {
    if (name.includes("UInt")) methods[name.replace("UInt", "Uint")] = methods[name];
  }
  for (const enc of ["utf8", "hex", "base64", "base64url", "latin1", "ascii", "ucs2"]) {
    const canonical = enc === "ucs2" ? "utf16le" : enc;
    methods[enc + "Slice"] = function (start = 0, end = this.length) {
      return decodeBytes(this, canonical, start, end);
    };
    methods[enc + "Write"] = function (string, offset = 0, length = this.length - offset) {
      return write.call(this, string, offset, length, canonical);
    };
  }
  for (const name of Object.keys(methods)) {
    const fn = methods[name];
    if (fn.name !== name) Object.defineProperty(fn, "name", { __proto__: null, value: name, configurable: true });
    Object.defineProperty(proto, name, { __proto__: null, value: fn, writable: true, configurable: true, enumerable: true });
  }
  Object.defineProperty(proto, "parent", { __proto__: null, enumerable: true, configurable: true,
    get() { return this instanceof Buffer ? this.buffer : undefined; } });
  Object.defineProperty(proto, "offset", { __proto__: null, enumerable: true, configurable: true,
    get() { return this instanceof Buffer ? this.byteOffset : undefined; } });

  // console.log / util.inspect: "<Buffer 68 69>", at most INSPECT_MAX_BYTES bytes, then own
  // enumerable non-index properties as Node shows them.
  const exportsObj = { INSPECT_MAX_BYTES: 50 };
  const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
  Object.defineProperty(proto, inspectCustom, { __proto__: null, writable: true, configurable: true, enumerable: false,
    value: function inspect(recurseTimes, ctx, inspectFn) {
      const max = exportsObj.INSPECT_MAX_BYTES;
      const actualMax = Math.min(max, this.length);
      const remaining = this.length - max;
      let str = hexDecodeString(this, 0, actualMax).replace(/(.{2})/g, "$1 ").trim();
      if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
      if (ctx && typeof inspectFn === "function") {
        const extras = [];
        for (const key of Object.keys(this)) {
          if (/^(0|[1-9][0-9]*)$/.test(key)) continue;
          extras.push(`${key}: ${inspectFn(this[key], { ...ctx, breakLength: Infinity, compact: true })}`);
        }
        if (extras.length) str += (str ? ", " : "") + extras.join(", ");
      }
      return `<${this.constructor.name} ${str}>`;
    } });
  Object.defineProperty(proto, "inspect", { __proto__: null, writable: true, configurable: true, enumerable: true,
    value: proto[inspectCustom] });

  function SlowBuffer(size) {
    return allocUnsafe(size);
  }
  SlowBuffer.prototype = proto;
  Object.setPrototypeOf(SlowBuffer, Uint8Array);

  function isUtf8(input) {
    const bytes = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : isAnyArrayBuffer(input) ? new Uint8Array(input) : null;
    if (bytes === null) throw Q.invalidArgType("input", ["ArrayBuffer", "Buffer", "TypedArray"], input);
    try {
      utf8Decode(bytes, 0, bytes.length, true, null);
      return true;
    } catch {
      return false;
    }
  }
  function isAscii(input) {
    const bytes = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
      : isAnyArrayBuffer(input) ? new Uint8Array(input) : null;
    if (bytes === null) throw Q.invalidArgType("input", ["ArrayBuffer", "Buffer", "TypedArray"], input);
    for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) return false;
    return true;
  }

  const atob = (...args) => {
    Q.loadInternal("web.js");
    return Q.web.atob(...args);
  };
  const btoa = (...args) => {
    Q.loadInternal("web.js");
    return Q.web.btoa(...args);
  };
  const inspectMax = exportsObj.INSPECT_MAX_BYTES;
  delete exportsObj.INSPECT_MAX_BYTES;   // re-added below, in Node's key order
  Object.assign(exportsObj, {
    Buffer, SlowBuffer, isUtf8, isAscii, kMaxLength, kStringMaxLength, btoa, atob,
    constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
    INSPECT_MAX_BYTES: inspectMax,
  });
  Q.Buffer = Buffer;
  Q.bufferModule = exportsObj;
})
