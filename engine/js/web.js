// The web-platform globals Node has: TextEncoder, TextDecoder, atob, btoa, structuredClone.
// Loaded on first use (see lazy.js); written for qjsbridge from the WHATWG specifications and
// Node 20's observed behaviour. The UTF-8 codec is buffer.js's (Q.codecs).
(function (Q) {
  "use strict";

  Q.loadInternal("buffer.js");
  const { utf8Encode, utf8Decode, latin1Decode, utf16leDecode } = Q.codecs;
  const NativeDOMException = globalThis.DOMException;

  function domException(message, name) {
    return new NativeDOMException(message, name);
  }
  function missingArgs(name) {
    return Q.makeError("TypeError", `The "${name}" argument must be specified`, "ERR_MISSING_ARGS");
  }
  function bytesOf(input, what) {
    if (input instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && input instanceof SharedArrayBuffer)) {
      return new Uint8Array(input);
    }
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw Q.makeError("TypeError", what, "ERR_INVALID_ARG_TYPE");
  }

  // ---------------------------------------------------------------------------------------
  // TextEncoder / TextDecoder
  class TextEncoder {
    get encoding() {
      return "utf-8";
    }
    encode(input = "") {
      const bytes = utf8Encode(`${input}`);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    encodeInto(src, dest) {
      if (!(dest instanceof Uint8Array)) throw Q.invalidArgType("dest", "Uint8Array", dest);
      src = `${src}`;
      let read = 0, written = 0;
      const room = dest.length;
      for (let i = 0; i < src.length; i++) {
        let c = src.charCodeAt(i);
        let units = 1, size;
        if (c < 0x80) size = 1;
        else if (c < 0x800) size = 2;
        else if (c >= 0xd800 && c <= 0xdbff && i + 1 < src.length &&
                 src.charCodeAt(i + 1) >= 0xdc00 && src.charCodeAt(i + 1) <= 0xdfff) {
          size = 4;
          units = 2;
          c = 0x10000 + ((c - 0xd800) << 10) + (src.charCodeAt(i + 1) - 0xdc00);
        } else {
          size = 3;
          if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        }
        if (written + size > room) break;
        if (size === 1) {
          dest[written] = c;
        } else if (size === 2) {
          dest[written] = 0xc0 | (c >> 6);
          dest[written + 1] = 0x80 | (c & 0x3f);
        } else if (size === 3) {
          dest[written] = 0xe0 | (c >> 12);
          dest[written + 1] = 0x80 | ((c >> 6) & 0x3f);
          dest[written + 2] = 0x80 | (c & 0x3f);
        } else {
          dest[written] = 0xf0 | (c >> 18);
          dest[written + 1] = 0x80 | ((c >> 12) & 0x3f);
          dest[written + 2] = 0x80 | ((c >> 6) & 0x3f);
          dest[written + 3] = 0x80 | (c & 0x3f);
        }
        written += size;
        read += units;
        i += units - 1;
      }
      return { read, written };
    }
  }
  Object.defineProperty(TextEncoder.prototype, Symbol.toStringTag, { __proto__: null, value: "TextEncoder", configurable: true });

  // Labels from the WHATWG Encoding standard for the encodings Node 20 decodes without ICU
  // data: utf-8, utf-16le and (as Node 20 does for every windows-1252 label) latin1.
  const LABELS = Object.create(null);
  for (const l of ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]) LABELS[l] = "utf-8";
  for (const l of ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]) LABELS[l] = "utf-16le";
  for (const l of ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
    "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
    "us-ascii", "windows-1252", "x-cp1252"]) LABELS[l] = "windows-1252";

  const decoderState = new WeakMap();
  function stateOf(decoder) {
    const s = decoderState.get(decoder);
    if (s === undefined) throw Q.makeError("TypeError", "Value of \"this\" must be of type TextDecoder", "ERR_INVALID_THIS");
    return s;
  }
  class TextDecoder {
    constructor(encoding = "utf-8", options = {}) {
      const label = `${encoding}`.trim().toLowerCase();
      const enc = LABELS[label];
      if (enc === undefined) {
        throw Q.makeError("RangeError", `The "${encoding}" encoding is not supported`, "ERR_ENCODING_NOT_SUPPORTED");
      }
      if (options === null || (typeof options !== "object" && typeof options !== "function")) {
        if (options !== undefined) throw Q.invalidArgType("options", "object", options);
        options = {};
      }
      decoderState.set(this, {
        encoding: enc,
        fatal: Boolean(options.fatal),
        ignoreBOM: Boolean(options.ignoreBOM),
        pending: null,      // bytes of an incomplete character kept between streamed chunks
        bomSeen: false,     // whether the start of the stream has been handled
      });
    }
    get encoding() {
      return stateOf(this).encoding;
    }
    get fatal() {
      return stateOf(this).fatal;
    }
    get ignoreBOM() {
      return stateOf(this).ignoreBOM;
    }
    decode(input = new Uint8Array(0), options = {}) {
      const s = stateOf(this);
      let bytes = bytesOf(input,
        'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
      const stream = Boolean(options !== null && typeof options === "object" && options.stream);
      if (s.pending !== null) {
        const joined = new Uint8Array(s.pending.length + bytes.length);
        joined.set(s.pending);
        joined.set(bytes, s.pending.length);
        bytes = joined;
        s.pending = null;
      }
      let text;
      if (s.encoding === "utf-8") {
        if (!s.bomSeen) {
          if (stream && bytes.length < 3 && bytes.every((b, i) => b === [0xef, 0xbb, 0xbf][i])) {
            s.pending = bytes.length ? bytes.slice() : null;   // could still be a BOM
            return "";
          }
          s.bomSeen = bytes.length > 0;
          if (!s.ignoreBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        }
        const state = stream ? { consumed: 0 } : null;
        try {
          text = utf8Decode(bytes, 0, bytes.length, s.fatal, state);
        } catch (e) {
          s.bomSeen = false;
          throw e;
        }
        if (stream && state.consumed < bytes.length) s.pending = bytes.slice(state.consumed);
      } else if (s.encoding === "utf-16le") {
        let end = bytes.length;
        if (stream && end % 2) {
          s.pending = bytes.slice(end - 1);
          end -= 1;
        }
        text = utf16leDecode(bytes, 0, end);
        if (!stream && end % 2) {
          if (s.fatal) throw invalidData("utf-16le");
          text += "\ufffd";
        }
        if (!s.bomSeen && text.length) {
          s.bomSeen = true;
          if (!s.ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
      } else {
        text = latin1Decode(bytes, 0, bytes.length, 0xff);
      }
      if (!stream) s.bomSeen = false;
      return text;
    }
  }
  function invalidData(enc) {
    return Q.makeError("TypeError", `The encoded data was not valid for encoding ${enc}`, "ERR_ENCODING_INVALID_ENCODED_DATA");
  }
  Object.defineProperty(TextDecoder.prototype, Symbol.toStringTag, { __proto__: null, value: "TextDecoder", configurable: true });
  for (const C of [TextEncoder, TextDecoder]) {
    for (const key of Object.getOwnPropertyNames(C.prototype)) {
      if (key === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(C.prototype, key);
      d.enumerable = true;
      Object.defineProperty(C.prototype, key, d);
    }
  }

  // ---------------------------------------------------------------------------------------
  // atob / btoa (forgiving-base64, as Node 20 words its errors).
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  function btoa(input) {
    if (arguments.length === 0) throw missingArgs("input");
    input = `${input}`;
    for (let i = 0; i < input.length; i++) {
      if (input.charCodeAt(i) > 0xff) throw domException("Invalid character", "InvalidCharacterError");
    }
    let out = "";
    for (let i = 0; i < input.length; i += 3) {
      const a = input.charCodeAt(i), b = input.charCodeAt(i + 1), c = input.charCodeAt(i + 2);
      out += B64[a >> 2] + B64[((a & 3) << 4) | (i + 1 < input.length ? b >> 4 : 0)] +
        (i + 1 < input.length ? B64[((b & 15) << 2) | (i + 2 < input.length ? c >> 6 : 0)] : "=") +
        (i + 2 < input.length ? B64[c & 63] : "=");
    }
    return out;
  }
  function atob(input) {
    if (arguments.length === 0) throw missingArgs("input");
    input = `${input}`;
    let data = "";
    let equals = 0;
    for (let i = 0; i < input.length; i++) {
      const ch = input[i];
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\f" || ch === "\r") continue;
      if (ch === "=") {
        equals++;
        continue;
      }
      if (equals > 0 || B64.indexOf(ch) === -1) throw domException("Invalid character", "InvalidCharacterError");
      data += ch;
    }
    if (equals > 2 || (equals > 0 && (data.length + equals) % 4 !== 0)) {
      throw domException("Invalid character", "InvalidCharacterError");
    }
    if (data.length % 4 === 1) {
      throw domException("The string to be decoded is not correctly encoded.", "InvalidCharacterError");
    }
    let out = "";
    let acc = 0, bits = 0;
    for (let i = 0; i < data.length; i++) {
      acc = ((acc << 6) | B64.indexOf(data[i])) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += String.fromCharCode((acc >> bits) & 0xff);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // structuredClone: the HTML structured serialisation, done as a direct deep copy.
  const toTag = (v) => Object.prototype.toString.call(v);
  const TYPED = {
    "[object Int8Array]": Int8Array, "[object Uint8Array]": Uint8Array, "[object Uint8ClampedArray]": Uint8ClampedArray,
    "[object Int16Array]": Int16Array, "[object Uint16Array]": Uint16Array, "[object Int32Array]": Int32Array,
    "[object Uint32Array]": Uint32Array, "[object Float32Array]": Float32Array, "[object Float64Array]": Float64Array,
    "[object BigInt64Array]": BigInt64Array, "[object BigUint64Array]": BigUint64Array,
  };
  if (typeof Float16Array === "function") TYPED["[object Float16Array]"] = Float16Array;
  const ERROR_CTORS = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
  function cannotClone(value) {
    let text;
    if (typeof value === "function") text = Function.prototype.toString.call(value);
    else if (typeof value === "symbol") text = value.toString();
    else {
      let name = "Object";
      try {
        const tag = toTag(value).slice(8, -1);
        name = tag === "Object" ? (value.constructor && value.constructor.name) || "Object" : tag;
      } catch { /* keep Object */ }
      text = `#<${name}>`;
    }
    return domException(`${text} could not be cloned.`, "DataCloneError");
  }
  function cloneValue(value, memory) {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) {
      if (typeof value === "symbol") throw cannotClone(value);
      return value;
    }
    if (typeof value === "function") throw cannotClone(value);
    if (memory.has(value)) return memory.get(value);
    const tag = toTag(value);
    let out;
    switch (tag) {
      case "[object Boolean]": out = Object(Boolean.prototype.valueOf.call(value)); break;
      case "[object Number]": out = Object(Number.prototype.valueOf.call(value)); break;
      case "[object String]": out = Object(String.prototype.valueOf.call(value)); break;
      case "[object BigInt]": out = Object(BigInt.prototype.valueOf.call(value)); break;
      case "[object Date]": out = new Date(Date.prototype.getTime.call(value)); break;
      case "[object RegExp]": out = new RegExp(value.source, value.flags); break;
      case "[object ArrayBuffer]": out = ArrayBuffer.prototype.slice.call(value, 0); break;
      case "[object DataView]": {
        const buf = cloneValue(value.buffer, memory);
        out = new DataView(buf, value.byteOffset, value.byteLength);
        break;
      }
      case "[object Map]": {
        out = new Map();
        memory.set(value, out);
        for (const [k, v] of Map.prototype.entries.call(value)) out.set(cloneValue(k, memory), cloneValue(v, memory));
        return out;
      }
      case "[object Set]": {
        out = new Set();
        memory.set(value, out);
        for (const v of Set.prototype.values.call(value)) out.add(cloneValue(v, memory));
        return out;
      }
      case "[object Error]": {
        const name = value.name;
        const Ctor = Object.prototype.hasOwnProperty.call(ERROR_CTORS, name) ? ERROR_CTORS[name] : Error;
        out = new Ctor();
        memory.set(value, out);
        const msg = Object.getOwnPropertyDescriptor(value, "message");
        if (msg !== undefined) Object.defineProperty(out, "message", { __proto__: null, value: `${value.message}`, writable: true, configurable: true });
        if (typeof value.stack === "string") Object.defineProperty(out, "stack", { __proto__: null, value: value.stack, writable: true, configurable: true });
        if (Object.prototype.hasOwnProperty.call(value, "cause")) {
          Object.defineProperty(out, "cause", { __proto__: null, value: cloneValue(value.cause, memory), writable: true, configurable: true });
        }
        return out;
      }
      case "[object Array]": {
        out = new Array(value.length);
        break;
      }
      case "[object Object]": {
        if (isPlainData(value)) {
          out = {};
          break;
        }
        throw cannotClone(value);
      }
      default: {
        const Typed = TYPED[tag];
        if (Typed !== undefined && ArrayBuffer.isView(value)) {
          const buf = cloneValue(value.buffer, memory);
          out = new Typed(buf, value.byteOffset, value.length);
          memory.set(value, out);
          return out;
        }
        throw cannotClone(value);
      }
    }
    memory.set(value, out);
    if (tag === "[object Array]" || tag === "[object Object]") {
      for (const key of Object.keys(value)) {
        const v = cloneValue(value[key], memory);
        Object.defineProperty(out, key, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true });
      }
    }
    return out;
  }
  // Objects whose internal slots structuredClone cannot carry (promises, weak collections,
  // proxies of them, ...) report a built-in tag other than Object; class instances and plain
  // objects both say [object Object] and are cloned as plain objects.
  function isPlainData(value) {
    return !(value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet ||
      (typeof WeakRef === "function" && value instanceof WeakRef));
  }
  function structuredClone(value, options) {
    if (arguments.length === 0) {
      throw Q.makeError("TypeError", "The value argument must be specified", "ERR_MISSING_ARGS");
    }
    let transfer = [];
    if (options !== undefined && options !== null) {
      if (typeof options !== "object") throw Q.invalidArgType("options", "object", options);
      if (options.transfer !== undefined) {
        const list = options.transfer;
        if (list === null || typeof list !== "object" || typeof list[Symbol.iterator] !== "function") {
          throw Q.makeError("TypeError", "Optional transferList argument must be an iterable", "ERR_INVALID_ARG_TYPE");
        }
        transfer = [...list];
      }
    }
    const memory = new Map();
    for (const item of transfer) {
      if (toTag(item) !== "[object ArrayBuffer]") throw cannotClone(item);
      if (memory.has(item)) throw domException("ArrayBuffer at index 1 is a duplicate of an earlier ArrayBuffer. Duplicate ArrayBuffers cannot be transferred.", "DataCloneError");
      memory.set(item, null);
    }
    for (const item of transfer) memory.set(item, item.transfer());
    return cloneValue(value, memory);
  }

  Q.web = { TextEncoder, TextDecoder, atob, btoa, structuredClone };
})
