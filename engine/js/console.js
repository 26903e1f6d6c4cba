// qjsbridge console.js: the global console, and the "console" and "util" builtin modules.
//
// Written for qjsbridge from Node's documentation and Node 20's observed output. This file is
// loaded into every runtime, so it stays small: printing strings and numbers needs nothing
// else. Everything that has to inspect a value (objects, format directives, console.table,
// util.inspect itself) is in inspect.js, which is loaded the first time it is needed
// (Q.loadInternal, see lazy.js); the rest of the util module is in util.js,
// loaded by the first require("util").
//
// Evaluated as a function of Q. Sets Q.primordials (built-ins captured before any script
// runs, for the lazily loaded files), Q.inspect, Q.format, Q.formatWithOptions, Q.console.
(function (Q) {
  "use strict";

  // ---------------------------------------------------------------------------------------
  // Built-ins captured now: a script that later replaces a prototype method cannot change
  // what console and inspect do (or see their internal arrays).
  const uncurry = (fn) => Function.prototype.call.bind(fn);
  const getter = (proto, key) => {
    const d = Object.getOwnPropertyDescriptor(proto, key);
    return d && d.get ? uncurry(d.get) : undefined;
  };
  const isPrototypeOfRaw = uncurry(Object.prototype.isPrototypeOf);
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  const ErrorIsError = typeof Error.isError === "function" ? Error.isError : undefined;
  const objectToString = uncurry(Object.prototype.toString);
  const reReplaceRaw = uncurry(RegExp.prototype[Symbol.replace]);
  const P = {
    apply: Reflect.apply,
    hasOwn: uncurry(Object.prototype.hasOwnProperty),
    isEnumerable: uncurry(Object.prototype.propertyIsEnumerable),
    isPrototypeOf(proto, value) {
      try {
        return isPrototypeOfRaw(proto, value);
      } catch {
        return false;
      }
    },
    toStringOf: objectToString,
    objectKeys: Object.keys,
    ownNames: Object.getOwnPropertyNames,
    ownSymbols: Object.getOwnPropertySymbols,
    ownKeys: Reflect.ownKeys,
    getProto: Object.getPrototypeOf,
    getOwnDesc: Object.getOwnPropertyDescriptor,
    defineProp: Object.defineProperty,
    isExtensible: Object.isExtensible,
    objectIs: Object.is,
    arrayIsArray: Array.isArray,
    push: uncurry(Array.prototype.push),
    join: uncurry(Array.prototype.join),
    slice: uncurry(Array.prototype.slice),
    sort: uncurry(Array.prototype.sort),
    splice: uncurry(Array.prototype.splice),
    indexOf: uncurry(Array.prototype.indexOf),
    includes: uncurry(Array.prototype.includes),
    strSlice: uncurry(String.prototype.slice),
    strIncludes: uncurry(String.prototype.includes),
    strIndexOf: uncurry(String.prototype.indexOf),
    strStartsWith: uncurry(String.prototype.startsWith),
    strEndsWith: uncurry(String.prototype.endsWith),
    strRepeat: uncurry(String.prototype.repeat),
    strSplit: uncurry(String.prototype.split),
    strCharCodeAt: uncurry(String.prototype.charCodeAt),
    strCodePointAt: uncurry(String.prototype.codePointAt),
    strNormalize: uncurry(String.prototype.normalize),
    strPadStart: uncurry(String.prototype.padStart),
    strPadEnd: uncurry(String.prototype.padEnd),
    strToLowerCase: uncurry(String.prototype.toLowerCase),
    strToUpperCase: uncurry(String.prototype.toUpperCase),
    reExec: uncurry(RegExp.prototype.exec),
    reTest: uncurry(RegExp.prototype.test),
    reReplace: uncurry(RegExp.prototype[Symbol.replace]),
    reToString: uncurry(RegExp.prototype.toString),
    strReplace: (text, pattern, replacement) => reReplaceRaw(pattern, text, replacement),
    fnToString: uncurry(Function.prototype.toString),
    symbolToString: uncurry(Symbol.prototype.toString),
    numberToString: uncurry(Number.prototype.toString),
    jsonStringify: JSON.stringify,
    mathMin: Math.min,
    mathMax: Math.max,
    mathSqrt: Math.sqrt,
    mathRound: Math.round,
    mathFloor: Math.floor,
    mathCeil: Math.ceil,
    mathTrunc: Math.trunc,
    numberIsNaN: Number.isNaN,
    numberParseInt: Number.parseInt,
    numberParseFloat: Number.parseFloat,
    MapCtor: Map,
    SetCtor: Set,
    mapGet: uncurry(Map.prototype.get),
    mapSet: uncurry(Map.prototype.set),
    mapHas: uncurry(Map.prototype.has),
    mapDelete: uncurry(Map.prototype.delete),
    mapSize: getter(Map.prototype, "size"),
    mapEntries: uncurry(Map.prototype.entries),
    mapIterNext: uncurry(Object.getPrototypeOf(new Map().entries()).next),
    setHas: uncurry(Set.prototype.has),
    setAdd: uncurry(Set.prototype.add),
    setSize: getter(Set.prototype, "size"),
    setValues: uncurry(Set.prototype.values),
    setIterNext: uncurry(Object.getPrototypeOf(new Set().values()).next),
    dateGetTime: uncurry(Date.prototype.getTime),
    dateToISOString: uncurry(Date.prototype.toISOString),
    dateToString: uncurry(Date.prototype.toString),
    errorToString: uncurry(Error.prototype.toString),
    getter,
    // Methods and getters that only work on one kind of object (see inspect.js `kind`).
    brands: {
      mapSize: getter(Map.prototype, "size"),
      setSize: getter(Set.prototype, "size"),
      typedArrayName: getter(TypedArrayPrototype, Symbol.toStringTag),
      typedArrayLength: getter(TypedArrayPrototype, "length"),
      regExpGlobal: getter(RegExp.prototype, "global"),
      regExpSource: getter(RegExp.prototype, "source"),
      regExpFlags: [["d", "hasIndices"], ["g", "global"], ["i", "ignoreCase"], ["m", "multiline"],
        ["s", "dotAll"], ["u", "unicode"], ["v", "unicodeSets"], ["y", "sticky"]]
        .map(([letter, name]) => [letter, getter(RegExp.prototype, name)]),
      dateGetTime: uncurry(Date.prototype.getTime),
      arrayBufferByteLength: getter(ArrayBuffer.prototype, "byteLength"),
      sharedArrayBufferByteLength: typeof SharedArrayBuffer === "function"
        ? getter(SharedArrayBuffer.prototype, "byteLength") : undefined,
      dataViewBuffer: getter(DataView.prototype, "buffer"),
      weakMapHas: ((has) => (v) => has(v, Object.prototype))(uncurry(WeakMap.prototype.has)),
      weakSetHas: ((has) => (v) => has(v, Object.prototype))(uncurry(WeakSet.prototype.has)),
      numberValueOf: uncurry(Number.prototype.valueOf),
      stringValueOf: uncurry(String.prototype.valueOf),
      booleanValueOf: uncurry(Boolean.prototype.valueOf),
      bigintValueOf: uncurry(BigInt.prototype.valueOf),
      symbolValueOf: uncurry(Symbol.prototype.valueOf),
      promiseThen: uncurry(Promise.prototype.then),
      isError: ErrorIsError !== undefined ? ErrorIsError
        : (v) => v[Symbol.toStringTag] === undefined && objectToString(v) === "[object Error]",
    },
    protos: {
      asyncFunction: Object.getPrototypeOf(async function () {}),
      generatorFunction: Object.getPrototypeOf(function* () {}),
      asyncGeneratorFunction: Object.getPrototypeOf(async function* () {}),
      mapIterator: Object.getPrototypeOf(new Map()[Symbol.iterator]()),
      setIterator: Object.getPrototypeOf(new Set()[Symbol.iterator]()),
    },
    // Global constructors present before any script runs: a toString or constructor from one
    // of them counts as built-in (format's %s, showHidden's prototype properties).
    builtinNames: new Set(Object.getOwnPropertyNames(globalThis)
      .filter((name) => /^[A-Z][a-zA-Z0-9]+$/.test(name))),
  };
  Q.primordials = P;
  const { strSlice, strIndexOf, strIncludes, push, join, objectIs, symbolToString } = P;

  // ---------------------------------------------------------------------------------------
  // Lazily loaded parts: Q.loadInternal (lazy.js) compiles and runs engine/js/<file> once.
  function inspection() {
    if (Q.inspection === undefined) Q.loadInternal("inspect.js");
    return Q.inspection;
  }

  // The text of a value that needs no inspection machinery, or undefined. Matches inspect()
  // for these values (numbers without separators, -0 as "-0").
  function simpleText(value) {
    switch (typeof value) {
      case "number":
        return objectIs(value, -0) ? "-0" : `${value}`;
      case "boolean":
        return value ? "true" : "false";
      case "undefined":
        return "undefined";
      case "bigint":
        return `${value}n`;
      case "symbol":
        return symbolToString(value);
      case "object":
        return value === null ? "null" : undefined;
      default:
        return undefined;
    }
  }

  function inspect(value, options) {
    if (arguments.length < 2) {
      const text = simpleText(value);
      if (text !== undefined) return text;
    }
    return Reflect.apply(inspection().inspect, undefined, arguments);
  }

  // util.format without loading inspect.js when every argument prints as itself: strings
  // (the first without "%") and primitives other than strings in later positions.
  function format(...args) {
    return formatArgs(args);
  }
  function formatArgs(args) {
    const quick = quickFormat(args);
    return quick !== undefined ? quick : inspection().formatWithOptionsImpl({}, args);
  }
  function quickFormat(args) {
    const n = args.length;
    if (n === 0) return "";
    const first = args[0];
    let out;
    if (typeof first === "string") {
      if (n === 1) return first;
      if (strIncludes(first, "%")) return undefined;
      out = first;
    } else {
      out = simpleText(first);
      if (out === undefined) return undefined;
    }
    for (let i = 1; i < n; i++) {
      const v = args[i];
      const text = typeof v === "string" ? v : simpleText(v);
      if (text === undefined) return undefined;
      out += " " + text;
    }
    return out;
  }
  function formatWithOptions(inspectOptions, ...args) {
    return inspection().formatWithOptions(inspectOptions, ...args);
  }

  Q.inspect = inspect;
  Q.format = format;
  Q.formatWithOptions = formatWithOptions;

  // ---------------------------------------------------------------------------------------
  // The console. Methods are plain functions (they work detached, `const { log } = console`).
  function write(stream, text) {
    Q.hostCall("qjsb.console.write", stream, text);
  }
  let groupIndent = "";
  function emit(stream, text) {
    if (groupIndent !== "") {
      if (strIncludes(text, "\n")) text = join(P.strSplit(text, "\n"), `\n${groupIndent}`);
      text = groupIndent + text;
    }
    write(stream, `${text}\n`);
  }
  // Node prints "(node:PID) Warning: ..." through process.emitWarning; without one the
  // warning goes straight to stderr.
  // Q.emitWarning is the runtime's process.emitWarning when it has one.
  function warn(message) {
    try {
      if (typeof Q.emitWarning === "function") {
        Q.emitWarning(message, "Warning");
        return;
      }
      write("stderr", `(qjsbridge) Warning: ${message}\n`);
    } catch {
      // a warning must never break the program
    }
  }

  const counts = new Map();
  const timers = new Map();
  function now() {
    const perf = globalThis.performance;
    return perf && typeof perf.now === "function" ? perf.now() : Date.now();
  }
  // 1.234ms, 1.500s, 1:02.003 (m:ss.mmm), 1:01:02.003 (h:mm:ss.mmm)
  function elapsedText(ms) {
    if (ms < 1000) return `${Number(ms.toFixed(3))}ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(3)}s`;
    const hours = Math.floor(ms / 3600000);
    const minutes = Math.floor((ms % 3600000) / 60000);
    const [secs, millis] = P.strSplit(((ms % 60000) / 1000).toFixed(3), ".");
    const two = (v) => P.strPadStart(`${v}`, 2, "0");
    const lead = hours !== 0 ? `${hours}:${two(minutes)}` : `${minutes}`;
    return `${lead}:${two(secs)}.${millis} (${hours !== 0 ? "h:m" : ""}m:ss.mmm)`;
  }
  function reportTime(method, label, data, remove) {
    label = `${label}`;
    const started = timers.get(label);
    if (started === undefined) {
      warn(`No such label '${label}' for console.${method}()`);
      return;
    }
    if (remove) timers.delete(label);
    const text = `${label}: ${elapsedText(now() - started)}`;
    if (data.length === 0) emit("stdout", text);
    else emit("stdout", format(text, ...data));
  }

  const console = {
    log(...args) {
      emit("stdout", formatArgs(args));
    },
    warn(...args) {
      emit("stderr", formatArgs(args));
    },
    dir(value, options) {
      emit("stdout", inspection().inspect(value, { customInspect: false, ...options }));
    },
    time(label = "default") {
      label = `${label}`;
      if (timers.has(label)) {
        warn(`Label '${label}' already exists for console.time()`);
        return;
      }
      timers.set(label, now());
    },
    timeEnd(label = "default") {
      reportTime("timeEnd", label, [], true);
    },
    timeLog(label = "default", ...data) {
      reportTime("timeLog", label, data, false);
    },
    trace(...args) {
      const err = new Error();
      const frames = `${err.stack || ""}`;
      const lines = P.strSplit(frames, "\n");
      // the frames below the header, without internal ones (trace() itself)
      const rest = [];
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (P.strStartsWith(line, "    at ") && !strIncludes(line, "(qjsbridge:")) push(rest, line);
      }
      const message = format(...args);
      const head = message === "" ? "Trace" : `Trace: ${message}`;
      emit("stderr", rest.length === 0 ? head : `${head}\n${join(rest, "\n")}`);
    },
    assert(ok, ...args) {
      if (ok) return;
      if (args.length === 0) args = ["Assertion failed"];
      else args[0] = `Assertion failed: ${args[0]}`;
      Reflect.apply(console.warn, console, args);
    },
    clear() {
      // no terminal to clear
    },
    count(label = "default") {
      label = `${label}`;
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      emit("stdout", `${label}: ${n}`);
    },
    countReset(label = "default") {
      label = `${label}`;
      if (!counts.has(label)) {
        warn(`Count for '${label}' does not exist`);
        return;
      }
      counts.set(label, 0);
    },
    group(...args) {
      if (args.length > 0) console.log(...args);
      groupIndent += "  ";
    },
    groupEnd() {
      groupIndent = strSlice(groupIndent, 0, Math.max(0, groupIndent.length - 2));
    },
    table(data, columns) {
      if (data === null || typeof data !== "object") {
        console.log(data);
        return;
      }
      emit("stdout", renderTable(data, columns));
    },
    profile() {},
    profileEnd() {},
    timeStamp() {},
  };
  console.debug = console.log;
  console.info = console.log;
  console.dirxml = console.log;
  console.error = console.warn;
  console.groupCollapsed = console.group;
  Object.defineProperty(console, Symbol.toStringTag, { __proto__: null,
    value: "console", writable: false, enumerable: false, configurable: true });

  // console.table: one row per own key (or iteration index), one column per property of the
  // rows (Values for primitive rows), cells inspected shallowly and left-aligned.
  function renderTable(data, columns) {
    const { inspect: show, stringWidth, kind } = inspection();
    if (columns !== undefined && !Array.isArray(columns)) {
      throw Q.invalidArgType("properties", "Array", columns);
    }
    const cell = (v) => show(v, {
      maxArrayLength: 3,
      breakLength: Infinity,
      colors: false,
      depth: v !== null && typeof v === "object" && !Array.isArray(v) &&
        Object.keys(v).length > 2 ? -1 : 0,
    });
    const heads = [];
    const cols = [];   // parallel to heads: row index -> text
    const rowCount = { n: 0 };
    const k = kind.of(data);
    const indexCol = [];
    let valuesCol;
    const addRow = (index, row) => {
      const r = rowCount.n++;
      indexCol[r] = index;
      const primitive = row === null || (typeof row !== "function" && typeof row !== "object");
      if (columns === undefined && primitive) {
        if (valuesCol === undefined) valuesCol = [];
        valuesCol[r] = cell(row);
        return;
      }
      const keys = columns !== undefined ? columns : Object.keys(row);
      for (const key of keys) {
        let at = heads.indexOf(key);
        if (at === -1) {
          at = heads.length;
          heads.push(key);
          cols.push([]);
        }
        cols[at][r] = primitive || !P.hasOwn(row, key) ? "" : cell(row[key]);
      }
    };
    let indexHead = "(index)";
    if (k === "map") {
      indexHead = "(iteration index)";
      const keyCol = [];
      let i = 0;
      // Maps and Sets show each value in one cell, whatever it is.
      valuesCol = [];
      for (const [key, value] of P.mapEntriesArray(data)) {
        indexCol[i] = `${i}`;
        keyCol[i] = cell(key);
        valuesCol[i] = cell(value);
        i++;
      }
      rowCount.n = i;
      heads.push("Key");
      cols.push(keyCol);
    } else if (k === "set") {
      indexHead = "(iteration index)";
      valuesCol = [];
      let i = 0;
      for (const value of P.setValuesArray(data)) {
        indexCol[i] = `${i}`;
        valuesCol[i++] = cell(value);
      }
      rowCount.n = i;
    } else {
      for (const key of Object.keys(data)) addRow(key, data[key]);
    }
    const header = [indexHead, ...heads];
    const body = [indexCol, ...cols];
    if (valuesCol !== undefined) {
      header.push("Values");
      body.push(valuesCol);
    }
    return drawTable(header, body, rowCount.n, stringWidth);
  }
  function drawTable(header, body, rows, stringWidth) {
    const widths = header.map((h, c) => {
      let w = stringWidth(h);
      for (let r = 0; r < rows; r++) {
        const t = body[c][r];
        if (t !== undefined) w = Math.max(w, stringWidth(t));
      }
      return w + 2;
    });
    const line = (cells) => {
      let out = "│";
      for (let c = 0; c < cells.length; c++) {
        const t = cells[c] === undefined ? "" : cells[c];
        out += ` ${t}${" ".repeat(widths[c] - 2 - stringWidth(t))} │`;
      }
      return out;
    };
    const rule = (l, m, r) => l + widths.map((w) => "─".repeat(w)).join(m) + r;
    const out = [rule("┌", "┬", "┐"), line(header), rule("├", "┼", "┤")];
    for (let r = 0; r < rows; r++) out.push(line(body.map((col) => col[r])));
    out.push(rule("└", "┴", "┘"));
    return out.join("\n");
  }
  P.mapEntriesArray = (map) => {
    const out = [];
    const it = P.mapEntries(map);
    for (let s = P.mapIterNext(it); !s.done; s = P.mapIterNext(it)) push(out, s.value);
    return out;
  };
  P.setValuesArray = (set) => {
    const out = [];
    const it = P.setValues(set);
    for (let s = P.setIterNext(it); !s.done; s = P.setIterNext(it)) push(out, s.value);
    return out;
  };

  Q.console = console;

  // ---------------------------------------------------------------------------------------
  // Builtin modules.
  Q.defineBuiltin("console", () => Q.console);
  Q.defineBuiltin("util", () => {
    inspection();
    Q.loadInternal("util.js");
    return Q.utilModule;
  });
})
