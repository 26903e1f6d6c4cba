// CommonJS syntax in a type:module scope fails like in Node: require is not defined
try {
  console.log(typeof require);
  const x = require("./lib/legacy.cjs");
  console.log("loaded", x);
} catch (e) {
  console.log(e.name, e.message);
}
