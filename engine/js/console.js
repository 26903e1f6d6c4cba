// Portions derived from Node.js lib/internal/util/inspect.js, MIT License, Copyright Node.js contributors
// (also lib/internal/util.js, lib/util.js, lib/internal/util/comparisons.js,
// lib/internal/console/constructor.js and lib/internal/cli_table.js, Node v20, same license).
//
// qjsbridge console.js: Node-compatible util.inspect / util.format / console for QuickJS-ng.
// Evaluated as a function of Q (the internal registry built by bootstrap.js). It sets
// Q.inspect, Q.format, Q.formatWithOptions and Q.console, and registers the
// "util" and "console" builtin modules. The inspect code is a line-for-line port of Node v20
// (same function names), so output matches Node byte for byte.
//
// Where Node uses V8 internals (internalBinding('util'/'types')), this file uses spec-level
// brand checks instead (a built-in method or getter that throws for the wrong kind of object).
// What cannot be done from JS at all (see tests/js_inspect_known_differences.md):
//   - Promise state: printed as `Promise { <unknown> }` (promises are still detected exactly).
//   - Proxies: inspected through their traps (Node reads the target without running traps);
//     showProxy has no effect. Revoked proxies are detected (`<Revoked Proxy>`).
//   - Map/Set iterator contents: `[Map Iterator] { <items unknown> }`.
//   - WeakMap/WeakSet contents with showHidden: `<items unknown>`, as without showHidden.
//   - The V8 hidden-class constructor name, for objects with no named constructor on their
//     prototype chain: `Object` is used.
(function (Q) {
  "use strict";

  // =========================================================================================
  // Primordials: captured at load time so user code that patches built-ins cannot break
  // console output (Node does the same with its `primordials` object).
  const FunctionPrototypeCall = Function.prototype.call;
  const uncurryThis = (fn) => FunctionPrototypeCall.bind(fn);
  const getterOf = (obj, key) => {
    const d = Object.getOwnPropertyDescriptor(obj, key);
    return d && d.get ? uncurryThis(d.get) : undefined;
  };

  const {
    assign: ObjectAssign,
    create: ObjectCreate,
    defineProperty: ObjectDefineProperty,
    defineProperties: ObjectDefineProperties,
    getOwnPropertyDescriptor: ObjectGetOwnPropertyDescriptor,
    getOwnPropertyDescriptors: ObjectGetOwnPropertyDescriptors,
    getOwnPropertyNames: ObjectGetOwnPropertyNames,
    getOwnPropertySymbols: ObjectGetOwnPropertySymbols,
    getPrototypeOf: ObjectGetPrototypeOf,
    setPrototypeOf: ObjectSetPrototypeOf,
    is: ObjectIs,
    isExtensible: ObjectIsExtensible,
    keys: ObjectKeys,
    seal: ObjectSeal,
    values: ObjectValues,
  } = Object;
  const ObjectPrototype = Object.prototype;
  const FunctionPrototype = Function.prototype;
  const ObjectPrototypeHasOwnProperty = uncurryThis(ObjectPrototype.hasOwnProperty);
  const ObjectPrototypePropertyIsEnumerable = uncurryThis(ObjectPrototype.propertyIsEnumerable);
  const ObjectPrototypeToString = uncurryThis(ObjectPrototype.toString);
  const ObjectPrototypeIsPrototypeOf = uncurryThis(ObjectPrototype.isPrototypeOf);
  const { apply: ReflectApply, construct: ReflectConstruct, ownKeys: ReflectOwnKeys } = Reflect;
  const FunctionPrototypeToString = uncurryThis(FunctionPrototype.toString);
  const FunctionPrototypeSymbolHasInstance = uncurryThis(FunctionPrototype[Symbol.hasInstance]);
  const FunctionPrototypeBind = uncurryThis(FunctionPrototype.bind);

  const ArrayIsArray = Array.isArray;
  const ArrayFrom = Array.from;
  const ArrayPrototypeFilter = uncurryThis(Array.prototype.filter);
  const ArrayPrototypeIncludes = uncurryThis(Array.prototype.includes);
  const ArrayPrototypeIndexOf = uncurryThis(Array.prototype.indexOf);
  const ArrayPrototypeJoin = uncurryThis(Array.prototype.join);
  const ArrayPrototypeMap = uncurryThis(Array.prototype.map);
  const ArrayPrototypePop = uncurryThis(Array.prototype.pop);
  const ArrayPrototypePush = uncurryThis(Array.prototype.push);
  const ArrayPrototypePushApply = (arr, items) => ReflectApply(Array.prototype.push, arr, items);
  const ArrayPrototypeSlice = uncurryThis(Array.prototype.slice);
  const ArrayPrototypeSort = uncurryThis(Array.prototype.sort);
  const ArrayPrototypeSplice = uncurryThis(Array.prototype.splice);
  const ArrayPrototypeUnshift = uncurryThis(Array.prototype.unshift);

  const StringPrototypeCharCodeAt = uncurryThis(String.prototype.charCodeAt);
  const StringPrototypeCodePointAt = uncurryThis(String.prototype.codePointAt);
  const StringPrototypeEndsWith = uncurryThis(String.prototype.endsWith);
  const StringPrototypeIncludes = uncurryThis(String.prototype.includes);
  const StringPrototypeIndexOf = uncurryThis(String.prototype.indexOf);
  const StringPrototypeLastIndexOf = uncurryThis(String.prototype.lastIndexOf);
  const StringPrototypeNormalize = uncurryThis(String.prototype.normalize);
  const StringPrototypePadEnd = uncurryThis(String.prototype.padEnd);
  const StringPrototypePadStart = uncurryThis(String.prototype.padStart);
  const StringPrototypeRepeat = uncurryThis(String.prototype.repeat);
  const StringPrototypeReplaceAll = uncurryThis(String.prototype.replaceAll);
  const StringPrototypeSlice = uncurryThis(String.prototype.slice);
  const StringPrototypeSplit = uncurryThis(String.prototype.split);
  const StringPrototypeStartsWith = uncurryThis(String.prototype.startsWith);
  const StringPrototypeToLowerCase = uncurryThis(String.prototype.toLowerCase);
  const StringPrototypeToUpperCase = uncurryThis(String.prototype.toUpperCase);
  const StringPrototypeTrim = uncurryThis(String.prototype.trim);
  const StringPrototypeValueOf = uncurryThis(String.prototype.valueOf);

  const RegExpPrototypeExec = uncurryThis(RegExp.prototype.exec);
  const RegExpPrototypeSymbolReplace = uncurryThis(RegExp.prototype[Symbol.replace]);
  const RegExpPrototypeSymbolSplit = uncurryThis(RegExp.prototype[Symbol.split]);
  const RegExpPrototypeToString = uncurryThis(RegExp.prototype.toString);
  const RegExpPrototypeGetSource = getterOf(RegExp.prototype, "source");

  const NumberPrototypeValueOf = uncurryThis(Number.prototype.valueOf);
  const NumberPrototypeToString = uncurryThis(Number.prototype.toString);
  const NumberPrototypeToFixed = uncurryThis(Number.prototype.toFixed);
  const BooleanPrototypeValueOf = uncurryThis(Boolean.prototype.valueOf);
  const BigIntPrototypeValueOf = uncurryThis(BigInt.prototype.valueOf);
  const SymbolPrototypeValueOf = uncurryThis(Symbol.prototype.valueOf);
  const SymbolPrototypeToString = uncurryThis(Symbol.prototype.toString);
  const DatePrototypeGetTime = uncurryThis(Date.prototype.getTime);
  const DatePrototypeToISOString = uncurryThis(Date.prototype.toISOString);
  const DatePrototypeToString = uncurryThis(Date.prototype.toString);
  const ErrorPrototypeToString = uncurryThis(Error.prototype.toString);
  const JSONStringify = JSON.stringify;
  const { floor: MathFloor, max: MathMax, min: MathMin, round: MathRound, sqrt: MathSqrt,
    trunc: MathTrunc, ceil: MathCeil } = Math;
  const NumberIsNaN = Number.isNaN;
  const NumberIsFinite = Number.isFinite;
  const NumberParseInt = Number.parseInt;
  const NumberParseFloat = Number.parseFloat;
  const SymbolIterator = Symbol.iterator;
  const SymbolToStringTag = Symbol.toStringTag;
  const SymbolToPrimitive = Symbol.toPrimitive;
  const SafeMap = Map;
  const SafeSet = Set;
  const PromiseCtor = Promise;
  const ErrorCtor = Error;
  const ErrorCaptureStackTrace = typeof Error.captureStackTrace === "function" ?
    Error.captureStackTrace : undefined;

  const MapPrototypeGetSize = getterOf(Map.prototype, "size");
  const MapPrototypeEntries = uncurryThis(Map.prototype.entries);
  const SetPrototypeGetSize = getterOf(Set.prototype, "size");
  const SetPrototypeValues = uncurryThis(Set.prototype.values);
  const WeakMapPrototypeHas = uncurryThis(WeakMap.prototype.has);
  const WeakSetPrototypeHas = uncurryThis(WeakSet.prototype.has);
  const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
  const TypedArrayPrototypeGetSymbolToStringTag = getterOf(TypedArrayPrototype, SymbolToStringTag);
  const TypedArrayPrototypeGetLength = getterOf(TypedArrayPrototype, "length");
  const ArrayBufferPrototypeGetByteLength = getterOf(ArrayBuffer.prototype, "byteLength");
  const SharedArrayBufferPrototypeGetByteLength = typeof SharedArrayBuffer === "function" ?
    getterOf(SharedArrayBuffer.prototype, "byteLength") : undefined;
  const DataViewPrototypeGetBuffer = getterOf(DataView.prototype, "buffer");
  const PromisePrototypeThen = uncurryThis(Promise.prototype.then);
  const Uint8ArrayCtor = Uint8Array;

  const TypedArrayConstructors = ObjectCreate(null);
  for (const name of ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
    "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array",
    "BigUint64Array"]) {
    if (typeof globalThis[name] === "function") TypedArrayConstructors[name] = globalThis[name];
  }

  // Prototypes of the special function kinds and iterators (not reachable as globals).
  const AsyncFunctionPrototype = ObjectGetPrototypeOf(async function () {});
  const GeneratorFunctionPrototype = ObjectGetPrototypeOf(function* () {});
  const AsyncGeneratorFunctionPrototype = ObjectGetPrototypeOf(async function* () {});
  const MapIteratorPrototype = ObjectGetPrototypeOf(new Map()[SymbolIterator]());
  const SetIteratorPrototype = ObjectGetPrototypeOf(new Set()[SymbolIterator]());

  // =========================================================================================
  // util.types work-alikes (Node: internalBinding('types'), V8 instance-type checks).
  // Each is a brand check: a built-in method/getter that throws for the wrong kind of object.
  // A failed check throws a TypeError; QuickJS captures a backtrace for every exception, so
  // Error.stackTraceLimit is set to 0 for the duration (no user code runs inside the checks).
  // Returns the previous limit, or a marker when the limit could not be changed.
  const kNoLimit = {};
  function suspendStackTraces() {
    try {
      if (!("stackTraceLimit" in ErrorCtor)) return kNoLimit;
      const limit = ErrorCtor.stackTraceLimit;
      ErrorCtor.stackTraceLimit = 0;
      return limit;
    } catch {
      // Error frozen or stackTraceLimit redefined by user code: check with full traces.
      return kNoLimit;
    }
  }
  function restoreStackTraces(limit) {
    if (limit !== kNoLimit) ErrorCtor.stackTraceLimit = limit;
  }
  function brand(fn) {
    if (fn === undefined) return () => false;
    return (value) => {
      if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
      const limit = suspendStackTraces();
      try {
        fn(value);
        return true;
      } catch {
        return false;
      } finally {
        restoreStackTraces(limit);
      }
    };
  }
  const isMap = brand(MapPrototypeGetSize);
  const isSet = brand(SetPrototypeGetSize);
  const isWeakMap = brand((v) => WeakMapPrototypeHas(v, ObjectPrototype));
  const isWeakSet = brand((v) => WeakSetPrototypeHas(v, ObjectPrototype));
  const isDate = brand(DatePrototypeGetTime);
  // The `source` getter answers "(?:)" for RegExp.prototype itself instead of throwing.
  const isRegExpBrand = brand(RegExpPrototypeGetSource);
  const isRegExp = (v) => v !== RegExp.prototype && isRegExpBrand(v);
  const isArrayBuffer = brand(ArrayBufferPrototypeGetByteLength);
  const isSharedArrayBuffer = brand(SharedArrayBufferPrototypeGetByteLength);
  const isAnyArrayBuffer = (v) => isArrayBuffer(v) || isSharedArrayBuffer(v);
  const isDataView = brand(DataViewPrototypeGetBuffer);
  const isTypedArray = (v) => TypedArrayPrototypeGetSymbolToStringTag(v) !== undefined;
  const isArrayBufferView = (v) => isTypedArray(v) || isDataView(v);
  const isNumberObject = brand(NumberPrototypeValueOf);
  const isStringObject = brand(StringPrototypeValueOf);
  const isBooleanObject = brand(BooleanPrototypeValueOf);
  const isBigIntObject = brand(BigIntPrototypeValueOf);
  const isSymbolObject = brand(SymbolPrototypeValueOf);
  const isBoxedPrimitive = (v) => isNumberObject(v) || isStringObject(v) ||
    isBooleanObject(v) || isBigIntObject(v) || isSymbolObject(v);

  // Native errors: ES2026 Error.isError is an exact brand check (QuickJS-ng has it). Without
  // it, fall back to the [[ErrorData]]-derived builtin tag of Object.prototype.toString.
  const ErrorIsError = typeof Error.isError === "function" ? Error.isError : undefined;
  function isNativeError(v) {
    if (v === null || typeof v !== "object") return false;
    if (ErrorIsError !== undefined) return ErrorIsError(v);
    try {
      if (v[SymbolToStringTag] !== undefined) return v instanceof ErrorCtor;
      return ObjectPrototypeToString(v) === "[object Error]";
    } catch {
      return false;
    }
  }
  // internal/util.js isError
  const isError = (e) => isNativeError(e) || isInstanceof(e, ErrorCtor);

  // Promises: Promise.prototype.then throws a TypeError for non-promises before doing anything
  // else. For a real promise it next looks up the species constructor; we temporarily make
  // Promise[Symbol.species] answer a constructor that throws a private marker, so the call
  // stops before any reaction is registered (no "handled" marking, no derived promise).
  const speciesMarker = {};
  const ThrowingSpecies = function () { throw speciesMarker; };
  const speciesGetter = { get [Symbol.species]() { return ThrowingSpecies; } };
  const throwingSpeciesDesc = ObjectGetOwnPropertyDescriptor(speciesGetter, Symbol.species);
  throwingSpeciesDesc.configurable = true;
  function isPromise(v) {
    if (v === null || typeof v !== "object") return false;
    const saved = ObjectGetOwnPropertyDescriptor(PromiseCtor, Symbol.species);
    if (saved === undefined || !saved.configurable) return v instanceof PromiseCtor;
    let result = false;
    const limit = suspendStackTraces();
    try {
      ObjectDefineProperty(PromiseCtor, Symbol.species, throwingSpeciesDesc);
      PromisePrototypeThen(v);
      // Only reached for a promise whose .constructor is undefined (no species lookup).
      result = true;
    } catch (e) {
      // TypeError: not a promise (or a promise with a non-object .constructor: rare).
      result = e === speciesMarker;
    } finally {
      ObjectDefineProperty(PromiseCtor, Symbol.species, saved);
      restoreStackTraces(limit);
    }
    return result;
  }

  const protoChainHas = (proto, v) => {
    try {
      return ObjectPrototypeIsPrototypeOf(proto, v);
    } catch {
      return false;
    }
  };
  const isAsyncFunction = (v) => typeof v === "function" &&
    (protoChainHas(AsyncFunctionPrototype, v) || protoChainHas(AsyncGeneratorFunctionPrototype, v));
  const isGeneratorFunction = (v) => typeof v === "function" &&
    (protoChainHas(GeneratorFunctionPrototype, v) || protoChainHas(AsyncGeneratorFunctionPrototype, v));
  const isMapIterator = (v) => v !== null && typeof v === "object" && protoChainHas(MapIteratorPrototype, v);
  const isSetIterator = (v) => v !== null && typeof v === "object" && protoChainHas(SetIteratorPrototype, v);
  function isArgumentsObject(v) {
    if (v === null || typeof v !== "object") return false;
    try {
      return v[SymbolToStringTag] === undefined && ObjectPrototypeToString(v) === "[object Arguments]";
    } catch {
      return false;
    }
  }
  // Module namespace objects: null prototype, non-extensible, own non-writable,
  // non-configurable @@toStringTag "Module".
  function isModuleNamespaceObject(v) {
    if (v === null || typeof v !== "object") return false;
    try {
      if (ObjectGetPrototypeOf(v) !== null || ObjectIsExtensible(v)) return false;
      const d = ObjectGetOwnPropertyDescriptor(v, SymbolToStringTag);
      return d !== undefined && d.value === "Module" && !d.writable && !d.configurable && !d.enumerable;
    } catch {
      return false;
    }
  }
  function isURL(value) {
    const URLCtor = globalThis.URL;
    return typeof URLCtor === "function" && typeof value.href === "string" &&
      isInstanceof(value, URLCtor);
  }
  function isStackOverflowError(err) {
    // QuickJS-ng: RangeError "Maximum call stack size exceeded" (same text as V8);
    // older QuickJS: InternalError "stack overflow".
    try {
      return err !== null && typeof err === "object" &&
        (err.message === "Maximum call stack size exceeded" || err.message === "stack overflow");
    } catch {
      return false;
    }
  }

  // =========================================================================================
  // Errors thrown by the util API (Node's ERR_INVALID_ARG_TYPE and friends).
  function makeError(name, message, code) {
    if (Q && typeof Q.makeError === "function") return Q.makeError(name, message, code);
    const C = globalThis[name] || ErrorCtor;
    const e = new C(message);
    if (code !== undefined) e.code = code;
    return e;
  }
  const invalidArgType = (name, expected, actual) => Q.invalidArgType(name, expected, actual);
  function validateObject(value, name, allowArray) {
    if (value === null || typeof value !== "object" || (!allowArray && ArrayIsArray(value))) {
      throw invalidArgType(name, "Object", value);
    }
  }
  function validateFunction(value, name) {
    if (typeof value !== "function") throw invalidArgType(name, "Function", value);
  }
  function validateString(value, name) {
    if (typeof value !== "string") throw invalidArgType(name, "string", value);
  }

  // Warnings: use process.emitWarning when the runtime provides one, else write Node's line
  // to stderr with "(qjsbridge)" in place of "(node:PID)", like the other internal files.
  function emitWarning(message, type = "Warning", code) {
    try {
      const proc = globalThis.process;
      if (proc && typeof proc.emitWarning === "function") {
        proc.emitWarning(message, type, code);
        return;
      }
      writeStream("stderr", `(qjsbridge) ${code ? `[${code}] ` : ""}${type}: ${message}\n`);
    } catch {
      // a warning must never break the program
    }
  }
  function writeStream(stream, text) {
    Q.hostCall("qjsb.console.write", stream, text);
  }

  // =========================================================================================
  // lib/internal/util/inspect.js (v20), ported.

  // Names of the global constructors at load time (before user code runs).
  const builtInObjects = new SafeSet(
    ArrayPrototypeFilter(
      ObjectGetOwnPropertyNames(globalThis),
      (e) => RegExpPrototypeExec(/^[A-Z][a-zA-Z0-9]+$/, e) !== null,
    ),
  );

  // https://tc39.es/ecma262/#sec-IsHTMLDDA-internal-slot (never true in QuickJS)
  const isUndetectableObject = (v) => typeof v === "undefined" && v !== undefined;

  const customInspectSymbol = Symbol.for("nodejs.util.inspect.custom");

  const inspectDefaultOptions = ObjectSeal({
    showHidden: false,
    depth: 2,
    colors: false,
    customInspect: true,
    showProxy: false,
    maxArrayLength: 100,
    maxStringLength: 10000,
    breakLength: 80,
    compact: 3,
    sorted: false,
    getters: false,
    numericSeparator: false,
  });

  const kObjectType = 0;
  const kArrayType = 1;
  const kArrayExtrasType = 2;

  /* eslint-disable no-control-regex */
  const strEscapeSequencesRegExp = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const strEscapeSequencesReplacer = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const strEscapeSequencesRegExpSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const strEscapeSequencesReplacerSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  /* eslint-enable no-control-regex */

  const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
  const numberRegExp = /^(0|[1-9][0-9]*)$/;
  const coreModuleRegExp = /^ {4}at (?:[^/\\(]+ \(|)node:(.+):\d+:\d+\)?$/;
  const classRegExp = /^(\s+[^(]*?)\s*{/;
  // eslint-disable-next-line node-core/no-unescaped-regexp-dot
  const stripCommentsRegExp = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g;

  const kMinLineLength = 16;

  // Escaped control characters (plus the single quote and the backslash).
  const meta = [
    "\\x00", "\\x01", "\\x02", "\\x03", "\\x04", "\\x05", "\\x06", "\\x07", // x07
    "\\b", "\\t", "\\n", "\\x0B", "\\f", "\\r", "\\x0E", "\\x0F",           // x0F
    "\\x10", "\\x11", "\\x12", "\\x13", "\\x14", "\\x15", "\\x16", "\\x17", // x17
    "\\x18", "\\x19", "\\x1A", "\\x1B", "\\x1C", "\\x1D", "\\x1E", "\\x1F", // x1F
    "", "", "", "", "", "", "", "\\'", "", "", "", "", "", "", "", "",      // x2F
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",         // x3F
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",         // x4F
    "", "", "", "", "", "", "", "", "", "", "", "", "\\\\", "", "", "",     // x5F
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",         // x6F
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "\\x7F",    // x7F
    "\\x80", "\\x81", "\\x82", "\\x83", "\\x84", "\\x85", "\\x86", "\\x87", // x87
    "\\x88", "\\x89", "\\x8A", "\\x8B", "\\x8C", "\\x8D", "\\x8E", "\\x8F", // x8F
    "\\x90", "\\x91", "\\x92", "\\x93", "\\x94", "\\x95", "\\x96", "\\x97", // x97
    "\\x98", "\\x99", "\\x9A", "\\x9B", "\\x9C", "\\x9D", "\\x9E", "\\x9F", // x9F
  ];

  // Regex used for ansi escape code splitting (chalk/ansi-regex, MIT, Sindre Sorhus).
  const ansi = new RegExp(
    "[\\u001B\\u009B][[\\]()#;?]*" +
    "(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*" +
    "|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?" +
    "(?:\\u0007|\\u001B\\u005C|\\u009C))" +
    "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?" +
    "[\\dA-PR-TZcf-nq-uy=><~]))", "g",
  );
  // lib/internal/util.js removeColors
  const colorRegExp = /\u001b\[\d\d?m/g;
  const removeColors = (str) => RegExpPrototypeSymbolReplace(colorRegExp, String(str), "");

  // lib/internal/util.js join (Array#join without calling toString on holes etc.)
  function join(output, separator) {
    let str = "";
    if (output.length !== 0) {
      const lastIndex = output.length - 1;
      for (let i = 0; i < lastIndex; i++) {
        str += output[i];
        str += separator;
      }
      str += output[lastIndex];
    }
    return str;
  }

  function getUserOptions(ctx, isCrossContext) {
    const ret = {
      stylize: ctx.stylize,
      showHidden: ctx.showHidden,
      depth: ctx.depth,
      colors: ctx.colors,
      customInspect: ctx.customInspect,
      showProxy: ctx.showProxy,
      maxArrayLength: ctx.maxArrayLength,
      maxStringLength: ctx.maxStringLength,
      breakLength: ctx.breakLength,
      compact: ctx.compact,
      sorted: ctx.sorted,
      getters: ctx.getters,
      numericSeparator: ctx.numericSeparator,
      ...ctx.userOptions,
    };

    // The target is not an instance of this realm's Object (e.g. a null-prototype object):
    // pass a null-prototype options object holding only primitives, plus a safe stylize.
    if (isCrossContext) {
      ObjectSetPrototypeOf(ret, null);
      for (const key of ObjectKeys(ret)) {
        if ((typeof ret[key] === "object" || typeof ret[key] === "function") &&
            ret[key] !== null) {
          delete ret[key];
        }
      }
      ret.stylize = ObjectSetPrototypeOf((value, flavour) => {
        let stylized;
        try {
          stylized = `${ctx.stylize(value, flavour)}`;
        } catch {
          // Continue regardless of error.
        }
        if (typeof stylized !== "string") return value;
        return stylized;
      }, null);
    }
    return ret;
  }

  /**
   * util.inspect(value[, options]) -- also the legacy (value, showHidden, depth, colors) form.
   */
  function inspect(value, opts) {
    // Default options
    const ctx = {
      budget: {},
      indentationLvl: 0,
      seen: [],
      currentDepth: 0,
      stylize: stylizeNoColor,
      showHidden: inspectDefaultOptions.showHidden,
      depth: inspectDefaultOptions.depth,
      colors: inspectDefaultOptions.colors,
      customInspect: inspectDefaultOptions.customInspect,
      showProxy: inspectDefaultOptions.showProxy,
      maxArrayLength: inspectDefaultOptions.maxArrayLength,
      maxStringLength: inspectDefaultOptions.maxStringLength,
      breakLength: inspectDefaultOptions.breakLength,
      compact: inspectDefaultOptions.compact,
      sorted: inspectDefaultOptions.sorted,
      getters: inspectDefaultOptions.getters,
      numericSeparator: inspectDefaultOptions.numericSeparator,
    };
    if (arguments.length > 1) {
      // Legacy...
      if (arguments.length > 2) {
        if (arguments[2] !== undefined) {
          ctx.depth = arguments[2];
        }
        if (arguments.length > 3 && arguments[3] !== undefined) {
          ctx.colors = arguments[3];
        }
      }
      // Set user-specified options
      if (typeof opts === "boolean") {
        ctx.showHidden = opts;
      } else if (opts) {
        const optKeys = ObjectKeys(opts);
        for (let i = 0; i < optKeys.length; ++i) {
          const key = optKeys[i];
          if (ObjectPrototypeHasOwnProperty(inspectDefaultOptions, key) || key === "stylize") {
            ctx[key] = opts[key];
          } else if (ctx.userOptions === undefined) {
            // This is required to pass through the actual user input.
            ctx.userOptions = opts;
          }
        }
      }
    }
    if (ctx.colors) ctx.stylize = stylizeWithColor;
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
    return formatValue(ctx, value, 0);
  }
  inspect.custom = customInspectSymbol;

  ObjectDefineProperty(inspect, "defaultOptions", {
    __proto__: null,
    get() {
      return inspectDefaultOptions;
    },
    set(options) {
      validateObject(options, "options");
      return ObjectAssign(inspectDefaultOptions, options);
    },
  });

  // Set Graphics Rendition https://en.wikipedia.org/wiki/ANSI_escape_code#graphics
  const defaultFG = 39;
  const defaultBG = 49;
  inspect.colors = {
    __proto__: null,
    reset: [0, 0],
    bold: [1, 22],
    dim: [2, 22], // Alias: faint
    italic: [3, 23],
    underline: [4, 24],
    blink: [5, 25],
    inverse: [7, 27], // Alias: swapcolors, swapColors
    hidden: [8, 28], // Alias: conceal
    strikethrough: [9, 29], // Alias: strikeThrough, crossedout, crossedOut
    doubleunderline: [21, 24], // Alias: doubleUnderline
    black: [30, defaultFG],
    red: [31, defaultFG],
    green: [32, defaultFG],
    yellow: [33, defaultFG],
    blue: [34, defaultFG],
    magenta: [35, defaultFG],
    cyan: [36, defaultFG],
    white: [37, defaultFG],
    bgBlack: [40, defaultBG],
    bgRed: [41, defaultBG],
    bgGreen: [42, defaultBG],
    bgYellow: [43, defaultBG],
    bgBlue: [44, defaultBG],
    bgMagenta: [45, defaultBG],
    bgCyan: [46, defaultBG],
    bgWhite: [47, defaultBG],
    framed: [51, 54],
    overlined: [53, 55],
    gray: [90, defaultFG], // Alias: grey, blackBright
    redBright: [91, defaultFG],
    greenBright: [92, defaultFG],
    yellowBright: [93, defaultFG],
    blueBright: [94, defaultFG],
    magentaBright: [95, defaultFG],
    cyanBright: [96, defaultFG],
    whiteBright: [97, defaultFG],
    bgGray: [100, defaultBG], // Alias: bgGrey, bgBlackBright
    bgRedBright: [101, defaultBG],
    bgGreenBright: [102, defaultBG],
    bgYellowBright: [103, defaultBG],
    bgBlueBright: [104, defaultBG],
    bgMagentaBright: [105, defaultBG],
    bgCyanBright: [106, defaultBG],
    bgWhiteBright: [107, defaultBG],
  };

  function defineColorAlias(target, alias) {
    ObjectDefineProperty(inspect.colors, alias, {
      __proto__: null,
      get() {
        return this[target];
      },
      set(value) {
        this[target] = value;
      },
      configurable: true,
      enumerable: false,
    });
  }
  defineColorAlias("gray", "grey");
  defineColorAlias("gray", "blackBright");
  defineColorAlias("bgGray", "bgGrey");
  defineColorAlias("bgGray", "bgBlackBright");
  defineColorAlias("dim", "faint");
  defineColorAlias("strikethrough", "crossedout");
  defineColorAlias("strikethrough", "strikeThrough");
  defineColorAlias("strikethrough", "crossedOut");
  defineColorAlias("hidden", "conceal");
  defineColorAlias("inverse", "swapColors");
  defineColorAlias("inverse", "swapcolors");
  defineColorAlias("doubleunderline", "doubleUnderline");

  inspect.styles = ObjectAssign({ __proto__: null }, {
    special: "cyan",
    number: "yellow",
    bigint: "yellow",
    boolean: "yellow",
    undefined: "grey",
    null: "bold",
    string: "green",
    symbol: "green",
    date: "magenta",
    // "name": intentionally not styling
    regexp: "red",
    module: "underline",
  });

  function addQuotes(str, quotes) {
    if (quotes === -1) {
      return `"${str}"`;
    }
    if (quotes === -2) {
      return `\`${str}\``;
    }
    return `'${str}'`;
  }

  function escapeFn(str) {
    const charCode = StringPrototypeCharCodeAt(str);
    return meta.length > charCode ? meta[charCode] : `\\u${NumberPrototypeToString(charCode, 16)}`;
  }

  // Escape control characters, single quotes and the backslash. Picks double quotes when the
  // string has single quotes, backticks when it has both (and no `${`).
  function strEscape(str) {
    let escapeTest = strEscapeSequencesRegExp;
    let escapeReplace = strEscapeSequencesReplacer;
    let singleQuote = 39;

    if (StringPrototypeIncludes(str, "'")) {
      if (!StringPrototypeIncludes(str, '"')) {
        singleQuote = -1;
      } else if (!StringPrototypeIncludes(str, "`") &&
                 !StringPrototypeIncludes(str, "${")) {
        singleQuote = -2;
      }
      if (singleQuote !== 39) {
        escapeTest = strEscapeSequencesRegExpSingle;
        escapeReplace = strEscapeSequencesReplacerSingle;
      }
    }

    // Some magic numbers that worked out fine while benchmarking with v8 6.0
    if (str.length < 5000 && RegExpPrototypeExec(escapeTest, str) === null)
      return addQuotes(str, singleQuote);
    if (str.length > 100) {
      str = RegExpPrototypeSymbolReplace(escapeReplace, str, escapeFn);
      return addQuotes(str, singleQuote);
    }

    let result = "";
    let last = 0;
    for (let i = 0; i < str.length; i++) {
      const point = StringPrototypeCharCodeAt(str, i);
      if (point === singleQuote ||
          point === 92 ||
          point < 32 ||
          (point > 126 && point < 160)) {
        if (last === i) {
          result += meta[point];
        } else {
          result += `${StringPrototypeSlice(str, last, i)}${meta[point]}`;
        }
        last = i + 1;
      } else if (point >= 0xd800 && point <= 0xdfff) {
        if (point <= 0xdbff && i + 1 < str.length) {
          const point = StringPrototypeCharCodeAt(str, i + 1);
          if (point >= 0xdc00 && point <= 0xdfff) {
            i++;
            continue;
          }
        }
        result += `${StringPrototypeSlice(str, last, i)}\\u${NumberPrototypeToString(point, 16)}`;
        last = i + 1;
      }
    }

    if (last !== str.length) {
      result += StringPrototypeSlice(str, last);
    }
    return addQuotes(result, singleQuote);
  }

  function stylizeWithColor(str, styleType) {
    const style = inspect.styles[styleType];
    if (style !== undefined) {
      const color = inspect.colors[style];
      if (color !== undefined)
        return `\u001b[${color[0]}m${str}\u001b[${color[1]}m`;
    }
    return str;
  }

  function stylizeNoColor(str) {
    return str;
  }

  // Return a new empty array to push in the results of the default formatter.
  function getEmptyFormatArray() {
    return [];
  }

  function isInstanceof(object, proto) {
    try {
      return object instanceof proto;
    } catch {
      return false;
    }
  }

  // V8's JSReceiver::GetConstructorName reads the constructor recorded in the object's hidden
  // class; JS cannot, so approximate it from the kind of object.
  function internalGetConstructorName(value) {
    if (typeof value === "function") return "Function";
    if (ArrayIsArray(value)) return "Array";
    return "Object";
  }

  // Special-case for some builtin prototypes in case their `constructor` property has been tampered.
  const wellKnownPrototypes = new SafeMap();
  wellKnownPrototypes.set(ObjectPrototype, { name: "Object", constructor: Object });
  wellKnownPrototypes.set(FunctionPrototype, { name: "Function", constructor: Function });

  function getConstructorName(obj, ctx, recurseTimes, protoProps) {
    let firstProto;
    const tmp = obj;
    while (obj || isUndetectableObject(obj)) {
      const wellKnownPrototypeNameAndConstructor = wellKnownPrototypes.get(obj);
      if (wellKnownPrototypeNameAndConstructor != null) {
        const { name, constructor } = wellKnownPrototypeNameAndConstructor;
        if (FunctionPrototypeSymbolHasInstance(constructor, tmp)) {
          if (protoProps !== undefined && firstProto !== obj) {
            addPrototypeProperties(
              ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
          }
          return name;
        }
      }
      const descriptor = ObjectGetOwnPropertyDescriptor(obj, "constructor");
      if (descriptor !== undefined &&
          typeof descriptor.value === "function" &&
          descriptor.value.name !== "" &&
          isInstanceof(tmp, descriptor.value)) {
        if (protoProps !== undefined &&
           (firstProto !== obj ||
           !builtInObjects.has(descriptor.value.name))) {
          addPrototypeProperties(
            ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
        }
        return String(descriptor.value.name);
      }

      obj = ObjectGetPrototypeOf(obj);
      if (firstProto === undefined) {
        firstProto = obj;
      }
    }

    if (firstProto === null) {
      return null;
    }

    const res = internalGetConstructorName(tmp);

    if (recurseTimes > ctx.depth && ctx.depth !== null) {
      return `${res} <Complex prototype>`;
    }

    const protoConstr = getConstructorName(
      firstProto, ctx, recurseTimes + 1, protoProps);

    if (protoConstr === null) {
      return `${res} <${inspect(firstProto, {
        ...ctx,
        customInspect: false,
        depth: -1,
      })}>`;
    }

    return `${res} <${protoConstr}>`;
  }

  // Adds user-defined prototype properties to `output` (showHidden only).
  function addPrototypeProperties(ctx, main, obj, recurseTimes, output) {
    let depth = 0;
    let keys;
    let keySet;
    do {
      if (depth !== 0 || main === obj) {
        obj = ObjectGetPrototypeOf(obj);
        // Stop as soon as a null prototype is encountered.
        if (obj === null) {
          return;
        }
        // Stop as soon as a built-in object type is detected.
        const descriptor = ObjectGetOwnPropertyDescriptor(obj, "constructor");
        if (descriptor !== undefined &&
            typeof descriptor.value === "function" &&
            builtInObjects.has(descriptor.value.name)) {
          return;
        }
      }

      if (depth === 0) {
        keySet = new SafeSet();
      } else {
        for (const key of keys) keySet.add(key);
      }
      // Get all own property names and symbols.
      keys = ReflectOwnKeys(obj);
      ArrayPrototypePush(ctx.seen, main);
      for (const key of keys) {
        // Ignore the `constructor` property and keys that exist on layers above.
        if (key === "constructor" ||
            ObjectPrototypeHasOwnProperty(main, key) ||
            (depth !== 0 && keySet.has(key))) {
          continue;
        }
        const desc = ObjectGetOwnPropertyDescriptor(obj, key);
        if (typeof desc.value === "function") {
          continue;
        }
        const value = formatProperty(
          ctx, obj, recurseTimes, key, kObjectType, desc, main);
        if (ctx.colors) {
          // Faint!
          ArrayPrototypePush(output, `\u001b[2m${value}\u001b[22m`);
        } else {
          ArrayPrototypePush(output, value);
        }
      }
      ArrayPrototypePop(ctx.seen);
    // Limit the inspection to up to three prototype layers.
    } while (++depth !== 3);
  }

  function getPrefix(constructor, tag, fallback, size = "") {
    if (constructor === null) {
      if (tag !== "" && fallback !== tag) {
        return `[${fallback}${size}: null prototype] [${tag}] `;
      }
      return `[${fallback}${size}: null prototype] `;
    }

    if (tag !== "" && constructor !== tag) {
      return `${constructor}${size} [${tag}] `;
    }
    return `${constructor}${size} `;
  }

  // Look up the keys of the object.
  function getKeys(value, showHidden) {
    let keys;
    const symbols = ObjectGetOwnPropertySymbols(value);
    if (showHidden) {
      keys = ObjectGetOwnPropertyNames(value);
      if (symbols.length !== 0)
        ArrayPrototypePushApply(keys, symbols);
    } else {
      try {
        keys = ObjectKeys(value);
      } catch {
        // A module namespace object of an unevaluated module.
        keys = ObjectGetOwnPropertyNames(value);
      }
      if (symbols.length !== 0) {
        const filter = (key) => ObjectPrototypePropertyIsEnumerable(value, key);
        ArrayPrototypePushApply(keys, ArrayPrototypeFilter(symbols, filter));
      }
    }
    return keys;
  }

  // V8 internalBinding('util').getOwnNonIndexProperties: own keys except array indices,
  // enumerable only unless showHidden (symbols included).
  function isArrayIndexKey(key) {
    return typeof key === "string" && RegExpPrototypeExec(numberRegExp, key) !== null &&
      +key < 4294967295;
  }
  function getOwnNonIndexProperties(value, showHidden) {
    const keys = ReflectOwnKeys(value);
    const out = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (isArrayIndexKey(key)) continue;
      if (!showHidden && !ObjectPrototypePropertyIsEnumerable(value, key)) continue;
      ArrayPrototypePush(out, key);
    }
    return out;
  }

  function getCtxStyle(value, constructor, tag) {
    let fallback = "";
    if (constructor === null) {
      fallback = internalGetConstructorName(value);
      if (fallback === tag) {
        fallback = "Object";
      }
    }
    return getPrefix(constructor, tag, fallback);
  }

  // Note: using `formatValue` directly requires the indentation level to be
  // corrected by setting `ctx.indentationLvL += diff` and then to decrease the
  // value afterwards again.
  function formatValue(ctx, value, recurseTimes, typedArray) {
    // Primitive types cannot have properties.
    if (typeof value !== "object" &&
        typeof value !== "function" &&
        !isUndetectableObject(value)) {
      return formatPrimitive(ctx.stylize, value, ctx);
    }
    if (value === null) {
      return ctx.stylize("null", "null");
    }

    // Memorize the context for custom inspection on proxies.
    const context = value;
    // Node checks for proxies here (getProxyDetails) and inspects the target without
    // triggering traps. JS cannot see through a live proxy: it is inspected via its traps
    // (showProxy has no effect). A revoked proxy can be detected without running any trap:
    // IsArray (Array.isArray) throws a TypeError only for a revoked proxy.
    const proxy = undefined;
    try {
      ArrayIsArray(value);
    } catch {
      return ctx.stylize("<Revoked Proxy>", "special");
    }

    // Provide a hook for user-specified inspect functions.
    if (ctx.customInspect) {
      const maybeCustom = value[customInspectSymbol];
      if (typeof maybeCustom === "function" &&
          // Filter out the util module, its inspect function is special.
          maybeCustom !== inspect &&
          // Also filter out any prototype objects using the circular check.
          !(value.constructor && value.constructor.prototype === value)) {
        // This makes sure the recurseTimes are reported as before while using
        // a counter internally.
        const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
        const isCrossContext =
          proxy !== undefined || !(context instanceof Object);
        const ret = ReflectApply(maybeCustom, context, [
          depth,
          getUserOptions(ctx, isCrossContext),
          inspect,
        ]);
        // If the custom inspection method returned `this`, don't go into
        // infinite recursion.
        if (ret !== context) {
          if (typeof ret !== "string") {
            return formatValue(ctx, ret, recurseTimes);
          }
          return StringPrototypeReplaceAll(ret, "\n", `\n${StringPrototypeRepeat(" ", ctx.indentationLvl)}`);
        }
      }
    }

    // Using an array here is actually better for the average case than using
    // a Set. `seen` will only check for the depth and will never grow too large.
    if (ArrayPrototypeIncludes(ctx.seen, value)) {
      let index = 1;
      if (ctx.circular === undefined) {
        ctx.circular = new SafeMap();
        ctx.circular.set(value, index);
      } else {
        index = ctx.circular.get(value);
        if (index === undefined) {
          index = ctx.circular.size + 1;
          ctx.circular.set(value, index);
        }
      }
      return ctx.stylize(`[Circular *${index}]`, "special");
    }

    return formatRaw(ctx, value, recurseTimes, typedArray);
  }

  function formatRaw(ctx, value, recurseTimes, typedArray) {
    let keys;
    let protoProps;
    if (ctx.showHidden && (recurseTimes <= ctx.depth || ctx.depth === null)) {
      protoProps = [];
    }

    const constructor = getConstructorName(value, ctx, recurseTimes, protoProps);
    // Reset the variable to check for this later on.
    if (protoProps !== undefined && protoProps.length === 0) {
      protoProps = undefined;
    }

    let tag = value[SymbolToStringTag];
    // Only list the tag in case it's non-enumerable / not an own property.
    // Otherwise we'd print this twice.
    if (typeof tag !== "string" ||
        (tag !== "" &&
        (ctx.showHidden ?
          ObjectPrototypeHasOwnProperty :
          ObjectPrototypePropertyIsEnumerable)(
          value, SymbolToStringTag,
        ))) {
      tag = "";
    }
    let base = "";
    let formatter = getEmptyFormatArray;
    let braces;
    let noIterator = true;
    let i = 0;
    const filter = ctx.showHidden;

    let extrasType = kObjectType;

    // Iterators and the rest are split to reduce checks.
    // We have to check all values in case the constructor is set to null.
    // Otherwise it would not possible to identify all types properly.
    if (SymbolIterator in value || constructor === null) {
      noIterator = false;
      if (ArrayIsArray(value)) {
        // Only set the constructor for non ordinary ("Array [...]") arrays.
        const prefix = (constructor !== "Array" || tag !== "") ?
          getPrefix(constructor, tag, "Array", `(${value.length})`) :
          "";
        keys = getOwnNonIndexProperties(value, filter);
        braces = [`${prefix}[`, "]"];
        if (value.length === 0 && keys.length === 0 && protoProps === undefined)
          return `${braces[0]}]`;
        extrasType = kArrayExtrasType;
        formatter = formatArray;
      } else if (isSet(value)) {
        const size = SetPrototypeGetSize(value);
        const prefix = getPrefix(constructor, tag, "Set", `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = constructor !== null ?
          FunctionPrototypeBind(formatSet, null, value) :
          FunctionPrototypeBind(formatSet, null, SetPrototypeValues(value));
        if (size === 0 && keys.length === 0 && protoProps === undefined)
          return `${prefix}{}`;
        braces = [`${prefix}{`, "}"];
      } else if (isMap(value)) {
        const size = MapPrototypeGetSize(value);
        const prefix = getPrefix(constructor, tag, "Map", `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = constructor !== null ?
          FunctionPrototypeBind(formatMap, null, value) :
          FunctionPrototypeBind(formatMap, null, MapPrototypeEntries(value));
        if (size === 0 && keys.length === 0 && protoProps === undefined)
          return `${prefix}{}`;
        braces = [`${prefix}{`, "}"];
      } else if (isTypedArray(value)) {
        keys = getOwnNonIndexProperties(value, filter);
        let bound = value;
        let fallback = "";
        if (constructor === null) {
          fallback = TypedArrayPrototypeGetSymbolToStringTag(value);
          // Reconstruct the array information.
          bound = new TypedArrayConstructors[fallback](value);
        }
        const size = TypedArrayPrototypeGetLength(value);
        const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
        braces = [`${prefix}[`, "]"];
        if (value.length === 0 && keys.length === 0 && !ctx.showHidden)
          return `${braces[0]}]`;
        // Special handle the value. The original value is required below. The
        // bound function is required to reconstruct missing information.
        formatter = FunctionPrototypeBind(formatTypedArray, null, bound, size);
        extrasType = kArrayExtrasType;
      } else if (isMapIterator(value)) {
        keys = getKeys(value, ctx.showHidden);
        braces = getIteratorBraces("Map", tag);
        // Add braces to the formatter parameters.
        formatter = FunctionPrototypeBind(formatIterator, null, braces);
      } else if (isSetIterator(value)) {
        keys = getKeys(value, ctx.showHidden);
        braces = getIteratorBraces("Set", tag);
        // Add braces to the formatter parameters.
        formatter = FunctionPrototypeBind(formatIterator, null, braces);
      } else {
        noIterator = true;
      }
    }
    if (noIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = ["{", "}"];
      if (typeof value === "function") {
        base = getFunctionBase(value, constructor, tag);
        if (keys.length === 0 && protoProps === undefined)
          return ctx.stylize(base, "special");
      } else if (constructor === "Object") {
        if (isArgumentsObject(value)) {
          braces[0] = "[Arguments] {";
        } else if (tag !== "") {
          braces[0] = `${getPrefix(constructor, tag, "Object")}{`;
        }
        if (keys.length === 0 && protoProps === undefined) {
          return `${braces[0]}}`;
        }
      } else if (isRegExp(value)) {
        // Make RegExps say that they are RegExps
        base = RegExpPrototypeToString(
          constructor !== null ? value : new RegExp(value),
        );
        const prefix = getPrefix(constructor, tag, "RegExp");
        if (prefix !== "RegExp ")
          base = `${prefix}${base}`;
        if ((keys.length === 0 && protoProps === undefined) ||
            (recurseTimes > ctx.depth && ctx.depth !== null)) {
          return ctx.stylize(base, "regexp");
        }
      } else if (isDate(value)) {
        // Make dates with properties first say the date
        base = NumberIsNaN(DatePrototypeGetTime(value)) ?
          DatePrototypeToString(value) :
          DatePrototypeToISOString(value);
        const prefix = getPrefix(constructor, tag, "Date");
        if (prefix !== "Date ")
          base = `${prefix}${base}`;
        if (keys.length === 0 && protoProps === undefined) {
          return ctx.stylize(base, "date");
        }
      } else if (isError(value)) {
        base = formatError(value, constructor, tag, ctx, keys);
        if (keys.length === 0 && protoProps === undefined)
          return base;
      } else if (isAnyArrayBuffer(value)) {
        // Fast path for ArrayBuffer and SharedArrayBuffer.
        // Can't do the same for DataView because it has a non-primitive
        // .buffer property that we need to recurse for.
        const arrayType = isArrayBuffer(value) ? "ArrayBuffer" :
          "SharedArrayBuffer";
        const prefix = getPrefix(constructor, tag, arrayType);
        if (typedArray === undefined) {
          formatter = formatArrayBuffer;
        } else if (keys.length === 0 && protoProps === undefined) {
          return prefix +
                `{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
        }
        braces[0] = `${prefix}{`;
        ArrayPrototypeUnshift(keys, "byteLength");
      } else if (isDataView(value)) {
        braces[0] = `${getPrefix(constructor, tag, "DataView")}{`;
        // .buffer goes last, it's not a primitive like the others.
        ArrayPrototypeUnshift(keys, "byteLength", "byteOffset", "buffer");
      } else if (isPromise(value)) {
        braces[0] = `${getPrefix(constructor, tag, "Promise")}{`;
        formatter = formatPromise;
      } else if (isWeakSet(value)) {
        braces[0] = `${getPrefix(constructor, tag, "WeakSet")}{`;
        // Node previews the entries with showHidden; QuickJS cannot.
        formatter = formatWeakCollection;
      } else if (isWeakMap(value)) {
        braces[0] = `${getPrefix(constructor, tag, "WeakMap")}{`;
        formatter = formatWeakCollection;
      } else if (isModuleNamespaceObject(value)) {
        braces[0] = `${getPrefix(constructor, tag, "Module")}{`;
        // Special handle keys for namespace objects.
        formatter = FunctionPrototypeBind(formatNamespaceObject, null, keys);
      } else if (isBoxedPrimitive(value)) {
        base = getBoxedBase(value, ctx, keys, constructor, tag);
        if (keys.length === 0 && protoProps === undefined) {
          return base;
        }
      } else if (isURL(value) && !(recurseTimes > ctx.depth && ctx.depth !== null)) {
        base = value.href;
        if (keys.length === 0 && protoProps === undefined) {
          return base;
        }
      } else {
        if (keys.length === 0 && protoProps === undefined) {
          return `${getCtxStyle(value, constructor, tag)}{}`;
        }
        braces[0] = `${getCtxStyle(value, constructor, tag)}{`;
      }
    }

    if (recurseTimes > ctx.depth && ctx.depth !== null) {
      let constructorName = StringPrototypeSlice(getCtxStyle(value, constructor, tag), 0, -1);
      if (constructor !== null)
        constructorName = `[${constructorName}]`;
      return ctx.stylize(constructorName, "special");
    }
    recurseTimes += 1;

    ArrayPrototypePush(ctx.seen, value);
    ctx.currentDepth = recurseTimes;
    let output;
    const indentationLvl = ctx.indentationLvl;
    try {
      output = formatter(ctx, value, recurseTimes);
      for (i = 0; i < keys.length; i++) {
        ArrayPrototypePush(
          output,
          formatProperty(ctx, value, recurseTimes, keys[i], extrasType),
        );
      }
      if (protoProps !== undefined) {
        ArrayPrototypePushApply(output, protoProps);
      }
    } catch (err) {
      if (!isStackOverflowError(err)) throw err;
      const constructorName = StringPrototypeSlice(getCtxStyle(value, constructor, tag), 0, -1);
      return handleMaxCallStackSize(ctx, err, constructorName, indentationLvl);
    }
    if (ctx.circular !== undefined) {
      const index = ctx.circular.get(value);
      if (index !== undefined) {
        const reference = ctx.stylize(`<ref *${index}>`, "special");
        // Add reference always to the very beginning of the output.
        if (ctx.compact !== true) {
          base = base === "" ? reference : `${reference} ${base}`;
        } else {
          braces[0] = `${reference} ${braces[0]}`;
        }
      }
    }
    ArrayPrototypePop(ctx.seen);

    if (ctx.sorted) {
      const comparator = ctx.sorted === true ? undefined : ctx.sorted;
      if (extrasType === kObjectType) {
        ArrayPrototypeSort(output, comparator);
      } else if (keys.length > 1) {
        const sorted = ArrayPrototypeSort(ArrayPrototypeSlice(output, output.length - keys.length), comparator);
        ArrayPrototypeUnshift(sorted, output, output.length - keys.length, keys.length);
        ReflectApply(ArrayPrototypeSplice, null, sorted);
      }
    }

    const res = reduceToSingleString(
      ctx, output, base, braces, extrasType, recurseTimes, value);
    const budget = ctx.budget[ctx.indentationLvl] || 0;
    const newLength = budget + res.length;
    ctx.budget[ctx.indentationLvl] = newLength;
    // If any indentationLvl exceeds this limit, limit further inspecting to the
    // minimum (keeps huge objects from producing gigantic strings).
    if (newLength > 2 ** 27) {
      ctx.depth = -1;
    }
    return res;
  }

  function getIteratorBraces(type, tag) {
    if (tag !== `${type} Iterator`) {
      if (tag !== "")
        tag += "] [";
      tag += `${type} Iterator`;
    }
    return [`[${tag}] {`, "}"];
  }

  function getBoxedBase(value, ctx, keys, constructor, tag) {
    let fn;
    let type;
    if (isNumberObject(value)) {
      fn = NumberPrototypeValueOf;
      type = "Number";
    } else if (isStringObject(value)) {
      fn = StringPrototypeValueOf;
      type = "String";
      // For boxed Strings, we have to remove the 0-n indexed entries,
      // since they just noisy up the output and are redundant
      ArrayPrototypeSplice(keys, 0, value.length);
    } else if (isBooleanObject(value)) {
      fn = BooleanPrototypeValueOf;
      type = "Boolean";
    } else if (isBigIntObject(value)) {
      fn = BigIntPrototypeValueOf;
      type = "BigInt";
    } else {
      fn = SymbolPrototypeValueOf;
      type = "Symbol";
    }
    let base = `[${type}`;
    if (type !== constructor) {
      if (constructor === null) {
        base += " (null prototype)";
      } else {
        base += ` (${constructor})`;
      }
    }
    base += `: ${formatPrimitive(stylizeNoColor, fn(value), ctx)}]`;
    if (tag !== "" && tag !== constructor) {
      base += ` [${tag}]`;
    }
    if (keys.length !== 0 || ctx.stylize === stylizeNoColor)
      return base;
    return ctx.stylize(base, StringPrototypeToLowerCase(type));
  }

  function getClassBase(value, constructor, tag) {
    const hasName = ObjectPrototypeHasOwnProperty(value, "name");
    const name = (hasName && value.name) || "(anonymous)";
    let base = `class ${name}`;
    if (constructor !== "Function" && constructor !== null) {
      base += ` [${constructor}]`;
    }
    if (tag !== "" && constructor !== tag) {
      base += ` [${tag}]`;
    }
    if (constructor !== null) {
      const superName = ObjectGetPrototypeOf(value).name;
      if (superName) {
        base += ` extends ${superName}`;
      }
    } else {
      base += " extends [null prototype]";
    }
    return `[${base}]`;
  }

  function getFunctionBase(value, constructor, tag) {
    const stringified = FunctionPrototypeToString(value);
    if (StringPrototypeStartsWith(stringified, "class") && stringified[stringified.length - 1] === "}") {
      const slice = StringPrototypeSlice(stringified, 5, -1);
      const bracketIndex = StringPrototypeIndexOf(slice, "{");
      if (bracketIndex !== -1 &&
          (!StringPrototypeIncludes(StringPrototypeSlice(slice, 0, bracketIndex), "(") ||
          // Slow path to guarantee that it's indeed a class.
          RegExpPrototypeExec(classRegExp, RegExpPrototypeSymbolReplace(stripCommentsRegExp, slice)) !== null)
      ) {
        return getClassBase(value, constructor, tag);
      }
    }
    let type = "Function";
    if (isGeneratorFunction(value)) {
      type = `Generator${type}`;
    }
    if (isAsyncFunction(value)) {
      type = `Async${type}`;
    }
    let base = `[${type}`;
    if (constructor === null) {
      base += " (null prototype)";
    }
    if (value.name === "") {
      base += " (anonymous)";
    } else {
      base += `: ${value.name}`;
    }
    base += "]";
    if (constructor !== type && constructor !== null) {
      base += ` ${constructor}`;
    }
    if (tag !== "" && constructor !== tag) {
      base += ` [${tag}]`;
    }
    return base;
  }

  function identicalSequenceRange(a, b) {
    for (let i = 0; i < a.length - 3; i++) {
      // Find the first entry of b that matches the current entry of a.
      const pos = ArrayPrototypeIndexOf(b, a[i]);
      if (pos !== -1) {
        const rest = b.length - pos;
        if (rest > 3) {
          let len = 1;
          const maxLen = MathMin(a.length - i, rest);
          // Count the number of consecutive entries.
          while (maxLen > len && a[i + len] === b[pos + len]) {
            len++;
          }
          if (len > 3) {
            return { len, offset: i };
          }
        }
      }
    }

    return { len: 0, offset: 0 };
  }

  function getStackString(error) {
    return error.stack ? String(error.stack) : ErrorPrototypeToString(error);
  }

  function getStackFrames(ctx, err, stack) {
    const frames = StringPrototypeSplit(stack, "\n");

    let cause;
    try {
      ({ cause } = err);
    } catch {
      // If 'cause' is a getter that throws, ignore it.
    }

    // Remove stack frames identical to frames in cause.
    if (cause != null && isError(cause)) {
      const causeStack = getStackString(cause);
      const causeStackStart = StringPrototypeIndexOf(causeStack, "\n    at");
      if (causeStackStart !== -1) {
        const causeFrames = StringPrototypeSplit(StringPrototypeSlice(causeStack, causeStackStart + 1), "\n");
        const { len, offset } = identicalSequenceRange(frames, causeFrames);
        if (len > 0) {
          const skipped = len - 2;
          const msg = `    ... ${skipped} lines matching cause stack trace ...`;
          ArrayPrototypeSplice(frames, offset + 1, skipped, ctx.stylize(msg, "undefined"));
        }
      }
    }
    return frames;
  }

  function improveStack(stack, constructor, name, tag) {
    // A stack trace may contain arbitrary data. Only manipulate the output
    // for "regular errors" (errors that "look normal") for now.
    let len = name.length;

    if (constructor === null ||
        (StringPrototypeEndsWith(name, "Error") &&
        StringPrototypeStartsWith(stack, name) &&
        (stack.length === len || stack[len] === ":" || stack[len] === "\n"))) {
      let fallback = "Error";
      if (constructor === null) {
        const start = RegExpPrototypeExec(/^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/, stack) ||
        RegExpPrototypeExec(/^([a-z_A-Z0-9-]*Error)$/, stack);
        fallback = (start && start[1]) || "";
        len = fallback.length;
        fallback = fallback || "Error";
      }
      const prefix = StringPrototypeSlice(getPrefix(constructor, tag, fallback), 0, -1);
      if (name !== prefix) {
        if (StringPrototypeIncludes(prefix, name)) {
          if (len === 0) {
            stack = `${prefix}: ${stack}`;
          } else {
            stack = `${prefix}${StringPrototypeSlice(stack, len)}`;
          }
        } else {
          stack = `${prefix} [${name}]${StringPrototypeSlice(stack, len)}`;
        }
      }
    }
    return stack;
  }

  function removeDuplicateErrorKeys(ctx, keys, err, stack) {
    if (!ctx.showHidden && keys.length !== 0) {
      for (const name of ["name", "message", "stack"]) {
        const index = ArrayPrototypeIndexOf(keys, name);
        // Only hide the property in case it's part of the original stack
        if (index !== -1 && StringPrototypeIncludes(stack, err[name])) {
          ArrayPrototypeSplice(keys, index, 1);
        }
      }
    }
  }

  function markNodeModules(ctx, line) {
    let tempLine = "";
    let lastPos = 0;
    let searchFrom = 0;

    while (true) {
      const nodeModulePosition = StringPrototypeIndexOf(line, "node_modules", searchFrom);
      if (nodeModulePosition === -1) {
        break;
      }

      // Ensure it's a path segment: must have a path separator before and after
      const separator = line[nodeModulePosition - 1];
      const after = line[nodeModulePosition + 12]; // 'node_modules'.length === 12

      if ((after !== "/" && after !== "\\") || (separator !== "/" && separator !== "\\")) {
        // Not a proper segment; continue searching
        searchFrom = nodeModulePosition + 1;
        continue;
      }

      const moduleStart = nodeModulePosition + 13; // Include trailing separator

      // Append up to and including '/node_modules/'
      tempLine += StringPrototypeSlice(line, lastPos, moduleStart);

      let moduleEnd = StringPrototypeIndexOf(line, separator, moduleStart);
      if (line[moduleStart] === "@") {
        // Namespaced modules have an extra slash: @namespace/package
        moduleEnd = StringPrototypeIndexOf(line, separator, moduleEnd + 1);
      }

      const nodeModule = StringPrototypeSlice(line, moduleStart, moduleEnd);
      tempLine += ctx.stylize(nodeModule, "module");

      lastPos = moduleEnd;
      searchFrom = moduleEnd;
    }

    if (lastPos !== 0) {
      line = tempLine + StringPrototypeSlice(line, lastPos);
    }
    return line;
  }

  function markCwd(ctx, line, workingDirectory) {
    let cwdStartPos = StringPrototypeIndexOf(line, workingDirectory);
    let tempLine = "";
    let cwdLength = workingDirectory.length;
    if (cwdStartPos !== -1) {
      if (StringPrototypeSlice(line, cwdStartPos - 7, cwdStartPos) === "file://") {
        cwdLength += 7;
        cwdStartPos -= 7;
      }
      const start = line[cwdStartPos - 1] === "(" ? cwdStartPos - 1 : cwdStartPos;
      const end = start !== cwdStartPos && StringPrototypeEndsWith(line, ")") ? -1 : line.length;
      const workingDirectoryEndPos = cwdStartPos + cwdLength + 1;
      const cwdSlice = StringPrototypeSlice(line, start, workingDirectoryEndPos);

      tempLine += StringPrototypeSlice(line, 0, start);
      tempLine += ctx.stylize(cwdSlice, "undefined");
      tempLine += StringPrototypeSlice(line, workingDirectoryEndPos, end);
      if (end === -1) {
        tempLine += ctx.stylize(")", "undefined");
      }
    } else {
      tempLine += line;
    }
    return tempLine;
  }

  function safeGetCWD() {
    try {
      const proc = globalThis.process;
      if (proc && typeof proc.cwd === "function") {
        const cwd = proc.cwd();
        return typeof cwd === "string" && cwd !== "" ? cwd : undefined;
      }
    } catch {
      // fall through
    }
    return undefined;
  }

  function formatError(err, constructor, tag, ctx, keys) {
    const name = err.name != null ? String(err.name) : "Error";
    let stack = getStackString(err);

    removeDuplicateErrorKeys(ctx, keys, err, stack);

    if ("cause" in err &&
        (keys.length === 0 || !ArrayPrototypeIncludes(keys, "cause"))) {
      ArrayPrototypePush(keys, "cause");
    }

    // Print errors aggregated into AggregateError
    if (ArrayIsArray(err.errors) &&
        (keys.length === 0 || !ArrayPrototypeIncludes(keys, "errors"))) {
      ArrayPrototypePush(keys, "errors");
    }

    stack = improveStack(stack, constructor, name, tag);

    // Ignore the error message if it's contained in the stack.
    let pos = (err.message && StringPrototypeIndexOf(stack, err.message)) || -1;
    if (pos !== -1)
      pos += err.message.length;
    // Wrap the error in brackets in case it has no stack trace.
    const stackStart = StringPrototypeIndexOf(stack, "\n    at", pos);
    if (stackStart === -1) {
      stack = `[${stack}]`;
    } else {
      let newStack = StringPrototypeSlice(stack, 0, stackStart);
      const stackFramePart = StringPrototypeSlice(stack, stackStart + 1);
      const lines = getStackFrames(ctx, err, stackFramePart);
      if (ctx.colors) {
        // Highlight userland code and node modules.
        const workingDirectory = safeGetCWD();
        for (let line of lines) {
          const core = RegExpPrototypeExec(coreModuleRegExp, line);
          if (core !== null) {
            newStack += `\n${ctx.stylize(line, "undefined")}`;
          } else {
            newStack += "\n";

            line = markNodeModules(ctx, line);
            if (workingDirectory !== undefined) {
              let newLine = markCwd(ctx, line, workingDirectory);
              if (newLine === line) {
                newLine = markCwd(ctx, line, `file://${workingDirectory}`);
              }
              line = newLine;
            }

            newStack += line;
          }
        }
      } else {
        newStack += `\n${ArrayPrototypeJoin(lines, "\n")}`;
      }
      stack = newStack;
    }
    // The message and the stack have to be indented as well!
    if (ctx.indentationLvl !== 0) {
      const indentation = StringPrototypeRepeat(" ", ctx.indentationLvl);
      stack = StringPrototypeReplaceAll(stack, "\n", `\n${indentation}`);
    }
    return stack;
  }

  // Arrays with more than six short entries are aligned into columns.
  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let i = 0;
    let outputLength = output.length;
    if (ctx.maxArrayLength < output.length) {
      // This makes sure the "... n more items" part is not taken into account.
      outputLength--;
    }
    const separatorSpace = 2; // Add 1 for the space and 1 for the separator.
    const dataLen = new Array(outputLength);
    // Calculate the total length of all output entries and the individual max
    // entries length of all output entries. We have to remove colors first,
    // otherwise the length would not be calculated properly.
    for (; i < outputLength; i++) {
      const len = getStringWidth(output[i], ctx.colors);
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len)
        maxLength = len;
    }
    // Add two to `maxLength` as we add a single whitespace character plus a comma
    // in-between two entries.
    const actualMax = maxLength + separatorSpace;
    // Check if at least three entries fit next to each other and prevent grouping
    // of arrays that contains entries of very different length (i.e., if a single
    // entry is longer than 1/5 of all other entries combined). Otherwise the
    // space in-between small entries would be enormous.
    if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
        (totalLength / actualMax > 5 || maxLength <= 6)) {

      const approxCharHeights = 2.5;
      const averageBias = MathSqrt(actualMax - totalLength / output.length);
      const biasedMax = MathMax(actualMax - 3 - averageBias, 1);
      // Dynamically check how many columns seem possible.
      const columns = MathMin(
        // Ideally a square should be drawn. We expect a character to be about 2.5
        // times as high as wide. This is the area formula to calculate a square
        // which contains n rectangles of size `actualMax * approxCharHeights`.
        // Divide that by `actualMax` to receive the correct number of columns.
        // The added bias increases the columns for short entries.
        MathRound(
          MathSqrt(
            approxCharHeights * biasedMax * outputLength,
          ) / biasedMax,
        ),
        // Do not exceed the breakLength.
        MathFloor((ctx.breakLength - ctx.indentationLvl) / actualMax),
        // Limit array grouping for small `compact` modes as the user requested
        // minimal grouping.
        ctx.compact * 4,
        // Limit the columns to a maximum of fifteen.
        15,
      );
      // Return with the original output if no grouping should happen.
      if (columns <= 1) {
        return output;
      }
      const tmp = [];
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineMaxLength = 0;
        for (let j = i; j < output.length; j += columns) {
          if (dataLen[j] > lineMaxLength)
            lineMaxLength = dataLen[j];
        }
        lineMaxLength += separatorSpace;
        maxLineLength[i] = lineMaxLength;
      }
      let order = StringPrototypePadStart;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== "number" && typeof value[i] !== "bigint") {
            order = StringPrototypePadEnd;
            break;
          }
        }
      }
      // Each iteration creates a single line of grouped entries.
      for (let i = 0; i < outputLength; i += columns) {
        // The last lines may contain less entries than columns.
        const max = MathMin(i + columns, outputLength);
        let str = "";
        let j = i;
        for (; j < max - 1; j++) {
          // Calculate extra color padding in case it's active. This has to be
          // done line by line as some lines might contain more colors than
          // others.
          const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
          str += order(`${output[j]}, `, padding, " ");
        }
        if (order === StringPrototypePadStart) {
          const padding = maxLineLength[j - i] +
                          output[j].length -
                          dataLen[j] -
                          separatorSpace;
          str += StringPrototypePadStart(output[j], padding, " ");
        } else {
          str += output[j];
        }
        ArrayPrototypePush(tmp, str);
      }
      if (ctx.maxArrayLength < output.length) {
        ArrayPrototypePush(tmp, output[outputLength]);
      }
      output = tmp;
    }
    return output;
  }

  function handleMaxCallStackSize(ctx, err, constructorName, indentationLvl) {
    ArrayPrototypePop(ctx.seen);
    ctx.indentationLvl = indentationLvl;
    return ctx.stylize(
      `[${constructorName}: Inspection interrupted ` +
        "prematurely. Maximum call stack size exceeded.]",
      "special",
    );
  }

  function addNumericSeparator(integerString) {
    let result = "";
    let i = integerString.length;
    const start = integerString[0] === "-" ? 1 : 0;
    for (; i >= start + 4; i -= 3) {
      result = `_${StringPrototypeSlice(integerString, i - 3, i)}${result}`;
    }
    return i === integerString.length ?
      integerString :
      `${StringPrototypeSlice(integerString, 0, i)}${result}`;
  }

  function addNumericSeparatorEnd(integerString) {
    let result = "";
    let i = 0;
    for (; i < integerString.length - 3; i += 3) {
      result += `${StringPrototypeSlice(integerString, i, i + 3)}_`;
    }
    return i === 0 ?
      integerString :
      `${result}${StringPrototypeSlice(integerString, i)}`;
  }

  const remainingText = (remaining) => `... ${remaining} more item${remaining > 1 ? "s" : ""}`;

  function formatNumber(fn, number, numericSeparator) {
    if (!numericSeparator) {
      // Format -0 as '-0'. Checking `number === -0` won't distinguish 0 from -0.
      if (ObjectIs(number, -0)) {
        return fn("-0", "number");
      }
      return fn(`${number}`, "number");
    }

    const numberString = String(number);
    const integer = MathTrunc(number);

    if (integer === number) {
      if (!NumberIsFinite(number) || StringPrototypeIncludes(numberString, "e")) {
        return fn(numberString, "number");
      }
      return fn(addNumericSeparator(numberString), "number");
    }
    if (NumberIsNaN(number)) {
      return fn(numberString, "number");
    }

    const decimalIndex = StringPrototypeIndexOf(numberString, ".");
    const integerPart = StringPrototypeSlice(numberString, 0, decimalIndex);
    const fractionalPart = StringPrototypeSlice(numberString, decimalIndex + 1);

    return fn(`${
      addNumericSeparator(integerPart)
    }.${
      addNumericSeparatorEnd(fractionalPart)
    }`, "number");
  }

  function formatBigInt(fn, bigint, numericSeparator) {
    const string = String(bigint);
    if (!numericSeparator) {
      return fn(`${string}n`, "bigint");
    }
    return fn(`${addNumericSeparator(string)}n`, "bigint");
  }

  function formatPrimitive(fn, value, ctx) {
    if (typeof value === "string") {
      let trailer = "";
      if (value.length > ctx.maxStringLength) {
        const remaining = value.length - ctx.maxStringLength;
        value = StringPrototypeSlice(value, 0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? "s" : ""}`;
      }
      if (ctx.compact !== true &&
          // We do not support handling unicode characters width with
          // the readline getStringWidth function as there are
          // performance implications.
          value.length > kMinLineLength &&
          value.length > ctx.breakLength - ctx.indentationLvl - 4) {
        return ArrayPrototypeJoin(
          ArrayPrototypeMap(
            RegExpPrototypeSymbolSplit(/(?<=\n)/, value),
            (line) => fn(strEscape(line), "string"),
          ),
          ` +\n${StringPrototypeRepeat(" ", ctx.indentationLvl + 2)}`,
        ) + trailer;
      }
      return fn(strEscape(value), "string") + trailer;
    }
    if (typeof value === "number")
      return formatNumber(fn, value, ctx.numericSeparator);
    if (typeof value === "bigint")
      return formatBigInt(fn, value, ctx.numericSeparator);
    if (typeof value === "boolean")
      return fn(`${value}`, "boolean");
    if (typeof value === "undefined")
      return fn("undefined", "undefined");
    // es6 symbol primitive
    return fn(SymbolPrototypeToString(value), "symbol");
  }

  function formatNamespaceObject(keys, ctx, value, recurseTimes) {
    const output = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      try {
        output[i] = formatProperty(ctx, value, recurseTimes, keys[i],
                                   kObjectType);
      } catch {
        // An uninitialized binding (TDZ ReferenceError). Use the existing
        // functionality so indentation and line breaks stay correct.
        const tmp = { [keys[i]]: "" };
        output[i] = formatProperty(ctx, tmp, recurseTimes, keys[i], kObjectType);
        const pos = StringPrototypeLastIndexOf(output[i], " ");
        output[i] = StringPrototypeSlice(output[i], 0, pos + 1) +
                    ctx.stylize("<uninitialized>", "special");
      }
    }
    // Reset the keys to an empty array. This prevents duplicated inspection.
    keys.length = 0;
    return output;
  }

  // The array is sparse and/or has extra keys
  function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
    const keys = ObjectKeys(value);
    let index = i;
    for (; i < keys.length && output.length < maxLength; i++) {
      const key = keys[i];
      const tmp = +key;
      // Arrays can only have up to 2^32 - 1 entries
      if (tmp > 2 ** 32 - 2) {
        break;
      }
      if (`${index}` !== key) {
        if (RegExpPrototypeExec(numberRegExp, key) === null) {
          break;
        }
        const emptyItems = tmp - index;
        const ending = emptyItems > 1 ? "s" : "";
        const message = `<${emptyItems} empty item${ending}>`;
        ArrayPrototypePush(output, ctx.stylize(message, "undefined"));
        index = tmp;
        if (output.length === maxLength) {
          break;
        }
      }
      ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, key, kArrayType));
      index++;
    }
    const remaining = value.length - index;
    if (output.length !== maxLength) {
      if (remaining > 0) {
        const ending = remaining > 1 ? "s" : "";
        const message = `<${remaining} empty item${ending}>`;
        ArrayPrototypePush(output, ctx.stylize(message, "undefined"));
      }
    } else if (remaining > 0) {
      ArrayPrototypePush(output, remainingText(remaining));
    }
    return output;
  }

  // Buffer.prototype.hexSlice work-alike.
  function hexSlice(bytes, start, end) {
    let out = "";
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      out += (b < 16 ? "0" : "") + NumberPrototypeToString(b, 16);
    }
    return out;
  }

  function formatArrayBuffer(ctx, value) {
    let buffer;
    try {
      buffer = new Uint8ArrayCtor(value);
    } catch {
      return [ctx.stylize("(detached)", "special")];
    }
    let str = StringPrototypeTrim(RegExpPrototypeSymbolReplace(
      /(.{2})/g,
      hexSlice(buffer, 0, MathMin(ctx.maxArrayLength, buffer.length)),
      "$1 ",
    ));
    const remaining = buffer.length - ctx.maxArrayLength;
    if (remaining > 0)
      str += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
    return [`${ctx.stylize("[Uint8Contents]", "special")}: <${str}>`];
  }

  function formatArray(ctx, value, recurseTimes) {
    const valLen = value.length;
    const len = MathMin(MathMax(0, ctx.maxArrayLength), valLen);

    const remaining = valLen - len;
    const output = [];
    for (let i = 0; i < len; i++) {
      // Special handle sparse arrays.
      if (!ObjectPrototypeHasOwnProperty(value, i)) {
        return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
      }
      ArrayPrototypePush(output, formatProperty(ctx, value, recurseTimes, i, kArrayType));
    }
    if (remaining > 0) {
      ArrayPrototypePush(output, remainingText(remaining));
    }
    return output;
  }

  function formatTypedArray(value, length, ctx, ignored, recurseTimes) {
    const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
    const remaining = value.length - maxLength;
    const output = new Array(maxLength);
    const elementFormatter = value.length > 0 && typeof value[0] === "number" ?
      formatNumber :
      formatBigInt;
    for (let i = 0; i < maxLength; ++i) {
      output[i] = elementFormatter(ctx.stylize, value[i], ctx.numericSeparator);
    }
    if (remaining > 0) {
      output[maxLength] = remainingText(remaining);
    }
    if (ctx.showHidden) {
      // .buffer goes last, it's not a primitive like the others.
      // All besides `BYTES_PER_ELEMENT` are actually getters.
      ctx.indentationLvl += 2;
      for (const key of [
        "BYTES_PER_ELEMENT",
        "length",
        "byteLength",
        "byteOffset",
        "buffer",
      ]) {
        const str = formatValue(ctx, value[key], recurseTimes, true);
        ArrayPrototypePush(output, `[${key}]: ${str}`);
      }
      ctx.indentationLvl -= 2;
    }
    return output;
  }

  function formatSet(value, ctx, ignored, recurseTimes) {
    const length = value.size;
    const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const v of value) {
      if (i >= maxLength) break;
      ArrayPrototypePush(output, formatValue(ctx, v, recurseTimes));
      i++;
    }
    if (remaining > 0) {
      ArrayPrototypePush(output, remainingText(remaining));
    }
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatMap(value, ctx, ignored, recurseTimes) {
    const length = value.size;
    const maxLength = MathMin(MathMax(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const { 0: k, 1: v } of value) {
      if (i >= maxLength) break;
      ArrayPrototypePush(
        output,
        `${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`,
      );
      i++;
    }
    if (remaining > 0) {
      ArrayPrototypePush(output, remainingText(remaining));
    }
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatWeakCollection(ctx) {
    return [ctx.stylize("<items unknown>", "special")];
  }

  // Node previews iterator entries without advancing the iterator (V8 previewEntries).
  // That is impossible from JS, so the entries are reported as unknown.
  function formatIterator(braces, ctx) {
    return [ctx.stylize("<items unknown>", "special")];
  }

  // Node reads the promise state (V8 getPromiseDetails); JS cannot do that synchronously.
  function formatPromise(ctx) {
    return [ctx.stylize("<unknown>", "special")];
  }

  function formatProperty(ctx, value, recurseTimes, key, type, desc,
                          original = value) {
    let name, str;
    let extra = " ";
    desc = desc || ObjectGetOwnPropertyDescriptor(value, key) ||
      { value: value[key], enumerable: true };
    if (desc.value !== undefined) {
      const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3;
      ctx.indentationLvl += diff;
      str = formatValue(ctx, desc.value, recurseTimes);
      if (diff === 3 && ctx.breakLength < getStringWidth(str, ctx.colors)) {
        extra = `\n${StringPrototypeRepeat(" ", ctx.indentationLvl)}`;
      }
      ctx.indentationLvl -= diff;
    } else if (desc.get !== undefined) {
      const label = desc.set !== undefined ? "Getter/Setter" : "Getter";
      const s = ctx.stylize;
      const sp = "special";
      if (ctx.getters && (ctx.getters === true ||
            (ctx.getters === "get" && desc.set === undefined) ||
            (ctx.getters === "set" && desc.set !== undefined))) {
        try {
          const tmp = ReflectApply(desc.get, original, []);
          ctx.indentationLvl += 2;
          if (tmp === null) {
            str = `${s(`[${label}:`, sp)} ${s("null", "null")}${s("]", sp)}`;
          } else if (typeof tmp === "object") {
            str = `${s(`[${label}]`, sp)} ${formatValue(ctx, tmp, recurseTimes)}`;
          } else {
            const primitive = formatPrimitive(s, tmp, ctx);
            str = `${s(`[${label}:`, sp)} ${primitive}${s("]", sp)}`;
          }
          ctx.indentationLvl -= 2;
        } catch (err) {
          const message = `<Inspection threw (${err.message})>`;
          str = `${s(`[${label}:`, sp)} ${message}${s("]", sp)}`;
        }
      } else {
        str = ctx.stylize(`[${label}]`, sp);
      }
    } else if (desc.set !== undefined) {
      str = ctx.stylize("[Setter]", "special");
    } else {
      str = ctx.stylize("undefined", "undefined");
    }
    if (type === kArrayType) {
      return str;
    }
    if (typeof key === "symbol") {
      const tmp = RegExpPrototypeSymbolReplace(
        strEscapeSequencesReplacer,
        SymbolPrototypeToString(key),
        escapeFn,
      );
      name = `[${ctx.stylize(tmp, "symbol")}]`;
    } else if (key === "__proto__") {
      name = "['__proto__']";
    } else if (desc.enumerable === false) {
      const tmp = RegExpPrototypeSymbolReplace(
        strEscapeSequencesReplacer,
        key,
        escapeFn,
      );
      name = `[${tmp}]`;
    } else if (RegExpPrototypeExec(keyStrRegExp, key) !== null) {
      name = ctx.stylize(key, "name");
    } else {
      name = ctx.stylize(strEscape(key), "string");
    }
    return `${name}:${extra}${str}`;
  }

  function isBelowBreakLength(ctx, output, start, base) {
    // Each entry is separated by at least a comma. Thus, we start with a total
    // length of at least `output.length`. In addition, some cases have a
    // whitespace in-between each other that is added to the total as well.
    let totalLength = output.length + start;
    if (totalLength + output.length > ctx.breakLength)
      return false;
    for (let i = 0; i < output.length; i++) {
      if (ctx.colors) {
        totalLength += removeColors(output[i]).length;
      } else {
        totalLength += output[i].length;
      }
      if (totalLength > ctx.breakLength) {
        return false;
      }
    }
    // Do not line up properties on the same line if `base` contains line breaks.
    return base === "" || !StringPrototypeIncludes(base, "\n");
  }

  function reduceToSingleString(
    ctx, output, base, braces, extrasType, recurseTimes, value) {
    if (ctx.compact !== true) {
      if (typeof ctx.compact === "number" && ctx.compact >= 1) {
        // Memorize the original output length. In case the output is grouped,
        // prevent lining up the entries on a single line.
        const entries = output.length;
        // Group array elements together if the array contains at least six
        // separate entries.
        if (extrasType === kArrayExtrasType && entries > 6) {
          output = groupArrayElements(ctx, output, value);
        }
        // `ctx.currentDepth` is set to the most inner depth of the currently
        // inspected object part while `recurseTimes` is the actual current depth
        // that is inspected.
        //
        // Example:
        //
        // const a = { first: [ 1, 2, 3 ], second: { inner: [ 1, 2, 3 ] } }
        //
        // The deepest depth of `a` is 2 (a.second.inner) and `a.first` has a max
        // depth of 1.
        //
        // Consolidate all entries of the local most inner depth up to
        // `ctx.compact`, as long as the properties are smaller than
        // `ctx.breakLength`.
        if (ctx.currentDepth - recurseTimes < ctx.compact &&
            entries === output.length) {
          // Line up all entries on a single line in case the entries do not
          // exceed `breakLength`. Add 10 as constant to start next to all other
          // factors that may reduce `breakLength`.
          const start = output.length + ctx.indentationLvl +
                        braces[0].length + base.length + 10;
          if (isBelowBreakLength(ctx, output, start, base)) {
            const joinedOutput = join(output, ", ");
            if (!StringPrototypeIncludes(joinedOutput, "\n")) {
              return `${base ? `${base} ` : ""}${braces[0]} ${joinedOutput}` +
                ` ${braces[1]}`;
            }
          }
        }
      }
      // Line up each entry on an individual line.
      const indentation = `\n${StringPrototypeRepeat(" ", ctx.indentationLvl)}`;
      return `${base ? `${base} ` : ""}${braces[0]}${indentation}  ` +
        `${join(output, `,${indentation}  `)}${indentation}${braces[1]}`;
    }
    // Line up all entries on a single line in case the entries do not exceed
    // `breakLength`.
    if (isBelowBreakLength(ctx, output, 0, base)) {
      return `${braces[0]}${base ? ` ${base}` : ""} ${join(output, ", ")} ` +
        braces[1];
    }
    const indentation = StringPrototypeRepeat(" ", ctx.indentationLvl);
    // If the opening "brace" is too large, like in the case of "Set {",
    // we need to force the first item to be on the next line or the
    // items will not line up correctly.
    const ln = base === "" && braces[0].length === 1 ?
      " " : `${base ? ` ${base}` : ""}\n${indentation}  `;
    // Line up each entry on an individual line.
    return `${braces[0]}${ln}${join(output, `,\n${indentation}  `)} ${braces[1]}`;
  }

  // %s: does the object use a built-in toString / Symbol.toPrimitive (then inspect it)?
  function hasBuiltInToString(value) {
    let hasOwnToString = ObjectPrototypeHasOwnProperty;
    let hasOwnToPrimitive = ObjectPrototypeHasOwnProperty;

    // Count objects without `toString` and `Symbol.toPrimitive` function as built-in.
    if (typeof value.toString !== "function") {
      if (typeof value[SymbolToPrimitive] !== "function") {
        return true;
      } else if (ObjectPrototypeHasOwnProperty(value, SymbolToPrimitive)) {
        return false;
      }
      hasOwnToString = returnFalse;
    } else if (ObjectPrototypeHasOwnProperty(value, "toString")) {
      return false;
    } else if (typeof value[SymbolToPrimitive] !== "function") {
      hasOwnToPrimitive = returnFalse;
    } else if (ObjectPrototypeHasOwnProperty(value, SymbolToPrimitive)) {
      return false;
    }

    // Find the object that has the `toString` property or `Symbol.toPrimitive` property
    // as own property in the prototype chain.
    // (Node reads a proxy's target here; a proxy whose `get` trap invents a toString could
    // make the walk reach the end of the chain, which then counts as built-in.)
    let pointer = value;
    do {
      pointer = ObjectGetPrototypeOf(pointer);
    } while (pointer !== null &&
      !hasOwnToString(pointer, "toString") &&
      !hasOwnToPrimitive(pointer, SymbolToPrimitive));
    if (pointer === null) return true;

    // Check closer if the object is a built-in.
    const descriptor = ObjectGetOwnPropertyDescriptor(pointer, "constructor");
    return descriptor !== undefined &&
      typeof descriptor.value === "function" &&
      builtInObjects.has(descriptor.value.name);
  }

  function returnFalse() {
    return false;
  }

  const firstErrorLine = (error) => StringPrototypeSplit(error.message, "\n", 1)[0];
  let CIRCULAR_ERROR_MESSAGE;
  function tryStringify(arg) {
    try {
      return JSONStringify(arg);
    } catch (err) {
      // Populate the circular error message lazily
      if (!CIRCULAR_ERROR_MESSAGE) {
        try {
          const a = {};
          a.a = a;
          JSONStringify(a);
        } catch (circularError) {
          CIRCULAR_ERROR_MESSAGE = firstErrorLine(circularError);
        }
      }
      if (err.name === "TypeError" &&
          firstErrorLine(err) === CIRCULAR_ERROR_MESSAGE) {
        return "[Circular]";
      }
      throw err;
    }
  }

  function format(...args) {
    return formatWithOptionsInternal(undefined, args);
  }

  function formatWithOptions(inspectOptions, ...args) {
    validateObject(inspectOptions, "inspectOptions", true);
    return formatWithOptionsInternal(inspectOptions, args);
  }

  function formatNumberNoColor(number, options) {
    return formatNumber(
      stylizeNoColor,
      number,
      (options && options.numericSeparator) ?? inspectDefaultOptions.numericSeparator,
    );
  }

  function formatBigIntNoColor(bigint, options) {
    return formatBigInt(
      stylizeNoColor,
      bigint,
      (options && options.numericSeparator) ?? inspectDefaultOptions.numericSeparator,
    );
  }

  function formatWithOptionsInternal(inspectOptions, args) {
    const first = args[0];
    let a = 0;
    let str = "";
    let join = "";

    if (typeof first === "string") {
      if (args.length === 1) {
        return first;
      }
      let tempStr;
      let lastPos = 0;

      for (let i = 0; i < first.length - 1; i++) {
        if (StringPrototypeCharCodeAt(first, i) === 37) { // '%'
          const nextChar = StringPrototypeCharCodeAt(first, ++i);
          if (a + 1 !== args.length) {
            switch (nextChar) {
              case 115: { // 's'
                const tempArg = args[++a];
                if (typeof tempArg === "number") {
                  tempStr = formatNumberNoColor(tempArg, inspectOptions);
                } else if (typeof tempArg === "bigint") {
                  tempStr = formatBigIntNoColor(tempArg, inspectOptions);
                } else if (typeof tempArg !== "object" ||
                           tempArg === null ||
                           !hasBuiltInToString(tempArg)) {
                  tempStr = String(tempArg);
                } else {
                  tempStr = inspect(tempArg, {
                    ...inspectOptions,
                    compact: 3,
                    colors: false,
                    depth: 0,
                  });
                }
                break;
              }
              case 106: // 'j'
                tempStr = tryStringify(args[++a]);
                break;
              case 100: { // 'd'
                const tempNum = args[++a];
                if (typeof tempNum === "bigint") {
                  tempStr = formatBigIntNoColor(tempNum, inspectOptions);
                } else if (typeof tempNum === "symbol") {
                  tempStr = "NaN";
                } else {
                  tempStr = formatNumberNoColor(Number(tempNum), inspectOptions);
                }
                break;
              }
              case 79: // 'O'
                tempStr = inspect(args[++a], inspectOptions);
                break;
              case 111: // 'o'
                tempStr = inspect(args[++a], {
                  ...inspectOptions,
                  showHidden: true,
                  showProxy: true,
                  depth: 4,
                });
                break;
              case 105: { // 'i'
                const tempInteger = args[++a];
                if (typeof tempInteger === "bigint") {
                  tempStr = formatBigIntNoColor(tempInteger, inspectOptions);
                } else if (typeof tempInteger === "symbol") {
                  tempStr = "NaN";
                } else {
                  tempStr = formatNumberNoColor(
                    NumberParseInt(tempInteger), inspectOptions);
                }
                break;
              }
              case 102: { // 'f'
                const tempFloat = args[++a];
                if (typeof tempFloat === "symbol") {
                  tempStr = "NaN";
                } else {
                  tempStr = formatNumberNoColor(
                    NumberParseFloat(tempFloat), inspectOptions);
                }
                break;
              }
              case 99: // 'c'
                a += 1;
                tempStr = "";
                break;
              case 37: // '%'
                str += StringPrototypeSlice(first, lastPos, i);
                lastPos = i + 1;
                continue;
              default: // Any other character is not a correct placeholder
                continue;
            }
            if (lastPos !== i - 1) {
              str += StringPrototypeSlice(first, lastPos, i - 1);
            }
            str += tempStr;
            lastPos = i + 1;
          } else if (nextChar === 37) {
            str += StringPrototypeSlice(first, lastPos, i);
            lastPos = i + 1;
          }
        }
      }
      if (lastPos !== 0) {
        a++;
        join = " ";
        if (lastPos < first.length) {
          str += StringPrototypeSlice(first, lastPos);
        }
      }
    }

    while (a < args.length) {
      const value = args[a];
      str += join;
      str += typeof value !== "string" ? inspect(value, inspectOptions) : value;
      join = " ";
      a++;
    }
    return str;
  }

  // ---------------------------------------------------------------------------------------
  // getStringWidth (inspect.js, ICU build): the number of terminal columns of a string.
  // Node asks ICU per code point: East Asian Wide/Fullwidth and emoji presentation count 2;
  // control, format, enclosing and non-spacing marks (and emoji modifiers) count 0. JS cannot
  // query East_Asian_Width, so the non-1 widths are tabulated here, generated from Node 20's
  // own getStringWidth (ICU 78, Unicode 17) for every code point >= U+007F. Each table entry
  // is "<hex delta from previous range end>[.<hex length - 1>]".
  const kWideRanges =
    "1100.5f,11bb.1,e.1,bf.3,4,3,20a.1,16.1,1b.7,11.b,2c,b.5,4,e,9.1,12.1,6.1,9,6,16,8.1,2,5,3,8," +
    "5.1,1d,24,2,5.2,2,3e.2,19,f,35c.1,34,5,32b.19,2.58,d.d5,1b.4e,3.55,3.66,6.2a,2.5d,2.55,a.2f," +
    "2.27,9.723c,4.36,49a.1c,284.2ba3,215d.1ff,311.9,17.22,2.12,2.3,96.5f,80.6,6ffa.4,c.6,a.1cd5," +
    "2a.1f,62.72,21fe.3,2.6,2.1,2.122,10,1e.2,3,f.3,9.18b,1e63.1,5c.1,144.56,a.16,1c8e,cb,bf,3.9," +
    "4c.1c,e.2b,5.8,8.1,f.5,9b.20,d.8,2.45,2.15,d.2a,5.4,d.10,4,4.46,2,2.ba,3.3e,e.3,2.17,13,1b.1" +
    ",e,57.54,31.45,7,4.2,3.3,4.3,c.1,8.8,e4.b,5,11c.2e,2.9,2.b8,71.c,4.a,4.38,2,5.f,3.b,5.9,508." +
    "fffd,3.fffd";
  const kZeroWidthRanges =
    "7f.20,261.6f,114.6,108.2c,2,2.1,2.1,2,39.5,b.a,2,2f.14,11,66.7,2.5,3.1,2.3,22,2,1f.1a,5c.a,3" +
    "b.8,a,19.3,2.8,2.2,2.4,2c.2,35.1,6.8,2b.38,38,2,5.7,5,4.6,b.1,1e,3b,5.3,9,15.1,1b,3.1,3a,5.1" +
    ",5.1,3.2,4,1f.1,4,c.1,3a,5.4,2.1,5,15.1,17.5,2,3b,3,2.3,9,8.1,c.1,1f,3e,d,33,4,38,2.2,6.2,2." +
    "3,8.1,c.1,1e,3b,3,7,6.1,15.1,1d.1,3a.1,5.3,9,15.1,1e,49,8.2,2,5b,3.6,d.7,63,3.8,c.6,4a.1,1c," +
    "2,2,38.d,2.4,2.1,6.a,2.23,a,67.3,2.5,2.1,3.1,1a.1,5.2,11.3,e,3.1,7,10,2c0.2,3b3.2,1e.1,1f.1," +
    "1f.1,41.1,2.6,9,3.a,a,2e.4,76.1,23,77.2,5.1,a,7.2,dc.1,3,3b,2.6,2,2,3.7,7.9,3,31.2d,3.b,15.3" +
    ",31,2.4,2,6,29.8,d.1,21.3,3.1,2.2,39,2.1,4,2.2,3b.7,3.1,99.2,2.c,2.6,5,7,4.1,c7.3f,20c.4,1b." +
    "4,32.4,2.9,61.20,bff.2,8e,61.1f,7870.3,2.9,21.1,51.1,111,4,5,1a.1,6,98.1,1b.11,e,27.7,1a.a,2" +
    "f.2,31,3.3,3.1,28,44.5,3.1,3.1,d,9,30,34,2.2,3.1,6.1,2,2b.1,9,ef,3,5,4f31,2e2.f,11.f,d0,fa.2" +
    ",202,e3,96.4,687.2,2.1,6.3,29.2,5,a6.1,23e.3,42.4,13e.1,4e.5,47.a,32.3,7c,37.e,2a,3.1,b.2,32" +
    ".3,3.1,3,5,b,33.2,25.4,2.7,3f,d.1,35.8,b.3,3,60.2,3,2.1,7,3,9e,4.7,16.1,3a.1,4,26.6,4.4,47.5" +
    ",e,2,2,f.1,56.7,3.2,2,18,55.5,2,5.1,2.1,ef.3,7.1,2.1,1c.1,56.7,3,2.1,6b,2,3.5,2,66,2,3.3,2.4" +
    ",104.8,2.1,101.1,2,5,91.3,3.1,5,21.9,29.5,3.3,9,a.5,3.2,2f.c,2.1,c7,2.2,2,ca.6,2.5,2,53.15,3" +
    ".6,2.1,2.1,7b.5,4,2.1,2.6,2,49.1,4,2,15c.1,c.1,35.4,6,2,18,14d6.10,7.e,2cc9.b,4.2,9c1.4,3c.6" +
    ",419,40.3,4d0b.1,2.3,125d.2d,3.16,221.2,a.f,3.6,1f.3,95.2,7bc.36,5.31,9,f,17.4,2.e,551.6,2.1" +
    "0,3.6,2.1,2.4,65,a1.6,178,3e.3,1fd.3,ff.1,f4,3,8.1,6,1db.6,6e.6,c16b7,1f.5f,81.ef";

  let wideTable, zeroWidthTable;
  function decodeRanges(encoded) {
    const starts = [];
    const ends = [];
    let prev = 0;
    for (const part of StringPrototypeSplit(encoded, ",")) {
      const dot = StringPrototypeIndexOf(part, ".");
      const start = prev + NumberParseInt(dot === -1 ? part : StringPrototypeSlice(part, 0, dot), 16);
      const end = dot === -1 ? start : start + NumberParseInt(StringPrototypeSlice(part, dot + 1), 16);
      ArrayPrototypePush(starts, start);
      ArrayPrototypePush(ends, end);
      prev = end;
    }
    return { starts, ends };
  }
  function inRanges(table, code) {
    const { starts, ends } = table;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] > code) hi = mid - 1;
      else if (ends[mid] < code) lo = mid + 1;
      else return true;
    }
    return false;
  }
  function codePointWidth(code) {
    if (wideTable === undefined) {
      wideTable = decodeRanges(kWideRanges);
      zeroWidthTable = decodeRanges(kZeroWidthRanges);
    }
    if (inRanges(wideTable, code)) return 2;
    if (inRanges(zeroWidthTable, code)) return 0;
    return 1;
  }

  function getStringWidth(str, removeControlChars = true) {
    let width = 0;

    if (removeControlChars) {
      str = stripVTControlCharacters(str);
    }
    for (let i = 0; i < str.length; i++) {
      // Try to avoid the table lookups by first handling the ASCII portion of the string.
      const code = StringPrototypeCharCodeAt(str, i);
      if (code >= 127) {
        const rest = StringPrototypeNormalize(StringPrototypeSlice(str, i), "NFC");
        for (let j = 0; j < rest.length; j++) {
          const cp = StringPrototypeCodePointAt(rest, j);
          if (cp > 0xffff) j++;
          width += codePointWidth(cp);
        }
        break;
      }
      width += code >= 32 ? 1 : 0;
    }
    return width;
  }

  // Remove all VT control characters. Use to estimate displayed string width.
  function stripVTControlCharacters(str) {
    validateString(str, "str");
    return RegExpPrototypeSymbolReplace(ansi, str, "");
  }

  // =========================================================================================
  // util.isDeepStrictEqual: condensed port of lib/internal/util/comparisons.js (strict mode).
  function isDeepStrictEqual(a, b) {
    return innerDeepEqual(a, b, { pairs: new SafeMap() });
  }
  function innerDeepEqual(val1, val2, memos) {
    if (val1 === val2) {
      return val1 !== 0 || ObjectIs(val1, val2);
    }
    if (typeof val1 === "number") {
      return NumberIsNaN(val1) && NumberIsNaN(val2);
    }
    if (typeof val2 !== "object" || typeof val1 !== "object" ||
        val1 === null || val2 === null ||
        ObjectGetPrototypeOf(val1) !== ObjectGetPrototypeOf(val2)) {
      // Functions are only equal when identical (handled above).
      return false;
    }
    const val1Tag = ObjectPrototypeToString(val1);
    const val2Tag = ObjectPrototypeToString(val2);
    if (val1Tag !== val2Tag) return false;

    if (ArrayIsArray(val1)) {
      if (!ArrayIsArray(val2) || val1.length !== val2.length) return false;
      const keys1 = getOwnNonIndexProperties(val1, false);
      const keys2 = getOwnNonIndexProperties(val2, false);
      if (keys1.length !== keys2.length) return false;
      return keyCheck(val1, val2, memos, "array", keys1);
    } else if (val1Tag === "[object Object]" && !isBoxedPrimitive(val1) && !isError(val1)) {
      return keyCheck(val1, val2, memos, "none");
    } else if (isDate(val1)) {
      if (!isDate(val2) || DatePrototypeGetTime(val1) !== DatePrototypeGetTime(val2)) return false;
    } else if (isRegExp(val1)) {
      if (!isRegExp(val2) || val1.source !== val2.source || val1.flags !== val2.flags ||
          val1.lastIndex !== val2.lastIndex) return false;
    } else if (isArrayBufferView(val1)) {
      if (!isArrayBufferView(val2) ||
          TypedArrayPrototypeGetSymbolToStringTag(val1) !== TypedArrayPrototypeGetSymbolToStringTag(val2) ||
          val1.byteLength !== val2.byteLength) return false;
      const u1 = new Uint8ArrayCtor(val1.buffer, val1.byteOffset, val1.byteLength);
      const u2 = new Uint8ArrayCtor(val2.buffer, val2.byteOffset, val2.byteLength);
      for (let i = 0; i < u1.length; i++) if (u1[i] !== u2[i]) return false;
      const keys1 = getOwnNonIndexProperties(val1, false);
      const keys2 = getOwnNonIndexProperties(val2, false);
      if (keys1.length !== keys2.length) return false;
      return keyCheck(val1, val2, memos, "none", keys1);
    } else if (isSet(val1)) {
      if (!isSet(val2) || val1.size !== val2.size) return false;
      return keyCheck(val1, val2, memos, "set");
    } else if (isMap(val1)) {
      if (!isMap(val2) || val1.size !== val2.size) return false;
      return keyCheck(val1, val2, memos, "map");
    } else if (isAnyArrayBuffer(val1)) {
      if (!isAnyArrayBuffer(val2) || val1.byteLength !== val2.byteLength) return false;
      const u1 = new Uint8ArrayCtor(val1);
      const u2 = new Uint8ArrayCtor(val2);
      for (let i = 0; i < u1.length; i++) if (u1[i] !== u2[i]) return false;
    } else if (isError(val1)) {
      if (!isError(val2)) return false;
      for (const k of ["message", "name", "cause", "errors"]) {
        const e1 = ObjectPrototypePropertyIsEnumerable(val1, k);
        if (e1 !== ObjectPrototypePropertyIsEnumerable(val2, k)) return false;
        if (!e1) {
          if (k === "message" || k === "name") {
            if (val1[k] !== val2[k]) return false;
          } else if (!innerDeepEqual(val1[k], val2[k], memos)) {
            return false;
          }
        }
      }
    } else if (isBoxedPrimitive(val1)) {
      if (isNumberObject(val1)) {
        if (!isNumberObject(val2) || !ObjectIs(NumberPrototypeValueOf(val1), NumberPrototypeValueOf(val2))) return false;
      } else if (isStringObject(val1)) {
        if (!isStringObject(val2) || StringPrototypeValueOf(val1) !== StringPrototypeValueOf(val2)) return false;
      } else if (isBooleanObject(val1)) {
        if (!isBooleanObject(val2) || BooleanPrototypeValueOf(val1) !== BooleanPrototypeValueOf(val2)) return false;
      } else if (isBigIntObject(val1)) {
        if (!isBigIntObject(val2) || BigIntPrototypeValueOf(val1) !== BigIntPrototypeValueOf(val2)) return false;
      } else if (!isSymbolObject(val2) || SymbolPrototypeValueOf(val1) !== SymbolPrototypeValueOf(val2)) {
        return false;
      }
    } else if (ArrayIsArray(val2) || isArrayBufferView(val2) || isSet(val2) || isMap(val2) ||
               isDate(val2) || isRegExp(val2) || isAnyArrayBuffer(val2) ||
               isBoxedPrimitive(val2) || isError(val2)) {
      return false;
    }
    return keyCheck(val1, val2, memos, "none");
  }
  function keyCheck(val1, val2, memos, kind, aKeys) {
    const isArrayLike = aKeys !== undefined;
    if (aKeys === undefined) aKeys = ObjectKeys(val1);
    for (const key of aKeys) {
      if (!ObjectPrototypePropertyIsEnumerable(val2, key)) return false;
    }
    if (!isArrayLike) {
      if (aKeys.length !== ObjectKeys(val2).length) return false;
      const sym1 = ArrayPrototypeFilter(ObjectGetOwnPropertySymbols(val1),
        (k) => ObjectPrototypePropertyIsEnumerable(val1, k));
      const sym2 = ArrayPrototypeFilter(ObjectGetOwnPropertySymbols(val2),
        (k) => ObjectPrototypePropertyIsEnumerable(val2, k));
      if (sym1.length !== sym2.length) return false;
      for (const k of sym1) {
        if (!ObjectPrototypePropertyIsEnumerable(val2, k)) return false;
      }
      aKeys = [...aKeys, ...sym1];
    }
    // Cycle detection: a pair already being compared is assumed equal.
    let seen = memos.pairs.get(val1);
    if (seen !== undefined && seen.has(val2)) return true;
    if (seen === undefined) {
      seen = new SafeSet();
      memos.pairs.set(val1, seen);
    }
    seen.add(val2);
    let result = true;
    try {
      if (kind === "array") {
        for (let i = 0; i < val1.length; i++) {
          const has1 = ObjectPrototypeHasOwnProperty(val1, i);
          if (has1 !== ObjectPrototypeHasOwnProperty(val2, i) ||
              (has1 && !innerDeepEqual(val1[i], val2[i], memos))) {
            result = false;
            break;
          }
        }
      } else if (kind === "set") {
        result = setEquiv(val1, val2, memos);
      } else if (kind === "map") {
        result = mapEquiv(val1, val2, memos);
      }
      if (result) {
        for (const key of aKeys) {
          if (!innerDeepEqual(val1[key], val2[key], memos)) {
            result = false;
            break;
          }
        }
      }
    } finally {
      seen.delete(val2);
    }
    return result;
  }
  function setEquiv(a, b, memos) {
    let pending = null;
    for (const val of a) {
      if (val !== null && typeof val === "object") {
        (pending ??= []).push(val);
      } else if (!b.has(val)) {
        return false;
      }
    }
    if (pending === null) return true;
    const candidates = [];
    for (const val of b) {
      if (val !== null && typeof val === "object") candidates.push(val);
      else if (!a.has(val)) return false;
    }
    for (const val of pending) {
      if (b.has(val)) {
        const idx = ArrayPrototypeIndexOf(candidates, val);
        if (idx !== -1) ArrayPrototypeSplice(candidates, idx, 1);
        continue;
      }
      let found = false;
      for (let i = 0; i < candidates.length; i++) {
        if (innerDeepEqual(val, candidates[i], memos)) {
          ArrayPrototypeSplice(candidates, i, 1);
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }
  function mapEquiv(a, b, memos) {
    const pending = [];
    for (const { 0: key, 1: item1 } of a) {
      if (key !== null && typeof key === "object") {
        pending.push([key, item1]);
      } else {
        if (!b.has(key)) return false;
        const item2 = b.get(key);
        if ((item2 === undefined && !b.has(key)) || !innerDeepEqual(item1, item2, memos)) return false;
      }
    }
    if (pending.length === 0) return true;
    const candidates = [];
    for (const { 0: key, 1: item } of b) {
      if (key !== null && typeof key === "object") candidates.push([key, item]);
    }
    for (const { 0: key, 1: item1 } of pending) {
      let found = false;
      for (let i = 0; i < candidates.length; i++) {
        if (innerDeepEqual(key, candidates[i][0], memos) &&
            innerDeepEqual(item1, candidates[i][1], memos)) {
          ArrayPrototypeSplice(candidates, i, 1);
          found = true;
          break;
        }
      }
      if (!found) return false;
    }
    return true;
  }

  // =========================================================================================
  // util helpers: lib/util.js inherits, lib/internal/util.js promisify / deprecate,
  // lib/util.js callbackify.
  function inherits(ctor, superCtor) {
    if (ctor === undefined || ctor === null)
      throw invalidArgType("ctor", "Function", ctor);
    if (superCtor === undefined || superCtor === null)
      throw invalidArgType("superCtor", "Function", superCtor);
    if (superCtor.prototype === undefined) {
      throw invalidArgType("superCtor.prototype", "Object", superCtor.prototype);
    }
    ObjectDefineProperty(ctor, "super_", {
      __proto__: null,
      value: superCtor,
      writable: true,
      configurable: true,
    });
    ObjectSetPrototypeOf(ctor.prototype, superCtor.prototype);
  }

  const kCustomPromisifiedSymbol = Symbol.for("nodejs.util.promisify.custom");
  const kCustomPromisifyArgsSymbol = Symbol("customPromisifyArgs");

  function promisify(original) {
    validateFunction(original, "original");

    if (original[kCustomPromisifiedSymbol]) {
      const fn = original[kCustomPromisifiedSymbol];
      validateFunction(fn, "util.promisify.custom");
      return ObjectDefineProperty(fn, kCustomPromisifiedSymbol, {
        __proto__: null,
        value: fn, enumerable: false, writable: false, configurable: true,
      });
    }

    // Names to create an object from in case the callback receives multiple arguments.
    const argumentNames = original[kCustomPromisifyArgsSymbol];

    function fn(...args) {
      return new PromiseCtor((resolve, reject) => {
        ArrayPrototypePush(args, (err, ...values) => {
          if (err) {
            return reject(err);
          }
          if (argumentNames !== undefined && values.length > 1) {
            const obj = {};
            for (let i = 0; i < argumentNames.length; i++)
              obj[argumentNames[i]] = values[i];
            resolve(obj);
          } else {
            resolve(values[0]);
          }
        });
        ReflectApply(original, this, args);
      });
    }

    ObjectSetPrototypeOf(fn, ObjectGetPrototypeOf(original));

    ObjectDefineProperty(fn, kCustomPromisifiedSymbol, {
      __proto__: null,
      value: fn, enumerable: false, writable: false, configurable: true,
    });

    const descriptors = ObjectGetOwnPropertyDescriptors(original);
    const propertiesValues = ObjectValues(descriptors);
    for (let i = 0; i < propertiesValues.length; i++) {
      ObjectSetPrototypeOf(propertiesValues[i], null);
    }
    return ObjectDefineProperties(fn, descriptors);
  }
  promisify.custom = kCustomPromisifiedSymbol;

  function callbackifyOnRejected(reason, cb) {
    // `!reason` guard inspired by bluebird (Node's ERR_FALSY_VALUE_REJECTION).
    if (!reason) {
      const err = makeError("Error", "Promise was rejected with a falsy value", "ERR_FALSY_VALUE_REJECTION");
      err.reason = reason;
      reason = err;
    }
    return cb(reason);
  }
  function callbackify(original) {
    validateFunction(original, "original");
    function callbackified(...args) {
      const maybeCb = ArrayPrototypePop(args);
      validateFunction(maybeCb, "last argument");
      const cb = FunctionPrototypeBind(maybeCb, this);
      const report = (fn) => Q.queueMicrotask ? Q.queueMicrotask(fn) : PromiseCtor.resolve().then(fn);
      PromisePrototypeThen(ReflectApply(original, this, args),
        (ret) => { report(() => cb(null, ret)); },
        (rej) => { report(() => callbackifyOnRejected(rej, cb)); });
    }
    const descriptors = ObjectGetOwnPropertyDescriptors(original);
    if (typeof descriptors.length.value === "number") descriptors.length.value++;
    if (typeof descriptors.name.value === "string") descriptors.name.value += "Callbackified";
    const propertiesValues = ObjectValues(descriptors);
    for (let i = 0; i < propertiesValues.length; i++) {
      ObjectSetPrototypeOf(propertiesValues[i], null);
    }
    ObjectDefineProperties(callbackified, descriptors);
    return callbackified;
  }

  const warnedDeprecations = new SafeSet();
  function deprecate(fn, msg, code) {
    if (code !== undefined) validateString(code, "code");
    let warned = false;
    function deprecated(...args) {
      const proc = globalThis.process;
      if (!warned && !(proc && proc.noDeprecation)) {
        warned = true;
        if (code === undefined || !warnedDeprecations.has(code)) {
          if (code !== undefined) warnedDeprecations.add(code);
          emitWarning(msg, "DeprecationWarning", code);
        }
      }
      if (new.target) {
        return ReflectConstruct(fn, args, new.target);
      }
      return ReflectApply(fn, this, args);
    }
    // The wrapper keeps the same prototype as fn to maintain the prototype chain.
    ObjectSetPrototypeOf(deprecated, fn);
    if (fn.prototype) {
      deprecated.prototype = fn.prototype;
    }
    return deprecated;
  }

  function toUSVString(input) {
    return String.prototype.toWellFormed ? String.prototype.toWellFormed.call(`${input}`) :
      RegExpPrototypeSymbolReplace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, `${input}`, "\ufffd");
  }

  const types = {
    isPromise,
    isRegExp,
    isDate,
    isMap,
    isSet,
    isWeakMap,
    isWeakSet,
    isNativeError,
    isTypedArray,
    isArrayBuffer,
    isSharedArrayBuffer,
    isAnyArrayBuffer,
    isArrayBufferView,
    isDataView,
    isBoxedPrimitive,
    isNumberObject,
    isStringObject,
    isBooleanObject,
    isBigIntObject,
    isSymbolObject,
    isAsyncFunction,
    isGeneratorFunction,
    isMapIterator,
    isSetIterator,
    isArgumentsObject,
    isModuleNamespaceObject,
    isProxy: () => false,   // undetectable from JS
    isExternal: () => false,
  };
  for (const name of ObjectKeys(TypedArrayConstructors)) {
    types[`is${name}`] = (v) => TypedArrayPrototypeGetSymbolToStringTag(v) === name;
  }
  for (const name of ObjectKeys(types)) {
    if (types[name].name !== name) {
      ObjectDefineProperty(types[name], "name", { __proto__: null, value: name, configurable: true });
    }
  }

  // lib/internal/util/debuglog.js, simplified: enabled by NODE_DEBUG (comma-separated section
  // names, `*` wildcards, case-insensitive); writes "SECTION PID: message" to stderr.
  function debuglog(set, cb) {
    let enabled;
    const isEnabled = () => {
      if (enabled === undefined) {
        let spec = "";
        try {
          const proc = globalThis.process;
          spec = (proc && proc.env && proc.env.NODE_DEBUG) || "";
        } catch {
          spec = "";
        }
        if (spec) {
          const pattern = RegExpPrototypeSymbolReplace(/,/g,
            RegExpPrototypeSymbolReplace(/\*/g,
              RegExpPrototypeSymbolReplace(/[|\\{}()[\]^$+?.]/g, `${spec}`, "\\$&"), ".*"),
            "$|^");
          enabled = RegExpPrototypeExec(new RegExp(`^${pattern}$`, "i"), `${set}`) !== null;
        } else {
          enabled = false;
        }
        if (typeof cb === "function") cb(logger);
      }
      return enabled;
    };
    function logger(...args) {
      if (!isEnabled()) return;
      let pid = "";
      try {
        pid = globalThis.process ? globalThis.process.pid : "";
      } catch {
        // no pid
      }
      writeStream("stderr", `${StringPrototypeToUpperCase(`${set}`)} ${pid}: ${format(...args)}\n`);
    }
    ObjectDefineProperty(logger, "enabled", {
      __proto__: null, get: isEnabled, configurable: true, enumerable: true,
    });
    return logger;
  }

  // lib/util.js _extend (deprecated, still used by old packages).
  function _extend(target, source) {
    if (source === null || typeof source !== "object") return target;
    const keys = ObjectKeys(source);
    let i = keys.length;
    while (i--) {
      target[keys[i]] = source[keys[i]];
    }
    return target;
  }

  // =========================================================================================
  // console: port of lib/internal/console/constructor.js (global console, no colors).
  const kGroupIndentationWidth = 2;
  let groupIndent = "";
  const counts = new SafeMap();
  const times = new SafeMap();
  const kNoColorInspectOptions = {};

  function now() {
    const perf = globalThis.performance;
    if (perf && typeof perf.now === "function") return perf.now();
    return Date.now();
  }

  // kWriteToConsole: group indentation on every line, one host call per method call.
  function writeToConsole(stream, string) {
    if (groupIndent.length !== 0) {
      if (StringPrototypeIncludes(string, "\n")) {
        string = RegExpPrototypeSymbolReplace(/\n/g, string, `\n${groupIndent}`);
      }
      string = groupIndent + string;
    }
    string += "\n";
    writeStream(stream, string);
  }
  const formatForConsole = (args) =>
    formatWithOptionsInternal(kNoColorInspectOptions, args);

  const kSecond = 1000;
  const kMinute = 60 * kSecond;
  const kHour = 60 * kMinute;
  function pad(value) {
    return StringPrototypePadStart(`${value}`, 2, "0");
  }
  function formatTime(ms) {
    let hours = 0;
    let minutes = 0;
    let seconds = 0;

    if (ms >= kSecond) {
      if (ms >= kMinute) {
        if (ms >= kHour) {
          hours = MathFloor(ms / kHour);
          ms = ms % kHour;
        }
        minutes = MathFloor(ms / kMinute);
        ms = ms % kMinute;
      }
      seconds = ms / kSecond;
    }

    if (hours !== 0 || minutes !== 0) {
      ({ 0: seconds, 1: ms } = StringPrototypeSplit(
        NumberPrototypeToFixed(seconds, 3),
        ".",
      ));
      const res = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
      return `${res}:${pad(seconds)}.${ms} (${hours !== 0 ? "h:m" : ""}m:ss.mmm)`;
    }

    if (seconds !== 0) {
      return `${NumberPrototypeToFixed(seconds, 3)}s`;
    }

    return `${Number(NumberPrototypeToFixed(ms, 3))}ms`;
  }

  // Returns true if label was found
  function timeLogImpl(name, label, data) {
    const time = times.get(label);
    if (time === undefined) {
      emitWarning(`No such label '${label}' for console.${name}()`);
      return false;
    }
    const formatted = formatTime(now() - time);
    if (data === undefined) {
      consoleMethods.log("%s: %s", label, formatted);
    } else {
      consoleMethods.log("%s: %s", label, formatted, ...data);
    }
    return true;
  }

  // lib/internal/cli_table.js
  const tableChars = {
    middleMiddle: "\u2500",
    rowMiddle: "\u253c",
    topRight: "\u2510",
    topLeft: "\u250c",
    leftMiddle: "\u251c",
    topMiddle: "\u252c",
    bottomRight: "\u2518",
    bottomLeft: "\u2514",
    bottomMiddle: "\u2534",
    rightMiddle: "\u2524",
    left: "\u2502 ",
    right: " \u2502",
    middle: " \u2502 ",
  };

  const renderRow = (row, columnWidths) => {
    let out = tableChars.left;
    for (let i = 0; i < row.length; i++) {
      const cell = row[i];
      const len = getStringWidth(cell);
      const needed = (columnWidths[i] - len);
      // round(needed) + ceil(needed) will always add up to the amount
      // of spaces we need while also left justifying the output.
      out += cell + StringPrototypeRepeat(" ", MathCeil(needed));
      if (i !== row.length - 1)
        out += tableChars.middle;
    }
    out += tableChars.right;
    return out;
  };

  const cliTable = (head, columns) => {
    const rows = [];
    const columnWidths = ArrayPrototypeMap(head, (h) => getStringWidth(h));
    const longestColumn = MathMax(...ArrayPrototypeMap(columns, (a) => a.length));

    for (let i = 0; i < head.length; i++) {
      const column = columns[i];
      for (let j = 0; j < longestColumn; j++) {
        if (rows[j] === undefined)
          rows[j] = [];
        const value = rows[j][i] =
          ObjectPrototypeHasOwnProperty(column, j) ? column[j] : "";
        const width = columnWidths[i] || 0;
        const counted = getStringWidth(value);
        columnWidths[i] = MathMax(width, counted);
      }
    }

    const divider = ArrayPrototypeMap(columnWidths, (i) =>
      StringPrototypeRepeat(tableChars.middleMiddle, i + 2));

    let result = tableChars.topLeft +
                 ArrayPrototypeJoin(divider, tableChars.topMiddle) +
                 tableChars.topRight + "\n" +
                 renderRow(head, columnWidths) + "\n" +
                 tableChars.leftMiddle +
                 ArrayPrototypeJoin(divider, tableChars.rowMiddle) +
                 tableChars.rightMiddle + "\n";

    for (const row of rows)
      result += `${renderRow(row, columnWidths)}\n`;

    result += tableChars.bottomLeft +
              ArrayPrototypeJoin(divider, tableChars.bottomMiddle) +
              tableChars.bottomRight;

    return result;
  };

  const keyKey = "Key";
  const valuesKey = "Values";
  const indexKey = "(index)";
  const iterKey = "(iteration index)";
  const isArrayLike = (v) => ArrayIsArray(v) || isTypedArray(v);

  // Methods do not depend on `this`, so they work detached (`const { log } = console`),
  // like Node's global console whose methods are bound.
  const consoleMethods = {
    log(...args) {
      writeToConsole("stdout", formatForConsole(args));
    },

    warn(...args) {
      writeToConsole("stderr", formatForConsole(args));
    },

    dir(object, options) {
      writeToConsole("stdout", inspect(object, {
        customInspect: false,
        ...kNoColorInspectOptions,
        ...options,
      }));
    },

    time(label = "default") {
      // Coerces everything other than Symbol to a string
      label = `${label}`;
      if (times.has(label)) {
        emitWarning(`Label '${label}' already exists for console.time()`);
        return;
      }
      times.set(label, now());
    },

    timeEnd(label = "default") {
      label = `${label}`;
      const found = timeLogImpl("timeEnd", label);
      if (found) {
        times.delete(label);
      }
    },

    timeLog(label = "default", ...data) {
      label = `${label}`;
      timeLogImpl("timeLog", label, data);
    },

    trace: function trace(...args) {
      const message = formatForConsole(args);
      // Node: ErrorCaptureStackTrace({ name: 'Trace', message }, trace). Take only the
      // frame lines from the engine's stack so the header is built the same everywhere.
      let raw = "";
      try {
        if (ErrorCaptureStackTrace !== undefined) {
          const holder = { name: "", message: "" };
          ErrorCaptureStackTrace(holder, trace);
          raw = holder.stack;
        } else {
          raw = new ErrorCtor().stack;
        }
      } catch {
        raw = "";
      }
      let frames = ArrayPrototypeFilter(StringPrototypeSplit(typeof raw === "string" ? raw : "", "\n"),
        (line) => RegExpPrototypeExec(/^\s+at /, line) !== null);
      if (ErrorCaptureStackTrace === undefined) frames = ArrayPrototypeSlice(frames, 1);
      let text = message === "" ? "Trace" : `Trace: ${message}`;
      if (frames.length !== 0) text += `\n${ArrayPrototypeJoin(frames, "\n")}`;
      writeToConsole("stderr", text);
    },

    assert(expression, ...args) {
      if (!expression) {
        args[0] = `Assertion failed${args.length === 0 ? "" : `: ${args[0]}`}`;
        // The arguments will be formatted in warn() again
        ReflectApply(consoleMethods.warn, null, args);
      }
    },

    // Only meaningful on a TTY; the host owns the output streams.
    clear() {},

    count(label = "default") {
      // Ensures that label is a string, and only things that can be
      // coerced to strings. e.g. Symbol is not allowed
      label = `${label}`;
      let count = counts.get(label);
      if (count === undefined)
        count = 1;
      else
        count++;
      counts.set(label, count);
      consoleMethods.log(`${label}: ${count}`);
    },

    countReset(label = "default") {
      if (!counts.has(label)) {
        emitWarning(`Count for '${label}' does not exist`);
        return;
      }
      counts.delete(`${label}`);
    },

    group(...data) {
      if (data.length > 0) {
        ReflectApply(consoleMethods.log, null, data);
      }
      groupIndent += StringPrototypeRepeat(" ", kGroupIndentationWidth);
    },

    groupEnd() {
      groupIndent = StringPrototypeSlice(
        groupIndent,
        0,
        groupIndent.length - kGroupIndentationWidth,
      );
    },

    // https://console.spec.whatwg.org/#table
    table(tabularData, properties) {
      if (properties !== undefined && !ArrayIsArray(properties))
        throw invalidArgType("properties", "Array", properties);

      if (tabularData === null || typeof tabularData !== "object")
        return consoleMethods.log(tabularData);

      const final = (k, v) => consoleMethods.log(cliTable(k, v));

      const _inspect = (v) => {
        const depth = v !== null &&
                      typeof v === "object" &&
                      !isArrayLike(v) &&
                      ObjectKeys(v).length > 2 ? -1 : 0;
        const opt = {
          depth,
          maxArrayLength: 3,
          breakLength: Infinity,
          ...kNoColorInspectOptions,
        };
        return inspect(v, opt);
      };
      const getIndexArray = (length) => ArrayFrom(
        { length }, (_, i) => _inspect(i));

      let i = 0;
      if (isMap(tabularData)) {
        const keys = [];
        const values = [];
        let length = 0;
        for (const { 0: k, 1: v } of tabularData) {
          ArrayPrototypePush(keys, _inspect(k));
          ArrayPrototypePush(values, _inspect(v));
          length++;
        }
        return final([
          iterKey, keyKey, valuesKey,
        ], [
          getIndexArray(length),
          keys,
          values,
        ]);
      }

      if (isSet(tabularData)) {
        const values = [];
        let length = 0;
        for (const v of tabularData) {
          ArrayPrototypePush(values, _inspect(v));
          length++;
        }
        return final([iterKey, valuesKey], [getIndexArray(length), values]);
      }

      const map = { __proto__: null };
      let hasPrimitives = false;
      const valuesKeyArray = [];
      const indexKeyArray = ObjectKeys(tabularData);

      for (; i < indexKeyArray.length; i++) {
        const item = tabularData[indexKeyArray[i]];
        const primitive = item === null ||
            (typeof item !== "function" && typeof item !== "object");
        if (properties === undefined && primitive) {
          hasPrimitives = true;
          valuesKeyArray[i] = _inspect(item);
        } else {
          const keys = properties || ObjectKeys(item);
          for (const key of keys) {
            map[key] ??= [];
            if ((primitive && properties) ||
                 !ObjectPrototypeHasOwnProperty(item, key))
              map[key][i] = "";
            else
              map[key][i] = _inspect(item[key]);
          }
        }
      }

      const keys = ObjectKeys(map);
      const values = ObjectValues(map);
      if (hasPrimitives) {
        ArrayPrototypePush(keys, valuesKey);
        ArrayPrototypePush(values, valuesKeyArray);
      }
      ArrayPrototypeUnshift(keys, indexKey);
      ArrayPrototypeUnshift(values, indexKeyArray);

      return final(keys, values);
    },

    // Inspector-only methods in Node: no-ops without an inspector.
    profile() {},
    profileEnd() {},
    timeStamp() {},
  };

  // Aliases as in Node (debug/info/dirxml = log, error = warn, groupCollapsed = group).
  const console = {
    log: consoleMethods.log,
    warn: consoleMethods.warn,
    dir: consoleMethods.dir,
    time: consoleMethods.time,
    timeEnd: consoleMethods.timeEnd,
    timeLog: consoleMethods.timeLog,
    trace: consoleMethods.trace,
    assert: consoleMethods.assert,
    clear: consoleMethods.clear,
    count: consoleMethods.count,
    countReset: consoleMethods.countReset,
    group: consoleMethods.group,
    groupEnd: consoleMethods.groupEnd,
    table: consoleMethods.table,
    debug: consoleMethods.log,
    info: consoleMethods.log,
    dirxml: consoleMethods.log,
    error: consoleMethods.warn,
    groupCollapsed: consoleMethods.group,
    profile: consoleMethods.profile,
    profileEnd: consoleMethods.profileEnd,
    timeStamp: consoleMethods.timeStamp,
  };
  ObjectDefineProperty(console, SymbolToStringTag, {
    __proto__: null,
    writable: false,
    enumerable: false,
    configurable: true,
    value: "console",
  });

  // =========================================================================================
  // Registration.
  Q.inspect = inspect;
  Q.format = format;
  Q.formatWithOptions = formatWithOptions;
  Q.console = console;

  Q.defineBuiltin("util", () => ({
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
    _extend,
    types,
    ...(typeof globalThis.TextEncoder === "function" ? { TextEncoder: globalThis.TextEncoder } : {}),
    ...(typeof globalThis.TextDecoder === "function" ? { TextDecoder: globalThis.TextDecoder } : {}),
    // Legacy type checks (deprecated in Node, still exported by lib/util.js in v20).
    isArray: ArrayIsArray,
    isBoolean: (arg) => typeof arg === "boolean",
    isBuffer: (arg) => typeof globalThis.Buffer === "function" &&
      typeof globalThis.Buffer.isBuffer === "function" && globalThis.Buffer.isBuffer(arg),
    isDate,
    isError,
    isFunction: (arg) => typeof arg === "function",
    isNull: (arg) => arg === null,
    isNullOrUndefined: (arg) => arg === null || arg === undefined,
    isNumber: (arg) => typeof arg === "number",
    isObject: (arg) => arg !== null && typeof arg === "object",
    isPrimitive: (arg) => arg === null || (typeof arg !== "object" && typeof arg !== "function"),
    isRegExp,
    isString: (arg) => typeof arg === "string",
    isSymbol: (arg) => typeof arg === "symbol",
    isUndefined: (arg) => arg === undefined,
  }));
  Q.defineBuiltin("console", () => Q.console);
})
