// ERR_INVALID_ARG_TYPE messages of the builtins read exactly like Node's.
const EventEmitter = require("events");
const t = (f) => { try { f() } catch (e) { console.log(e.code, e.message) } };
t(() => setTimeout('a'.repeat(40)));
t(() => setTimeout("it's"));
t(() => setImmediate(-0));
t(() => queueMicrotask(10n));
t(() => process.nextTick(Symbol('s')));
t(() => setTimeout(Object.create(null)));
t(() => setTimeout({a: {b: 1}}));
t(() => setTimeout([1,2]));
t(() => require(5));
t(() => new EventEmitter().on("x", 5));
t(() => require("path").join(null));
t(() => require("util").inspect.call(null, 1, 5));
t(() => process.exit("abc"));
