// import() from CommonJS: relative to this file, builtins, packages, CommonJS through import()
console.log("main start");
Promise.resolve().then(() => console.log("microtask"));
process.nextTick(() => console.log("nextTick"));
console.log("main end");
(async () => {
  const esm = await import("./fixtures/esm/only.mjs");
  console.log("esm from cjs", esm.only, Object.keys(esm));
  const events = await import("node:events");
  console.log("builtin from cjs", typeof events.default, typeof events.once, events.default === require("events"));
  const cond = await import("exp-cond");
  console.log("conditional from cjs", cond.default, cond.kind);
  const child = await import("./fixtures/child.js");
  console.log("cjs via import", child.default.isMain, Object.keys(child).join(","), child.default === require("./fixtures/child.js"));
  const again = await import("./fixtures/esm/only.mjs");
  console.log("same namespace", again === esm);
  await import("./fixtures/esm/missing.mjs").catch((e) => console.log("missing", e.code));
  await import("./fixtures/esm/throws.mjs").catch((e) => console.log("throws", e.name, e.message));
})();
