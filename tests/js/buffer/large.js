// Long inputs (converted by the host's codecs in qjsbridge) give the same results as short ones.
const sum = (s) => {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
};
const text = "h\u00e9llo \u20ac \ud83d\ude00 \u0000 a\ud800b \udc00".repeat(700);
const b = Buffer.from(text);
console.log(text.length, b.length, Buffer.byteLength(text), sum(b.toString("hex")), sum(b.toString()));
const bytes = Buffer.alloc(9000);
for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
const decoded = bytes.toString();
console.log(decoded.length, sum(decoded), sum(bytes.toString("utf8", 3, 8000)), sum(bytes.toString("latin1")));
const b64 = bytes.toString("base64");
console.log(Buffer.from(b64, "base64").equals(bytes), Buffer.from(bytes.toString("base64url"), "base64url").equals(bytes));
console.log(Buffer.from(b64.replace(/(.{76})/g, "$1\n"), "base64").equals(bytes), Buffer.from(b64.slice(0, 400) + "=" + b64.slice(400), "base64").length);
console.log(Buffer.from(b64.replace(/\+/g, "-"), "base64").equals(bytes), Buffer.from(b64 + "!!", "base64").equals(bytes));
console.log(sum(new TextDecoder().decode(bytes)), new TextEncoder().encode(text).length);
const big = "x".repeat(5000) + "\u00ff";
console.log(Buffer.from(big, "latin1").length, Buffer.from(big).length, sum(Buffer.from(big).toString("ascii")));
