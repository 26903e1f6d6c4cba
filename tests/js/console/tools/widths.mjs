// Regenerates the code point width ranges of engine/js/inspect.js from node's own
// getStringWidth (the one util.inspect uses to group arrays and console.table uses to align):
//     node --expose-internals tests/js/console/tools/widths.mjs
// Prints two lines: the ranges of width 2 and of width 0, as comma-separated base-36
// "gap+length" pairs (gap from the end of the previous range, length - 1; "+0" omitted).
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { getStringWidth } = require("internal/util/inspect");
function collect(width) {
  const ranges = [];
  for (let cp = 0x7f; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (getStringWidth(String.fromCodePoint(cp), false) !== width) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  let prev = 0;
  return ranges.map(([a, b]) => {
    const s = (a - prev).toString(36) + (b > a ? "+" + (b - a).toString(36) : "");
    prev = b;
    return s;
  }).join(",");
}
console.log(collect(2));
console.log(collect(0));
