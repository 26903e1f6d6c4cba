// How Buffers print (util.inspect.custom on Buffer.prototype, as in Node).
const util = require("util");
const b = Buffer.from("hi");
console.log(b, [b], { b }, Buffer.alloc(0));
console.log(Buffer.alloc(51, 1));
console.log(Buffer.alloc(60));
const c = Buffer.from("ab");
c.foo = 1;
c.bar = "x";
console.log(c);
console.log(util.inspect(b), util.inspect(Buffer.alloc(0)), util.format("%s|%o|%j", b, Buffer.from("a"), b));
console.log(typeof b[Symbol.for("nodejs.util.inspect.custom")], typeof Buffer.prototype.inspect);
const mod = require("buffer");
console.log(mod.INSPECT_MAX_BYTES, mod.kMaxLength, mod.kStringMaxLength, mod.constants);
mod.INSPECT_MAX_BYTES = 3;
console.log(Buffer.from("abcdef"), Buffer.from("abcd"), Buffer.from("abc"));
mod.INSPECT_MAX_BYTES = 50;
console.log(mod.isUtf8(Buffer.from("\u20ac")), mod.isUtf8(Buffer.from([0xff])), mod.isAscii(Buffer.from("abc")), mod.isAscii(Buffer.from("\u00e9")));
console.log(mod.SlowBuffer(3).length, mod.SlowBuffer(1) instanceof Buffer);
class MyBuf extends Buffer {}
console.log(Object.keys(mod).filter((k) => !["transcode", "Blob", "File", "resolveObjectURL"].includes(k)));
