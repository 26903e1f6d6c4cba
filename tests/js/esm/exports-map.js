// package.json "exports": strings, subpath maps, patterns, null, conditions (require side)
const show = (label, fn) => {
  try {
    console.log(label, "->", JSON.stringify(fn()));
  } catch (e) {
    console.log(label, "!!", e.code, e.message.split(__dirname).join("<dir>"));
  }
};
show("exp-string", () => require("exp-string"));
show("exp-string/ignored.js", () => require("exp-string/ignored.js"));
show("exp-map", () => require("exp-map"));
show("exp-map/feature", () => require("exp-map/feature"));
show("exp-map/data.json", () => require("exp-map/data.json"));
show("exp-map/sub/a", () => require("exp-map/sub/a"));
show("exp-map/sub/private/x", () => require("exp-map/sub/private/x"));
show("exp-map/lib/internal.js", () => require("exp-map/lib/internal.js"));
show("exp-map/nope", () => require("exp-map/nope"));
show("exp-map/package.json", () => require("exp-map/package.json").name);
show("exp-cond", () => require("exp-cond"));
show("exp-cond/node", () => require("exp-cond/node"));
show("exp-cond/fallback", () => require("exp-cond/fallback"));
show("exp-cond/nested", () => require("exp-cond/nested"));
show("@scope/pkg", () => require("@scope/pkg"));
show("@scope/pkg/extra", () => require("@scope/pkg/extra"));
show("@scope/pkg/hidden", () => require("@scope/pkg/hidden"));
show("plain-main", () => require("plain-main"));
show("plain-main/lib/entry", () => require("plain-main/lib/entry"));
show("resolve exp-map/feature", () => require("path").relative(__dirname, require.resolve("exp-map/feature")));
show("exp-map/self (a package requiring itself by name)", () => require("exp-map/self"));
show("exp-map/uses-internal (package imports)", () => require("exp-map/uses-internal"));
show("#internal from outside the package", () => require("#internal"));
