// qjsbridge inspect.js: util.inspect, util.format and the value classification they need.
//
// Written for qjsbridge from Node's documentation and Node 20's observed output (the
// differential cases in tests/js/console/ are the specification). Loaded on first use:
// console.js installs cheap stand-ins for Q.inspect / Q.format and asks Python for this file
// the first time something has to be inspected (Q.loadInternal). Evaluated as a function of Q;
// it sets Q.inspection = { inspect, format, formatWithOptions, ... }.
//
// Layout of a formatted value (names used below):
//   render(st, value, level)        any value; st is the per-call state, level the nesting depth
//   renderObject(st, obj, level)    objects: picks a shape (braces, a head, a lister) by kind
//   lister(st, obj, level)          the entries that are not own properties (array items, ...)
//   renderKey(st, obj, level, key)  one own property ("key: value")
//   arrange(st, parts, ...)         joins the entries on one line or several, grouping arrays
// What JavaScript cannot see (promise state, proxy targets, iterator contents) is listed in
// tests/js/console/known-differences.md.
(function (Q) {
  "use strict";

  const P = Q.primordials;
  const {
    apply, hasOwn, isEnumerable, toStringOf, objectKeys, ownNames, ownSymbols, ownKeys,
    getProto, getOwnDesc, defineProp, objectIs, arrayIsArray, push, join, slice, sort,
    splice, indexOf, includes, strSlice, strIncludes, strIndexOf, strStartsWith, strEndsWith,
    strRepeat, strReplace, strSplit, strCharCodeAt, strCodePointAt, strNormalize, strPadStart,
    strPadEnd, strToLowerCase, reExec, reTest, reReplace, reToString, fnToString,
    symbolToString, numberToString, jsonStringify, mathMin, mathMax, mathSqrt, mathRound,
    mathFloor, mathCeil, mathTrunc, numberIsNaN, numberParseInt, numberParseFloat, MapCtor, SetCtor,
    mapGet, mapSet, mapHas, mapSize, mapEntries, mapIterNext, setHas, setAdd, setSize,
    setValues, setIterNext, dateGetTime, dateToISOString, dateToString, errorToString,
    builtinNames,
  } = P;

  // ---------------------------------------------------------------------------------------
  // What kind of object a value is. JavaScript has no direct test for most internal slots, so
  // each kind is recognised by a built-in method or getter that only works on that kind
  // (and throws otherwise). Stack traces are switched off while probing: QuickJS captures one
  // for every exception, and no user code runs inside a probe.
  const kind = (() => {
    const { getter, brands, protos } = P;
    function quietly(fn, value) {
      let limit;
      let restore = false;
      try {
        limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        restore = true;
      } catch {
        // a frozen Error: probe with traces
      }
      try {
        return fn(value);
      } finally {
        if (restore) {
          try {
            Error.stackTraceLimit = limit;
          } catch {
            // ignore
          }
        }
      }
    }
    function works(fn, value) {
      try {
        fn(value);
        return true;
      } catch {
        return false;
      }
    }
    function isPromise(value) {
      // Promise.prototype.then rejects non-promises first; for a promise it next looks up the
      // species constructor, which we make throw a private marker so that no reaction is
      // registered (the promise is not marked handled).
      const saved = getOwnDesc(Promise, Symbol.species);
      if (saved === undefined || !saved.configurable) return isInstance(value, Promise);
      const marker = {};
      defineProp(Promise, Symbol.species, { __proto__: null, configurable: true,
        get() { throw marker; } });
      try {
        brands.promiseThen(value);
        return true;   // a promise whose constructor is undefined: no species lookup
      } catch (err) {
        return err === marker;
      } finally {
        defineProp(Promise, Symbol.species, saved);
      }
    }
    function classify(v) {
      if (arrayIsArray(v)) return "array";
      if (typeof v === "function") return "function";
      if (works(brands.mapSize, v)) return "map";
      if (works(brands.setSize, v)) return "set";
      if (brands.typedArrayName(v) !== undefined) return "typedarray";
      if (isRegExp(v)) return "regexp";
      if (works(brands.dateGetTime, v)) return "date";
      if (brands.isError(v)) return "error";
      if (works(brands.arrayBufferByteLength, v)) return "arraybuffer";
      if (brands.sharedArrayBufferByteLength !== undefined &&
          works(brands.sharedArrayBufferByteLength, v)) return "sharedarraybuffer";
      if (works(brands.dataViewBuffer, v)) return "dataview";
      if (works(brands.weakMapHas, v)) return "weakmap";
      if (works(brands.weakSetHas, v)) return "weakset";
      if (works(brands.numberValueOf, v)) return "number";
      if (works(brands.stringValueOf, v)) return "string";
      if (works(brands.booleanValueOf, v)) return "boolean";
      if (works(brands.bigintValueOf, v)) return "bigint";
      if (works(brands.symbolValueOf, v)) return "symbol";
      if (P.isPrototypeOf(protos.mapIterator, v)) return "mapiterator";
      if (P.isPrototypeOf(protos.setIterator, v)) return "setiterator";
      if (isNamespace(v)) return "module";
      if (isPromise(v)) return "promise";
      if (v[Symbol.toStringTag] === undefined && toStringOf(v) === "[object Arguments]") return "arguments";
      return "object";
    }
    // The flag getters answer undefined for RegExp.prototype itself and throw for non-regexps.
    function isRegExp(v) {
      try {
        return typeof brands.regExpGlobal(v) === "boolean";
      } catch {
        return false;
      }
    }
    function isNamespace(v) {
      if (getProto(v) !== null || P.isExtensible(v)) return false;
      const d = getOwnDesc(v, Symbol.toStringTag);
      return d !== undefined && d.value === "Module" && !d.writable && !d.configurable;
    }
    const intrinsicNames = { __proto__: null, array: "Array", function: "Function", map: "Map",
      set: "Set", regexp: "RegExp", date: "Date", error: "Error", arraybuffer: "ArrayBuffer",
      sharedarraybuffer: "SharedArrayBuffer", dataview: "DataView", weakmap: "WeakMap",
      weakset: "WeakSet", number: "Number", string: "String", boolean: "Boolean",
      bigint: "BigInt", symbol: "Symbol", promise: "Promise", arguments: "Arguments" };
    return {
      of(v) {
        return quietly(classify, v);
      },
      isRevokedProxy(v) {
        try {
          arrayIsArray(v);
          return false;
        } catch {
          return true;
        }
      },
      isArguments(v) {
        return v[Symbol.toStringTag] === undefined && toStringOf(v) === "[object Arguments]";
      },
      isErrorLike(v) {
        return isInstance(v, Error);
      },
      isNativeError(v) {
        return v !== null && typeof v === "object" && brands.isError(v);
      },
      isPromise(v) {
        return v !== null && typeof v === "object" && quietly(isPromise, v);
      },
      // A function's kind: its prototype chain says what it claims to be, its source text
      // whether it was written so (a plain function given an async prototype, or a bound
      // one, is not an async function).
      isGeneratorFunction(fn) {
        return (P.isPrototypeOf(protos.generatorFunction, fn) ||
          P.isPrototypeOf(protos.asyncGeneratorFunction, fn)) &&
          reTest(/^(?:async\s*)?(?:function\s*\*|\*)/, P.fnToString(fn));
      },
      isAsyncFunction(fn) {
        return (P.isPrototypeOf(protos.asyncFunction, fn) ||
          P.isPrototypeOf(protos.asyncGeneratorFunction, fn)) &&
          reTest(/^async\b/, P.fnToString(fn));
      },
      typedArrayName: brands.typedArrayName,
      typedArrayLength: brands.typedArrayLength,
      byteLength(v) {
        return works(brands.arrayBufferByteLength, v) ? brands.arrayBufferByteLength(v)
          : brands.sharedArrayBufferByteLength(v);
      },
      regExpText(re, detached) {
        if (!detached) return P.reToString(re);
        let flags = "";
        for (const [letter, get] of brands.regExpFlags) if (get !== undefined && get(re)) flags += letter;
        return `/${brands.regExpSource(re)}/${flags}`;
      },
      primitiveOf(v) {
        for (const get of [brands.numberValueOf, brands.stringValueOf, brands.booleanValueOf,
          brands.bigintValueOf, brands.symbolValueOf]) {
          try {
            return get(v);
          } catch {
            // next
          }
        }
        return undefined;
      },
      intrinsicName(v) {
        if (typeof v === "function") return "Function";
        const k = quietly(classify, v);
        if (k === "typedarray") return brands.typedArrayName(v);
        return intrinsicNames[k] || "Object";
      },
      isStackOverflow(err) {
        try {
          return err instanceof RangeError && err.message === "Maximum call stack size exceeded" ||
            (err !== null && typeof err === "object" && err.message === "stack overflow");
        } catch {
          return false;
        }
      },
    };
  })();

  const customSymbol = Symbol.for("nodejs.util.inspect.custom");

  // ---------------------------------------------------------------------------------------
  // Options. `defaults` is what util.inspect.defaultOptions shows and changes.
  const defaults = {
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
  };
  const optionNames = objectKeys(defaults);

  // SGR codes of util.inspect.colors (and the aliases Node accepts but does not enumerate).
  const colors = { __proto__: null };
  const colorTable = [
    ["reset", 0, 0], ["bold", 1, 22], ["dim", 2, 22], ["italic", 3, 23], ["underline", 4, 24],
    ["blink", 5, 25], ["inverse", 7, 27], ["hidden", 8, 28], ["strikethrough", 9, 29],
    ["doubleunderline", 21, 24], ["black", 30, 39], ["red", 31, 39], ["green", 32, 39],
    ["yellow", 33, 39], ["blue", 34, 39], ["magenta", 35, 39], ["cyan", 36, 39],
    ["white", 37, 39], ["bgBlack", 40, 49], ["bgRed", 41, 49], ["bgGreen", 42, 49],
    ["bgYellow", 43, 49], ["bgBlue", 44, 49], ["bgMagenta", 45, 49], ["bgCyan", 46, 49],
    ["bgWhite", 47, 49], ["framed", 51, 54], ["overlined", 53, 55], ["gray", 90, 39],
    ["redBright", 91, 39], ["greenBright", 92, 39], ["yellowBright", 93, 39],
    ["blueBright", 94, 39], ["magentaBright", 95, 39], ["cyanBright", 96, 39],
    ["whiteBright", 97, 39], ["bgGray", 100, 49], ["bgRedBright", 101, 49],
    ["bgGreenBright", 102, 49], ["bgYellowBright", 103, 49], ["bgBlueBright", 104, 49],
    ["bgMagentaBright", 105, 49], ["bgCyanBright", 106, 49], ["bgWhiteBright", 107, 49],
  ];
  for (const [name, on, off] of colorTable) colors[name] = [on, off];
  const colorAliases = [
    ["grey", "gray"], ["blackBright", "gray"], ["bgGrey", "bgGray"], ["bgBlackBright", "bgGray"],
    ["faint", "dim"], ["crossedout", "strikethrough"], ["strikeThrough", "strikethrough"],
    ["crossedOut", "strikethrough"], ["conceal", "hidden"], ["swapColors", "inverse"],
    ["swapcolors", "inverse"], ["doubleUnderline", "doubleunderline"],
  ];
  for (const [alias, target] of colorAliases) {
    defineProp(colors, alias, { __proto__: null, enumerable: false, configurable: true,
      get() { return this[target]; },
      set(value) { defineProp(this, alias, { __proto__: null, value, writable: true,
        enumerable: true, configurable: true }); },
    });
  }
  const styles = { __proto__: null,
    special: "cyan", number: "yellow", bigint: "yellow", boolean: "yellow",
    undefined: "grey", null: "bold", string: "green", symbol: "green", date: "magenta",
    regexp: "red", module: "underline",
  };

  function plain(text) {
    return text;
  }
  function painted(text, style) {
    const name = styles[style];
    if (name !== undefined) {
      const codes = colors[name];
      if (codes !== undefined) return `\u001b[${codes[0]}m${text}\u001b[${codes[1]}m`;
    }
    return text;
  }

  // The per-call state. Option fields keep Node's names (a custom inspect function receives
  // them); the rest is bookkeeping.
  function newState() {
    const st = {
      stylize: plain,
      indentationLvl: 0,   // columns of indentation of the value being formatted
      seen: [],            // objects on the current path (cycle detection)
      circular: undefined, // object -> reference number, for <ref *N> / [Circular *N]
      currentDepth: 0,     // level of the object formatted last (for `compact` grouping)
      budget: new MapCtor(),
      userOptions: undefined,
    };
    for (const name of optionNames) st[name] = defaults[name];
    return st;
  }

  // util.inspect(value[, options]) and the legacy (value, showHidden, depth, colors) form.
  function inspect(value, opts) {
    const st = newState();
    const argc = arguments.length;
    if (argc > 1) {
      if (argc > 2) {
        if (arguments[2] !== undefined) st.depth = arguments[2];
        if (argc > 3 && arguments[3] !== undefined) st.colors = arguments[3];
      }
      if (typeof opts === "boolean") {
        st.showHidden = opts;
      } else if (opts) {
        for (const key of objectKeys(opts)) {
          if (hasOwn(defaults, key) || key === "stylize") st[key] = opts[key];
          else if (st.userOptions === undefined) st.userOptions = opts;
        }
      }
    }
    if (st.colors) st.stylize = painted;
    if (st.maxArrayLength === null) st.maxArrayLength = Infinity;
    if (st.maxStringLength === null) st.maxStringLength = Infinity;
    return render(st, value, 0);
  }

  // What a custom inspect function receives as its `options` argument.
  function optionsFor(st, foreign) {
    const out = { stylize: st.stylize };
    for (const name of optionNames) out[name] = st[name];
    if (st.userOptions !== undefined) {
      for (const key of objectKeys(st.userOptions)) out[key] = st.userOptions[key];
    }
    if (foreign) {
      // the object lives outside our realm's Object.prototype: hand it nothing inherited
      const bare = { __proto__: null };
      for (const key of objectKeys(out)) bare[key] = out[key];
      const stylize = st.stylize;
      bare.stylize = function (text, style) { return stylize(`${text}`, `${style}`); };
      Object.setPrototypeOf(bare.stylize, null);
      return bare;
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Primitives.

  // Escapes as Node prints them: C0 and C1 controls, the quote in use, backslash, and lone
  // surrogates.
  const escapeAll = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const escapeNoQuote = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const shortEscapes = { __proto__: null, 8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r",
    39: "\\'", 92: "\\\\" };
  function escapeChar(ch) {
    const code = strCharCodeAt(ch, 0);
    const short = shortEscapes[code];
    if (short !== undefined) return short;
    const hex = strToUpperCaseHex(code);
    return code < 0x100 ? `\\x${hex}` : `\\u${numberToString(code, 16)}`;
  }
  function strToUpperCaseHex(code) {
    const hex = P.strToUpperCase(numberToString(code, 16));
    return hex.length < 2 ? "0" + hex : hex;
  }
  function escapeText(text, pattern) {
    pattern.lastIndex = 0;
    if (!reTest(pattern, text)) return text;
    pattern.lastIndex = 0;
    return reReplace(pattern, text, escapeChar);
  }
  // Single quotes unless the text has one; then double quotes, then backticks (if neither
  // appears and nothing looks like a template substitution); else escaped single quotes.
  function quote(text) {
    if (strIncludes(text, "'")) {
      if (!strIncludes(text, '"')) return `"${escapeText(text, escapeNoQuote)}"`;
      if (!strIncludes(text, "`") && !strIncludes(text, "${")) {
        return `\`${escapeText(text, escapeNoQuote)}\``;
      }
    }
    return `'${escapeText(text, escapeAll)}'`;
  }

  // Digit grouping for numericSeparator: "_" every three digits, away from the decimal point.
  function groupLeft(digits) {
    const start = digits[0] === "-" ? 1 : 0;
    let end = digits.length;
    let tail = "";
    while (end - start > 3) {
      tail = `_${strSlice(digits, end - 3, end)}${tail}`;
      end -= 3;
    }
    return strSlice(digits, 0, end) + tail;
  }
  function groupRight(digits) {
    let out = "";
    let i = 0;
    while (digits.length - i > 3) {
      out += `${strSlice(digits, i, i + 3)}_`;
      i += 3;
    }
    return out + strSlice(digits, i);
  }
  function formatNumber(stylize, n, separators) {
    if (!separators) return stylize(objectIs(n, -0) ? "-0" : `${n}`, "number");
    const text = `${n}`;
    if (n === mathTrunc(n) || numberIsNaN(n)) {
      if (strIncludes(text, "e") || n === Infinity || n === -Infinity || numberIsNaN(n)) {
        return stylize(text, "number");
      }
      return stylize(groupLeft(text), "number");
    }
    // Fractions are split at the decimal point. (Node 20 splits exponent-only fractions such
    // as 1e-7 at the last character, printing "1e-.1e_-7"; the same text is printed here.)
    const dot = strIndexOf(text, ".");
    return stylize(`${groupLeft(strSlice(text, 0, dot))}.${groupRight(strSlice(text, dot + 1))}`,
      "number");
  }
  function formatBigInt(stylize, n, separators) {
    const text = `${n}`;
    return stylize(`${separators ? groupLeft(text) : text}n`, "bigint");
  }

  function renderPrimitive(st, value) {
    switch (typeof value) {
      case "string": {
        let more = "";
        if (value.length > st.maxStringLength) {
          const cut = value.length - st.maxStringLength;
          value = strSlice(value, 0, st.maxStringLength);
          more = `... ${cut} more character${cut > 1 ? "s" : ""}`;
        }
        // Long strings with line breaks are shown one line per piece, joined with " +".
        if (st.compact !== true && value.length > 16 &&
            value.length > st.breakLength - st.indentationLvl - 4) {
          const lines = [];
          let from = 0;
          for (;;) {
            const nl = strIndexOf(value, "\n", from);
            if (nl === -1 || nl === value.length - 1) {
              push(lines, st.stylize(quote(strSlice(value, from)), "string"));
              break;
            }
            push(lines, st.stylize(quote(strSlice(value, from, nl + 1)), "string"));
            from = nl + 1;
          }
          return join(lines, ` +\n${strRepeat(" ", st.indentationLvl + 2)}`) + more;
        }
        return st.stylize(quote(value), "string") + more;
      }
      case "number":
        return formatNumber(st.stylize, value, st.numericSeparator);
      case "bigint":
        return formatBigInt(st.stylize, value, st.numericSeparator);
      case "boolean":
        return st.stylize(`${value}`, "boolean");
      case "undefined":
        return st.stylize("undefined", "undefined");
      default:
        return st.stylize(symbolToString(value), "symbol");
    }
  }

  // ---------------------------------------------------------------------------------------
  // Any value.
  function render(st, value, level, insideTypedArray) {
    if (value === null) return st.stylize("null", "null");
    if (typeof value !== "object" && typeof value !== "function") return renderPrimitive(st, value);
    if (kind.isRevokedProxy(value)) return st.stylize("<Revoked Proxy>", "special");

    if (st.customInspect) {
      const hook = value[customSymbol];
      if (typeof hook === "function" && hook !== inspect && !isPrototypeOfItsConstructor(value)) {
        const depth = st.depth === null ? null : st.depth - level;
        const foreign = !(value instanceof Object);
        const result = apply(hook, value, [depth, optionsFor(st, foreign), inspect]);
        if (result !== value) {
          if (typeof result !== "string") return render(st, result, level);
          return strReplace(result, /\n/g, `\n${strRepeat(" ", st.indentationLvl)}`);
        }
      }
    }

    if (includes(st.seen, value)) {
      if (st.circular === undefined) st.circular = new MapCtor();
      let n = mapGet(st.circular, value);
      if (n === undefined) {
        n = mapSize(st.circular) + 1;
        mapSet(st.circular, value, n);
      }
      return st.stylize(`[Circular *${n}]`, "special");
    }
    return renderObject(st, value, level, insideTypedArray);
  }

  function isPrototypeOfItsConstructor(value) {
    const ctor = value.constructor;
    return !!ctor && ctor.prototype === value;
  }

  // Kinds of entry lists: object entries ("key: value") are never grouped in columns.
  const OBJECT_ENTRIES = 0;
  const ARRAY_ENTRIES = 1;
  const ITEM = 2;   // an array item: printed without its index

  function noEntries() {
    return [];
  }

  function renderObject(st, obj, level, insideTypedArray) {
    let protoProps;
    if (st.showHidden && (st.depth === null || level <= st.depth)) protoProps = [];
    const ctor = constructorName(st, obj, level, protoProps);
    if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined;

    let tag = obj[Symbol.toStringTag];
    // An own tag is shown as a property already (own enumerable, or any own with showHidden).
    if (typeof tag !== "string" ||
        (tag !== "" && (st.showHidden ? hasOwn : isEnumerable)(obj, Symbol.toStringTag))) {
      tag = "";
    }
    const bare = protoProps === undefined;

    let keys;
    let head = "";
    let lister = noEntries;
    let open;
    let close = "}";
    let entries = OBJECT_ENTRIES;
    // The kind is only needed for objects that are not plain: most objects skip the probes.
    let k = arrayIsArray(obj) ? "array" : typeof obj === "function" ? "function" : undefined;
    let plainShape = true;

    if (ctor === null || obj[Symbol.iterator]) {
      plainShape = false;
      if (k === undefined) k = kind.of(obj);
      if (k === "array") {
        keys = nonIndexKeys(obj, st.showHidden);
        const length = obj.length;
        const prefix = ctor !== "Array" || tag !== "" ? prefixOf(ctor, tag, "Array", `(${length})`) : "";
        if (length === 0 && keys.length === 0 && bare) return `${prefix}[]`;
        open = `${prefix}[`;
        close = "]";
        entries = ARRAY_ENTRIES;
        lister = listArray;
      } else if (k === "set") {
        const size = setSize(obj);
        const prefix = prefixOf(ctor, tag, "Set", `(${size})`);
        keys = propertyKeys(obj, st.showHidden);
        if (size === 0 && keys.length === 0 && bare) return `${prefix}{}`;
        open = `${prefix}{`;
        lister = listSet;
      } else if (k === "map") {
        const size = mapSize(obj);
        const prefix = prefixOf(ctor, tag, "Map", `(${size})`);
        keys = propertyKeys(obj, st.showHidden);
        if (size === 0 && keys.length === 0 && bare) return `${prefix}{}`;
        open = `${prefix}{`;
        lister = listMap;
      } else if (k === "typedarray") {
        keys = nonIndexKeys(obj, st.showHidden);
        const length = kind.typedArrayLength(obj);
        const prefix = prefixOf(ctor, tag, kind.typedArrayName(obj), `(${length})`);
        if (length === 0 && keys.length === 0 && !st.showHidden) return `${prefix}[]`;
        open = `${prefix}[`;
        close = "]";
        entries = ARRAY_ENTRIES;
        lister = listTypedArray;
      } else if (k === "mapiterator" || k === "setiterator") {
        keys = propertyKeys(obj, st.showHidden);
        open = `[${tag}] {`;
        lister = listUnknownItems;
      } else {
        plainShape = true;
      }
    }
    if (plainShape) {
      keys = propertyKeys(obj, st.showHidden);
      open = "{";
      if (typeof obj === "function") {
        head = functionHead(obj, ctor, tag);
        if (keys.length === 0 && bare) return st.stylize(head, "special");
      } else if (ctor === "Object") {
        if (kind.isArguments(obj)) {
          open = "[Arguments] {";
        } else if (tag !== "") {
          open = `${prefixOf(ctor, tag, "Object")}{`;
        }
        if (keys.length === 0 && bare) return `${open}}`;
      } else if ((k === undefined ? (k = kind.of(obj)) : k) === "regexp") {
        head = kind.regExpText(obj, ctor === null);
        const prefix = prefixOf(ctor, tag, "RegExp");
        if (prefix !== "RegExp ") head = `${prefix}${head}`;
        if ((keys.length === 0 && bare) || (st.depth !== null && level > st.depth)) {
          return st.stylize(head, "regexp");
        }
      } else if (k === "date") {
        head = numberIsNaN(dateGetTime(obj)) ? dateToString(obj) : dateToISOString(obj);
        const prefix = prefixOf(ctor, tag, "Date");
        if (prefix !== "Date ") head = `${prefix}${head}`;
        if (keys.length === 0 && bare) return st.stylize(head, "date");
      } else if (k === "error" || kind.isErrorLike(obj)) {
        head = errorHead(st, obj, ctor, tag, keys);
        if (keys.length === 0 && bare) return head;
      } else if (k === "arraybuffer" || k === "sharedarraybuffer") {
        const prefix = prefixOf(ctor, tag, k === "arraybuffer" ? "ArrayBuffer" : "SharedArrayBuffer");
        if (!insideTypedArray) {
          lister = listBytes;
        } else if (keys.length === 0 && bare) {
          return `${prefix}{ byteLength: ${formatNumber(st.stylize, kind.byteLength(obj), false)} }`;
        }
        open = `${prefix}{`;
        keys = [  "byteLength", ...keys];
      } else if (k === "dataview") {
        open = `${prefixOf(ctor, tag, "DataView")}{`;
        keys = ["byteLength", "byteOffset", "buffer", ...keys];
      } else if (k === "promise") {
        open = `${prefixOf(ctor, tag, "Promise")}{`;
        lister = listPromise;
      } else if (k === "weakset" || k === "weakmap") {
        open = `${prefixOf(ctor, tag, k === "weakset" ? "WeakSet" : "WeakMap")}{`;
        lister = listUnknownItems;
      } else if (k === "module") {
        open = `${prefixOf(ctor, tag, "Module")}{`;
        const names = keys;
        keys = [];
        lister = (state, ns, lvl) => listNamespace(state, ns, lvl, names);
      } else if (k === "number" || k === "string" || k === "boolean" || k === "bigint" ||
                 k === "symbol") {
        head = boxedHead(st, obj, k, keys, ctor, tag);
        if (keys.length === 0 && bare) return head;
      } else {
        const prefix = prefixOf(ctor, tag, "Object");
        if (keys.length === 0 && bare) return `${prefix}{}`;
        open = `${prefix}{`;
      }
    }

    if (st.depth !== null && level > st.depth) {
      const name = strSlice(prefixOf(ctor, tag, ctor === null ? kind.intrinsicName(obj) : "Object"), 0, -1);
      return st.stylize(ctor !== null ? `[${name}]` : name, "special");
    }
    level += 1;
    push(st.seen, obj);
    st.currentDepth = level;
    const indentation = st.indentationLvl;
    let parts;
    try {
      parts = lister(st, obj, level);
      for (let i = 0; i < keys.length; i++) push(parts, renderKey(st, obj, level, keys[i], entries));
      if (protoProps !== undefined) for (const p of protoProps) push(parts, p);
    } catch (err) {
      if (!kind.isStackOverflow(err)) throw err;
      st.seen.length -= 1;
      st.indentationLvl = indentation;
      const name = strSlice(prefixOf(ctor, tag, "Object"), 0, -1);
      return st.stylize(`[${name}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`,
        "special");
    }
    if (st.circular !== undefined) {
      const n = mapGet(st.circular, obj);
      if (n !== undefined) {
        const ref = st.stylize(`<ref *${n}>`, "special");
        if (st.compact !== true) head = head === "" ? ref : `${ref} ${head}`;
        else open = `${ref} ${open}`;
      }
    }
    st.seen.length -= 1;

    if (st.sorted) {
      const order = st.sorted === true ? undefined : st.sorted;
      if (entries === OBJECT_ENTRIES) {
        sort(parts, order);
      } else if (keys.length > 1) {
        const props = sort(slice(parts, parts.length - keys.length), order);
        for (let i = 0; i < props.length; i++) parts[parts.length - keys.length + i] = props[i];
      }
    }

    const text = arrange(st, parts, head, open, close, entries, level, obj);
    // Huge outputs: once a level has produced 128 MiB, stop descending (like Node).
    const used = (mapGet(st.budget, st.indentationLvl) || 0) + text.length;
    mapSet(st.budget, st.indentationLvl, used);
    if (used > 2 ** 27) st.depth = -1;
    return text;
  }

  // "Foo", "Foo(3)", "Foo [Tag]", "[Foo: null prototype]", ... followed by a space.
  function prefixOf(ctor, tag, fallback, size = "") {
    if (ctor === null) {
      if (tag !== "" && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== "" && ctor !== tag) return `${ctor}${size} [${tag}] `;
    return `${ctor}${size} `;
  }

  function isInstance(obj, ctor) {
    try {
      return obj instanceof ctor;
    } catch {
      return false;
    }
  }

  // The name of the nearest constructor on the prototype chain whose prototype the object
  // really inherits from; null for an object without prototype. For an object whose chain
  // has no usable constructor, "<kind> <prototype>" (Node reads the kind from V8; we use the
  // brand, see known-differences.md).
  function constructorName(st, obj, level, protoProps) {
    let first;
    let cur = obj;
    while (cur !== null && cur !== undefined) {
      const d = getOwnDesc(cur, "constructor");
      if (d !== undefined && typeof d.value === "function" && d.value.name !== "" &&
          isInstance(obj, d.value)) {
        if (protoProps !== undefined && (first !== cur || !setHas(builtinNames, d.value.name))) {
          collectProtoProps(st, obj, first || obj, level, protoProps);
        }
        return String(d.value.name);
      }
      cur = getProto(cur);
      if (first === undefined) first = cur;
    }
    if (first === null) return null;
    const fallback = kind.intrinsicName(obj);
    if (st.depth !== null && level > st.depth) return `${fallback} <Complex prototype>`;
    const protoName = constructorName(st, first, level + 1, protoProps);
    if (protoName === null) {
      const opts = optionsFor(st, false);
      opts.customInspect = false;
      opts.depth = -1;
      return `${fallback} <${inspect(first, opts)}>`;
    }
    return `${fallback} <${protoName}>`;
  }

  // showHidden: the non-method properties of up to three user-defined prototypes, as
  // "[name]: value" (accessors are evaluated against the inspected object).
  function collectProtoProps(st, obj, start, level, out) {
    let proto = start;
    const shown = new SetCtor();
    for (let step = 0; step < 3; step++) {
      if (step !== 0 || proto === obj) {
        proto = getProto(proto);
        if (proto === null) return;
        const d = getOwnDesc(proto, "constructor");
        if (d !== undefined && typeof d.value === "function" && setHas(builtinNames, d.value.name)) return;
      }
      const names = ownKeys(proto);
      push(st.seen, obj);
      for (const key of names) {
        if (key === "constructor" || hasOwn(obj, key) || setHas(shown, key)) continue;
        const desc = getOwnDesc(proto, key);
        if (typeof desc.value === "function") continue;
        const text = renderKey(st, proto, level, key, OBJECT_ENTRIES, desc, obj);
        push(out, st.colors ? `\u001b[2m${text}\u001b[22m` : text);
      }
      st.seen.length -= 1;
      for (const key of names) setAdd(shown, key);
    }
  }

  // Own keys shown as properties: enumerable string keys and symbols (all with showHidden).
  function propertyKeys(obj, showHidden) {
    const symbols = ownSymbols(obj);
    let keys;
    if (showHidden) {
      keys = ownNames(obj);
      for (const s of symbols) push(keys, s);
    } else {
      try {
        keys = objectKeys(obj);
      } catch {
        keys = ownNames(obj);   // module namespace with uninitialized bindings
      }
      for (const s of symbols) if (isEnumerable(obj, s)) push(keys, s);
    }
    return keys;
  }
  const indexPattern = /^(?:0|[1-9][0-9]*)$/;
  function isIndex(key) {
    return typeof key === "string" && reTest(indexPattern, key) && +key <= 2 ** 32 - 2;
  }
  // Same, without array indices (arrays and typed arrays list their items separately).
  function nonIndexKeys(obj, showHidden) {
    const out = [];
    for (const key of propertyKeys(obj, showHidden)) if (!isIndex(key)) push(out, key);
    return out;
  }

  function moreItems(n) {
    return `... ${n} more item${n > 1 ? "s" : ""}`;
  }
  function holes(st, n) {
    return st.stylize(`<${n} empty item${n > 1 ? "s" : ""}>`, "undefined");
  }

  // ---------------------------------------------------------------------------------------
  // Listers: the entries of an object that are not its own properties.
  function listArray(st, arr, level) {
    const length = arr.length;
    const limit = mathMin(mathMax(0, st.maxArrayLength), length);
    const out = [];
    for (let i = 0; i < limit; i++) {
      if (!hasOwn(arr, i)) return listSparseArray(st, arr, level, limit, out, i);
      push(out, renderKey(st, arr, level, i, ITEM));
    }
    if (length > limit) push(out, moreItems(length - limit));
    return out;
  }
  // From the first hole on: runs of holes become one "<N empty items>" entry, which counts
  // as one entry against maxArrayLength.
  function listSparseArray(st, arr, level, limit, out, from) {
    const keys = objectKeys(arr);   // index keys come first, ascending
    let next = from;                // first position not shown yet
    for (let i = from; i < keys.length && out.length < limit; i++) {
      const key = keys[i];
      if (!isIndex(key)) break;
      const at = +key;
      if (at !== next) {
        push(out, holes(st, at - next));
        next = at;
        if (out.length === limit) break;
      }
      push(out, renderKey(st, arr, level, key, ITEM));
      next += 1;
    }
    const rest = arr.length - next;
    if (out.length !== limit) {
      if (rest > 0) push(out, holes(st, rest));
    } else if (rest > 0) {
      push(out, moreItems(rest));
    }
    return out;
  }
  function listTypedArray(st, arr, level) {
    const length = kind.typedArrayLength(arr);
    const limit = mathMin(mathMax(0, st.maxArrayLength), length);
    const out = [];
    for (let i = 0; i < limit; i++) {
      const item = arr[i];
      push(out, typeof item === "bigint" ? formatBigInt(st.stylize, item, st.numericSeparator)
        : formatNumber(st.stylize, item, st.numericSeparator));
    }
    if (length > limit) push(out, moreItems(length - limit));
    if (st.showHidden) {
      st.indentationLvl += 2;
      for (const name of ["BYTES_PER_ELEMENT", "length", "byteLength", "byteOffset", "buffer"]) {
        push(out, `[${name}]: ${render(st, arr[name], level, true)}`);
      }
      st.indentationLvl -= 2;
    }
    return out;
  }
  function listBytes(st, buffer) {
    let bytes;
    try {
      bytes = new Uint8Array(buffer);
    } catch {
      return [st.stylize("(detached)", "special")];
    }
    const shown = mathMin(st.maxArrayLength, bytes.length);
    let hex = "";
    for (let i = 0; i < shown; i++) {
      const b = bytes[i];
      hex += `${i === 0 ? "" : " "}${b < 16 ? "0" : ""}${numberToString(b, 16)}`;
    }
    const rest = bytes.length - st.maxArrayLength;
    if (rest > 0) hex += ` ... ${rest} more byte${rest > 1 ? "s" : ""}`;
    return [`${st.stylize("[Uint8Contents]", "special")}: <${hex}>`];
  }
  function listSet(st, set, level) {
    const size = setSize(set);
    const limit = mathMin(mathMax(0, st.maxArrayLength), size);
    const out = [];
    st.indentationLvl += 2;
    const it = setValues(set);
    for (let n = 0; n < limit; n++) {
      const step = setIterNext(it);
      if (step.done) break;
      push(out, render(st, step.value, level));
    }
    if (size > limit) push(out, moreItems(size - limit));
    st.indentationLvl -= 2;
    return out;
  }
  function listMap(st, map, level) {
    const size = mapSize(map);
    const limit = mathMin(mathMax(0, st.maxArrayLength), size);
    const out = [];
    st.indentationLvl += 2;
    const it = mapEntries(map);
    for (let n = 0; n < limit; n++) {
      const step = mapIterNext(it);
      if (step.done) break;
      const pair = step.value;
      push(out, `${render(st, pair[0], level)} => ${render(st, pair[1], level)}`);
    }
    if (size > limit) push(out, moreItems(size - limit));
    st.indentationLvl -= 2;
    return out;
  }
  // Contents JavaScript cannot read without changing them (see known-differences.md).
  function listUnknownItems(st) {
    return [st.stylize("<items unknown>", "special")];
  }
  function listPromise(st) {
    return [st.stylize("<unknown>", "special")];
  }
  function listNamespace(st, ns, level, names) {
    const out = [];
    for (const key of names) {
      try {
        push(out, renderKey(st, ns, level, key, OBJECT_ENTRIES));
      } catch (err) {
        if (!(err instanceof ReferenceError)) throw err;
        const name = typeof key === "string" && reTest(identifierPattern, key) ? key : quote(`${key}`);
        push(out, `${name}: ${st.stylize("<uninitialized>", "special")}`);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // One own property: "name: value" (just the value for array items).
  const identifierPattern = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
  function renderKey(st, obj, level, key, entries, desc, receiver = obj) {
    if (desc === undefined) desc = getOwnDesc(obj, key) || { value: obj[key], enumerable: true };
    let text;
    let gap = " ";
    if (desc.value !== undefined) {
      const shift = st.compact !== true || entries !== OBJECT_ENTRIES ? 2 : 3;
      st.indentationLvl += shift;
      text = render(st, desc.value, level);
      if (shift === 3 && st.breakLength < stringWidth(text, st.colors)) {
        gap = `\n${strRepeat(" ", st.indentationLvl)}`;
      }
      st.indentationLvl -= shift;
    } else if (desc.get !== undefined) {
      const label = desc.set !== undefined ? "Getter/Setter" : "Getter";
      const g = st.getters;
      if (g && (g === true || (g === "get" && desc.set === undefined) ||
                (g === "set" && desc.set !== undefined))) {
        try {
          const got = apply(desc.get, receiver, []);
          st.indentationLvl += 2;
          if (got === null) {
            text = `${st.stylize(`[${label}:`, "special")} ${st.stylize("null", "null")}${st.stylize("]", "special")}`;
          } else if (typeof got === "object") {
            text = `${st.stylize(`[${label}]`, "special")} ${render(st, got, level)}`;
          } else {
            text = `${st.stylize(`[${label}:`, "special")} ${renderPrimitive(st, got)}${st.stylize("]", "special")}`;
          }
          st.indentationLvl -= 2;
        } catch (err) {
          text = `${st.stylize(`[${label}:`, "special")} <Inspection threw (${err.message})>${st.stylize("]", "special")}`;
        }
      } else {
        text = st.stylize(`[${label}]`, "special");
      }
    } else if (desc.set !== undefined) {
      text = st.stylize("[Setter]", "special");
    } else {
      text = st.stylize("undefined", "undefined");
    }
    if (entries === ITEM) return text;

    let name;
    if (typeof key === "symbol") {
      name = `[${st.stylize(escapeText(symbolToString(key), escapeAll), "symbol")}]`;
    } else if (key === "__proto__") {
      name = "['__proto__']";
    } else if (desc.enumerable === false) {
      name = `[${escapeText(key, escapeAll)}]`;
    } else if (reTest(identifierPattern, key)) {
      name = st.stylize(key, "name");
    } else {
      name = st.stylize(quote(key), "string");
    }
    return `${name}:${gap}${text}`;
  }

  // ---------------------------------------------------------------------------------------
  // Heads: what precedes the braces (or replaces them) for functions, errors, boxes.
  function functionHead(fn, ctor, tag) {
    const source = fnToString(fn);
    if (strStartsWith(source, "class") && strEndsWith(source, "}") && looksLikeClass(source)) {
      return classHead(fn, ctor, tag);
    }
    let type = "Function";
    if (kind.isGeneratorFunction(fn)) type = `Generator${type}`;
    if (kind.isAsyncFunction(fn)) type = `Async${type}`;
    let head = `[${type}`;
    if (ctor === null) head += " (null prototype)";
    const name = fn.name;
    head += name === "" ? " (anonymous)" : `: ${typeof name === "symbol" ? symbolToString(name) : name}`;
    head += "]";
    if (ctor !== type && ctor !== null) head += ` ${ctor}`;
    if (tag !== "" && ctor !== tag) head += ` [${tag}]`;
    return head;
  }
  // "class" must be the keyword, not a method called class (`class() {}`): the text up to
  // the body's brace is a class header when it has no "(" or names something before one
  // (`class A extends mixin(B) {`).
  function looksLikeClass(source) {
    const rest = reReplace(/\/\/[^\n]*\n|\/\*[\s\S]*?\*\//g, strSlice(source, 5), " ");
    const brace = strIndexOf(rest, "{");
    if (brace === -1) return false;
    const header = strSlice(rest, 0, brace);
    const paren = strIndexOf(header, "(");
    if (paren === -1) return true;
    return reTest(/^\s+\S/, strSlice(header, 0, paren));
  }
  function classHead(fn, ctor, tag) {
    const name = (hasOwn(fn, "name") && fn.name) || "(anonymous)";
    let head = `class ${name}`;
    if (ctor !== "Function" && ctor !== null) head += ` [${ctor}]`;
    if (tag !== "" && ctor !== tag) head += ` [${tag}]`;
    if (ctor !== null) {
      const parent = getProto(fn).name;
      if (parent) head += ` extends ${parent}`;
    } else {
      head += " extends [null prototype]";
    }
    return `[${head}]`;
  }

  function boxedHead(st, obj, k, keys, ctor, tag) {
    const type = k === "bigint" ? "BigInt" : `${P.strToUpperCase(k[0])}${strSlice(k, 1)}`;
    if (k === "string") {
      // the characters show in the head, not as index properties
      let n = kind.primitiveOf(obj).length;
      while (n > 0 && keys.length > 0 && isIndex(keys[0])) {
        splice(keys, 0, 1);
        n--;
      }
    }
    let head = `[${type}`;
    if (type !== ctor) head += ctor === null ? " (null prototype)" : ` (${ctor})`;
    const plainState = { __proto__: st, stylize: plain };
    head += `: ${renderPrimitive(plainState, kind.primitiveOf(obj))}]`;
    if (tag !== "" && tag !== ctor) head += ` [${tag}]`;
    if (keys.length !== 0 || st.stylize === plain) return head;
    return st.stylize(head, strToLowerCase(type));
  }

  // Errors print their stack (frames included), with the header fixed up to show the class
  // and tag, frames shared with the cause collapsed, and the message indented with the value.
  function stackText(err) {
    const stack = err.stack;
    return stack ? `${stack}` : errorToString(err);
  }
  function errorHead(st, err, ctor, tag, keys) {
    const name = err.name != null ? `${err.name}` : "Error";
    let stack = stackText(err);
    // name/message/stack shown as properties only when the stack does not show them
    if (!st.showHidden && keys.length !== 0) {
      for (const prop of ["name", "message", "stack"]) {
        const at = indexOf(keys, prop);
        if (at !== -1 && strIncludes(stack, err[prop])) splice(keys, at, 1);
      }
    }
    if ("cause" in err && (keys.length === 0 || !includes(keys, "cause"))) push(keys, "cause");
    const errors = err.errors;
    if (arrayIsArray(errors) && (keys.length === 0 || !includes(keys, "errors"))) push(keys, "errors");

    stack = fixHeader(stack, ctor, name, tag);

    const message = err.message;
    let after = (message && strIndexOf(stack, message)) || -1;
    if (after !== -1) after += message.length;
    const framesAt = strIndexOf(stack, "\n    at", after);
    if (framesAt === -1) {
      stack = `[${stack}]`;
    } else {
      const frames = collapseCauseFrames(st, err, strSplit(strSlice(stack, framesAt + 1), "\n"));
      stack = `${strSlice(stack, 0, framesAt)}\n${join(frames, "\n")}`;
    }
    if (st.indentationLvl !== 0) {
      stack = strReplace(stack, /\n/g, `\n${strRepeat(" ", st.indentationLvl)}`);
    }
    return stack;
  }
  // Only "regular looking" stacks (header = name, name ends in Error) are rewritten.
  function fixHeader(stack, ctor, name, tag) {
    let len = name.length;
    if (ctor === null ||
        (strEndsWith(name, "Error") && strStartsWith(stack, name) &&
         (stack.length === len || stack[len] === ":" || stack[len] === "\n"))) {
      let fallback = "Error";
      if (ctor === null) {
        fallback = headerName(stack);
        len = fallback.length;
        fallback = fallback || "Error";
      }
      const prefix = strSlice(prefixOf(ctor, tag, fallback), 0, -1);
      if (name !== prefix) {
        if (strIncludes(prefix, name)) {
          stack = len === 0 ? `${prefix}: ${stack}` : `${prefix}${strSlice(stack, len)}`;
        } else {
          stack = `${prefix} [${name}]${strSlice(stack, len)}`;
        }
      }
    }
    return stack;
  }
  // The class name a stack starts with, for errors without prototype: "Name: ..." or a name
  // line followed by frames (a capital, then letters, digits, spaces and _-()[]), or a stack
  // that is only "SomethingError".
  function headerName(stack) {
    let end = 0;
    while (end < stack.length && reTest(/[\w ()[\]-]/, stack[end])) end++;
    if (end >= 2 && reTest(/[A-Z]/, stack[0]) &&
        (stack[end] === ":" || (stack[end] === "\n" && reTest(/^\n\s+at/, strSlice(stack, end))))) {
      return strSlice(stack, 0, end);
    }
    return reTest(/^[\w-]*Error$/, stack) ? stack : "";
  }

  // Frames also at the end of the cause's stack: keep the first and last of the shared run
  // and replace the rest with "... N lines matching cause stack trace ...".
  function collapseCauseFrames(st, err, frames) {
    let cause;
    try {
      cause = err.cause;
    } catch {
      return frames;
    }
    if (cause == null || !(kind.of(cause) === "error" || kind.isErrorLike(cause))) return frames;
    const causeStack = stackText(cause);
    const at = strIndexOf(causeStack, "\n    at");
    if (at === -1) return frames;
    const theirs = strSplit(strSlice(causeStack, at + 1), "\n");
    for (let i = 0; i < frames.length - 3; i++) {
      const j = indexOf(theirs, frames[i]);
      if (j === -1 || theirs.length - j <= 3) continue;
      const most = mathMin(frames.length - i, theirs.length - j);
      let run = 1;
      while (run < most && frames[i + run] === theirs[j + run]) run++;
      if (run > 3) {
        const hidden = run - 2;
        splice(frames, i + 1, hidden,
          st.stylize(`    ... ${hidden} lines matching cause stack trace ...`, "undefined"));
        return frames;
      }
    }
    return frames;
  }

  // ---------------------------------------------------------------------------------------
  // Layout.
  const colorCodes = /\u001b\[\d\d?m/g;
  function uncolored(text) {
    return strReplace(text, colorCodes, "");
  }

  // Does everything fit on one line of breakLength (counting ", " between entries)?
  function fitsOnOneLine(st, parts, start, head) {
    let total = parts.length + start;
    if (total + parts.length > st.breakLength) return false;
    for (let i = 0; i < parts.length; i++) {
      total += st.colors ? uncolored(parts[i]).length : parts[i].length;
      if (total > st.breakLength) return false;
    }
    return head === "" || !strIncludes(head, "\n");
  }

  function arrange(st, parts, head, open, close, entries, level, value) {
    if (st.compact !== true) {
      if (typeof st.compact === "number" && st.compact >= 1) {
        const count = parts.length;
        if (entries === ARRAY_ENTRIES && count > 6) parts = columns(st, parts, value);
        // The innermost `compact` levels may share a line if it fits.
        if (st.currentDepth - level < st.compact && count === parts.length) {
          const start = parts.length + st.indentationLvl + open.length + head.length + 10;
          if (fitsOnOneLine(st, parts, start, head)) {
            const line = join(parts, ", ");
            if (!strIncludes(line, "\n")) return `${head ? `${head} ` : ""}${open} ${line} ${close}`;
          }
        }
      }
      const nl = `\n${strRepeat(" ", st.indentationLvl)}`;
      return `${head ? `${head} ` : ""}${open}${nl}  ${join(parts, `,${nl}  `)}${nl}${close}`;
    }
    if (fitsOnOneLine(st, parts, 0, head)) {
      return `${open}${head ? ` ${head}` : ""} ${join(parts, ", ")} ${close}`;
    }
    const pad = strRepeat(" ", st.indentationLvl);
    const lead = head === "" && open.length === 1 ? " " : `${head ? ` ${head}` : ""}\n${pad}  `;
    return `${open}${lead}${join(parts, `,\n${pad}  `)} ${close}`;
  }

  // Arrays of many short items are laid out in aligned columns: about as many columns as
  // make a block 2.5 times wider than high, at most 15 and at most compact * 4, numbers
  // right-aligned and anything else left-aligned.
  function columns(st, parts, value) {
    let count = parts.length;
    if (st.maxArrayLength < parts.length) count--;   // the "... more items" entry stays alone
    const gap = 2;   // ", "
    const widths = [];
    let total = 0;
    let widest = 0;
    for (let i = 0; i < count; i++) {
      const w = stringWidth(parts[i], st.colors);
      widths[i] = w;
      total += w + gap;
      if (w > widest) widest = w;
    }
    const cell = widest + gap;
    if (cell * 3 + st.indentationLvl >= st.breakLength ||
        !(total / cell > 5 || widest <= 6)) {
      return parts;
    }
    const bias = mathSqrt(cell - total / parts.length);
    const scaled = mathMax(cell - 3 - bias, 1);
    const ncols = mathMin(
      mathRound(mathSqrt(2.5 * scaled * count) / scaled),
      mathFloor((st.breakLength - st.indentationLvl) / cell),
      st.compact * 4,
      15,
    );
    if (ncols <= 1) return parts;
    const colWidth = [];
    for (let c = 0; c < ncols; c++) {
      let w = 0;
      for (let i = c; i < parts.length; i += ncols) if (widths[i] > w) w = widths[i];
      push(colWidth, w + gap);
    }
    let numeric = true;
    if (value !== undefined) {
      for (let i = 0; i < parts.length; i++) {
        const t = typeof value[i];
        if (t !== "number" && t !== "bigint") {
          numeric = false;
          break;
        }
      }
    }
    const rows = [];
    for (let i = 0; i < count; i += ncols) {
      const end = mathMin(i + ncols, count);
      let line = "";
      let j = i;
      for (; j < end - 1; j++) {
        const width = colWidth[j - i] + parts[j].length - widths[j];
        line += numeric ? strPadStart(`${parts[j]}, `, width, " ") : strPadEnd(`${parts[j]}, `, width, " ");
      }
      if (numeric) {
        line += strPadStart(parts[j], colWidth[j - i] + parts[j].length - widths[j] - gap, " ");
      } else {
        line += parts[j];
      }
      push(rows, line);
    }
    if (st.maxArrayLength < parts.length) push(rows, parts[count]);
    return rows;
  }

  // ---------------------------------------------------------------------------------------
  // Terminal width of a string, as Node measures it (tables generated from Node 20's own
  // getStringWidth by tests/js/console/tools/widths.mjs; every other code point >= U+007F is
  // one column wide, text is NFC-normalized first, C0 controls are zero wide).
  const wideRanges =
    "3cw+2n,3i3+1,e+1,5b+3,4,3,ei+1,m+1,r+7,h+b,18,b+5,4,e,9+1,i+1,6+1,9,6,m,8+1,2,5,3,8,5+1,t,10" +
    ",2,5+2,2,1q+2,p,f,nw+1,1g,5,mj+p,2+2g,d+5x,r+26,3+2d,3+2u,6+16,2+2l,2+2d,a+1b,2+13,9+mkc,4+1" +
    "i,wq+s,hw+8mb,6l9+e7,lt+9,n+y,2+i,2+3,46+2n,3k+6,m4a+4,c+6,a+5p1,16+v,2q+36,6pq+3,2+6,2+1,2+" +
    "82,g,u+2,3,f+3,9+az,603+1,2k+1,90+2e,a+m,5n2,5n,5b,3+9,24+s,e+17,5+8,8+1,f+5,4b+w,d+8,2+1x,2" +
    "+l,d+16,5+4,d+g,4,4+1y,2,2+56,3+1q,e+3,2+n,j,r+1,e,2f+2c,1d+1x,7,4+2,3+3,4+3,c+1,8+8,6c+b,5," +
    "7w+1a,2+9,2+54,35+c,4+a,4+1k,2,5+f,3+b,5+9,zs+1ekd,3+1ekd";
  const zeroRanges =
    "3j+w,gx+33,7o+6,7c+18,2,2+1,2+1,2,1l+5,b+a,2,1b+k,h,2u+7,2+5,3+1,2+3,y,2,v+q,2k+a,1n+8,a,p+3" +
    ",2+8,2+2,2+4,18+2,1h+1,6+8,17+1k,1k,2,5+7,5,4+6,b+1,u,1n,5+3,9,l+1,r,3+1,1m,5+1,5+1,3+2,4,v+" +
    "1,4,c+1,1m,5+4,2+1,5,l+1,n+5,2,1n,3,2+3,9,8+1,c+1,v,1q,d,1f,4,1k,2+2,6+2,2+3,8+1,c+1,u,1n,3," +
    "7,6+1,l+1,t+1,1m+1,5+3,9,l+1,u,21,8+2,2,2j,3+6,d+7,2r,3+8,c+6,22+1,s,2,2,1k+d,2+4,2+1,6+a,2+" +
    "z,a,2v+3,2+5,2+1,3+1,q+1,5+2,h+3,e,3+1,7,g,jk+2,qb+2,u+1,v+1,v+1,1t+1,2+6,9,3+a,a,1a+4,3a+1," +
    "z,3b+2,5+1,a,7+2,64+1,3,1n,2+6,2,2,3+7,7+9,3,1d+19,3+b,l+3,1d,2+4,2,6,15+8,d+1,x+3,3+1,2+2,1" +
    "l,2+1,4,2+2,1n+7,3+1,49+2,2+c,2+6,5,7,4+1,5j+1r,ek+4,r+4,1e+4,2+9,2p+w,2db+2,3y,2p+v,nsg+3,2" +
    "+9,x+1,29+1,7l,4,5,q+1,6,48+1,r+h,e,13+7,q+a,1b+2,1d,3+3,3+1,14,1w+5,3+1,3+1,d,9,1c,1g,2+2,3" +
    "+1,6+1,2,17+1,9,6n,3,5,fn5,ki+f,h+f,5s,6y+2,ea,6b,46+4,1af+2,2+1,6+3,15+2,5,4m+1,fy+3,1u+4,8" +
    "u+1,26+5,1z+a,1e+3,3g,1j+e,16,3+1,b+2,1e+3,3+1,3,5,b,1f+2,11+4,2+7,1r,d+1,1h+8,b+3,3,2o+2,3," +
    "2+1,7,3,4e,4+7,m+1,1m+1,4,12+6,4+4,1z+5,e,2,2,f+1,2e+7,3+2,2,o,2d+5,2,5+1,2+1,6n+3,7+1,2+1,s" +
    "+1,2e+7,3,2+1,2z,2,3+5,2,2u,2,3+3,2+4,78+8,2+1,75+1,2,5,41+3,3+1,5,x+9,15+5,3+3,9,a+5,3+2,1b" +
    "+c,2+1,5j,2+2,2,5m+6,2+5,2,2b+l,3+6,2+1,2+1,3f+5,4,2+1,2+6,2,21+1,4,2,9o+1,c+1,1h+4,6,2,o,44" +
    "6+g,7+e,8uh+b,4+2,1xd+4,1o+6,t5,1s+3,f7v+1,2+3,3ml+19,3+m,f5+2,a+f,3+6,v+3,45+2,1j0+1i,5+1d," +
    "9,f,n+4,2+e,11t+6,2+g,3+6,2+1,2+4,2t,4h+6,ag,1q+3,e5+3,73+1,6s,3,8+1,6,d7+6,32+6,gzav,v+2n,3" +
    "l+6n";
  let wide, zero;
  function decodeRanges(text) {
    const starts = [];
    const ends = [];
    let at = 0;
    for (const item of strSplit(text, ",")) {
      const plus = strIndexOf(item, "+");
      const start = at + numberParseInt(plus === -1 ? item : strSlice(item, 0, plus), 36);
      const end = plus === -1 ? start : start + numberParseInt(strSlice(item, plus + 1), 36);
      push(starts, start);
      push(ends, end);
      at = end;
    }
    return { starts, ends };
  }
  function inRanges(table, cp) {
    let lo = 0;
    let hi = table.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < table.starts[mid]) hi = mid - 1;
      else if (cp > table.ends[mid]) lo = mid + 1;
      else return true;
    }
    return false;
  }
  function codePointWidth(cp) {
    if (wide === undefined) {
      wide = decodeRanges(wideRanges);
      zero = decodeRanges(zeroRanges);
    }
    if (inRanges(wide, cp)) return 2;
    return inRanges(zero, cp) ? 0 : 1;
  }
  // VT control sequences, as Node's stripVTControlCharacters removes them (observed, see
  // util-more.js): ESC or CSI, any of "[]()#;?", then either a string of ";"-separated words
  // ended by BEL, ESC \\ or ST, or up to four digits per ";"-separated parameter and one
  // final character.
  const vtLead = "[\\u001B\\u009B][[\\]()#;?]*";
  const vtWord = "[-a-zA-Z\\d\\/#&.:=?%@~_]";
  const vtString = `(?:(?:;${vtWord}+)*|[a-zA-Z\\d]+(?:;${vtWord}*)*)?(?:\\u0007|\\u001B\\\\|\\u009C)`;
  const vtCommand = "(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-nq-uy=><~]";
  const vtControls = new RegExp(`${vtLead}(?:${vtString}|${vtCommand})`, "g");
  function stripVT(text) {
    return strReplace(text, vtControls, "");
  }
  function stringWidth(text, withoutControls = true) {
    if (withoutControls) text = stripVT(text);
    let width = 0;
    for (let i = 0; i < text.length; i++) {
      const c = strCharCodeAt(text, i);
      if (c < 0x7f) {
        if (c >= 32) width++;
        continue;
      }
      const rest = strNormalize(strSlice(text, i), "NFC");
      for (let j = 0; j < rest.length; j++) {
        const cp = strCodePointAt(rest, j);
        if (cp > 0xffff) j++;
        width += codePointWidth(cp);
      }
      break;
    }
    return width;
  }

  // ---------------------------------------------------------------------------------------
  // util.format / util.formatWithOptions.
  function hasOwnToStringChain(value) {
    // A user-visible toString (own, or from a prototype whose constructor is not a built-in
    // global) is used by %s; built-in ones are replaced by inspect.
    if (kind.isRevokedProxy(value)) return true;
    if (typeof value[Symbol.toPrimitive] === "function" &&
        !fromBuiltin(value, Symbol.toPrimitive)) return false;
    if (typeof value.toString !== "function") return true;
    if (hasOwn(value, "toString")) return false;
    return fromBuiltin(value, "toString");
  }
  // Is the method `key` of value inherited from the prototype of a built-in global class?
  function fromBuiltin(value, key) {
    let holder = value;
    do {
      holder = getProto(holder);
    } while (holder !== null && !hasOwn(holder, key));
    if (holder === null) return true;
    const d = getOwnDesc(holder, "constructor");
    return d !== undefined && typeof d.value === "function" && setHas(builtinNames, d.value.name);
  }

  function jsonOrCircular(value) {
    try {
      return jsonStringify(value);
    } catch (err) {
      if (err instanceof TypeError && strIncludes(`${err.message}`, "ircular")) return "[Circular]";
      throw err;
    }
  }

  function formatWithOptionsImpl(options, args) {
    const first = args[0];
    let used = 0;
    let out = "";
    let sep = "";
    if (typeof first === "string") {
      if (args.length === 1) return first;
      let copied = 0;   // first[copied..] is not in `out` yet
      for (let i = 0; i < first.length - 1; i++) {
        if (strCharCodeAt(first, i) !== 37) continue;   // '%'
        const spec = first[++i];
        if (used + 1 !== args.length) {
          let piece;
          switch (spec) {
            case "s": {
              const arg = args[++used];
              if (typeof arg === "number") piece = formatNumber(plain, arg, options.numericSeparator);
              else if (typeof arg === "bigint") piece = formatBigInt(plain, arg, options.numericSeparator);
              else if (typeof arg !== "object" || arg === null || !hasOwnToStringChain(arg)) piece = String(arg);
              else piece = inspect(arg, { ...options, depth: 0, colors: false, compact: 3 });
              break;
            }
            case "j":
              piece = jsonOrCircular(args[++used]);
              break;
            case "d": {
              const arg = args[++used];
              if (typeof arg === "bigint") piece = formatBigInt(plain, arg, false);
              else if (typeof arg === "symbol") piece = "NaN";
              else piece = formatNumber(plain, Number(arg), options.numericSeparator);
              break;
            }
            case "O":
              piece = inspect(args[++used], options);
              break;
            case "o":
              piece = inspect(args[++used], { ...options, showHidden: true, showProxy: true, depth: 4 });
              break;
            case "i": {
              const arg = args[++used];
              if (typeof arg === "bigint") piece = formatBigInt(plain, arg, false);
              else if (typeof arg === "symbol") piece = "NaN";
              else piece = formatNumber(plain, numberParseInt(arg), options.numericSeparator);
              break;
            }
            case "f": {
              const arg = args[++used];
              piece = typeof arg === "symbol" ? "NaN"
                : formatNumber(plain, numberParseFloat(arg), options.numericSeparator);
              break;
            }
            case "c":
              used++;
              piece = "";
              break;
            case "%":
              out += strSlice(first, copied, i);
              copied = i + 1;
              continue;
            default:
              continue;
          }
          if (copied !== i - 1) out += strSlice(first, copied, i - 1);
          out += piece;
          copied = i + 1;
        } else if (spec === "%") {
          out += strSlice(first, copied, i);
          copied = i + 1;
        }
      }
      if (copied !== 0) {
        used++;
        sep = " ";
        if (copied < first.length) out += strSlice(first, copied);
      }
    }
    for (; used < args.length; used++) {
      const value = args[used];
      out += sep + (typeof value === "string" ? value : inspect(value, options));
      sep = " ";
    }
    return out;
  }

  function format(...args) {
    return formatWithOptionsImpl({}, args);
  }
  function formatWithOptions(inspectOptions, ...args) {
    if (inspectOptions === null || typeof inspectOptions !== "object") {
      throw Q.invalidArgType("inspectOptions", "object", inspectOptions);
    }
    return formatWithOptionsImpl(inspectOptions, args);
  }

  function stripVTControlCharacters(str) {
    if (typeof str !== "string") throw Q.invalidArgType("str", "string", str);
    return stripVT(str);
  }

  // ---------------------------------------------------------------------------------------
  defineProp(inspect, "custom", { __proto__: null, value: customSymbol, writable: false,
    enumerable: true, configurable: false });
  defineProp(inspect, "colors", { __proto__: null, value: colors, writable: true,
    enumerable: true, configurable: true });
  defineProp(inspect, "styles", { __proto__: null, value: styles, writable: true,
    enumerable: true, configurable: true });
  defineProp(inspect, "defaultOptions", { __proto__: null, enumerable: false, configurable: true,
    get() {
      return defaults;
    },
    set(options) {
      if (options === null || typeof options !== "object") {
        throw Q.invalidArgType("options", "Object", options);
      }
      for (const key of objectKeys(options)) defaults[key] = options[key];
    },
  });

  // AbortSignal / AbortController (events.js) print like Node's: the class name and the
  // public state ({ aborted } / { signal }), through the custom inspect hook Node gives their
  // prototypes; past the depth limit the object itself is shown (as "[AbortSignal]").
  function abortHook(describe) {
    return {
      [customSymbol](depth, options) {
        if (depth < 0) return this;
        const inner = { ...options, depth: options.depth === null ? null : options.depth - 1 };
        return `${this.constructor.name} ${inspect(describe(this), inner)}`;
      },
    }[customSymbol];
  }
  for (const [ctor, describe] of [[Q.AbortSignal, (signal) => ({ aborted: signal.aborted })],
    [Q.AbortController, (controller) => ({ signal: controller.signal })]]) {
    if (typeof ctor === "function" && !hasOwn(ctor.prototype, customSymbol)) {
      defineProp(ctor.prototype, customSymbol, { __proto__: null, value: abortHook(describe),
        writable: true, enumerable: false, configurable: true });
    }
  }

  Q.inspection = {
    inspect,
    format,
    formatWithOptions,
    formatWithOptionsImpl,
    stripVTControlCharacters,
    stringWidth,
    formatNumber,
    quote,
    kind,
  };
})
