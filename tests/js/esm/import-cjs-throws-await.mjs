// The same through import() awaited at the top level.
console.log("before");
await import("./fixtures/errors/throws.cjs");
console.log("never printed");
