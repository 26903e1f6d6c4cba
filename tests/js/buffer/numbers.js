// read/write of integers and floats, little and big endian.
const b = Buffer.alloc(16);
const log = (...a) => console.log(...a);
log(b.writeUInt8(255, 0), b.writeInt8(-2, 1), b.writeUInt16LE(0xbeef, 2), b.writeUInt16BE(0xbeef, 4), b.writeInt16LE(-300, 6));
log(b.writeUInt32LE(0xdeadbeef, 8), b.writeInt32BE(-123456, 12), b);
log(b.readUInt8(0), b.readInt8(0), b.readInt8(1), b.readUInt16LE(2), b.readUInt16BE(2), b.readUInt16BE(4), b.readInt16LE(6), b.readInt16BE(6));
log(b.readUInt32LE(8), b.readUInt32BE(8), b.readInt32LE(8), b.readInt32BE(12), b.readUint32LE(8), b.readUint8(0));
log(b.readUIntLE(0, 3), b.readUIntBE(0, 6), b.readIntLE(8, 6), b.readIntBE(8, 5), b.readIntLE(1, 1));
const c = Buffer.alloc(8);
log(c.writeUIntLE(0x123456789a, 0, 5), c, c.writeIntBE(-0x123456, 5, 3), c, c.readIntBE(5, 3));
log(c.writeIntLE(-1, 0, 6), c, c.readIntLE(0, 6), c.readUIntLE(0, 6), c.writeUIntBE(2 ** 48 - 1, 2, 6), c);
const f = Buffer.alloc(8);
log(f.writeFloatLE(1.5), f, f.readFloatLE(), f.writeFloatBE(-0.1), f.readFloatBE(), f.writeDoubleLE(Math.PI), f, f.readDoubleLE());
log(f.writeDoubleBE(1e300), f.readDoubleBE(), f.writeDoubleLE(NaN), f.readDoubleLE(), f.writeFloatLE("2.5"), f.readFloatLE());
const g = Buffer.alloc(8);
log(g.writeBigInt64LE(-2n), g, g.readBigInt64LE(), g.readBigUInt64LE(), g.writeBigUInt64BE(2n ** 64n - 1n), g.readBigUInt64BE(), g.readBigInt64BE());
log(g.writeBigInt64BE(123n), g.readBigUint64BE(), g.writeBigUint64LE(5n), g.readBigInt64LE());
log(b.writeUInt8(3.9, 0), b.readUInt8(0), b.writeInt16LE(-1.5, 0), b.readInt16LE(0), b.writeUInt32BE(4294967295.5 - 0.5), b.readUInt32BE());
