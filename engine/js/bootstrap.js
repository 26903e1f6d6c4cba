// qjsbridge bootstrap: the JavaScript half of the binding boundary (engine/vm.py is the other).
//
// Evaluated once per context, on the owner thread, as a function of
//   hostRaw(name, argsJson) -> envelopeJson   the one Python callable (never throws)
//   mailbox                                  where Python's compile() leaves functions/errors
// It returns Q, the internal registry. Q is never reachable from user code; Python reaches it
// only through the trampoline Q.call, and other internal files receive it as their argument.
(function bootstrap(hostRaw, mailbox, nativeCompile) {
  "use strict";

  const Q = Object.create(null);
  const ops = Object.create(null);   // Python -> JS entry points, called through Q.call
  const builtins = Object.create(null);   // require() factories: name -> () => exports
  const builtinCache = Object.create(null);
  Q.ops = ops;
  Q.builtins = builtins;

  // Descriptors passed to it are written with a null prototype: a script that puts `value` or
  // `get` on Object.prototype must not be able to change what internal code defines.
  const ObjectDefine = Object.defineProperty;
  const JSONstringify = JSON.stringify;
  const JSONparse = JSON.parse;
  const ErrorCtor = Error;

  // Primordials: internal code must not call methods a script can replace where that would
  // hand it internal state or run it at a moment when it must not run (see hostRaw below).
  const uncurry = (fn) => Function.prototype.call.bind(fn);
  const MapGet = uncurry(Map.prototype.get);
  const MapSet = uncurry(Map.prototype.set);
  const MapHas = uncurry(Map.prototype.has);
  const MapDelete = uncurry(Map.prototype.delete);
  const MapClear = uncurry(Map.prototype.clear);
  const MapKeys = uncurry(Map.prototype.keys);
  const MapEntries = uncurry(Map.prototype.entries);
  const MapIteratorNext = uncurry(Object.getPrototypeOf(new Map().values()).next);
  const MapSize = uncurry(Object.getOwnPropertyDescriptor(Map.prototype, "size").get);
  const WeakSetHas = uncurry(WeakSet.prototype.has);
  const WeakSetAdd = uncurry(WeakSet.prototype.add);
  const WeakMapGet = uncurry(WeakMap.prototype.get);
  const WeakMapSet = uncurry(WeakMap.prototype.set);
  const WeakMapHas = uncurry(WeakMap.prototype.has);
  // quickjs-ng builds long concatenations as "rope" strings, which the binding cannot convert
  // (TypeError "Unknown quickjs tag: -6", left pending in Python): every string that goes to
  // Python is flattened with slice(0) first.
  const StringSlice = uncurry(String.prototype.slice);
  const StringIsWellFormed = uncurry(String.prototype.isWellFormed);
  const ReflectApply = Reflect.apply;
  const ObjectToString = uncurry(Object.prototype.toString);
  const StringToWellFormed = uncurry(String.prototype.toWellFormed);

  // The only way to Python. Two moments forbid it: while Python compiles a module (the binding
  // has no thread state to return to) and inside the promise rejection tracker (it runs with the
  // GIL held). Code that could run then is refused here instead of crashing the process.
  let compiling = 0;
  let inTracker = 0;
  function callHost(name, argsJson, handlesJson) {
    if (compiling || inTracker) {
      throw makeError("Error", compiling
        ? "host functions cannot be called while a module is being compiled"
        : "host functions cannot be called from the promise rejection tracker");
    }
    argsJson = StringSlice(argsJson, 0);
    return handlesJson === undefined ? hostRaw(name, argsJson)
      : hostRaw(name, argsJson, StringSlice(handlesJson, 0));
  }

  // ---------------------------------------------------------------------------------------
  // Node-shaped error stacks. QuickJS stores only the frames; V8 (and Node users) expect
  // "Name: message" on the first line, computed when .stack is first read.
  const stackDesc = Object.getOwnPropertyDescriptor(ErrorCtor.prototype, "stack");
  const codedErrors = new WeakSet();   // made by makeError with an ERR_* code
  const framelessErrors = new WeakSet();   // no user frames: printed like Node's (which has frames)
  const explicitStack = new WeakSet();
  const formattedStack = new WeakMap();   // like V8: the header is fixed when .stack is first read
  const capturedStack = new WeakMap();    // error -> the frames its constructor wrapper captured
  function errorHeader(e) {
    let name, msg;
    try { name = e.name; } catch { name = undefined; }
    try { msg = e.message; } catch { msg = undefined; }
    name = name === undefined ? "Error" : safeString(name);
    msg = msg === undefined ? "" : safeString(msg);
    if (WeakSetHas(codedErrors, e)) {
      // Node's own errors (ERR_* codes) show the code in the stack: `TypeError [ERR_X]: ...`
      let code;
      try { code = e.code; } catch { code = undefined; }
      if (typeof code === "string" && name) name += " [" + code + "]";
    }
    if (!name) return msg;
    if (!msg) return name;
    return name + ": " + msg;
  }
  // Frames of internal files (qjsbridge:*.js) are not the user's business: they are removed,
  // with the native frames (call, apply) that internal code put between them and user code.
  // Working from the bottom: a native frame is dropped when the frame below it was dropped (the
  // end of the stack counts as dropped), so `at forEach (native)` between user frames stays.
  // The modules generated for an `import` of a builtin, CommonJS or JSON file (see
  // Q.esmHelper) are internal too: their names are the targets' URLs, kept here.
  const facadeModules = Object.create(null);
  let facadeCount = 0;
  const frameFile = /^    at (?:.*\(([^()]*)|([^ ()]*)):\d+:\d+\)?$/;
  function isFacadeFrame(line) {
    if (facadeCount === 0) return false;
    const m = frameFile.exec(line);
    return m !== null && (m[1] ?? m[2]) in facadeModules;
  }
  // (primordials: a script that replaced Array.prototype.join & co. still gets its stacks)
  const StringIncludes = uncurry(String.prototype.includes);
  const StringStartsWith = uncurry(String.prototype.startsWith);
  const StringEndsWith = uncurry(String.prototype.endsWith);
  const StringSplit = uncurry(String.prototype.split);
  const ArrayJoin = uncurry(Array.prototype.join);
  const StringIndexOf = uncurry(String.prototype.indexOf);
  const isInternalFrame = (line) => StringIncludes(line, "(qjsbridge:") ||
    StringStartsWith(line, "    at qjsbridge:") || isFacadeFrame(line);
  const isNativeFrame = (line) => StringEndsWith(line, " (native)");
  function userFrames(frames) {
    if (!StringIncludes(frames, "qjsbridge:") && !StringIncludes(frames, "(native)") && facadeCount === 0) {
      return frames;
    }
    const lines = StringSplit(frames, "\n");
    const kept = [];
    let droppedBelow = true;
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i];
      if (isInternalFrame(line) || (droppedBelow && isNativeFrame(line))) {
        droppedBelow = true;
      } else {
        kept[kept.length] = line;
        droppedBelow = false;
      }
    }
    const ordered = [];
    for (let i = kept.length - 1; i >= 0; i--) ordered[ordered.length] = kept[i];
    return ArrayJoin(ordered, "\n");
  }
  Q.userFrames = userFrames;
  function withHeader(e, raw) {
    if (typeof raw !== "string") return raw;
    const all = StringEndsWith(raw, "\n") ? StringSlice(raw, 0, -1) : raw;
    const frames = userFrames(all);
    // Only internal frames: printed like Node's (which has frames), not as `[Error: ...]`.
    if (frames === "" && all !== "" && e !== null && typeof e === "object") WeakSetAdd(framelessErrors, e);
    const header = errorHeader(e);
    return frames ? header + "\n" + frames : header;
  }
  const ReflectDefineProperty = Reflect.defineProperty;
  // Real errors get a non-enumerable `stack` (as V8 gives them); other objects that merely
  // inherit from Error.prototype get an ordinary enumerable property, as in V8.
  const isNativeError = typeof ErrorCtor.isError === "function" ? ErrorCtor.isError
    : (v) => v instanceof ErrorCtor;
  if (stackDesc && stackDesc.get && stackDesc.set) {
    const get = stackDesc.get;
    ObjectDefine(ErrorCtor.prototype, "stack", { __proto__: null,
      configurable: true,
      enumerable: false,
      get() {
        const raw = WeakMapHas(capturedStack, this) ? WeakMapGet(capturedStack, this) : get.call(this);
        if (this === null || typeof this !== "object" || WeakSetHas(explicitStack, this)) return raw;
        let text = WeakMapGet(formattedStack, this);
        if (text === undefined) {
          text = withHeader(this, raw);
          if (typeof text === "string") WeakMapSet(formattedStack, this, text);
        }
        return text;
      },
      // Like V8, assigning any value (a number, undefined, an object...) makes `stack` an own
      // data property holding exactly that value. A frozen error keeps its stack (V8 ignores
      // the assignment in sloppy code; a setter cannot tell strict callers apart).
      set(v) {
        if (this === null || (typeof this !== "object" && typeof this !== "function")) return;
        ReflectDefineProperty(this, "stack", { __proto__: null,
          value: v, writable: true, configurable: true, enumerable: !isNativeError(this),
        });
      },
    });
  }
  // `stack` is an own property of errors, as in V8 (QuickJS keeps it on Error.prototype): the
  // Error constructors are wrapped so that every error they make (subclasses included) gets an
  // own, non-enumerable accessor with the prototype's behaviour (header on first read, any
  // assigned value kept). Its frames are captured again below the wrapper, so they start where
  // the script called the constructor. The wrappers are proxies: `instanceof`, statics, `name`
  // and Function.prototype.toString are the native ones. Errors the engine raises by itself
  // (`null.x`, JSON.parse) keep only the inherited accessor. quickjs-ng's DOMException gives its
  // instances a data `stack` of raw frames (no header, internal frames included): wrapped too.
  const nativeCapture = ErrorCtor.captureStackTrace;
  const stackAccessor = Object.getOwnPropertyDescriptor(ErrorCtor.prototype, "stack");
  function giveOwnStack(e, below) {
    if (e === null || typeof e !== "object" || stackAccessor === undefined || stackAccessor.get === undefined) {
      return e;
    }
    if (below !== undefined && typeof nativeCapture === "function") {
      try {
        nativeCapture.call(ErrorCtor, e, below);   // an own data `stack`: the frames below `below`
        const d = Object.getOwnPropertyDescriptor(e, "stack");
        if (d !== undefined && "value" in d) WeakMapSet(capturedStack, e, d.value);
      } catch {
        // keep the frames the constructor recorded
      }
    }
    ReflectDefineProperty(e, "stack", { __proto__: null,
      get: stackAccessor.get, set: stackAccessor.set, enumerable: false, configurable: true,
    });
    return e;
  }
  const wrappedErrors = new Map();   // native constructor -> its wrapper
  function constructError(target, args, newTarget) {
    return giveOwnStack(Reflect.construct(target, args, newTarget), constructError);
  }
  function callError(target, thisArg, args) {
    return giveOwnStack(ReflectApply(target, thisArg, args), callError);
  }
  const errorWrapperHandler = {
    __proto__: null,
    construct: constructError,
    apply: callError,
    getPrototypeOf(target) {
      const parent = Reflect.getPrototypeOf(target);
      return MapGet(wrappedErrors, parent) ?? parent;
    },
  };
  for (const name of ["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "URIError",
    "EvalError", "AggregateError", "DOMException"]) {
    const native = globalThis[name];
    if (typeof native === "function") MapSet(wrappedErrors, native, new Proxy(native, errorWrapperHandler));
  }
  for (const [native, wrapper] of wrappedErrors) {
    ObjectDefine(globalThis, native.name, { __proto__: null,
      value: wrapper, writable: true, configurable: true, enumerable: false,
    });
    ObjectDefine(native.prototype, "constructor", { __proto__: null,
      value: wrapper, writable: true, configurable: true, enumerable: false,
    });
  }

  if (typeof ErrorCtor.captureStackTrace === "function") {
    const capture = ErrorCtor.captureStackTrace;
    ObjectDefine(ErrorCtor, "captureStackTrace", { __proto__: null,
      configurable: true, writable: true, enumerable: false,
      value: function captureStackTrace(target, fn) {
        capture.call(ErrorCtor, target, fn);
        const d = Object.getOwnPropertyDescriptor(target, "stack");
        if (d && typeof d.value === "string") {
          ObjectDefine(target, "stack", { __proto__: null,
            configurable: true, writable: true, enumerable: false,
            value: withHeader(target, d.value),
          });
        }
      },
    });
  }

  // The frames below the call of `fn`, as QuickJS writes them (internal ones included; pass
  // them through Q.userFrames before showing them), "" when there are none. events.js records
  // with it where an unhandled `error` event was emitted (the "Emitted 'error' event at:" part
  // of Node's report); the frames are only formatted if that report is printed.
  Q.framesBelow = (fn) => {
    if (typeof nativeCapture !== "function") return "";
    const holder = { __proto__: null };
    try {
      nativeCapture.call(ErrorCtor, holder, fn);
    } catch {
      return "";
    }
    const raw = holder.stack;
    if (typeof raw !== "string") return "";
    const at = StringIndexOf(raw, "    at ");
    if (at === -1) return "";
    const frames = StringSlice(raw, at);
    return StringEndsWith(frames, "\n") ? StringSlice(frames, 0, -1) : frames;
  };

  // Error.prepareStackTrace: quickjs-ng hands the callback CallSites whose getFunction()
  // returns every frame's function, internal ones included, which would give a script the
  // internal registry. Scripts get call sites without getFunction/getThis (V8 also hides them
  // for strict-mode frames, and all internal code is strict).
  const prepareDesc = Object.getOwnPropertyDescriptor(ErrorCtor, "prepareStackTrace");
  if (prepareDesc && prepareDesc.get && prepareDesc.set) {
    const nativeSet = prepareDesc.set;
    let userPrepare;
    const safeSite = (site) => Object.freeze({
      getFileName: () => site.getFileName(),
      getFunctionName: () => site.getFunctionName(),
      getLineNumber: () => site.getLineNumber(),
      getColumnNumber: () => site.getColumnNumber(),
      isNative: () => site.isNative(),
      isConstructor: () => site.isConstructor(),
      getFunction: () => undefined,
      getThis: () => undefined,
      getTypeName: () => null,
      toString: () => {
        const fn = site.getFunctionName(), file = site.getFileName();
        const loc = file ? file + ":" + site.getLineNumber() + ":" + site.getColumnNumber()
          : site.isNative() ? "native" : "<anonymous>";
        return fn ? fn + " (" + loc + ")" : loc;
      },
    });
    const internalSite = (site) => {
      const file = site.getFileName();
      return typeof file === "string" && (file.startsWith("qjsbridge:") || file in facadeModules);
    };
    const sanitizing = function prepareStackTrace(error, sites) {
      const safe = [];
      let droppedBelow = true;   // the same rule as userFrames: no internal sites
      for (let i = sites.length - 1; i >= 0; i--) {
        const site = sites[i];
        if (internalSite(site) || (droppedBelow && site.isNative())) {
          droppedBelow = true;
        } else {
          safe.push(safeSite(site));
          droppedBelow = false;
        }
      }
      safe.reverse();
      // Like V8, the callback's result is the whole stack: no header is added to it.
      if (error !== null && typeof error === "object") WeakSetAdd(explicitStack, error);
      return userPrepare(error, safe);
    };
    ObjectDefine(ErrorCtor, "prepareStackTrace", { __proto__: null,
      configurable: true,
      enumerable: false,
      get() {
        return userPrepare;
      },
      set(fn) {
        userPrepare = fn;
        nativeSet.call(ErrorCtor, typeof fn === "function" ? sanitizing : fn);
      },
    });
  }

  function safeString(v) {
    try {
      return typeof v === "symbol" ? v.toString() : String(v);
    } catch {
      return "<unprintable>";
    }
  }

  // Describe any thrown value for Python: {name, message, stack, code}. Never throws.
  function serializeError(e) {
    try {
      if (e !== null && (typeof e === "object" || typeof e === "function")) {
        const isErr = e instanceof ErrorCtor;
        let stack = "", code;
        try { stack = e.stack; } catch { stack = ""; }
        try { code = e.code; } catch { code = undefined; }
        const out = {
          __proto__: null,   // Object.prototype.toJSON must not rewrite what Python receives
          name: isErr ? safeString(readOr(e, "name", "Error")) : "",
          message: isErr ? safeString(readOr(e, "message", "")) : Q.inspect(e),
          stack: typeof stack === "string" ? stack : "",
        };
        if (code !== undefined && code !== null) out.code = safeString(code);
        return JSONstringify(out);
      }
      return JSONstringify({ __proto__: null, name: "", message: typeof e === "string" ? e : Q.inspect(e),
        stack: "" });
    } catch {
      return '{"name":"Error","message":"<unserialisable thrown value>","stack":""}';
    }
  }
  function readOr(o, k, dflt) {
    try {
      const v = o[k];
      return v === undefined ? dflt : v;
    } catch {
      return dflt;
    }
  }
  Q.inspect = (v) => safeString(v);   // replaced by console.js with a util.inspect work-alike

  const NATIVE_ERRORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, URIError, EvalError };
  // Node's own errors (an ERR_* code) inherit, between them and the native prototype, a
  // toString() that shows the code: `TypeError [ERR_X]: message`.
  const codedProtos = new Map();
  function codedProto(Native) {
    let proto = MapGet(codedProtos, Native);
    if (proto === undefined) {
      proto = Object.create(Native.prototype);
      ObjectDefine(proto, "toString", { __proto__: null, writable: true, configurable: true,
        enumerable: false, value: function toString() {
          return `${this.name} [${this.code}]: ${this.message}`;
        } });
      MapSet(codedProtos, Native, proto);
    }
    return proto;
  }
  function makeError(name, message, code) {
    const Native = NATIVE_ERRORS[name] || ErrorCtor;
    const coded = typeof code === "string" && code.startsWith("ERR_") && code !== "ERR_UNHANDLED_REJECTION";
    const err = new Native(message);
    if (coded) Object.setPrototypeOf(err, codedProto(Native));
    if (!NATIVE_ERRORS[name] && name) {
      ObjectDefine(err, "name", { __proto__: null, value: name, configurable: true, writable: true, enumerable: false });
    }
    if (code !== undefined && code !== null) {
      err.code = code;
      if (coded) WeakSetAdd(codedErrors, err);
    }
    return giveOwnStack(err);
  }
  Q.makeError = makeError;
  // The error a host function raised (engine/vm.py's envelope: name, message, code, props).
  function hostError(err) {
    const e = makeError(err.name, err.message, err.code);
    const props = err.props;
    if (props !== undefined && props !== null) {
      const keys = Object.keys(props);
      for (let i = 0; i < keys.length; i++) {
        ObjectDefine(e, keys[i], { __proto__: null, value: props[keys[i]], writable: true,
          enumerable: true, configurable: true });
      }
    }
    return e;
  }

  // ERR_INVALID_ARG_TYPE, worded the way Node words it (checked against node by the differential
  // suites), for every internal module.

  // An English list: "a", "a or b", "a, b, or c".
  function formatList(items, conjunction = "and") {
    if (items.length <= 2) return items.join(` ${conjunction} `);
    return `${items.slice(0, -1).join(", ")}, ${conjunction} ${items[items.length - 1]}`;
  }

  // Expected-type words: JS type names (also "Function" and "Object" as type names), class
  // names ("an instance of ..."), and anything else verbatim ("an iterable").
  const TYPE_WORDS = new Set(["string", "function", "number", "object", "boolean", "bigint",
    "symbol", "Function", "Object"]);
  const CLASS_NAME = /^[A-Z][a-zA-Z0-9]*$/;
  function describeExpected(expected) {
    const types = [];
    const classes = [];
    const others = [];
    for (const word of Array.isArray(expected) ? expected : [expected]) {
      if (TYPE_WORDS.has(word)) types.push(word.toLowerCase());
      else if (CLASS_NAME.test(word)) classes.push(word);
      else others.push(word);
    }
    const objectAt = types.indexOf("object");
    if (classes.length > 0 && objectAt !== -1) {  // "object" reads as "an instance of ... or Object"
      types.splice(objectAt, 1);
      classes.push("Object");
    }
    const phrases = [];
    if (types.length > 0) {
      phrases.push(`${types.length === 1 ? "of type" : "one of type"} ${formatList(types, "or")}`);
    }
    if (classes.length > 0) phrases.push(`an instance of ${formatList(classes, "or")}`);
    if (others.length > 1) phrases.push(`one of ${formatList(others, "or")}`);
    else if (others.length === 1) {
      const [word] = others;
      phrases.push(word.toLowerCase() === word ? word : `an ${word}`);
    }
    return phrases.join(" or ");
  }

  // What was passed instead, after "Received ".
  function describeReceived(value) {
    switch (typeof value) {
      case "undefined":
        return "undefined";
      case "number":
        return `type number (${value === 0 && 1 / value < 0 ? "-0" : String(value)})`;
      case "bigint":
        return `type bigint (${value}n)`;
      case "boolean":
        return `type boolean (${value})`;
      case "symbol":
        return `type symbol (${safeString(value)})`;
      case "function":
        return `function ${value.name}`;
      case "string": {
        const shown = value.length > 28 ? `${value.slice(0, 25)}...` : value;
        return `type string (${shown.includes("'") ? JSONstringify(shown) : `'${shown}'`})`;
      }
      case "object": {
        if (value === null) return "null";
        let constructor;
        try { constructor = value.constructor; } catch { constructor = undefined; }
        return constructor && "name" in constructor
          ? `an instance of ${constructor.name}`
          : Q.inspect(value, { depth: -1 });
      }
      default: {
        const text = Q.inspect(value);
        return `type ${typeof value} (${text.length > 28 ? `${text.slice(0, 25)}...` : text})`;
      }
    }
  }

  function invalidArgType(name, expected, actual) {
    const subject = name.endsWith(" argument")
      ? `The ${name}`
      : `The "${name}" ${name.includes(".") ? "property" : "argument"}`;
    return makeError("TypeError",
      `${subject} must be ${describeExpected(expected)}. Received ${describeReceived(actual)}`,
      "ERR_INVALID_ARG_TYPE");
  }
  Q.formatList = formatList;
  Q.invalidArgType = invalidArgType;

  // ---------------------------------------------------------------------------------------
  // JS -> Python. Every host function goes through hostRaw with JSON in and a JSON envelope out.
  // The argument list is built by hand: JSON.stringify(args) would consult a toJSON a script
  // put on Array.prototype and let it replace the arguments of internal calls. (Each argument
  // still gets its own toJSON, as any user data does.)
  function encodeArgs(args) {
    let out = "[";
    for (let i = 0; i < args.length; i++) {
      const text = JSONstringify(args[i]);
      out += (i === 0 ? "" : ",") + (text === undefined ? "null" : text);
    }
    return out + "]";
  }

  function hostCall(name, ...args) {
    const r = JSONparse(callHost(name, encodeArgs(args)));
    if (r.err !== undefined) throw hostError(r.err);
    return r.ok;
  }
  Q.hostCall = hostCall;

  // hostCall for functions that take JS values: top-level arguments that are functions or real
  // EventEmitters are put in the handle table and passed by id, out of band (their positions are
  // computed here, so data from user code cannot forge a handle). Python sees engine.vm.JSHandle
  // objects; the temporary handles are dropped when the call returns (Python retains what it keeps).
  function hostCallWithHandles(name, args) {
    // The handle list is built as a plain string and the ids kept in a captured Map, so neither
    // Array.prototype nor toJSON hooks can forge or redirect a handle.
    const ids = new Map();
    let handleJson = "";
    for (let i = 0; i < args.length; i++) {
      const v = args[i];
      let kind = null;
      if (typeof v === "function") kind = "function";
      else if (v !== null && typeof v === "object" && Q.isEventEmitter !== undefined && Q.isEventEmitter(v)) {
        kind = "emitter";
      }
      if (kind !== null) {
        const id = Q.addHandle(v);
        MapSet(ids, i, id);
        handleJson += (handleJson === "" ? "" : ",") + "[" + i + "," + id + ',"' + kind + '"]';
        args[i] = null;
      }
    }
    try {
      const r = JSONparse(callHost(name, encodeArgs(args), handleJson === "" ? "" : "[" + handleJson + "]"));
      if (r.err !== undefined) throw hostError(r.err);
      return r.ok;
    } finally {
      for (let i = 0; i < args.length; i++) {
        if (MapHas(ids, i)) MapDelete(handles, MapGet(ids, i));
      }
    }
  }
  Q.hostCallWithHandles = hostCallWithHandles;

  // Compile `(function (params) {body})` with `filename` in its stack traces. Python checks that
  // body cannot close the wrapper early and leaves the result in the mailbox; without the C API
  // this falls back to an indirect eval (stack traces then say <input>).
  const FunctionToString = uncurry(Function.prototype.toString);
  function compileFunction(params, body, filename) {
    const wrapper = "function (" + params + ") {\n\n" + body + "\n}";
    if (!nativeCompile) return checkWrapped((0, eval)("(" + wrapper + ")"), wrapper, filename);
    if (compiling || inTracker) {
      // only reachable from code that escaped a module wrapper: refuse, never re-enter Python
      throw makeError("Error", "host functions cannot be called while a module is being compiled");
    }
    let r;
    compiling++;
    try {
      r = JSONparse(hostRaw("qjsb.compile", StringSlice(encodeArgs([params, body, filename]), 0)));
    } finally {
      compiling--;
    }
    if (r.err !== undefined) throw hostError(r.err);
    return checkWrapped(takeCompiled(r.ok), wrapper, filename);
  }
  Q.compileFunction = compileFunction;
  // The function expression of a trusted internal file (engine/js/NAME, loaded on first use):
  // Python compiles it once (or reads its cached bytecode), with no syntax-check pass, since it
  // is no script's code; without the C API it comes as source.
  Q.compileInternal = function compileInternal(name) {
    if (!nativeCompile) return (0, eval)("(" + hostCall("qjsb.internalSource", name) + "\n)");
    return takeCompiled(hostCall("qjsb.compileInternal", name));
  };
  // A body that closes its wrapper early yields some other value: refuse to use it.
  function checkWrapped(fn, wrapper, filename) {
    let source = null;
    try {
      source = FunctionToString(fn);
    } catch {
      source = null;
    }
    if (source !== wrapper) {
      throw makeError("SyntaxError", filename + ": the module body is not a complete function " +
        "body (it closes the CommonJS wrapper)");
    }
    return fn;
  }
  function takeCompiled(ok) {
    const value = mailbox.value, error = mailbox.error;
    delete mailbox.value;
    delete mailbox.error;
    if (ok) return value;
    throw error;
  }

  // ---------------------------------------------------------------------------------------
  // Python -> JS. Q.call(name, ...primitiveArgs) returns a primitive; an object return value
  // means "error": {error: serializedError}.
  Q.call = function call(name, ...args) {
    try {
      const fn = ops[name];
      if (fn === undefined) throw makeError("Error", "unknown internal op " + name);
      // Reflect.apply, not spread: spread runs Array.prototype[Symbol.iterator], which a script
      // could replace to see or rewrite the arguments of every call Python makes.
      const r = ReflectApply(fn, undefined, args);
      if (typeof r === "string") return StringSlice(StringIsWellFormed(r) ? r : StringToWellFormed(r), 0);
      return r === undefined ? null : r;
    } catch (e) {
      // An object means "error" to Python; a null prototype keeps toJSON hooks out of .json().
      return { __proto__: null, error: serializeError(e) };
    }
  };

  // Q.call for one op and one number of arguments, at most four (VM.call_op keeps one per op
  // and count): the same protocol without sending the name and collecting the arguments on
  // every call. The op is still looked up on every call, and gets exactly the arguments given.
  Q.bindOp = (name, count) => {
    const run = count === 0 ? (fn) => fn()
      : count === 1 ? (fn, a) => fn(a)
      : count === 2 ? (fn, a, b) => fn(a, b)
      : count === 3 ? (fn, a, b, c) => fn(a, b, c)
      : (fn, a, b, c, d) => fn(a, b, c, d);
    return function boundOp(a, b, c, d) {
      try {
        const fn = ops[name];
        if (fn === undefined) throw makeError("Error", "unknown internal op " + name);
        const r = run(fn, a, b, c, d);
        if (typeof r === "string") return StringSlice(StringIsWellFormed(r) ? r : StringToWellFormed(r), 0);
        return r === undefined ? null : r;
      } catch (e) {
        return { __proto__: null, error: serializeError(e) };
      }
    };
  };

  // Generic: JSON args in, JSON result out.
  ops.invoke = (name, argsJson) => {
    const fn = ops[name];
    if (fn === undefined) throw makeError("Error", "unknown internal op " + name);
    const r = ReflectApply(fn, undefined, JSONparse(argsJson));
    return JSONstringify(r === undefined ? null : r) ?? "null";
  };

  // Evaluate a script (global code) and return its completion value, JSON-encoded.
  ops.evalScript = (srcJson) => {
    const r = (0, eval)(JSONparse(srcJson));
    try {
      return JSONstringify(r === undefined ? null : r) ?? "null";
    } catch {
      return "null";
    }
  };

  // Same, but returns the inspected completion value (what `node -p` prints).
  // An error it throws is uncaught (like `node -p`'s): `null` when a listener handled it.
  ops.evalInspect = (srcJson) => {
    let r;
    try {
      r = (0, eval)(JSONparse(srcJson));
    } catch (e) {
      if (Q.uncaught(e)) return "null";
      throw e;
    }
    return JSONstringify(typeof r === "string" ? r : Q.inspect(r));
  };

  // Install a trusted internal file; `fnOrJson` is the compiled function in the mailbox, or
  // (without the C API) the JSON-encoded source.
  ops.installInternal = (srcJson) => {
    let fn;
    if (nativeCompile) {  // trusted files arrive compiled, never as source in an argument
      fn = takeCompiled(mailbox.error === undefined);
    } else {
      fn = (0, eval)(JSONparse(srcJson));
    }
    fn(Q);
    return null;
  };

  // ---------------------------------------------------------------------------------------
  // Handles: long-lived JS values Python refers to by integer id (Python never holds them).
  const handles = new Map();
  let nextHandle = 1;
  Q.addHandle = (v) => {
    const id = nextHandle++;
    MapSet(handles, id, v);
    return id;
  };
  Q.getHandle = (id) => MapGet(handles, id);
  ops.dropHandle = (id) => MapDelete(handles, id);
  ops.handleCount = () => MapSize(handles);
  ops.retainHandle = (id) => {
    if (!MapHas(handles, id)) throw makeError("Error", "handle " + id + " is no longer valid");
    return Q.addHandle(MapGet(handles, id));
  };


  // ---------------------------------------------------------------------------------------
  // A script's lifetime (docs/event-loop.md, "Errors that reach the loop" and "Stopping").
  //
  // Every place where an exception can reach the top of the stack (the main module, a timer, an
  // immediate, a nextTick or queueMicrotask callback, host event delivery, an unhandled
  // rejection) calls Q.uncaught(err, origin) at once, before anything else runs:
  //   * process.js's hook (Q.dispatchUncaught) hands it to `uncaughtException` listeners; if
  //     one handled it, Q.uncaught returns true and the script carries on;
  //   * otherwise, with exitOnUncaught (qjsbridge run, RuntimeOptions.exit_on_uncaught), the
  //     script ends like Node's: `exit` listeners run (Q.emitExit), the host reports the error
  //     and interrupts JavaScript, and nothing queued runs any more; Q.uncaught never returns;
  //   * otherwise it returns false and the caller rethrows or reports it to the host (an
  //     embedder's error handler), as before.
  const life = { __proto__: null, exitOnUncaught: false, exiting: false };
  Q.life = life;
  Q.dispatchUncaught = undefined;    // process.js: (err, origin) => handled; may throw
  Q.dispatchRejection = undefined;   // process.js: (reason, promise) => handled; may throw
  Q.emitExit = undefined;            // process.js: (code) => final exit code, after `exit`
  Q.exitCode = () => undefined;      // process.js: process.exitCode, validated
  ops.setExitOnUncaught = (on) => {
    life.exitOnUncaught = on === true;
    return null;
  };

  // Stop JavaScript with `code`: the host records it and sets an interrupt, which this spins
  // into (an interrupt is uncatchable: no catch or finally block runs). Without interrupt
  // support, unwind with an error the runtime recognises and ignores.
  function reallyExit(code, envelope, origin) {
    const args = envelope === undefined ? encodeArgs([code]) : encodeArgs([code, envelope, origin]);
    if (JSONparse(callHost("qjsb.exit", args)).ok === true) {
      for (;;) { /* interrupted within microseconds */ }
    }
    throw makeError("Error", "process.exit() called", "ERR_PROCESS_EXIT");
  }
  Q.reallyExit = (code) => reallyExit(code);

  // util.inspect of an uncaught error. Like Node's report, an error thrown by `emit("error", err)`
  // (nobody listening) shows where it was emitted after its own frames: its stack is replaced
  // by the one Q.errorEventStack gives while it is inspected, and put back after.
  Q.errorEventStack = undefined;   // events.js: (e) => that stack, or undefined
  const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
  const ReflectDeleteProperty = Reflect.deleteProperty;
  function inspectUncaught(e) {
    let enhanced;
    try {
      enhanced = Q.errorEventStack === undefined ? undefined : Q.errorEventStack(e);
    } catch {
      enhanced = undefined;
    }
    if (typeof enhanced !== "string") return Q.inspect(e);
    const saved = ReflectGetOwnPropertyDescriptor(e, "stack");
    if (!ReflectDefineProperty(e, "stack", { __proto__: null,
      value: enhanced, writable: true, configurable: true, enumerable: false })) {
      return Q.inspect(e);
    }
    try {
      return Q.inspect(e);
    } finally {
      if (saved !== undefined) ReflectDefineProperty(e, "stack", saved);
      else ReflectDeleteProperty(e, "stack");
    }
  }

  // What the host needs about an uncaught error, plus the text Node prints for it.
  function describeUncaught(e) {
    const info = JSONparse(serializeError(e));
    let text;
    try {
      // Like Node: a thrown primitive prints as a string ("boom", not 'boom'; 42n as 42),
      // anything else as util.inspect shows it.
      const primitive = e === null || (typeof e !== "object" && typeof e !== "function");
      text = primitive && typeof e !== "symbol" ? safeString(e) : safeString(inspectUncaught(e));
    } catch {
      text = info.stack || info.message;
    }
    if (e !== null && typeof e === "object" && WeakSetHas(framelessErrors, e)) {
      // inspect brackets an error whose stack has no frames: `[Name: message] {...}`
      const header = errorHeader(e);
      if (text.startsWith("[" + header + "]")) text = header + text.slice(header.length + 2);
    } else if (!(e instanceof ErrorCtor)) {
      text += "\n(a value that is not an Error was thrown, so there is no stack: throw an Error " +
        "to see where it came from)";
    }
    // a null prototype: Object.prototype.toJSON must not rewrite what Python receives
    return JSONstringify({ __proto__: null, name: info.name, message: info.message,
      stack: info.stack, code: info.code, inspected: text });
  }

  function fatal(e, origin, code, emitExit) {
    if (emitExit && !life.exiting && Q.emitExit !== undefined) code = Q.emitExit(code, true);
    else if (life.exiting) code = Q.exitCode() ?? code;
    reallyExit(code, describeUncaught(e), origin);
  }

  Q.uncaught = function uncaught(e, origin = "uncaughtException") {
    e = nodeLinkError(e);
    if (Q.dispatchUncaught !== undefined) {
      try {
        if (Q.dispatchUncaught(e, origin)) return true;
      } catch (handlerError) {
        // Node: an uncaughtException listener that throws ends the process with code 7,
        // without `exit` listeners.
        if (life.exitOnUncaught) fatal(handlerError, origin, 7, false);
        e = handlerError;
      }
    }
    if (life.exitOnUncaught) fatal(e, origin, 1, true);
    return false;
  };

  // Report to the host's error handler (after the task): the embedder's default.
  function reportToHost(e, origin) {
    try {
      callHost("qjsb.uncaught", encodeArgs([describeUncaught(e), origin]));
    } catch {
      // refused (see callHost): nothing more we can do
    }
  }
  // For errors nobody can rethrow (a microtask callback, a nextTick callback).
  Q.reportUncaught = (e, origin = "uncaughtException") => {
    if (!Q.uncaught(e, origin)) reportToHost(e, origin);
  };

  // Unhandled rejections: QuickJS's tracker (installed from Python) calls this with
  // handled=false when a promise is rejected without a handler and handled=true when one is
  // attached later. Python asks for the survivors after each microtask drain.
  // The tracker runs inside QuickJS with the GIL held: it must run no script code (primordials
  // only) and must not call Python (inTracker makes callHost refuse).
  const pendingRejections = new Map();
  const reportedRejections = new WeakSet();   // handled by an unhandledRejection listener
  const handledLate = new Map();              // ...that got a handler afterwards
  Q.trackRejection = (promise, reason, handled) => {
    inTracker++;
    try {
      if (!handled) MapSet(pendingRejections, promise, reason);
      else if (MapHas(pendingRejections, promise)) MapDelete(pendingRejections, promise);
      else if (WeakSetHas(reportedRejections, promise)) MapSet(handledLate, promise, true);
    } finally {
      inTracker--;
    }
  };
  // After a microtask drain: every rejection still unhandled goes to `unhandledRejection`
  // listeners, else it is an uncaught exception (origin "unhandledRejection"). Returns whether
  // anything ran (the drain then goes on: listeners may have queued more work).
  ops.processRejections = () => {
    let ran = false;
    if (MapSize(handledLate) !== 0 && Q.dispatchRejection !== undefined) {
      const promises = takeKeys(handledLate);
      for (let i = 0; i < promises.length; i++) {
        ran = true;
        try {
          Q.dispatchRejection(undefined, promises[i], true);
        } catch (e) {
          Q.reportUncaught(e);
        }
      }
    }
    while (MapSize(pendingRejections) !== 0) {
      const promises = takeKeys(pendingRejections, true);
      for (let i = 0; i < promises.length; i += 2) {
        ran = true;
        const promise = promises[i], reason = promises[i + 1];
        let handled = false;
        try {
          handled = Q.dispatchRejection !== undefined &&
            Q.dispatchRejection(nodeLinkError(reason), promise, false);
        } catch (e) {
          Q.reportUncaught(e);
          continue;
        }
        if (handled) {
          WeakSetAdd(reportedRejections, promise);
          continue;
        }
        const err = unhandledRejectionError(reason);
        if (!Q.uncaught(err, "unhandledRejection")) reportToHost(err, "unhandledRejection");
      }
    }
    return ran;
  };
  function takeKeys(map, withValues) {
    const out = [];
    const it = (withValues ? MapEntries : MapKeys)(map);
    for (let step = MapIteratorNext(it); !step.done; step = MapIteratorNext(it)) {
      if (withValues) {
        out[out.length] = step.value[0];
        out[out.length] = step.value[1];
      } else {
        out[out.length] = step.value;
      }
    }
    MapClear(map);
    return out;
  }
  // How V8 names a value without running any of its code (what Node puts in the message below):
  // primitives as strings, functions as their source, objects whose toString is Object's as
  // `#<Constructor>`, others as `[object Tag]`. Only data properties are read.
  function dataProperty(o, key) {
    for (let p = o; p !== null; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, key);
      if (d !== undefined) return "value" in d ? d.value : undefined;
    }
    return undefined;
  }
  function describeReason(v) {
    if (typeof v === "function") return FunctionToString(v);
    if (v === null || typeof v !== "object") return safeString(v);
    if (dataProperty(v, "toString") === Object.prototype.toString) {
      const ctor = dataProperty(v, "constructor");
      if (typeof ctor === "function") {
        const d = Object.getOwnPropertyDescriptor(ctor, "name");
        if (d !== undefined && typeof d.value === "string" && d.value !== "") return "#<" + d.value + ">";
      }
    }
    return StringSlice(ObjectToString(v), 0);
  }
  // Node: a rejection with a non-Error reason becomes this error (ERR_UNHANDLED_REJECTION).
  function unhandledRejectionError(reason) {
    if (reason instanceof ErrorCtor) return reason;
    let shown;
    try {
      shown = describeReason(reason);
    } catch {
      shown = "<unprintable>";
    }
    const err = makeError("UnhandledPromiseRejection", "This error originated either by throwing " +
      "inside of an async function without a catch block, or by rejecting a promise which was not " +
      'handled with .catch(). The promise rejected with the reason "' + shown + '".',
      "ERR_UNHANDLED_REJECTION");
    WeakSetAdd(framelessErrors, err);
    return err;
  }

  // queueMicrotask whose callback errors are reported instead of silently lost.
  const nativeQueueMicrotask = globalThis.queueMicrotask;
  function queueMicrotask(callback) {
    if (typeof callback !== "function") throw invalidArgType("callback", "Function", callback);
    const run = () => {
      try {
        callback();
      } catch (e) {
        Q.reportUncaught(e);
      }
    };
    if (typeof nativeQueueMicrotask === "function") nativeQueueMicrotask(run);
    else Promise.resolve().then(run);
  }
  ObjectDefine(globalThis, "queueMicrotask", { __proto__: null,
    value: queueMicrotask, writable: true, configurable: true, enumerable: false,
  });
  Q.queueMicrotask = queueMicrotask;

  // process.nextTick's queue: Python drains it (ops.runTicks) before promise jobs after every
  // task. It lives here, not in process.js, because it is loop machinery that internal modules
  // (events' captureRejections) use even when no `process` global is installed.
  const ticks = [];
  let tickHead = 0;
  let tickScheduled = false;
  Q.nextTick = function nextTick(callback, ...args) {
    if (typeof callback !== "function") throw invalidArgType("callback", "Function", callback);
    ticks.push([callback, args]);
    if (!tickScheduled) {
      callHost("qjsb.tickScheduled", "[]");  // may throw (refused): then nothing is scheduled
      tickScheduled = true;
    }
  };
  // Runs every queued tick, including ticks queued by ticks. Errors are uncaught exceptions.
  ops.runTicks = () => {
    tickScheduled = false;
    while (tickHead < ticks.length) {
      const entry = ticks[tickHead];
      ticks[tickHead++] = undefined;
      try {
        ReflectApply(entry[0], undefined, entry[1]);
      } catch (e) {
        Q.reportUncaught(e);
      }
    }
    ticks.length = 0;
    tickHead = 0;
    return null;
  };

  // ---------------------------------------------------------------------------------------
  // CommonJS require() (resolution is in Python: engine/modules.py).
  const moduleCache = Object.create(null);

  // The builtin name `spec` refers to, or null for a file/package. A `node:` name Node does not
  // know throws ERR_UNKNOWN_BUILTIN_MODULE; a Node builtin we do not define is "not provided"
  // (both decided in Python, which keeps Node's list of names).
  let nodeBuiltins = Object.create(null);   // Node's names (set by engine/modules.py)
  ops.builtinNames = () => JSONstringify(Object.keys(builtins));
  ops.setNodeBuiltins = (namesJson) => {
    nodeBuiltins = Object.create(null);
    for (const n of JSONparse(namesJson)) nodeBuiltins[n] = true;
    return null;
  };
  function builtinName(spec) {
    if (spec.startsWith("node:")) {
      const name = spec.slice(5);
      if (name in builtins) return name;
      hostCall("qjsb.checkBuiltin", spec);   // throws the right error
      return name;
    }
    if (spec in builtins) return spec;
    if (spec in nodeBuiltins) hostCall("qjsb.checkBuiltin", spec);
    return null;
  }
  function loadBuiltin(name, spec) {
    if (name in builtinCache) return builtinCache[name];
    const factory = builtins[name];
    if (factory === undefined) hostCall("qjsb.checkBuiltin", spec);
    const exports = factory();
    builtinCache[name] = exports;
    return exports;
  }

  // Node's Module._nodeModulePaths: DIR/node_modules for the directory and every parent.
  function nodeModulePaths(dir) {
    const out = [];
    let d = dir;
    for (;;) {
      if (!d.endsWith("/node_modules") && d !== "node_modules") {
        out[out.length] = (d === "/" ? "" : d) + "/node_modules";
      }
      if (d === "/" || d === "") break;
      d = dirname(d);
    }
    return out;
  }

  class Module {
    constructor(id, parent) {
      this.id = id;
      this.path = dirname(id);
      this.exports = {};
      this.filename = id;
      this.loaded = false;
      this.children = [];
      this.paths = nodeModulePaths(this.path);
      ObjectDefine(this, "parent", { __proto__: null, value: parent, writable: true,
        configurable: true, enumerable: false });
    }
    require(id) {
      return makeRequire(this)(id);
    }
  }

  function dirname(p) {
    const i = p.lastIndexOf("/");
    if (i < 0) return ".";
    if (i === 0) return "/";
    return p.slice(0, i);
  }

  function validateSpec(spec) {
    if (typeof spec !== "string") throw invalidArgType("id", "string", spec);
    if (spec === "") {
      throw makeError("TypeError", "The argument 'id' must be a non-empty string. Received ''",
        "ERR_INVALID_ARG_VALUE");
    }
  }

  // Node's "Require stack" on MODULE_NOT_FOUND: the requiring module, its parent, ...
  function addRequireStack(e, parent) {
    if (e === null || typeof e !== "object" || e.code !== "MODULE_NOT_FOUND" || !parent) return e;
    const stack = [];
    const seen = new Set();
    for (let m = parent; m && !seen.has(m) && typeof m.filename === "string"; m = m.parent) {
      seen.add(m);
      stack[stack.length] = m.filename;
    }
    if (stack.length > 0 && e.requireStack === undefined) {
      e.message += "\nRequire stack:\n- " + stack.join("\n- ");
      e.requireStack = stack;
    }
    return e;
  }

  function resolveFile(spec, parent, paths) {
    try {
      return hostCall("qjsb.resolve", spec, parent ? parent.path : null, paths);
    } catch (e) {
      throw addRequireStack(e, parent);
    }
  }

  function isRelative(spec) {
    return spec === "." || spec === ".." || spec.startsWith("./") || spec.startsWith("../");
  }

  function makeRequire(parent) {
    function require(spec) {
      validateSpec(spec);
      const b = builtinName(spec);
      if (b !== null) return loadBuiltin(b, spec);
      const resolved = resolveFile(spec, parent, null);
      return loadFile(resolved.path, resolved.format, parent, false);
    }
    function resolve(spec, options) {
      validateSpec(spec);
      const b = builtinName(spec);
      if (b !== null) return spec;
      let paths = null;
      if (options !== undefined && options !== null && typeof options === "object" &&
          options.paths !== undefined) {
        if (!Array.isArray(options.paths)) {
          throw makeError("TypeError", "The property 'options.paths' is invalid. Received " +
            Q.inspect(options.paths), "ERR_INVALID_ARG_VALUE");
        }
        paths = [];
        for (const p of options.paths) {
          if (typeof p !== "string") throw invalidArgType("paths", "string", p);
          paths[paths.length] = Q.pathResolve ? Q.pathResolve(p) : p;
        }
      }
      return resolveFile(spec, parent, paths).path;
    }
    resolve.paths = function paths(spec) {
      validateSpec(spec);
      if (spec.startsWith("node:") || spec in builtins || spec in nodeBuiltins) {
        return null;
      }
      if (isRelative(spec)) return [parent ? parent.path : "."];
      return parent ? parent.paths.slice() : nodeModulePaths(".");
    };
    require.resolve = resolve;
    require.cache = moduleCache;
    ObjectDefine(require, "main", { __proto__: null, get: () => Q.mainModule, enumerable: true });
    return require;
  }
  Q.makeRequire = makeRequire;

  function removeChild(parent, module) {
    if (!parent) return;
    const i = parent.children.indexOf(module);
    if (i >= 0) parent.children.splice(i, 1);
  }

  const WRAP_PARAMS = "exports, require, module, __filename, __dirname";
  function loadFile(path, format, parent, isMain) {
    const cached = moduleCache[path];
    if (cached !== undefined) {
      if (parent && !parent.children.includes(cached)) parent.children.push(cached);
      return cached.exports;
    }
    if (format === "module") {
      const from = parent ? parent.filename : null;
      throw makeError("Error", "require() of ES Module " + path + (from ? " from " + from : "") +
        " not supported.\nInstead change the require of " + path + (from ? " in " + from : "") +
        " to a dynamic import() which is available in all CommonJS modules.", "ERR_REQUIRE_ESM");
    }
    const module = new Module(path, parent);
    if (isMain) {
      Q.mainModule = module;
      module.id = ".";
    }
    if (parent) parent.children.push(module);
    moduleCache[path] = module;   // before evaluation, so require cycles see partial exports
    try {
      if (format === "json") {
        const text = hostCall("qjsb.readText", path);
        try {
          module.exports = JSONparse(text);
        } catch (e) {
          e.message = path + ": " + e.message;
          throw e;
        }
      } else {
        let source = hostCall("qjsb.readText", path);
        if (source.startsWith("#!")) source = "//" + source;   // keep line numbers
        const fn = compileFunction(WRAP_PARAMS, source, path);
        const require = makeRequire(module);
        fn.call(module.exports, module.exports, require, module, path, module.path);
      }
      module.loaded = true;
    } catch (e) {
      delete moduleCache[path];
      removeChild(parent, module);
      if (!nativeCompile && e instanceof ErrorCtor && !explicitStack.has(e)) {
        // Without the C API frames say <input>; name the module so the error can be found.
        try { e.message += " (in " + path + ")"; } catch { /* frozen error */ }
      }
      throw e;
    }
    return module.exports;
  }

  // require("module"): Node's Module class with createRequire, builtinModules and isBuiltin.
  function createRequire(filename) {
    let path = null;
    if (typeof filename === "string") {
      if (filename.startsWith("file:")) {
        path = hostCall("qjsb.fileUrlToPath", filename);
      } else if (filename.startsWith("/")) {
        path = filename;
      }
    } else if (filename !== null && typeof filename === "object" &&
               typeof filename.href === "string" && filename.protocol === "file:") {
      path = hostCall("qjsb.fileUrlToPath", filename.href);
    }
    if (path === null) {
      throw makeError("TypeError", "The argument 'filename' must be a file URL object, file URL " +
        "string, or absolute path string. Received " + Q.inspect(filename), "ERR_INVALID_ARG_VALUE");
    }
    // A directory given with a trailing slash resolves from that directory, like Node.
    const module = new Module(path.endsWith("/") ? path + "noop.js" : path, null);
    module.filename = path;
    return makeRequire(module);
  }
  function isBuiltin(name) {
    if (typeof name !== "string") return false;
    if (name.startsWith("node:")) {
      const bare = name.slice(5);
      return bare in nodeBuiltins || bare in builtins || bare === "test";
    }
    return name in nodeBuiltins || name in builtins;
  }
  builtins.module = () => {   // (Q.defineBuiltin comes later; engine/modules.py asks for these)
    const M = Module;
    const names = Object.keys(nodeBuiltins).sort();
    for (const [k, v] of [["builtinModules", names], ["createRequire", createRequire],
      ["isBuiltin", isBuiltin], ["Module", M]]) {
      ObjectDefine(M, k, { __proto__: null, value: v, writable: true, configurable: true,
        enumerable: true });
    }
    return M;
  };

  // ---------------------------------------------------------------------------------------
  // ES modules. QuickJS resolves and links them; Python (engine/_capi.py) installed its module
  // loader, which calls this helper (with no script frame in between):
  //   ("error", name, message, code)  throws the error the loader reports
  //   ("keys", builtinName)           the export names of a builtin, as JSON
  //   ("meta", moduleName, kind, importMeta)  fills import.meta of a module just compiled
  // A "facade" is a module we generate for a builtin, CommonJS or JSON target; its
  // import.meta.load() returns that target's exports (nothing else can reach it).
  function fileUrlToPath(url) {
    try {
      return decodeURIComponent(url.slice(7));
    } catch {
      return url.slice(7);   // a name that is not UTF-8: keep its escapes
    }
  }
  function loadForImport(format, path) {
    if (format === "builtin") return loadBuiltin(path, "node:" + path);
    return loadFile(path, format === "json" ? "json" : "js", undefined, false);
  }
  Q.esmHelper = function esmHelper(op, a, b, c) {
    if (op === "error") {
      const more = JSONparse(c);
      throw hostError({ __proto__: null, name: a, message: b, code: more.code ?? undefined,
        props: more.props });
    }
    if (op === "keys") {
      const exports = loadBuiltin(a, "node:" + a);
      const keys = [];
      if (exports !== null && (typeof exports === "object" || typeof exports === "function")) {
        const own = Object.keys(exports);
        for (let i = 0; i < own.length; i++) keys[keys.length] = own[i];
      }
      return JSONstringify(keys);
    }
    if (op === "attrs") {   // an import's attributes: QuickJS made the object (strings only)
      const out = { __proto__: null };
      const keys = Object.keys(c);
      for (let i = 0; i < keys.length; i++) out[keys[i]] = String(c[keys[i]]);
      return JSONstringify(out);
    }
    if (op === "meta") {
      const meta = c;
      if (b === "facade") {
        if (!(a in facadeModules)) {
          facadeModules[a] = true;
          facadeCount++;
        }
        ObjectDefine(meta, "load", { __proto__: null, value: loadForImport,
          enumerable: false, configurable: false, writable: false });
        return "";
      }
      const filename = fileUrlToPath(a);
      const define = (k, v) => ObjectDefine(meta, k, { __proto__: null, value: v,
        enumerable: true, configurable: true, writable: true });
      define("dirname", dirname(filename));
      define("filename", filename);
      define("resolve", function resolve(specifier) {
        // Node 20 converts any value as a template literal does (a Symbol is a TypeError)
        return hostCall("qjsb.resolveImport", `${specifier}`, a);
      });
      define("url", a);
      return "";
    }
    throw makeError("Error", "unknown module loader op " + op);
  };

  // QuickJS's link error for a missing export ("Could not find export 'x' in module '...'",
  // the name cut at 63 bytes, no stack) is told Node's way when it is reported: the specifier
  // as written, Node's hint for a CommonJS module, and the importing statement's place as the
  // frame (as other SyntaxErrors show theirs).
  const missingExport = /^Could not find export '([^']*)' in module '([^']*)'$/;
  const explainedLinkErrors = new WeakSet();
  function nodeLinkError(e) {
    try {
      let m = null;
      if (e instanceof NATIVE_ERRORS.SyntaxError && !WeakSetHas(explainedLinkErrors, e)) {
        const message = e.message;
        if (typeof message === "string") m = missingExport.exec(message);
      }
      if (m === null) return e;
      WeakSetAdd(explainedLinkErrors, e);
      const found = hostCall("qjsb.missingExport", m[1], m[2]);
      if (found === null) return e;
      const desc = { __proto__: null, writable: true, configurable: true, enumerable: false };
      desc.value = found.message;
      ObjectDefine(e, "message", desc);
      desc.value = errorHeader(e) + "\n    at " + found.url + ":" + found.line + ":" + found.column;
      ObjectDefine(e, "stack", desc);
    } catch {
      // keep QuickJS's message
    }
    return e;
  }

  // A CommonJS variable used in an ES module: Node says so when the error leaves the main
  // module's evaluation (and where the "type" that made a .js file an ES module comes from).
  const cjsNotDefined = /^(require|module|exports|__filename|__dirname) is not defined$/;
  function esmScopeError(e, mainPath) {
    try {
      if (e === null || typeof e !== "object" || e.name !== "ReferenceError") return e;
      const message = e.message;
      if (typeof message !== "string" || !cjsNotDefined.test(message)) return e;
      let text = message + " in ES module scope";
      if (message.startsWith("require ")) text += ", you can use import instead";
      const pjson = mainPath.endsWith(".js") ? hostCall("qjsb.packageJsonPath", mainPath) : null;
      if (pjson !== null) {
        text += "\nThis file is being treated as an ES module because it has a '.js' file " +
          "extension and '" + pjson + "' contains \"type\": \"module\". To treat it as a " +
          "CommonJS script, rename it to use the '.cjs' file extension.";
      }
      ObjectDefine(e, "message", { __proto__: null, value: text, writable: true,
        configurable: true, enumerable: false });
    } catch {
      // keep the engine's message
    }
    return e;
  }

  // Run the main module: CommonJS as require(absPath) from no parent; an ES module through
  // import(), whose failure is an uncaught exception (like Node's).
  ops.runMain = (pathJson) => {
    try {
      const r = hostCall("qjsb.resolve", JSONparse(pathJson), null, null);
      if (r.format === "module") {
        if (!nativeCompile) {
          throw makeError("Error", "ES modules need the QuickJS C API, which is unavailable here",
            "ERR_REQUIRE_ESM");
        }
        const url = hostCall("qjsb.fileUrl", r.path);
        let settled = false;
        import(url).then(() => { settled = true; }, (e) => {
          settled = true;
          Q.reportUncaught(esmScopeError(e, r.path));
        });
        // Node ends a main module whose top-level await never settles with exit code 13
        // (unless the script set process.exitCode): the code is set just before `exit`.
        const emitExit = ops.emitExit;
        if (typeof emitExit === "function" && Q.process !== undefined) {
          ops.emitExit = () => {
            if (!settled && Q.process.exitCode === undefined) Q.process.exitCode = 13;
            return emitExit();
          };
        }
        return null;
      }
      loadFile(r.path, r.format, null, true);
    } catch (e) {
      if (!Q.uncaught(e)) throw e;   // nobody handled it: the caller gets it, as before
    }
    return null;
  };
  // require() from Python (e.g. tests): the exports as JSON, functions as "[Function]" and
  // repeated objects as "[Circular]".
  ops.requireJson = (specJson) => {
    const spec = JSONparse(specJson);
    const b = builtinName(spec);
    const exports = b !== null ? loadBuiltin(b, spec)
      : (() => { const r = resolveFile(spec, null, null); return loadFile(r.path, r.format, null, false); })();
    const seen = new WeakSet();
    return JSONstringify(exports, (k, v) => {
      if (v !== null && typeof v === "object") {
        if (seen.has(v)) return "[Circular]";
        seen.add(v);
      }
      return typeof v === "function" ? "[Function]" : v;
    }) ?? "null";
  };

  Q.defineBuiltin = (name, factory) => {
    builtins[name] = factory;
    try {
      callHost("qjsb.builtinDefined", encodeArgs([name]));
    } catch {
      // a VM without a module loader: nothing resolves modules, nothing to tell
    }
  };
  // A builtin backed by Python host functions and JSON data (engine.modules.NativeModule).
  ops.defineNativeModule = (specJson) => {
    const spec = JSONparse(specJson);
    callHost("qjsb.builtinDefined", encodeArgs([spec.name]));   // (only ModuleLoader calls this)
    builtins[spec.name] = () => {
      const exports = {};
      for (const [k, v] of Object.entries(spec.data)) exports[k] = v;
      for (const fname of spec.functions) {
        const hostName = spec.name + "." + fname;
        exports[fname] = { [fname]: (...args) => hostCallWithHandles(hostName, args) }[fname];
      }
      if (spec.source !== null) {
        const fn = compileFunction(WRAP_PARAMS, spec.source, "qjsbridge:" + spec.name);
        const module = { exports };
        fn.call(exports, exports, makeRequire(null), module, "qjsbridge:" + spec.name, ".");
        return module.exports;
      }
      return exports;
    };
    return null;
  };

  return Q;
})
