// Every case of inspect-cases.json printed the way `node -p` prints a value: strings as they
// are, anything else through util.inspect. Output must be byte-identical to node's.
globalThis.util = require("util");
const cases = require("./inspect-cases.json");
for (const expr of cases) {
  console.log("--- " + expr);
  const value = (0, eval)(expr);
  console.log(typeof value === "string" ? value : util.inspect(value));
}
