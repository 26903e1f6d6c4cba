// The stdio streams (process.stdout/stderr), loaded with stream.js when first used.
(function (Q) {
  "use strict";

  const { Writable } = Q.stream;

  // process.stdout / process.stderr: real Writable streams over the runtime's console sink.
  // Bytes are decoded as UTF-8 (a character split across writes is held until complete).
  function stdio(name, fd) {
    const decoder = new Q.StringDecoder("utf8");
    const stream = new Writable({
      decodeStrings: false,
      write(chunk, encoding, cb) {
        let text;
        if (typeof chunk === "string") {
          text = encoding && encoding !== "utf8" && encoding !== "buffer" && encoding !== "utf-8"
            ? decoder.write(Q.bufferFromString(chunk, encoding)) : chunk;
        } else {
          text = decoder.write(chunk);
        }
        if (text.length) Q.hostCall("qjsb.console.write", name, text);
        cb();
      },
    });
    stream.fd = fd;
    stream.isTTY = false;
    stream._isStdio = true;
    // Like Node, the stdio streams are never really closed by scripts.
    stream._destroy = function (e, cb) { cb(e); };
    return stream;
  }
  Q.stdout = stdio("stdout", 1);
  Q.stderr = stdio("stderr", 2);
})
