// A stream destroyed with an error emits it from inside the library: Node's emit frames are
// all internal (and qjsbridge prints none, nor their heading).
const { Readable } = require("stream");
const r = new Readable({ read() {} });
r.destroy(new Error("stream broke"));
