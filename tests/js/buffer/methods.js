// Buffer instance methods: slicing, comparison, search, copy, fill, write, JSON.
const b = Buffer.from("hello world");
const s = b.slice(0, 5), sub = b.subarray(6);
s[0] = 72;
console.log(b.toString(), s, sub.toString(), s instanceof Buffer, sub instanceof Buffer, s.buffer === b.buffer);
console.log(b.slice(-5).toString(), b.slice(-5, -2).toString(), b.slice(3, 1).length, b.subarray(20).length);
console.log(b instanceof Uint8Array, Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype, Buffer.name, Buffer.length);
console.log(b.equals(Buffer.from("Hello world")), b.equals(new Uint8Array(3)), Buffer.compare(Buffer.from("a"), Buffer.from("b")));
console.log([Buffer.from("b"), Buffer.from("a"), Buffer.from("ab"), Buffer.from("")].sort(Buffer.compare));
console.log(Buffer.from("abcd").compare(Buffer.from("bcd"), 0, 3, 1), Buffer.from("abc").compare(Buffer.from("abc"), 1), Buffer.from("a").compare(Buffer.from("a")));
console.log(b.indexOf("o"), b.indexOf("o", 5), b.lastIndexOf("o"), b.indexOf(111), b.indexOf(Buffer.from("wor")), b.indexOf("zz"));
console.log(b.indexOf("o", -4), b.lastIndexOf("o", 5), b.lastIndexOf("o", -5), b.includes("world"), b.includes("World"), b.indexOf(""), b.indexOf("", 4), b.indexOf("6c6c", "hex"));
console.log(b.indexOf(111 + 256), b.lastIndexOf(Buffer.from("l")), b.includes("l", 10), b.indexOf("o", "latin1"));
const t = Buffer.alloc(8, ".");
console.log(b.copy(t, 2, 6), t.toString(), b.copy(t), t.toString(), b.copy(t, 7, 0, 3), t.toString(), b.copy(t, 9));
console.log(Buffer.alloc(6).fill("ab"), Buffer.alloc(6).fill("ab", 1), Buffer.alloc(6).fill(1, 2, 4), Buffer.alloc(4).fill("\u20ac"),
  Buffer.alloc(4).fill("6162", "hex"), Buffer.alloc(5).fill(Buffer.from([1, 2])), Buffer.alloc(2).fill(true), Buffer.alloc(3).fill(""));
const w = Buffer.alloc(8);
console.log(w.write("hi"), w, w.write("\u20ac\u20ac\u20ac", 1), w, w.write("ffee", 6, "hex"), w, w.write("abc", 2, 1), w, w.write("zz", "latin1"), w);
console.log(Buffer.alloc(4).write("\u20ac", 2), Buffer.alloc(5).write("abc", 1, 4, "utf16le"));
console.log(JSON.stringify(Buffer.from("ab")), Buffer.from("ab").toJSON(), JSON.stringify({ x: Buffer.alloc(0) }));
const json = JSON.parse(JSON.stringify(Buffer.from("xyz")));
console.log(Buffer.from(json).toString());
console.log(Buffer.concat([Buffer.from("ab"), new Uint8Array([99]), Buffer.from("de")]).toString(),
  Buffer.concat([Buffer.from("abc"), Buffer.from("def")], 4).toString(), Buffer.concat([Buffer.from("a")], 3), Buffer.concat([]));
console.log(Buffer.from([1, 2, 3, 4]).swap16(), Buffer.from([1, 2, 3, 4]).swap32(), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).swap64());
console.log(Buffer.from("ab").toLocaleString(), ((x) => x.parent === x.buffer)(Buffer.from("ab")), typeof Buffer.from("ab").offset);
console.log(String(Buffer.from("str")), `${Buffer.from("tpl")}`, Buffer.from("ab") + "", [...Buffer.from("ab")]);
console.log(Buffer.from([1, 2, 3]).map((x) => x * 2), Buffer.from([3, 1, 2]).sort(), Buffer.from("abc").reverse().toString());
console.log(Buffer.from("abc").latin1Slice(1), Buffer.from("abc").hexSlice(0, 2), Buffer.from("abc").utf8Slice(), Buffer.from("abc").base64Slice());
console.log(Buffer.from("h\u00e9").toString("ascii"), Buffer.from("a\u00e9").toString("binary"));
