// process.env turns what is assigned into strings and takes only plain data properties.
const env = process.env;
env.QJSB_NUM = 12;
env.QJSB_UNDEF = undefined;
env.QJSB_OBJ = { a: 1 };
env.QJSB_BOOL = false;
console.log(typeof env.QJSB_NUM, env.QJSB_NUM, env.QJSB_UNDEF, env.QJSB_OBJ, env.QJSB_BOOL);
console.log("QJSB_UNDEF" in env, delete env.QJSB_UNDEF, "QJSB_UNDEF" in env);
try {
  env.QJSB_SYM = Symbol("s");
} catch (e) {
  console.log(e.name, e.message);
}
try {
  Object.defineProperty(env, "QJSB_GETTER", { get() { return 1; } });
} catch (e) {
  console.log(e.name, e.code, e.message);
}
try {
  Object.defineProperty(env, "QJSB_RO", { value: 5 });
} catch (e) {
  console.log(e.name, e.code, e.message);
}
Object.defineProperty(env, "QJSB_DEF", { value: 5, writable: true, enumerable: true, configurable: true });
console.log(typeof env.QJSB_DEF, env.QJSB_DEF);
console.log(Object.keys(env).filter((k) => k.startsWith("QJSB_")).sort().join(","));
