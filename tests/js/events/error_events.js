// 'error' events: thrown when unhandled; non-Error values wrapped in ERR_UNHANDLED_ERROR.
const EventEmitter = require("events");
const e = new EventEmitter();

function tryEmit(label, ...args) {
  try {
    const r = e.emit("error", ...args);
    console.log(label, "returned", r);
  } catch (err) {
    const isErr = err instanceof Error;
    console.log(label, "threw", isErr ? err.name : typeof err, isErr ? err.message : String(err),
      isErr ? err.code : "", isErr && "context" in err ? typeof err.context : "-");
    return err;
  }
}

const original = new TypeError("boom");
const thrown = tryEmit("Error object:", original);
console.log("same object:", thrown === original);
const r1 = tryEmit("string:", "bad thing");
console.log("context:", r1.context);
tryEmit("number:", 42);
tryEmit("no argument:");
tryEmit("undefined:", undefined);
tryEmit("null:", null);
const r2 = tryEmit("plain object:", { code: "X" });
console.log("context is the object:", r2.context.code);

// Errors of custom classes are rethrown as-is
class MyError extends Error { constructor(m) { super(m); this.name = "MyError"; } }
const mine = tryEmit("custom error:", new MyError("custom"));
console.log("instanceof MyError:", mine instanceof MyError);

// With a listener nothing is thrown
e.on("error", (err, extra) => console.log("handled:", err instanceof Error ? err.message : String(err), extra));
tryEmit("handled Error:", new Error("fine"), "extra");
tryEmit("handled string:", "str");

// A once('error') handles exactly one
const f = new EventEmitter();
f.once("error", (err) => console.log("once handled", err.message));
f.emit("error", new Error("first"));
try { f.emit("error", new Error("second")); } catch (err) { console.log("second threw", err.message); }

// Error thrown on an emitter that never ran init
const bare = Object.create(EventEmitter.prototype);
try { bare.emit("error", new Error("bare")); } catch (err) { console.log("bare threw", err.message); }
try { bare.emit("error", 7); } catch (err) { console.log("bare threw", err.message, err.code); }
