// qjsbridge util.js: the "util" builtin module (everything but inspect/format, which live in
// inspect.js). Written for qjsbridge from Node's documentation and observed behaviour.
// Loaded by the first require("util") (console.js); sets Q.utilModule.
(function (Q) {
  "use strict";

  const P = Q.primordials;
  const { hasOwn, getProto, getOwnDesc, defineProp, objectKeys, ownSymbols, isEnumerable,
    objectIs, arrayIsArray, toStringOf, push } = P;
  const { inspect, format, formatWithOptions, stripVTControlCharacters, kind } = Q.inspection;
  const invalidArgType = Q.invalidArgType;

  function requireFunction(value, name) {
    if (typeof value !== "function") throw invalidArgType(name, "Function", value);
  }

  function warn(message, type, code) {
    try {
      if (typeof Q.emitWarning === "function") {
        Q.emitWarning(message, type, code);
        return;
      }
      Q.hostCall("qjsb.console.write", "stderr",
        `(qjsbridge) ${code ? `[${code}] ` : ""}${type}: ${message}\n`);
    } catch {
      // a warning must never break the program
    }
  }
  function later(fn, ...args) {
    const proc = globalThis.process;
    if (proc && typeof proc.nextTick === "function") proc.nextTick(fn, ...args);
    else Q.queueMicrotask(() => fn(...args));
  }

  // ---------------------------------------------------------------------------------------
  // util.types
  const object = (v) => v !== null && typeof v === "object";
  const is = (name) => (v) => object(v) && kind.of(v) === name;
  const typedIs = (name) => (v) => object(v) && P.brands.typedArrayName(v) === name;
  const types = {
    isExternal: () => false,
    isDate: is("date"),
    isArgumentsObject: is("arguments"),
    isBigIntObject: is("bigint"),
    isBooleanObject: is("boolean"),
    isNumberObject: is("number"),
    isStringObject: is("string"),
    isSymbolObject: is("symbol"),
    isNativeError: (v) => kind.isNativeError(v),
    isRegExp: is("regexp"),
    isAsyncFunction: (v) => typeof v === "function" && kind.isAsyncFunction(v),
    isGeneratorFunction: (v) => typeof v === "function" && kind.isGeneratorFunction(v),
    isGeneratorObject: (v) => object(v) && (P.isPrototypeOf(generatorProto, v) ||
      P.isPrototypeOf(asyncGeneratorProto, v)),
    isPromise: (v) => kind.isPromise(v),
    isMap: is("map"),
    isSet: is("set"),
    isMapIterator: is("mapiterator"),
    isSetIterator: is("setiterator"),
    isWeakMap: is("weakmap"),
    isWeakSet: is("weakset"),
    isArrayBuffer: is("arraybuffer"),
    isDataView: is("dataview"),
    isSharedArrayBuffer: is("sharedarraybuffer"),
    isProxy: () => false,
    isModuleNamespaceObject: is("module"),
    isAnyArrayBuffer: (v) => object(v) && (kind.of(v) === "arraybuffer" || kind.of(v) === "sharedarraybuffer"),
    isBoxedPrimitive: (v) => {
      if (!object(v)) return false;
      const k = kind.of(v);
      return k === "number" || k === "string" || k === "boolean" || k === "bigint" || k === "symbol";
    },
    isArrayBufferView: (v) => object(v) && (P.brands.typedArrayName(v) !== undefined || kind.of(v) === "dataview"),
    isTypedArray: (v) => object(v) && P.brands.typedArrayName(v) !== undefined,
    isUint8Array: typedIs("Uint8Array"),
    isUint8ClampedArray: typedIs("Uint8ClampedArray"),
    isUint16Array: typedIs("Uint16Array"),
    isUint32Array: typedIs("Uint32Array"),
    isInt8Array: typedIs("Int8Array"),
    isInt16Array: typedIs("Int16Array"),
    isInt32Array: typedIs("Int32Array"),
    isFloat32Array: typedIs("Float32Array"),
    isFloat64Array: typedIs("Float64Array"),
    isBigInt64Array: typedIs("BigInt64Array"),
    isBigUint64Array: typedIs("BigUint64Array"),
    isKeyObject: () => false,
    isCryptoKey: () => false,
  };
  const generatorProto = getProto(function* () {}).prototype;
  const asyncGeneratorProto = getProto(async function* () {}).prototype;
  const isError = (v) => kind.isNativeError(v) || kind.isErrorLike(v);

  // ---------------------------------------------------------------------------------------
  // util.isDeepStrictEqual: same prototype, same [[Class]], same own enumerable keys (and
  // symbols), Object.is on primitives, recursively; cycles compare as equal when both sides
  // cycle at the same place.
  function deepEqual(a, b, memo) {
    if (objectIs(a, b)) return true;
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
      return false;   // different primitives, or functions that are not the same function
    }
    if (getProto(a) !== getProto(b)) return false;
    if (toStringOf(a) !== toStringOf(b)) return false;
    const ka = kind.of(a);
    if (ka !== kind.of(b)) return false;
    if (memo.pairs.has(a)) {
      const other = memo.pairs.get(a);
      if (other === b) return true;
    }
    memo.pairs.set(a, b);
    try {
      return compareObjects(a, b, ka, memo);
    } finally {
      memo.pairs.delete(a);
    }
  }
  function ownEnumerableKeys(v) {
    const keys = objectKeys(v);
    for (const s of ownSymbols(v)) if (isEnumerable(v, s)) push(keys, s);
    return keys;
  }
  function sameKeys(a, b, memo, skipIndices) {
    let ka = ownEnumerableKeys(a);
    let kb = ownEnumerableKeys(b);
    if (skipIndices) {
      const notIndex = (k) => typeof k !== "string" || !/^(?:0|[1-9][0-9]*)$/.test(k);
      ka = ka.filter(notIndex);
      kb = kb.filter(notIndex);
    }
    if (ka.length !== kb.length) return false;
    for (const key of ka) {
      if (!hasOwn(b, key) || !isEnumerable(b, key)) return false;
    }
    for (const key of ka) {
      if (!deepEqual(a[key], b[key], memo)) return false;
    }
    return true;
  }
  function compareObjects(a, b, k, memo) {
    switch (k) {
      case "array": {
        if (a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) {
          const ha = hasOwn(a, i);
          if (ha !== hasOwn(b, i)) return false;
          if (ha && !deepEqual(a[i], b[i], memo)) return false;
        }
        return sameKeys(a, b, memo, true);
      }
      case "date":
        if (P.dateGetTime(a) !== P.dateGetTime(b)) return false;   // two invalid dates differ
        break;
      case "regexp":
        if (P.reToString(a) !== P.reToString(b) || a.lastIndex !== b.lastIndex) return false;
        break;
      case "error":
        if (a.message !== b.message || a.name !== b.name) return false;
        break;
      case "number": case "string": case "boolean": case "bigint": case "symbol":
        if (!objectIs(kind.primitiveOf(a), kind.primitiveOf(b))) return false;
        break;
      case "typedarray": {
        if (P.brands.typedArrayName(a) !== P.brands.typedArrayName(b)) return false;
        const n = P.brands.typedArrayLength(a);
        if (n !== P.brands.typedArrayLength(b)) return false;
        for (let i = 0; i < n; i++) if (!objectIs(a[i], b[i])) return false;
        return sameKeys(a, b, memo, true);
      }
      case "arraybuffer": case "sharedarraybuffer": {
        const x = new Uint8Array(a);
        const y = new Uint8Array(b);
        if (x.length !== y.length) return false;
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
        break;
      }
      case "dataview": {
        const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
        const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
        if (x.length !== y.length) return false;
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
        break;
      }
      case "set":
        if (!sameSet(a, b, memo)) return false;
        break;
      case "map":
        if (!sameMap(a, b, memo)) return false;
        break;
      default:   // WeakMap, WeakSet, Promise, ...: contents are not compared
        break;
    }
    return sameKeys(a, b, memo, false);
  }
  function sameSet(a, b, memo) {
    if (P.setSize(a) !== P.setSize(b)) return false;
    const pending = [];
    for (const v of P.setValuesArray(a)) {
      if (v !== null && typeof v === "object") push(pending, v);
      else if (!P.setHas(b, v)) return false;
    }
    if (pending.length === 0) return true;
    const candidates = P.setValuesArray(b).filter((v) => v !== null && typeof v === "object");
    for (const v of pending) {
      const at = candidates.findIndex((w) => deepEqual(v, w, memo));
      if (at === -1) return false;
      candidates.splice(at, 1);
    }
    return true;
  }
  function sameMap(a, b, memo) {
    if (P.mapSize(a) !== P.mapSize(b)) return false;
    const pending = [];
    for (const [key, value] of P.mapEntriesArray(a)) {
      if (key !== null && typeof key === "object") {
        push(pending, [key, value]);
      } else {
        if (!P.mapHas(b, key) || !deepEqual(value, P.mapGet(b, key), memo)) return false;
      }
    }
    if (pending.length === 0) return true;
    const candidates = P.mapEntriesArray(b).filter(([key]) => key !== null && typeof key === "object");
    for (const [key, value] of pending) {
      const at = candidates.findIndex(([k2, v2]) => deepEqual(key, k2, memo) && deepEqual(value, v2, memo));
      if (at === -1) return false;
      candidates.splice(at, 1);
    }
    return true;
  }
  function isDeepStrictEqual(a, b) {
    return deepEqual(a, b, { pairs: new Map() });
  }

  // ---------------------------------------------------------------------------------------
  const promisifyCustom = Symbol.for("nodejs.util.promisify.custom");
  function promisify(original) {
    requireFunction(original, "original");
    if (hasOwn(original, promisifyCustom) || original[promisifyCustom] !== undefined) {
      const custom = original[promisifyCustom];
      if (custom !== undefined) {
        if (typeof custom !== "function") {
          throw invalidArgType("util.promisify.custom", "Function", custom);
        }
        return defineProp(custom, promisifyCustom, { __proto__: null, value: custom,
          enumerable: false, writable: false, configurable: true });
      }
    }
    function promisified(...args) {
      return new Promise((resolve, reject) => {
        Reflect.apply(original, this, [...args, (err, ...values) => {
          if (err) reject(err);
          else resolve(values[0]);
        }]);
      });
    }
    Object.setPrototypeOf(promisified, getProto(original));
    defineProp(promisified, promisifyCustom, { __proto__: null, value: promisified,
      enumerable: false, writable: false, configurable: true });
    const descriptors = Object.getOwnPropertyDescriptors(original);
    for (const key of Reflect.ownKeys(descriptors)) Object.setPrototypeOf(descriptors[key], null);
    return Object.defineProperties(promisified, descriptors);
  }
  defineProp(promisify, "custom", { __proto__: null, value: promisifyCustom, enumerable: false,
    writable: false, configurable: false });

  function callbackify(original) {
    requireFunction(original, "original");
    function callbackified(...args) {
      const last = args.pop();
      requireFunction(last, "last argument");
      const cb = Reflect.apply(Function.prototype.bind, last, [this]);
      Reflect.apply(original, this, args).then(
        (value) => later(cb, null, value),
        (reason) => later(() => {
          if (!reason) {
            const err = new Error("Promise was rejected with falsy value");
            err.code = "ERR_FALSY_VALUE_REJECTION";
            err.reason = reason;
            reason = err;
          }
          cb(reason);
        }));
    }
    const descriptors = Object.getOwnPropertyDescriptors(original);
    if (descriptors.length && typeof descriptors.length.value === "number") descriptors.length.value++;
    if (descriptors.name && typeof descriptors.name.value === "string") descriptors.name.value += "Callbackified";
    for (const key of Reflect.ownKeys(descriptors)) Object.setPrototypeOf(descriptors[key], null);
    Object.defineProperties(callbackified, descriptors);
    return callbackified;
  }

  const warnedCodes = new Set();
  function deprecate(fn, msg, code) {
    requireFunction(fn, "fn");
    if (code !== undefined && typeof code !== "string") throw invalidArgType("code", "string", code);
    let warned = false;
    function deprecated(...args) {
      if (!warned) {
        warned = true;
        if (code === undefined || !warnedCodes.has(code)) {
          if (code !== undefined) warnedCodes.add(code);
          warn(msg, "DeprecationWarning", code);
        }
      }
      if (new.target) return Reflect.construct(fn, args, new.target);
      return Reflect.apply(fn, this, args);
    }
    Object.setPrototypeOf(deprecated, fn);
    if (fn.prototype) deprecated.prototype = fn.prototype;
    return deprecated;
  }

  function inherits(ctor, superCtor) {
    if (ctor === undefined || ctor === null) throw invalidArgType("ctor", "Function", ctor);
    if (superCtor === undefined || superCtor === null) {
      throw invalidArgType("superCtor", "Function", superCtor);
    }
    if (superCtor.prototype === undefined) {
      throw invalidArgType("superCtor.prototype", "Object", superCtor.prototype);
    }
    defineProp(ctor, "super_", { __proto__: null, value: superCtor, writable: true,
      configurable: true });
    Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  // NODE_DEBUG=a,b* enables debuglog("a") and debuglog("bar"): lines go to stderr as
  // "A <pid>: message".
  let debugPattern;
  function debugEnabled(section) {
    if (debugPattern === undefined) {
      let spec = "";
      try {
        const env = globalThis.process && globalThis.process.env;
        spec = (env && env.NODE_DEBUG) || "";
      } catch {
        spec = "";
      }
      const parts = spec.split(/[\s,]+/).filter(Boolean)
        .map((p) => p.replace(/[|\\{}()[\]^$+?.]/g, "\\$&").replace(/\*/g, ".*"));
      debugPattern = parts.length ? new RegExp(`^(?:${parts.join("|")})$`, "i") : null;
    }
    return debugPattern !== null && debugPattern.test(section);
  }
  function debuglog(section, onReady) {
    let enabled;
    const on = () => {
      if (enabled === undefined) {
        enabled = debugEnabled(section);
        if (typeof onReady === "function") onReady(enabled ? logger : () => {});
      }
      return enabled;
    };
    function logger(...args) {
      if (!on()) return;
      const pid = globalThis.process ? globalThis.process.pid : 0;
      Q.hostCall("qjsb.console.write", "stderr",
        `${section.toUpperCase()} ${pid}: ${format(...args)}\n`);
    }
    defineProp(logger, "enabled", { __proto__: null, get: on, enumerable: true,
      configurable: true });
    return logger;
  }

  function toUSVString(value) {
    return `${value}`.toWellFormed();
  }

  function extend(target, source) {
    if (source === null || typeof source !== "object") return target;
    for (const key of objectKeys(source)) target[key] = source[key];
    return target;
  }

  const util = {
    inspect,
    format,
    formatWithOptions,
    inherits,
    promisify,
    callbackify,
    deprecate,
    isDeepStrictEqual,
    stripVTControlCharacters,
    toUSVString,
    debuglog,
    debug: debuglog,
    _extend: extend,
    types,
    isArray: arrayIsArray,
    isBoolean: (v) => typeof v === "boolean",
    isBuffer: (v) => typeof globalThis.Buffer === "function" &&
      typeof globalThis.Buffer.isBuffer === "function" && globalThis.Buffer.isBuffer(v),
    isDate: types.isDate,
    isError,
    isFunction: (v) => typeof v === "function",
    isNull: (v) => v === null,
    isNullOrUndefined: (v) => v === null || v === undefined,
    isNumber: (v) => typeof v === "number",
    isObject: (v) => v !== null && typeof v === "object",
    isPrimitive: (v) => v === null || (typeof v !== "object" && typeof v !== "function"),
    isRegExp: types.isRegExp,
    isString: (v) => typeof v === "string",
    isSymbol: (v) => typeof v === "symbol",
    isUndefined: (v) => v === undefined,
  };
  Q.utilModule = util;
})
