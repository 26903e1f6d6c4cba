// Argument errors read like Node's (name, code, message).
const t = (label, f) => {
  try {
    console.log(label, "ok", f());
  } catch (e) {
    console.log(label, e.name, e.code, e.message);
  }
};
t(1, () => Buffer.from(123));
t(2, () => Buffer.from(null));
t(3, () => Buffer.from(() => {}));
t(4, () => Buffer.alloc(-1));
t(5, () => Buffer.alloc("5"));
t(6, () => Buffer.alloc(NaN));
t(7, () => Buffer.from("ab", "foo"));
t(8, () => Buffer.from("ab").toString("foo"));
t(9, () => Buffer.from("ab").toString(null));
t(10, () => Buffer.alloc(2).readUInt8(2));
t(11, () => Buffer.alloc(2).readUInt8(1.5));
t(12, () => Buffer.alloc(2).readUInt8("1"));
t(13, () => Buffer.alloc(4).readUInt32LE(1));
t(14, () => Buffer.alloc(0).readUInt32LE(0));
t(15, () => Buffer.alloc(2).writeUInt8(256));
t(16, () => Buffer.alloc(8).writeUInt32LE(2 ** 32));
t(17, () => Buffer.alloc(8).writeInt32LE(2 ** 31));
t(18, () => Buffer.alloc(8).writeIntLE(2 ** 47, 0, 6));
t(19, () => Buffer.alloc(8).writeUIntLE(2 ** 48, 0, 6));
t(20, () => Buffer.alloc(8).writeBigInt64LE(2n ** 63n));
t(21, () => Buffer.alloc(8).writeBigUInt64LE(-1n));
t(22, () => Buffer.alloc(8).readIntLE(0, 7));
t(23, () => Buffer.alloc(8).readIntLE(0));
t(24, () => Buffer.concat("x"));
t(25, () => Buffer.concat([1]));
t(26, () => Buffer.byteLength(5));
t(27, () => Buffer.from("ab").equals("ab"));
t(28, () => Buffer.alloc(2).fill("x", 0, 5));
t(29, () => Buffer.from("abc").indexOf({}));
t(30, () => Buffer.alloc(3).write("abcdef", 4));
t(31, () => Buffer.from("ab").copy("x"));
t(32, () => Buffer.compare("a", Buffer.alloc(1)));
t(33, () => Buffer.alloc(3).swap16());
t(34, () => Buffer.from(new ArrayBuffer(4), 5));
t(35, () => Buffer.from(new ArrayBuffer(4), 1, 9));
t(36, () => Buffer.alloc(2).write(5));
t(37, () => Buffer.alloc(2).fill("\u0100", "ascii").toString("hex"));
t(38, () => Buffer.alloc(2).fill("zz", "hex"));
t(39, () => Buffer.alloc(4).writeInt8(-129));
t(40, () => Buffer.alloc(4).writeUInt16BE(-1));
t(41, () => Buffer.alloc(4).readUInt16LE(-1));
t(42, () => Buffer.alloc(4).readDoubleLE(0));
t(43, () => Buffer.from("ab").compare(Buffer.from("ab"), 5));
