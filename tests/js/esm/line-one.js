try { notDefinedAnywhere(); } catch (err) { console.log(err.name, err.stack.split("\n")[1].replace(/^.*:(\d+:\d+)\)?$/, "$1")); }
// The CommonJS wrapper must not shift line 1's columns (V8 and QuickJS agree on this position).
try {
  notDefinedEither();
} catch (err) {
  console.log(err.name, err.stack.split("\n")[1].replace(/^.*:(\d+:\d+)\)?$/, "$1"));
}
