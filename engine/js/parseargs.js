// util.parseArgs, loaded on first use (see lazy.js). Written for qjsbridge from Node 20's
// documentation of parseArgs and its observed results and errors.
(function (Q) {
  "use strict";

  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  function parseError(code, message) {
    return Q.makeError("TypeError", message, code);
  }
  function checkType(value, name, type) {
    if (type === "array" ? !Array.isArray(value) : typeof value !== type) {
      throw Q.invalidArgType(name, type === "array" ? "Array" : type === "object" ? "Object" : type, value);
    }
  }

  function checkConfig(config) {
    checkType(config, "config", "object");
    const args = config.args ?? (Q.process ? Q.process.argv.slice(2) : []);
    if (!Array.isArray(args)) throw Q.invalidArgType("args", "Array", args);
    const strict = config.strict ?? true;
    checkType(strict, "strict", "boolean");
    const allowPositionals = config.allowPositionals ?? !strict;
    checkType(allowPositionals, "allowPositionals", "boolean");
    const returnTokens = config.tokens ?? false;
    checkType(returnTokens, "tokens", "boolean");
    const options = config.options ?? { __proto__: null };
    checkType(options, "options", "object");
    for (const [name, spec] of Object.entries(options)) {
      checkType(spec, `options.${name}`, "object");
      const type = spec.type;
      if (type !== "string" && type !== "boolean") {
        throw Q.invalidArgType(`options.${name}.type`, ["('string|boolean')"], type);
      }
      if (hasOwn(spec, "short")) {
        checkType(spec.short, `options.${name}.short`, "string");
        if (spec.short.length !== 1) {
          throw Q.makeError("TypeError", `The property 'options.${name}.short' must be a single character. ` +
            `Received ${Q.inspect(spec.short)}`, "ERR_INVALID_ARG_VALUE");
        }
      }
      if (hasOwn(spec, "multiple")) checkType(spec.multiple, `options.${name}.multiple`, "boolean");
      if (hasOwn(spec, "default") && spec.default !== undefined) {
        const dflt = spec.default;
        if (spec.multiple) {
          if (!Array.isArray(dflt)) throw Q.invalidArgType(`options.${name}.default`, "Array", dflt);
          dflt.forEach((v, i) => checkType(v, `options.${name}.default[${i}]`, type));
        } else {
          checkType(dflt, `options.${name}.default`, type);
        }
      }
    }
    return { args, strict, allowPositionals, returnTokens, options };
  }

  // Splits the arguments into tokens: options (long, short, groups of shorts, inline values),
  // positionals and the "--" terminator.
  function tokenize(args, options) {
    const shortToLong = new Map();
    for (const [name, spec] of Object.entries(options)) if (spec.short !== undefined) shortToLong.set(spec.short, name);
    const isString = (name) => hasOwn(options, name) && options[name].type === "string";
    const tokens = [];
    let index = -1;
    while (index + 1 < args.length) {
      index++;
      const arg = args[index];
      if (arg === "--") {
        tokens.push({ kind: "option-terminator", index });
        for (let i = index + 1; i < args.length; i++) tokens.push({ kind: "positional", index: i, value: args[i] });
        break;
      }
      if (arg.length > 1 && arg[0] === "-" && arg[1] !== "-") {
        // -x, -xVALUE, -xyz
        const letters = arg.slice(1);
        const at = index;
        for (let k = 0; k < letters.length; k++) {
          const ch = letters[k];
          const name = shortToLong.get(ch) ?? ch;
          if (isString(name)) {
            const rest = letters.slice(k + 1);
            if (rest !== "") {
              tokens.push({ kind: "option", name, rawName: `-${ch}`, index: at, value: rest, inlineValue: true });
            } else {
              const next = args[index + 1];
              if (next !== undefined) index++;
              tokens.push({ kind: "option", name, rawName: `-${ch}`, index: at, value: next, inlineValue: next === undefined ? undefined : false });
            }
            break;
          }
          tokens.push({ kind: "option", name, rawName: `-${ch}`, index: at, value: undefined, inlineValue: undefined });
        }
        continue;
      }
      if (arg.startsWith("--") && arg.length > 2) {
        const eq = arg.indexOf("=");
        if (eq !== -1) {
          tokens.push({ kind: "option", name: arg.slice(2, eq), rawName: arg.slice(0, eq), index, value: arg.slice(eq + 1), inlineValue: true });
          continue;
        }
        const name = arg.slice(2);
        if (isString(name)) {
          const next = args[index + 1];
          const at = index;
          if (next !== undefined) index++;
          tokens.push({ kind: "option", name, rawName: arg, index: at, value: next, inlineValue: next === undefined ? undefined : false });
        } else {
          tokens.push({ kind: "option", name, rawName: arg, index, value: undefined, inlineValue: undefined });
        }
        continue;
      }
      tokens.push({ kind: "positional", index, value: arg });
    }
    return tokens;
  }

  function optionLabel(name, options) {
    const spec = hasOwn(options, name) ? options[name] : undefined;
    return spec && spec.short !== undefined ? `-${spec.short}, --${name}` : `--${name}`;
  }
  function checkToken(token, options, allowPositionals, args) {
    if (token.kind === "positional") {
      if (!allowPositionals) {
        throw parseError("ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL",
          `Unexpected argument '${token.value}'. This command does not take positional arguments`);
      }
      return;
    }
    if (token.kind !== "option") return;
    const { name, rawName } = token;
    if (!hasOwn(options, name)) {
      let message = `Unknown option '${rawName}'`;
      if (allowPositionals) {
        message += `. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- ${JSON.stringify(rawName)}`;
      }
      throw parseError("ERR_PARSE_ARGS_UNKNOWN_OPTION", message);
    }
    const spec = options[name];
    if (spec.type === "string") {
      if (typeof token.value !== "string") {
        throw parseError("ERR_PARSE_ARGS_INVALID_OPTION_VALUE", `Option '${optionLabel(name, options)} <value>' argument missing`);
      }
      if (token.inlineValue === false && token.value.length > 1 && token.value[0] === "-") {
        const example = rawName.startsWith("--") ? `'--${name}=-XYZ'` : `'--${name}=-XYZ' or '${rawName}-XYZ'`;
        throw parseError("ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
          `Option '${rawName}' argument is ambiguous.\nDid you forget to specify the option argument for '${rawName}'?\n` +
          `To specify an option argument starting with a dash use ${example}.`);
      }
    } else if (token.value !== undefined) {
      throw parseError("ERR_PARSE_ARGS_INVALID_OPTION_VALUE", `Option '${optionLabel(name, options)}' does not take an argument`);
    }
    void args;
  }

  function store(values, name, value, multiple) {
    if (name === "__proto__") return;
    if (multiple) {
      if (values[name] === undefined) values[name] = [];
      values[name].push(value);
    } else {
      values[name] = value;
    }
  }

  function parseArgs(config = { __proto__: null }) {
    const { args, strict, allowPositionals, returnTokens, options } = checkConfig(config);
    const tokens = tokenize(args, options);
    const values = { __proto__: null };
    const positionals = [];
    for (const token of tokens) {
      if (strict) checkToken(token, options, allowPositionals, args);
      if (token.kind === "positional") {
        if (!strict && !allowPositionals) {
          throw parseError("ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL",
            `Unexpected argument '${token.value}'. This command does not take positional arguments`);
        }
        positionals.push(token.value);
      } else if (token.kind === "option") {
        const spec = hasOwn(options, token.name) ? options[token.name] : undefined;
        let value = token.value;
        if (spec === undefined || spec.type === "boolean") value = value === undefined ? true : value;
        else if (value === undefined) value = true;   // non-strict: a string option with no value
        store(values, token.name, value, spec !== undefined && spec.multiple === true);
      }
    }
    for (const [name, spec] of Object.entries(options)) {
      if (spec.default !== undefined && values[name] === undefined) values[name] = spec.default;
    }
    const result = { values, positionals };
    if (returnTokens) {
      result.tokens = tokens.map((t) => {
        if (t.kind !== "option") return t;
        const out = { kind: "option", name: t.name, rawName: t.rawName, index: t.index };
        if (t.value !== undefined) {
          out.value = t.value;
          out.inlineValue = t.inlineValue;
        } else if (t.inlineValue !== undefined) {
          out.value = t.value;
          out.inlineValue = t.inlineValue;
        }
        return out;
      });
    }
    return result;
  }

  Q.parseArgs = parseArgs;
})
