// util.parseArgs: options, shorts, groups, inline values, multiple, defaults, tokens, errors.
const { parseArgs } = require("util");
const show = (label, config) => {
  try {
    const r = parseArgs(config);
    console.log(label, JSON.stringify(r.values), Object.getPrototypeOf(r.values) === null, JSON.stringify(r.positionals),
      r.tokens ? JSON.stringify(r.tokens) : "");
  } catch (e) {
    console.log(label, "!!", e.name, e.code, e.message);
  }
};
const options = {
  verbose: { type: "boolean", short: "v" },
  name: { type: "string", short: "n" },
  tag: { type: "string", multiple: true, short: "t" },
  count: { type: "string", default: "1" },
  flag: { type: "boolean", multiple: true, default: [false] },
};
show("basic", { args: ["-v", "--name", "x", "pos"], options, allowPositionals: true });
show("inline", { args: ["--name=a=b", "-nVAL", "-t", "1", "--tag=2", "-vt3"], options });
show("group", { args: ["-vv"], options: { verbose: { type: "boolean", short: "v", multiple: true } } });
show("terminator", { args: ["-v", "--", "--name", "-x"], options, allowPositionals: true, tokens: true });
show("tokens", { args: ["-vn", "x", "--name=y", "p", "--count", "2"], options, allowPositionals: true, tokens: true });
show("defaults", { args: [], options });
show("unknown-long", { args: ["--nope"], options });
show("unknown-short", { args: ["-x"], options });
show("positional-denied", { args: ["pos"], options });
show("missing-value", { args: ["--name"], options });
show("missing-short-value", { args: ["-n"], options });
show("bool-with-value", { args: ["--verbose=yes"], options });
show("ambiguous", { args: ["--name", "--verbose"], options });
show("ambiguous-short", { args: ["-n", "-v"], options });
show("dash-value", { args: ["--name", "-"], options, allowPositionals: true });
show("non-strict", { args: ["--nope", "--x=1", "-abc", "pos", "--name"], options, strict: false, tokens: true });
show("non-strict-default-positionals", { args: ["a", "--b"], strict: false });
show("negative", { args: ["-1"], options, allowPositionals: true });
show("bad-type", { args: [], options: { a: { type: "number" } } });
show("bad-short", { args: [], options: { a: { type: "string", short: "ab" } } });
show("bad-default", { args: [], options: { a: { type: "string", default: 5 } } });
show("bad-multiple-default", { args: [], options: { a: { type: "string", multiple: true, default: "x" } } });
show("bad-args", { args: "nope" });
show("no-config", undefined);
show("proto-key", { args: ["--constructor"], options: { constructor: { type: "boolean" } } });
show("long-single-dash", { args: ["--v"], options: { v: { type: "boolean" } } });
show("empty-equals", { args: ["--name="], options });
console.log(JSON.stringify(parseArgs({ args: ["--x"], options: { x: { type: "boolean" } } })));
