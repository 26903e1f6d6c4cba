// `assert`, `node:assert` and `assert/strict`, loaded on first use (see lazy.js). Written for
// qjsbridge from Node 20's documentation and observed output: the comparison rules of the two
// deep equalities, the AssertionError properties, and the wording and layout of its messages.
(function (Q) {
  "use strict";

  const inspect = (v, opts) => Q.inspect(v, opts);
  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const tagOf = (v) => Object.prototype.toString.call(v);
  const isPropertyEnumerable = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);

  // ---------------------------------------------------------------------------------------
  // Deep equality. `strict` selects deepStrictEqual's rules: Object.is for primitives, equal
  // prototypes and tags, enumerable symbol keys too. The loose rules use == for primitives and
  // ignore prototypes. Cycles are handled by remembering the pairs being compared.
  function isBoxed(v) {
    return v instanceof Number || v instanceof String || v instanceof Boolean ||
      v instanceof BigInt || v instanceof Symbol;
  }
  function unbox(v) {
    return Object.prototype.valueOf.call(v) === v ? v.valueOf() : v;
  }
  function boxedValue(v) {
    switch (tagOf(v)) {
      case "[object Number]": return Number.prototype.valueOf.call(v);
      case "[object String]": return String.prototype.valueOf.call(v);
      case "[object Boolean]": return Boolean.prototype.valueOf.call(v);
      case "[object BigInt]": return BigInt.prototype.valueOf.call(v);
      case "[object Symbol]": return Symbol.prototype.valueOf.call(v);
      default: return unbox(v);
    }
  }
  function ownKeys(o, strict) {
    const keys = Object.keys(o);
    if (strict) {
      for (const s of Object.getOwnPropertySymbols(o)) if (isPropertyEnumerable(o, s)) keys.push(s);
    }
    return keys;
  }
  function primitiveEqual(a, b, strict) {
    if (strict) return Object.is(a, b);
    // loose: == plus NaN equals NaN
    return a == b || (a !== a && b !== b);   // eslint-disable-line eqeqeq
  }
  function isEqual(a, b, strict, memo) {
    if (a === b) return a !== 0 || !strict || Object.is(a, b);
    const aObj = a !== null && typeof a === "object", bObj = b !== null && typeof b === "object";
    if (!aObj || !bObj) {
      if (aObj || bObj) return false;
      if (typeof a === "function" || typeof b === "function") return false;
      return primitiveEqual(a, b, strict);
    }
    const tag = tagOf(a);
    if (tag !== tagOf(b)) return false;
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;

    // cycles: a pair already being compared is assumed equal
    let seen = memo.get(a);
    if (seen !== undefined && seen.has(b)) return true;
    if (seen === undefined) memo.set(a, seen = new Set());
    seen.add(b);
    try {
      return compareObjects(a, b, tag, strict, memo);
    } finally {
      seen.delete(b);
    }
  }
  function compareObjects(a, b, tag, strict, memo) {
    if (Array.isArray(a)) {
      if (a.length !== b.length) return false;
      return compareKeys(a, b, strict, memo);
    }
    if (tag === "[object Date]") {
      if (Date.prototype.getTime.call(a) !== Date.prototype.getTime.call(b)) return false;
    } else if (tag === "[object RegExp]") {
      if (a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
    } else if (a instanceof Error || b instanceof Error) {
      if (a.message !== b.message || a.name !== b.name) return false;
    } else if (ArrayBuffer.isView(a)) {
      if (a.byteLength !== b.byteLength) return false;
      if (!strict && (tag === "[object Float32Array]" || tag === "[object Float64Array]")) {
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
      } else {
        const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
        const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
      }
      // the indices are compared; only extra keys are left
      return compareKeys(a, b, strict, memo, true);
    } else if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") {
      if (a.byteLength !== b.byteLength) return false;
      const x = new Uint8Array(a), y = new Uint8Array(b);
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    } else if (isBoxed(a) || isBoxed(b)) {
      if (!Object.is(boxedValue(a), boxedValue(b))) return false;
    } else if (tag === "[object Map]") {
      if (a.size !== b.size || !compareMaps(a, b, strict, memo)) return false;
    } else if (tag === "[object Set]") {
      if (a.size !== b.size || !compareSets(a, b, strict, memo)) return false;
    } else if (typeof a === "object" && (tag === "[object WeakMap]" || tag === "[object WeakSet]" || tag === "[object Promise]")) {
      if (a !== b) return false;
    }
    return compareKeys(a, b, strict, memo);
  }
  function compareKeys(a, b, strict, memo, skipIndices = false) {
    let ka = ownKeys(a, strict), kb = ownKeys(b, strict);
    if (skipIndices) {
      const notIndex = (k) => typeof k !== "string" || !/^(0|[1-9][0-9]*)$/.test(k);
      ka = ka.filter(notIndex);
      kb = kb.filter(notIndex);
    }
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (typeof k === "symbol" ? !isPropertyEnumerable(b, k) : !hasOwn(b, k) || !isPropertyEnumerable(b, k)) return false;
    }
    for (const k of ka) {
      if (!isEqual(a[k], b[k], strict, memo)) return false;
    }
    return true;
  }
  function isPrimitiveKey(v) {
    return v === null || (typeof v !== "object" && typeof v !== "function");
  }
  function compareSets(a, b, strict, memo) {
    const pending = [];
    for (const v of a) {
      if (isPrimitiveKey(v) ? b.has(v) : b.has(v)) continue;
      if (isPrimitiveKey(v) && strict) return false;
      pending.push(v);
    }
    if (pending.length === 0) return true;
    const candidates = [];
    for (const v of b) if (!a.has(v)) candidates.push(v);
    for (const v of pending) {
      const i = candidates.findIndex((c) => isEqual(v, c, strict, memo));
      if (i === -1) return false;
      candidates.splice(i, 1);
    }
    return true;
  }
  function compareMaps(a, b, strict, memo) {
    const pending = [];
    for (const [k, v] of a) {
      if (b.has(k)) {
        if (!isEqual(v, b.get(k), strict, memo)) {
          if (isPrimitiveKey(k) && strict) return false;
          pending.push([k, v]);
        }
        continue;
      }
      if (isPrimitiveKey(k) && strict) return false;
      pending.push([k, v]);
    }
    if (pending.length === 0) return true;
    const candidates = [];
    for (const [k, v] of b) {
      if (!a.has(k) || !isEqual(a.get(k), v, strict, memo)) candidates.push([k, v]);
    }
    for (const [k, v] of pending) {
      const i = candidates.findIndex(([ck, cv]) => isEqual(k, ck, strict, memo) && isEqual(v, cv, strict, memo));
      if (i === -1) return false;
      candidates.splice(i, 1);
    }
    return true;
  }
  const deepEqualStrict = (a, b) => isEqual(a, b, true, new Map());
  const deepEqualLoose = (a, b) => isEqual(a, b, false, new Map());
  Q.isDeepEqual = { strict: deepEqualStrict, loose: deepEqualLoose };

  // ---------------------------------------------------------------------------------------
  // Messages.
  const HEADERS = {
    deepStrictEqual: "Expected values to be strictly deep-equal:",
    strictEqual: "Expected values to be strictly equal:",
    strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
    deepEqual: "Expected values to be loosely deep-equal:",
    notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
    notStrictEqual: 'Expected "actual" to be strictly unequal to:',
    notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
    notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
    notIdentical: "Values have same structure but are not reference-equal:",
    notDeepEqualUnequal: "Expected values not to be loosely deep-equal:",
  };
  const SHORT = 12;   // "1 !== 2" layout when both sides together are at most this long
  function show(value) {
    return inspect(value, {
      compact: false, customInspect: false, depth: 1000, maxArrayLength: Infinity,
      showHidden: false, showProxy: false, sorted: true, getters: true,
    });
  }
  const isObjectLike = (v) => v !== null && typeof v === "object";

  // Lines of both values compared position by position: `+` lines are the actual value's,
  // `-` lines the expected one's; long identical stretches are collapsed to "...".
  function diffMessage(actual, expected, operator, header) {
    if (operator === "strictEqual" &&
        ((isObjectLike(actual) && isObjectLike(expected)) ||
         (typeof actual === "function" && typeof expected === "function"))) {
      operator = "strictEqualObject";
    }
    const title = header ?? HEADERS[operator];
    const actualText = show(actual);
    const A = actualText.split("\n"), E = show(expected).split("\n");
    let marker = "";
    if (A.length === 1 && E.length === 1 && A[0] !== E[0]) {
      const total = A[0].length + E[0].length;
      if (total <= SHORT) {
        if (!isObjectLike(actual) && !isObjectLike(expected) && (actual !== 0 || expected !== 0)) {
          return `${title}\n\n${A[0]} !== ${E[0]}\n`;
        }
      } else if (operator !== "strictEqualObject" && total < 80) {
        let at = 0;
        while (A[0][at] === E[0][at]) at++;
        if (at > 2) marker = `\n  ${" ".repeat(at)}^`;
      }
    }

    // the identical last lines: at most three are shown, with "..." when five or more
    const tail = [];
    while (A.length && E.length && A[A.length - 1] === E[E.length - 1]) {
      tail.unshift(A.pop());
      E.pop();
    }
    let skipped = false;
    let end = "";
    if (tail.length > 0) {
      const last = tail.slice(-3);
      const shown = tail.length === 4 ? tail : tail.length > 4 ? [tail[0], "...", ...last] : last;
      if (tail.length > 4) skipped = true;
      end = shown.map((l) => (l === "..." && shown.length === 5 ? "\n..." : `\n  ${l}`)).join("");
    }
    const rows = Math.max(A.length, E.length);
    if (rows === 0) {
      let lines = actualText.split("\n");
      if (lines.length > 50) lines = [...lines.slice(0, 46), "..."];
      return `${HEADERS.notIdentical}\n\n${lines.join("\n")}\n`;
    }

    let out = "";       // the lines written so far
    let minus = "";     // expected lines held back so a changed block reads +++ then ---
    let printed = 0;
    let same = 0;       // length of the current run of identical lines
    const longer = A.length >= rows ? A : E;
    const shorterLength = longer === A ? E.length : A.length;
    const context = (i) => {
      // Before a change, show up to three lines of the identical run that precedes it.
      if (same <= 2) return;
      if (same > 3) {
        if (same > 4) {
          if (same === 5) {
            out += `\n  ${longer[i - 3]}`;
          } else {
            out += "\n...";
            skipped = true;
          }
          printed++;
        }
        out += `\n  ${longer[i - 2]}`;
        printed++;
      }
      out += `\n  ${longer[i - 1]}`;
      printed++;
    };
    for (let i = 0; i < rows; i++) {
      if (i >= shorterLength) {
        context(i);
        same = 0;
        if (longer === A) out += `\n+ ${A[i]}`;
        else minus += `\n- ${E[i]}`;
        printed++;
      } else {
        let a = A[i];
        const e = E[i];
        let differs = a !== e && !(a.endsWith(",") && a.slice(0, -1) === e);
        if (differs && e.endsWith(",") && e.slice(0, -1) === a) {
          differs = false;
          a += ",";
        }
        if (differs) {
          context(i);
          same = 0;
          out += `\n+ ${a}`;
          minus += `\n- ${e}`;
          printed += 2;
        } else {
          out += minus;
          minus = "";
          same++;
          if (same <= 2) {
            out += `\n  ${a}`;
            printed++;
          }
        }
      }
      if (printed > 50 && i < rows - 2) {
        return `${title}\n+ actual - expected ... Lines skipped\n${out}\n...${minus}\n...`;
      }
    }
    return `${title}\n+ actual - expected${skipped ? " ... Lines skipped" : ""}\n${out}${minus}${end}${marker}`;
  }

  function truncated(text, max = 512) {
    return text.length > max ? `${text.slice(0, max - 3)}...` : text;
  }
  function generatedMessage(actual, expected, operator) {
    if (operator === "deepStrictEqual" || operator === "strictEqual") {
      return diffMessage(actual, expected, operator);
    }
    if (operator === "notDeepStrictEqual" || operator === "notStrictEqual") {
      let op = operator;
      if (operator === "notStrictEqual" &&
          ((isObjectLike(actual) && isObjectLike(expected)) ||
           (typeof actual === "function" && typeof expected === "function"))) {
        op = "notStrictEqualObject";
      }
      let lines = show(actual).split("\n");
      if (op === "notStrictEqualObject" || lines.length > 1 || operator === "notDeepStrictEqual") {
        if (lines.length > 50) lines = [...lines.slice(0, 46), "..."];
        if (lines.length === 1 && operator === "notStrictEqual") return `${HEADERS[op]} ${lines[0]}`;
        return `${HEADERS[op]}\n\n${lines.join("\n")}\n`;
      }
      return `${HEADERS[op]} ${lines[0]}`;
    }
    let res = show(actual), other = show(expected);
    let header = HEADERS[operator];
    if (operator === "notDeepEqual" && res === other) {
      res = `${header}\n\n${res}`;
      if (res.length > 1024) res = `${res.slice(0, 1021)}...`;
      return res;
    }
    if (res.length > 512) res = truncated(res);
    if (other.length > 512) other = truncated(other);
    if (operator === "deepEqual") {
      return `${header}\n\n${res}\n\nshould loosely deep-equal\n\n${other}`;
    }
    header = HEADERS[`${operator}Unequal`];
    if (header !== undefined) return `${header}\n\n${res}\n\nshould not loosely deep-equal\n\n${other}`;
    return `${res} ${operator} ${other}`;
  }

  class AssertionError extends Error {
    constructor(options) {
      if (options === null || typeof options !== "object") throw Q.invalidArgType("options", "Object", options);
      const { message, operator, stackStartFn, details } = options;
      let { actual, expected } = options;
      let text;
      if (message != null) {
        if ((operator === "deepStrictEqual" || operator === "strictEqual") && !details) {
          text = diffMessage(actual, expected, operator, `${message}`);
          // The reference-equality case keeps its own header, like Node.
        } else {
          text = `${message}`;
        }
      } else {
        text = generatedMessage(actual, expected, operator);
      }
      super(text);
      // The stack's first line names the code, as in Node: "AssertionError [ERR_ASSERTION]: ...".
      Object.defineProperty(this, "name", { __proto__: null, value: "AssertionError [ERR_ASSERTION]", enumerable: false, writable: true, configurable: true });
      if (typeof Error.captureStackTrace === "function" && typeof stackStartFn === "function") {
        try {
          Error.captureStackTrace(this, stackStartFn);
        } catch { /* keep the stack QuickJS made */ }
      }
      this.generatedMessage = !message;
      this.code = "ERR_ASSERTION";
      this.actual = actual;
      this.expected = expected;
      this.operator = operator;
      void this.stack;   // fix the stack's first line while the name says [ERR_ASSERTION]
      delete this.name;
    }
    toString() {
      return `${this.name} [${this.code}]: ${this.message}`;
    }
  }
  Object.defineProperty(AssertionError.prototype, "name", { __proto__: null, value: "AssertionError", writable: true, configurable: true, enumerable: false });

  function innerFail(obj) {
    if (obj.message instanceof Error) throw obj.message;
    throw new AssertionError(obj);
  }

  // ---------------------------------------------------------------------------------------
  // ok(): without a message, Node quotes the source of the failing call.
  function callSource(fnName) {
    let stack;
    try {
      stack = new Error().stack;
    } catch {
      return null;
    }
    if (typeof stack !== "string") return null;
    for (const line of stack.split("\n").slice(1)) {
      const m = /\((\/[^()]*):(\d+):(\d+)\)$/.exec(line) || /at (\/[^()\s]*):(\d+):(\d+)$/.exec(line);
      if (m === null) continue;
      if (m[1].startsWith("qjsbridge:")) continue;
      let source;
      try {
        source = Q.hostCall("qjsb.readText", m[1]);
      } catch {
        return null;
      }
      return extractCall(source, Number(m[2]), Number(m[3]), fnName);
    }
    return null;
  }
  // The call expression `...fnName(...)` that contains the position (line, column) QuickJS
  // reported (the callee, the "(" or, for a call spread over lines, a later line of it).
  function extractCall(source, line, column, fnName) {
    const lines = source.split("\n");
    if (line < 1 || line > lines.length) return null;
    let pos = 0;
    for (let i = 0; i < line - 1; i++) pos += lines[i].length + 1;
    pos += column - 1;
    const callee = new RegExp(`[\\w$.]*\\b${fnName}\\s*\\(`, "g");
    let best = null;
    for (let m = callee.exec(source); m !== null && m.index <= pos; m = callee.exec(source)) {
      const end = closingParen(source, m.index + m[0].length - 1);
      if (end !== -1 && end + 1 >= pos) best = [m.index, end];
    }
    if (best === null) return null;
    const lineStart = source.lastIndexOf("\n", best[0]) + 1;
    const indent = /^\s*/.exec(source.slice(lineStart))[0].length;
    return source.slice(best[0], best[1] + 1).split("\n")
      .map((l, k) => (k === 0 ? l : l.slice(Math.min(indent, /^\s*/.exec(l)[0].length)))).join("\n  ");
  }
  function closingParen(source, open) {
    let depth = 0, quote = null;
    for (let i = open; i < source.length; i++) {
      const c = source[i];
      if (quote !== null) {
        if (c === "\\") i++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === '"' || c === "'" || c === "`") quote = c;
      else if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") {
        depth--;
        if (depth === 0) return i;
      }
    }
    return -1;
  }
  function innerOk(fn, argLen, value, message) {
    if (value) return;
    let generated = false;
    if (argLen === 0) {
      generated = true;
      message = "No value argument passed to `assert.ok()`";
    } else if (message == null) {
      generated = true;
      const code = callSource(fn.name);
      message = code !== null ? `The expression evaluated to a falsy value:\n\n  ${code}\n`
        : "The expression evaluated to a falsy value";
    } else if (message instanceof Error) {
      throw message;
    }
    const err = new AssertionError({ actual: value, expected: true, message, operator: "==", stackStartFn: fn });
    err.generatedMessage = generated;
    throw err;
  }

  function missingArgs(...names) {
    const list = names.map((n) => `"${n}"`);
    return Q.makeError("TypeError", `The ${list.join(" and ")} arguments must be specified`, "ERR_MISSING_ARGS");
  }
  function need2(args, a = "actual", b = "expected") {
    if (args < 2) throw missingArgs(a, b);
  }

  function makeAssert(strictMode) {
    function assert(...args) {
      innerOk(assert, args.length, ...args);
    }
    function ok(...args) {
      innerOk(ok, args.length, ...args);
    }
    function equal(actual, expected, message) {
      need2(arguments.length);
      if (!(actual == expected || (actual !== actual && expected !== expected))) {   // eslint-disable-line eqeqeq
        innerFail({ actual, expected, message, operator: "==", stackStartFn: equal });
      }
    }
    function notEqual(actual, expected, message) {
      need2(arguments.length);
      if (actual == expected || (actual !== actual && expected !== expected)) {   // eslint-disable-line eqeqeq
        innerFail({ actual, expected, message, operator: "!=", stackStartFn: notEqual });
      }
    }
    function strictEqual(actual, expected, message) {
      need2(arguments.length);
      if (!Object.is(actual, expected)) innerFail({ actual, expected, message, operator: "strictEqual", stackStartFn: strictEqual });
    }
    function notStrictEqual(actual, expected, message) {
      need2(arguments.length);
      if (Object.is(actual, expected)) innerFail({ actual, expected, message, operator: "notStrictEqual", stackStartFn: notStrictEqual });
    }
    function deepEqual(actual, expected, message) {
      need2(arguments.length);
      if (!deepEqualLoose(actual, expected)) innerFail({ actual, expected, message, operator: "deepEqual", stackStartFn: deepEqual });
    }
    function notDeepEqual(actual, expected, message) {
      need2(arguments.length);
      if (deepEqualLoose(actual, expected)) innerFail({ actual, expected, message, operator: "notDeepEqual", stackStartFn: notDeepEqual });
    }
    function deepStrictEqual(actual, expected, message) {
      need2(arguments.length);
      if (!deepEqualStrict(actual, expected)) innerFail({ actual, expected, message, operator: "deepStrictEqual", stackStartFn: deepStrictEqual });
    }
    function notDeepStrictEqual(actual, expected, message) {
      need2(arguments.length);
      if (deepEqualStrict(actual, expected)) innerFail({ actual, expected, message, operator: "notDeepStrictEqual", stackStartFn: notDeepStrictEqual });
    }
    function fail(actual, expected, message, operator, stackStartFn) {
      const argsLen = arguments.length;
      let internalMessage = false;
      if (argsLen === 0) {
        internalMessage = "Failed";
      } else if (argsLen === 1) {
        message = actual;
        actual = undefined;
      } else {
        if (argsLen === 2) operator = "!=";
      }
      if (message instanceof Error) throw message;
      const errArgs = { actual, expected, operator: operator === undefined ? "fail" : operator, stackStartFn: stackStartFn || fail, message: message || internalMessage };
      if (argsLen === 2 || (argsLen > 2 && message === undefined)) errArgs.message = `${inspect(actual)} ${errArgs.operator} ${inspect(expected)}`;
      const err = new AssertionError({ ...errArgs, details: true });
      if (internalMessage) err.generatedMessage = true;
      throw err;
    }
    function ifError(err) {
      if (err === null || err === undefined) return;
      let message = "ifError got unwanted exception: ";
      if (typeof err === "object" && typeof err.message === "string") {
        if (err.message.length === 0 && err.constructor) message += err.constructor.name;
        else message += err.message;
      } else {
        message += inspect(err);
      }
      const newErr = new AssertionError({ actual: err, expected: null, operator: "ifError", message, stackStartFn: ifError });
      if (err instanceof Error && typeof err.stack === "string") {
        const origin = err.stack.split("\n").slice(1).join("\n");
        if (origin) {
          try {
            newErr.stack = `${newErr.stack}\n${origin}`;
          } catch { /* keep it */ }
        }
      }
      throw newErr;
    }
    function matcher(fnName, positive) {
      const fn = {
        [fnName](string, regexp, message) {
          if (!(regexp instanceof RegExp)) throw Q.invalidArgType("regexp", "RegExp", regexp);
          const matched = typeof string === "string" && RegExp.prototype.test.call(regexp, string);
          if (typeof string !== "string" || matched !== positive) {
            if (message instanceof Error) throw message;
            const generated = !message;
            const text = message || (typeof string !== "string"
              ? `The "string" argument must be of type string. Received type ${typeof string} (${inspect(string)})`
              : (positive ? "The input did not match the regular expression " :
                "The input was expected to not match the regular expression ") +
                `${inspect(regexp)}. Input:\n\n${inspect(string)}\n`);
            const err = new AssertionError({ actual: string, expected: regexp, message: text, operator: fnName, stackStartFn: fn });
            err.generatedMessage = generated;
            throw err;
          }
        },
      }[fnName];
      return fn;
    }
    const match = matcher("match", true);
    const doesNotMatch = matcher("doesNotMatch", false);

    // throws / rejects: checking the caught value against what the caller expects
    const NO_EXCEPTION = {};
    function checkError(actual, expected, message, fn) {
      if (typeof expected !== "function") {
        if (expected instanceof RegExp) {
          const str = String(actual);
          if (RegExp.prototype.test.call(expected, str)) return;
          if (message instanceof Error) throw message;
          const err = new AssertionError({
            actual, expected, operator: fn.name, stackStartFn: fn,
            message: message || `The input did not match the regular expression ${inspect(expected)}. Input:\n\n${inspect(str)}\n`,
          });
          err.generatedMessage = !message;
          throw err;
        }
        if (expected === null || typeof expected !== "object") {
          throw Q.invalidArgType("expected", ["Function", "RegExp", "Object", "Error"], expected);
        }
        const keys = Object.keys(expected);
        if (expected instanceof Error) keys.push("name", "message");
        else if (keys.length === 0) {
          throw Q.makeError("TypeError", `The argument 'error' may not be an empty object. Received {}`, "ERR_INVALID_ARG_VALUE");
        }
        for (const key of keys) {
          if (typeof actual === "object" && actual !== null && typeof actual[key] === "string" &&
              expected[key] instanceof RegExp && RegExp.prototype.test.call(expected[key], actual[key])) {
            continue;
          }
          if (!(key in Object(actual)) || !deepEqualStrict(actual[key], expected[key])) {
            compareFailed(actual, expected, keys, message, fn);
          }
        }
        return;
      }
      if (expected.prototype !== undefined && actual instanceof expected) return;
      if (Error.isPrototypeOf(expected) || expected === Error) {
        if (actual instanceof Error) {
          const err = new AssertionError({
            actual, expected, operator: fn.name, stackStartFn: fn,
            message: message || `The error is expected to be an instance of "${expected.name}". Received "${actual.constructor && actual.constructor.name}"\n\nError message:\n\n${actual.message}`,
          });
          err.generatedMessage = !message;
          throw err;
        }
        const err = new AssertionError({
          actual, expected, operator: fn.name, stackStartFn: fn,
          message: message || `The error is expected to be an instance of "${expected.name}". Received ${inspect(actual)}`,
        });
        err.generatedMessage = !message;
        throw err;
      }
      const res = Reflect.apply(expected, {}, [actual]);
      if (res !== true) {
        const name = expected.name ? `"${expected.name}" ` : "";
        const err = new AssertionError({
          actual, expected, operator: fn.name, stackStartFn: fn,
          message: message || `The ${name}validation function is expected to return "true". Received ${inspect(res)}\n\nCaught error:\n\n${actual}`,
        });
        err.generatedMessage = !message;
        throw err;
      }
    }
    function compareFailed(actual, expected, keys, message, fn) {
      if (message instanceof Error) throw message;
      let a = actual, e = expected;
      if (actual !== null && typeof actual === "object") {
        class Comparison {}
        a = new Comparison();
        e = new Comparison();
        for (const key of keys) {
          if (key in Object(actual)) {
            const av = actual[key], ev = expected[key];
            a[key] = typeof av === "string" && ev instanceof RegExp && RegExp.prototype.test.call(ev, av) ? ev : av;
          }
          if (key in expected) e[key] = expected[key];
        }
      }
      const err = new AssertionError({ actual: a, expected: e, operator: "deepStrictEqual", stackStartFn: fn, message });
      err.actual = actual;
      err.expected = expected;
      err.operator = fn.name;
      throw err;
    }
    function splitArgs(expected, message, fn) {
      if (typeof expected === "string") {
        if (message !== undefined) {
          throw Q.invalidArgType("error", ["Object", "Error", "Function", "RegExp"], message);
        }
        return [undefined, expected];
      }
      if (expected !== undefined && typeof expected !== "function" && typeof expected !== "object") {
        throw Q.invalidArgType("error", ["Object", "Error", "Function", "RegExp"], expected);
      }
      return [expected, message];
    }
    function missing(fn, expected, message, what) {
      let details = "";
      if (expected && expected.name) details += ` (${expected.name})`;
      details += message ? `: ${message}` : ".";
      const err = new AssertionError({ actual: undefined, expected, operator: fn.name, message: `Missing expected ${what}${details}`, stackStartFn: fn });
      err.generatedMessage = false;
      throw err;
    }
    function throws(promiseFn, ...rest) {
      if (typeof promiseFn !== "function") throw Q.invalidArgType("fn", "Function", promiseFn);
      let [expected, message] = splitArgs(rest[0], rest[1], throws);
      let actual = NO_EXCEPTION;
      try {
        promiseFn();
      } catch (e) {
        actual = e;
      }
      if (actual === NO_EXCEPTION) missing(throws, expected, message, "exception");
      if (typeof rest[0] === "string" && actual !== null && typeof actual === "object" && actual.message === rest[0]) {
        throw Q.makeError("TypeError", `The "error/message" argument is ambiguous. The error message "${actual.message}" is identical to the message.`, "ERR_AMBIGUOUS_ARGUMENT");
      }
      if (expected !== undefined) checkError(actual, expected, message, throws);
    }
    function doesNotThrow(fn, ...rest) {
      if (typeof fn !== "function") throw Q.invalidArgType("fn", "Function", fn);
      let [expected, message] = typeof rest[0] === "string" ? [undefined, rest[0]] : [rest[0], rest[1]];
      try {
        fn();
      } catch (actual) {
        unwanted(doesNotThrow, actual, expected, message, "exception");
      }
    }
    function unwanted(fn, actual, expected, message, what) {
      if (expected !== undefined && typeof expected === "function" && expected.prototype !== undefined &&
          !(actual instanceof expected)) {
        throw actual;
      }
      if (expected instanceof RegExp && !RegExp.prototype.test.call(expected, String(actual))) throw actual;
      const details = message ? `: ${message}` : ".";
      const err = new AssertionError({
        actual, expected, operator: fn.name, stackStartFn: fn,
        message: `Got unwanted ${what}${details}\nActual message: "${actual && actual.message}"`,
      });
      err.generatedMessage = false;
      throw err;
    }
    async function settle(fnName, promiseFn) {
      let p;
      if (typeof promiseFn === "function") {
        p = promiseFn();
        if (p === null || typeof p !== "object" || typeof p.then !== "function") {
          throw Q.makeError("TypeError",
            `Expected instance of Promise to be returned from the "promiseFn" function but got ${describe(p)}.`,
            "ERR_INVALID_RETURN_VALUE");
        }
      } else if (promiseFn !== null && typeof promiseFn === "object" && typeof promiseFn.then === "function") {
        p = promiseFn;
      } else {
        throw Q.invalidArgType("promiseFn", ["Function", "Promise"], promiseFn);
      }
      try {
        await p;
      } catch (e) {
        return { rejected: true, reason: e };
      }
      return { rejected: false };
    }
    function describe(v) {
      if (v === null) return "null";
      if (v === undefined) return "undefined";
      if (typeof v === "object" || typeof v === "function") {
        return v.constructor && v.constructor.name ? `instance of ${v.constructor.name}` : "type object";
      }
      return `type ${typeof v} (${inspect(v)})`;
    }
    async function rejects(promiseFn, ...rest) {
      const [expected, message] = splitArgs(rest[0], rest[1], rejects);
      const r = await settle("rejects", promiseFn);
      if (!r.rejected) missing(rejects, expected, message, "rejection");
      if (expected !== undefined) checkError(r.reason, expected, message, rejects);
    }
    async function doesNotReject(promiseFn, ...rest) {
      const [expected, message] = typeof rest[0] === "string" ? [undefined, rest[0]] : [rest[0], rest[1]];
      const r = await settle("doesNotReject", promiseFn);
      if (r.rejected) unwanted(doesNotReject, r.reason, expected, message, "rejection");
    }

    const target = strictMode ? strictEqualAlias() : assert;
    function strictEqualAlias() {
      return function strict(...args) {
        innerOk(strict, args.length, ...args);
      };
    }
    Object.assign(target, {
      fail, ok, equal: strictMode ? strictEqual : equal, notEqual: strictMode ? notStrictEqual : notEqual,
      deepEqual: strictMode ? deepStrictEqual : deepEqual, notDeepEqual: strictMode ? notDeepStrictEqual : notDeepEqual,
      deepStrictEqual, notDeepStrictEqual, strictEqual, notStrictEqual, throws, rejects, doesNotThrow,
      doesNotReject, ifError, match, doesNotMatch, AssertionError,
    });
    return target;
  }

  // CallTracker (deprecated in Node 20, still exported): counts calls of wrapped functions.
  class CallTracker {
    #calls = [];
    calls(fn = () => {}, exact = 1) {
      if (typeof fn === "number") {
        exact = fn;
        fn = () => {};
      }
      const entry = { fn, exact, actual: 0, name: fn.name || "calls", args: [] };
      this.#calls.push(entry);
      const wrapped = function (...args) {
        entry.actual++;
        entry.args.push({ thisArg: this, arguments: args });
        return Reflect.apply(fn, this, args);
      };
      entry.wrapped = wrapped;
      return wrapped;
    }
    getCalls(fn) {
      const entry = this.#calls.find((e) => e.wrapped === fn);
      return entry ? entry.args.slice() : [];
    }
    report() {
      return this.#calls.filter((e) => e.actual !== e.exact).map((e) => ({
        message: `Expected the ${e.name} function to be executed ${e.exact} time(s) but was executed ${e.actual} time(s).`,
        actual: e.actual, expected: e.exact, operator: e.name, stack: new Error(),
      }));
    }
    reset(fn) {
      for (const e of this.#calls) {
        if (fn === undefined || e.wrapped === fn) {
          e.actual = 0;
          e.args = [];
        }
      }
    }
    verify() {
      const errors = this.report();
      if (errors.length === 0) return;
      const message = errors.length === 1 ? errors[0].message
        : ["Functions were not called the expected number of times", ...errors.map((e) => e.message)].join("\n");
      throw new AssertionError({ message, details: errors, operator: "verify" });
    }
  }

  const assert = makeAssert(false);
  const strict = makeAssert(true);
  assert.CallTracker = CallTracker;
  strict.CallTracker = CallTracker;
  assert.strict = strict;
  strict.strict = strict;
  Q.assertModule = assert;
  Q.assertStrict = strict;
})
