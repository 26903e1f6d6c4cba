// A .js file under "type": "module" is an ES module, main script included
import { helper } from "./lib/helper.js";
import legacy, { kind } from "./lib/legacy.cjs";
import { helper as viaImports } from "#helper";
import * as cond from "#cond";
console.log(helper("main.js"));
console.log(legacy.legacy, kind);
console.log(viaImports === helper, typeof cond.helper);
console.log(typeof require, typeof module, typeof exports, typeof __dirname, this);
console.log(import.meta.url.endsWith("/esm-type/main.js"));
const later = await import("./lib/helper.js");
console.log(later.helper === helper);
