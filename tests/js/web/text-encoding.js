// TextEncoder / TextDecoder: utf-8 (fatal, ignoreBOM, streaming), utf-16le, latin1.
const enc = new TextEncoder();
console.log(enc.encoding, enc.encode("h\u00e9\u20ac\ud83d\ude00"), enc.encode(), enc.encode("a\ud800"), enc.encode(5));
console.log(Object.prototype.toString.call(enc.encode("x")), enc.encode("x") instanceof Uint8Array, Buffer.isBuffer(enc.encode("x")));
const dest = new Uint8Array(5);
console.log(enc.encodeInto("a\u20acb\u20ac", dest), dest);
console.log(enc.encodeInto("\ud83d\ude00", new Uint8Array(3)), enc.encodeInto("", new Uint8Array(0)));
const dec = new TextDecoder();
console.log(dec.encoding, dec.fatal, dec.ignoreBOM, dec.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])), JSON.stringify(dec.decode()));
console.log(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x68])).length);
console.log(JSON.stringify(dec.decode(new Uint8Array([0xff, 0x61, 0xe2, 0x82]))), dec.decode(new Uint8Array([0x61, 0x62]).buffer), dec.decode(new DataView(new Uint8Array([0x63]).buffer)));
console.log(dec.decode(Buffer.from("buf")), dec.decode(new Uint16Array([0x6968])));
try {
  new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xc0]));
} catch (e) {
  console.log(e.name, e.code, e.message);
}
// streaming: a character split across chunks
const s = new TextDecoder();
const bytes = new TextEncoder().encode("\u20ac\ud83d\ude00x");
let out = "";
for (const b of bytes) out += s.decode(new Uint8Array([b]), { stream: true });
out += s.decode();
console.log(out, out.length);
const s2 = new TextDecoder();
console.log(JSON.stringify(s2.decode(new Uint8Array([0xe2, 0x82]), { stream: true })), JSON.stringify(s2.decode()));
const s3 = new TextDecoder("utf-8", { fatal: true });
s3.decode(new Uint8Array([0xe2]), { stream: true });
try { s3.decode(); } catch (e) { console.log(e.code); }
console.log(JSON.stringify(s3.decode(new Uint8Array([0x41]))));
const bomStream = new TextDecoder();
console.log(bomStream.decode(new Uint8Array([0xef, 0xbb]), { stream: true }) + "|" + bomStream.decode(new Uint8Array([0xbf, 0x41]), { stream: true }) + "|" + bomStream.decode(new Uint8Array([0xef, 0xbb, 0xbf])).length);
for (const label of ["utf8", "UTF-8", " unicode-1-1-utf-8 ", "utf-16le", "utf-16", "latin1", "iso-8859-1", "ascii", "windows-1252", "us-ascii"]) {
  console.log(label, new TextDecoder(label).encoding);
}
try { new TextDecoder("klingon"); } catch (e) { console.log(e.name, e.code, e.message); }
try { dec.decode("str"); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(new TextDecoder("utf-16le").decode(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x3d, 0xd8, 0x00, 0xde])));
console.log(escape(new TextDecoder("latin1").decode(new Uint8Array([0x61, 0xe9, 0x80, 0x9f, 0xff]))), escape(new TextDecoder("windows-1252").decode(new Uint8Array([0x80, 0x81, 0x8d, 0x9f]))));
console.log(JSON.stringify(new TextDecoder("utf-16le").decode(new Uint8Array([0x61, 0x00, 0x62]))));
console.log(Object.prototype.toString.call(enc), Object.prototype.toString.call(dec), typeof TextEncoder, typeof TextDecoder);
const { TextEncoder: TE, TextDecoder: TD } = require("util");
console.log(TE === TextEncoder, TD === TextDecoder);
