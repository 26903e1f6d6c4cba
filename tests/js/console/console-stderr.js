// console methods that write to stderr (and their warnings), compared with node.
console.error("error %s", "formatted", { nested: { deep: { deeper: {} } } });
console.warn(["warn", "array"], new Map([[1, 2]]));
console.group("g");
console.error("indented\nerror");
console.groupEnd();
console.assert(true, "not printed");
console.assert(false, "assertion %s", "formatted", 42);
console.assert(false);
console.assert(0, { obj: 1 });
console.countReset("never-counted");
console.timeEnd("no-such-timer");
console.timeLog("no-such-log");
console.time("dup");
console.time("dup");
function inner() { console.trace("trace %d", 7); }
inner();
console.trace();
console.log("stdout still works");
