// Buffer creation and every encoding, both directions.
const { Buffer: B } = require("buffer");
console.log(B === Buffer, require("node:buffer").Buffer === Buffer);
console.log(Buffer.from("hi"), Buffer.from([1, 2, 300, -1]), Buffer.alloc(3), Buffer.alloc(5, "ab"));
console.log(Buffer.alloc(4, 0x41), Buffer.alloc(6, "aGk=", "base64"), Buffer.allocUnsafe(2).length);
const text = "h\u00e9llo \u20ac \ud83d\ude00 \u0000!";
for (const enc of ["utf8", "utf-8", "hex", "base64", "base64url", "latin1", "binary", "ascii",
  "utf16le", "ucs2", "ucs-2", "UTF8", "Hex"]) {
  const b = Buffer.from(text, enc);
  console.log(enc, b.length, Buffer.byteLength(text, enc), b.toString(enc), JSON.stringify(b.toString("hex")));
}
const bytes = Buffer.from([0, 1, 127, 128, 200, 255, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
for (const enc of ["utf8", "hex", "base64", "base64url", "latin1", "ascii", "utf16le"]) {
  console.log(enc, JSON.stringify(bytes.toString(enc)), Buffer.from(bytes.toString(enc), enc).equals(bytes));
}
// invalid UTF-8 becomes U+FFFD per maximal subpart
const bad = [[0xff], [0xc0, 0x80], [0xe2, 0x82], [0xe2, 0x82, 0x41], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
  [0xf0, 0x9f, 0x98], [0x80, 0x80], [0x61, 0xf0, 0x9f, 0x62]];
for (const b of bad) console.log(JSON.stringify(Buffer.from(b).toString()), escape(Buffer.from(b).toString()));
// lone surrogates encode as EF BF BD
console.log(Buffer.from("a\ud800b\udc00").toString("hex"), Buffer.byteLength("a\ud800b"));
// lenient decoders
console.log(Buffer.from("aGVs bG8=", "base64").toString(), Buffer.from("aGVsbG8", "base64").toString(),
  Buffer.from("_-8", "base64").toString("hex"), Buffer.from("++/=junk", "base64").toString("hex"));
console.log(Buffer.from("abcz12", "hex"), Buffer.from("abc", "hex"), Buffer.from("zz", "hex"));
console.log(Buffer.from("\u0100\u00ff", "latin1"), Buffer.from("\u00ff", "ascii"), Buffer.from([0xff, 0x80]).toString("ascii"));
console.log(Buffer.from("ab\u20ac", "utf16le"), Buffer.from([0x61, 0, 0x62]).toString("utf16le"));
// from ArrayBuffer / typed arrays / objects
const ab = new ArrayBuffer(8);
const view = Buffer.from(ab, 2, 4);
view[0] = 9;
console.log(view, new Uint8Array(ab)[2], Buffer.from(ab).length, Buffer.from(ab, 6).length);
console.log(Buffer.from(new Uint16Array([1, 256, 65535])), Buffer.from(new Uint8Array([5, 6])));
console.log(Buffer.from({ length: 2, 0: 7, 1: 8 }), Buffer.from({ type: "Buffer", data: [1, 2] }), Buffer.from(new String("str")));
console.log(Buffer.from({ [Symbol.toPrimitive]() { return "prim"; } }), Buffer.from(Buffer.from("copy")));
console.log(Buffer.of(1, 2, 3), Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1));
console.log(Buffer.isBuffer(Buffer.alloc(1)), Buffer.isBuffer(new Uint8Array(1)), Buffer.isBuffer("x"));
console.log(["utf8", "UTF-8", "hex", "base64url", "binary", "ucs2", "nope", "", 1].map(Buffer.isEncoding));
console.log(Buffer.byteLength(new ArrayBuffer(5)), Buffer.byteLength(new Uint16Array(3)), Buffer.byteLength("\u20ac"));
console.log(Buffer.from("abc").toString("utf8", 1), Buffer.from("abc").toString("utf8", 1, 2), Buffer.from("abc").toString(undefined, -1, 10));
console.log(Buffer.from("abc").toString("hex", 5), JSON.stringify(Buffer.from("abc").toString("latin1", 2, 1)));
