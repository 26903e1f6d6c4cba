// URL, URLSearchParams and require("url"), loaded on first use (see lazy.js). Parsing is Ada's,
// the WHATWG parser Node uses, through the host functions of engine/builtins/url.py; the
// application/x-www-form-urlencoded handling of URLSearchParams is written here from the
// WHATWG URL standard.
(function (Q) {
  "use strict";

  Q.loadInternal("buffer.js");
  const { utf8Encode, utf8Decode } = Q.codecs;
  const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
  const toUSV = (v) => {
    const s = `${v}`;
    return s.isWellFormed() ? s : s.toWellFormed();
  };

  function invalidUrl(input, base) {
    const e = Q.makeError("TypeError", "Invalid URL", "ERR_INVALID_URL");
    e.input = input;
    if (base !== undefined) e.base = base;
    return e;
  }
  function missingArgs(name) {
    return Q.makeError("TypeError", `The "${name}" argument must be specified`, "ERR_MISSING_ARGS");
  }

  // ---------------------------------------------------------------------------------------
  // application/x-www-form-urlencoded
  function percentDecode(text) {
    if (text.indexOf("%") === -1) return text;
    const bytes = utf8Encode(text);
    const out = new Uint8Array(bytes.length);
    let n = 0;
    const hex = (c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 37 && i + 2 < bytes.length + 0 && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
        out[n++] = (hex(bytes[i + 1]) << 4) | hex(bytes[i + 2]);
        i += 2;
      } else {
        out[n++] = b;
      }
    }
    return utf8Decode(out, 0, n, false, null);
  }
  function parseQuery(text) {
    const list = [];
    if (text.startsWith("?")) text = text.slice(1);
    for (const part of text.split("&")) {
      if (part === "") continue;
      const eq = part.indexOf("=");
      const name = eq === -1 ? part : part.slice(0, eq);
      const value = eq === -1 ? "" : part.slice(eq + 1);
      list.push(percentDecode(name.replace(/\+/g, " ")), percentDecode(value.replace(/\+/g, " ")));
    }
    return list;
  }
  const HEX = "0123456789ABCDEF";
  function formEncode(text) {
    let out = "";
    const bytes = utf8Encode(text);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ||
          b === 0x2a || b === 0x2d || b === 0x2e || b === 0x5f) {
        out += String.fromCharCode(b);
      } else if (b === 0x20) {
        out += "+";
      } else {
        out += "%" + HEX[b >> 4] + HEX[b & 15];
      }
    }
    return out;
  }
  function serializeQuery(list) {
    let out = "";
    for (let i = 0; i < list.length; i += 2) {
      out += (i === 0 ? "" : "&") + formEncode(list[i]) + "=" + formEncode(list[i + 1]);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // URLSearchParams. Private state: the flat [name, value, name, value, ...] list and the URL
  // it belongs to (whose query it rewrites on every change).
  const paramsState = new WeakMap();
  function params(self) {
    const s = paramsState.get(self);
    if (s === undefined) {
      throw Q.makeError("TypeError", 'Value of "this" must be of type URLSearchParams', "ERR_INVALID_THIS");
    }
    return s;
  }
  function changed(s) {
    if (s.url !== null) urlUpdateFromParams(s.url, serializeQuery(s.list));
  }

  class URLSearchParams {
    constructor(init = undefined) {
      let list = [];
      if (init === undefined || init === null) {
        list = [];
      } else if (typeof init === "object" || typeof init === "function") {
        if (typeof init[Symbol.iterator] === "function") {
          for (const pair of init) {
            if (pair === null || (typeof pair !== "object" && typeof pair !== "function") ||
                typeof pair[Symbol.iterator] !== "function") {
              throw Q.makeError("TypeError", "Each query pair must be an iterable [name, value] tuple", "ERR_INVALID_TUPLE");
            }
            const items = [...pair];
            if (items.length !== 2) {
              throw Q.makeError("TypeError", "Each query pair must be an iterable [name, value] tuple", "ERR_INVALID_TUPLE");
            }
            list.push(toUSV(items[0]), toUSV(items[1]));
          }
        } else {
          for (const key of Reflect.ownKeys(init)) {
            if (typeof key !== "string") continue;
            const d = Reflect.getOwnPropertyDescriptor(init, key);
            if (d !== undefined && d.enumerable) list.push(toUSV(key), toUSV(init[key]));
          }
        }
      } else {
        list = parseQuery(toUSV(init));
      }
      paramsState.set(this, { list, url: null });
    }
    get size() {
      return params(this).list.length / 2;
    }
    append(name, value) {
      if (arguments.length < 2) throw missingArgs(arguments.length === 0 ? "name" : "value");
      const s = params(this);
      s.list.push(toUSV(name), toUSV(value));
      changed(s);
    }
    delete(name, value = undefined) {
      if (arguments.length < 1) throw missingArgs("name");
      const s = params(this);
      name = toUSV(name);
      if (value !== undefined) value = toUSV(value);
      const kept = [];
      for (let i = 0; i < s.list.length; i += 2) {
        if (s.list[i] === name && (value === undefined || s.list[i + 1] === value)) continue;
        kept.push(s.list[i], s.list[i + 1]);
      }
      s.list = kept;
      changed(s);
    }
    get(name) {
      if (arguments.length < 1) throw missingArgs("name");
      const list = params(this).list;
      name = toUSV(name);
      for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
      return null;
    }
    getAll(name) {
      if (arguments.length < 1) throw missingArgs("name");
      const list = params(this).list;
      name = toUSV(name);
      const out = [];
      for (let i = 0; i < list.length; i += 2) if (list[i] === name) out.push(list[i + 1]);
      return out;
    }
    has(name, value = undefined) {
      if (arguments.length < 1) throw missingArgs("name");
      const list = params(this).list;
      name = toUSV(name);
      if (value !== undefined) value = toUSV(value);
      for (let i = 0; i < list.length; i += 2) {
        if (list[i] === name && (value === undefined || list[i + 1] === value)) return true;
      }
      return false;
    }
    set(name, value) {
      if (arguments.length < 2) throw missingArgs(arguments.length === 0 ? "name" : "value");
      const s = params(this);
      name = toUSV(name);
      value = toUSV(value);
      const out = [];
      let found = false;
      for (let i = 0; i < s.list.length; i += 2) {
        if (s.list[i] !== name) {
          out.push(s.list[i], s.list[i + 1]);
        } else if (!found) {
          found = true;
          out.push(name, value);
        }
      }
      if (!found) out.push(name, value);
      s.list = out;
      changed(s);
    }
    sort() {
      const s = params(this);
      const pairs = [];
      for (let i = 0; i < s.list.length; i += 2) pairs.push([s.list[i], s.list[i + 1]]);
      // stable, by UTF-16 code units
      pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      s.list = pairs.flat();
      changed(s);
    }
    forEach(callback, thisArg = undefined) {
      if (typeof callback !== "function") throw Q.invalidArgType("callback", "Function", callback);
      const s = params(this);
      for (let i = 0; i < s.list.length; i += 2) {
        callback.call(thisArg, s.list[i + 1], s.list[i], this);
      }
    }
    *entries() {
      const s = params(this);
      for (let i = 0; i < s.list.length; i += 2) yield [s.list[i], s.list[i + 1]];
    }
    *keys() {
      const s = params(this);
      for (let i = 0; i < s.list.length; i += 2) yield s.list[i];
    }
    *values() {
      const s = params(this);
      for (let i = 0; i < s.list.length; i += 2) yield s.list[i + 1];
    }
    toString() {
      return serializeQuery(params(this).list);
    }
    [inspectCustom](depth, options, inspect) {
      const s = params(this);
      const name = this.constructor.name;
      if (typeof inspect !== "function") return `${name} {}`;
      const inner = { ...options };
      if (typeof depth === "number") inner.depth = depth - 1;
      const parts = [];
      for (let i = 0; i < s.list.length; i += 2) {
        parts.push(`${inspect(s.list[i], inner)} => ${inspect(s.list[i + 1], inner)}`);
      }
      if (parts.length === 0) return `${name} {}`;
      const plain = (t) => t.replace(/\u001b\[\d+m/g, "");
      const width = parts.reduce((n, p) => n + plain(p).length + 2, -2);
      const breakLength = options && typeof options.breakLength === "number" ? options.breakLength : 80;
      if (width > breakLength) return `${name} {\n  ${parts.join(",\n  ")} }`;
      return `${name} { ${parts.join(", ")} }`;
    }
  }
  Object.defineProperty(URLSearchParams.prototype, Symbol.iterator, { __proto__: null,
    value: URLSearchParams.prototype.entries, writable: true, configurable: true });
  Object.defineProperty(URLSearchParams.prototype, Symbol.toStringTag, { __proto__: null,
    value: "URLSearchParams", configurable: true });

  // ---------------------------------------------------------------------------------------
  // URL
  const urlState = new WeakMap();   // url -> { c: components, params: URLSearchParams | null }
  function state(self) {
    const s = urlState.get(self);
    if (s === undefined) throw Q.makeError("TypeError", 'Value of "this" must be of type URL', "ERR_INVALID_THIS");
    return s;
  }
  function parse(input, base) {
    return Q.hostCall("qjsb.url.parse", input, base === undefined ? null : base);
  }
  function refreshParams(s) {
    if (s.params !== null) paramsState.get(s.params).list = parseQuery(s.c.search);
  }
  function urlUpdateFromParams(url, query) {
    const s = urlState.get(url);
    s.c = Q.hostCall("qjsb.url.set", s.c.href, "search", query);
  }
  function setter(name) {
    return function (value) {
      const s = state(this);
      s.c = Q.hostCall("qjsb.url.set", s.c.href, name, toUSV(value));
      if (name === "search") refreshParams(s);
    };
  }

  class URL {
    constructor(input, base = undefined) {
      if (arguments.length === 0) throw missingArgs("url");
      input = toUSV(input);
      if (base !== undefined) base = toUSV(base);
      const c = parse(input, base);
      if (c === null) throw invalidUrl(input, base);
      urlState.set(this, { c, params: null });
    }
    static canParse(input, base = undefined) {
      if (arguments.length === 0) throw missingArgs("url");
      return parse(toUSV(input), base === undefined ? undefined : toUSV(base)) !== null;
    }
    static parse(input, base = undefined) {
      if (arguments.length === 0) throw missingArgs("url");
      try {
        return new URL(input, base);
      } catch {
        return null;
      }
    }
    static createObjectURL() {
      throw Q.makeError("Error", "URL.createObjectURL() is not supported by qjsbridge (there is no Blob)", "ERR_METHOD_NOT_IMPLEMENTED");
    }
    static revokeObjectURL() {}
    get href() {
      return state(this).c.href;
    }
    set href(value) {
      const s = state(this);
      value = toUSV(value);
      const c = parse(value);
      if (c === null) throw invalidUrl(value);
      s.c = c;
      refreshParams(s);
    }
    get origin() {
      return state(this).c.origin;
    }
    get protocol() {
      return state(this).c.protocol;
    }
    get username() {
      return state(this).c.username;
    }
    get password() {
      return state(this).c.password;
    }
    get host() {
      return state(this).c.host;
    }
    get hostname() {
      return state(this).c.hostname;
    }
    get port() {
      return state(this).c.port;
    }
    get pathname() {
      return state(this).c.pathname;
    }
    get search() {
      return state(this).c.search;
    }
    get searchParams() {
      const s = state(this);
      if (s.params === null) {
        s.params = new URLSearchParams(s.c.search);
        paramsState.get(s.params).url = this;
      }
      return s.params;
    }
    get hash() {
      return state(this).c.hash;
    }
    toString() {
      return state(this).c.href;
    }
    toJSON() {
      return state(this).c.href;
    }
    [inspectCustom](depth, options, inspect) {
      if (typeof inspect !== "function") return this.href;
      if (typeof depth === "number" && depth < 0) return this;
      const s = state(this);
      const obj = {
        href: s.c.href, origin: s.c.origin, protocol: s.c.protocol, username: s.c.username,
        password: s.c.password, host: s.c.host, hostname: s.c.hostname, port: s.c.port,
        pathname: s.c.pathname, search: s.c.search, searchParams: this.searchParams, hash: s.c.hash,
      };
      return `${this.constructor.name} ${inspect(obj, options)}`;
    }
  }
  for (const name of ["protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"]) {
    const d = Object.getOwnPropertyDescriptor(URL.prototype, name);
    d.set = setter(name);
    Object.defineProperty(URL.prototype, name, d);
  }
  for (const C of [URL, URLSearchParams]) {
    for (const key of Object.getOwnPropertyNames(C.prototype)) {
      if (key === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(C.prototype, key);
      d.enumerable = true;
      Object.defineProperty(C.prototype, key, d);
    }
  }
  Object.defineProperty(URL.prototype, Symbol.toStringTag, { __proto__: null, value: "URL", configurable: true });

  // ---------------------------------------------------------------------------------------
  // require("url") helpers
  function fileURLToPath(path) {
    let url = path;
    if (typeof path === "string") url = new URL(path);
    else if (!(path instanceof URL)) throw Q.invalidArgType("path", ["string", "URL"], path);
    if (url.protocol !== "file:") {
      throw Q.makeError("TypeError", "The URL must be of scheme file", "ERR_INVALID_URL_SCHEME");
    }
    if (url.hostname !== "") {
      throw Q.makeError("TypeError", `File URL host must be "localhost" or empty on ${Q.process ? Q.process.platform : "linux"}`,
        "ERR_INVALID_FILE_URL_HOST");
    }
    const pathname = url.pathname;
    if (/%2f/i.test(pathname)) {
      throw Q.makeError("TypeError", "File URL path must not include encoded / characters", "ERR_INVALID_FILE_URL_PATH");
    }
    return decodeURIComponent(pathname);
  }
  function pathToFileURL(filepath) {
    if (typeof filepath !== "string") throw Q.invalidArgType("path", "string", filepath);
    const path = Q.makeRequire(null)("path");
    let resolved = path.resolve(filepath);
    if (filepath.endsWith("/") && !resolved.endsWith("/")) resolved += "/";
    const encoded = resolved.replace(/%/g, "%25").replace(/\\/g, "%5C").replace(/\n/g, "%0A")
      .replace(/\r/g, "%0D").replace(/\t/g, "%09");
    const url = new URL("file://");
    url.pathname = encoded;
    return url;
  }
  function domainToASCII(domain) {
    if (arguments.length < 1) throw missingArgs("domain");
    return Q.hostCall("qjsb.url.domainToASCII", toUSV(domain));
  }
  function domainToUnicode(domain) {
    if (arguments.length < 1) throw missingArgs("domain");
    return Q.hostCall("qjsb.url.domainToUnicode", toUSV(domain));
  }
  function urlToHttpOptions(url) {
    const options = {
      protocol: url.protocol,
      hostname: typeof url.hostname === "string" && url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
      hash: url.hash,
      search: url.search,
      pathname: url.pathname,
      path: `${url.pathname || ""}${url.search || ""}`,
      href: url.href,
    };
    if (url.port !== "") options.port = Number(url.port);
    if (url.username || url.password) {
      options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    }
    return options;
  }

  Q.URL = URL;
  Q.URLSearchParams = URLSearchParams;
  Q.urlModule = { URL, URLSearchParams, fileURLToPath, pathToFileURL, domainToASCII, domainToUnicode, urlToHttpOptions };
})
