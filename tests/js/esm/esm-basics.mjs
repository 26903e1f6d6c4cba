// import/export, builtins (default + named), CommonJS and JSON from ESM, import.meta, TLA
import { once, EventEmitter } from "node:events";
import events from "events";
import path, { join, sep } from "node:path";
import * as pathNs from "path";
import cjs, { plain, bracket, viaModule, getter, shortGetter, valued, fromLater, conditional } from "./fixtures/cjs/patterns.cjs";
import * as patterns from "./fixtures/cjs/patterns.cjs";
import * as literal from "./fixtures/cjs/literal.cjs";
import * as whole from "./fixtures/cjs/whole.cjs";
import fn, * as fnNs from "./fixtures/cjs/function.cjs";
import babel, * as babelNs from "./fixtures/cjs/babel.cjs";
import data from "./fixtures/bom.json" with { type: "json" };
import childCjs from "./fixtures/child.js";
import { value as esmOnly } from "esm-only";
import condDefault, { kind } from "exp-cond";
import { a } from "./fixtures/esm/a.mjs";
import { order } from "./fixtures/esm/log.mjs";
import { late } from "./fixtures/esm/tla.mjs";

console.log("events", typeof once, EventEmitter === events, typeof events.once);
console.log("path", join("a", "b"), sep, path.sep === sep, pathNs.default === path, typeof pathNs.join);
console.log("cjs", plain, bracket, viaModule, getter, shortGetter, valued, fromLater, conditional, cjs.default, typeof cjs);
console.log("cjs names", Object.keys(patterns).join(","));
console.log("literal", Object.keys(literal).join(","), literal.gamma, literal.fromReexport);
console.log("whole", Object.keys(whole).join(","));
console.log("function", fn(), Object.keys(fnNs).join(","), fnNs.attached);
console.log("babel", JSON.stringify(babel), Object.keys(babelNs).join(","), babelNs.named);
console.log("json", JSON.stringify(data));
console.log("child.js (CommonJS)", childCjs.id === join(import.meta.dirname, "fixtures", "child.js"), childCjs.isMain);
console.log("packages", esmOnly, condDefault, kind);
console.log("graph", a, JSON.stringify(order), late);
console.log("meta", import.meta.url.startsWith("file:///"), import.meta.url.endsWith("/esm-basics.mjs"),
  "file://" + import.meta.filename === import.meta.url, import.meta.dirname === path.dirname(import.meta.filename),
  Object.keys(import.meta).sort().join(","));
console.log("meta.resolve", import.meta.resolve("./fixtures/esm/only.mjs") === "file://" + import.meta.dirname + "/fixtures/esm/only.mjs",
  import.meta.resolve("node:events"), import.meta.resolve("events"));
console.log("this", this, typeof require, typeof module, typeof exports, typeof __filename);
const waited = await new Promise((resolve) => setTimeout(() => resolve("top-level await"), 1));
console.log(waited);
const dyn = await import("./fixtures/esm/only.mjs");
console.log("dynamic", dyn.only, Object.keys(dyn), Object.prototype.toString.call(dyn));
