// Readable/Writable/Duplex/Transform event order, backpressure, setEncoding, pipe, async iteration.
const { Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished } = require("stream");
const streamPromises = require("stream/promises");
const log = (...a) => console.log(...a);

async function main() {
  // 1. event order of a simple Readable in flowing mode
  await new Promise((resolve) => {
    const r = new Readable({ read() {} });
    for (const ev of ["data", "end", "close", "pause", "resume", "readable"]) {
      if (ev !== "readable") r.on(ev, (x) => log("r1", ev, x === undefined ? "" : String(x)));
    }
    r.on("close", resolve);
    r.setEncoding("utf8");
    r.push("a");
    r.push("b");
    process.nextTick(() => { r.push("c"); r.push(null); });
    log("r1 sync done", r.readableFlowing, r.readableLength);
  });

  // 2. paused mode with 'readable' and read(n)
  await new Promise((resolve) => {
    const r = new Readable({ read() {}, highWaterMark: 4 });
    r.setEncoding("utf8");
    r.on("readable", () => {
      let c;
      while ((c = r.read(2)) !== null) log("r2 read", c);
      log("r2 readable end-of-loop", r.readableLength);
    });
    r.on("end", () => { log("r2 end"); resolve(); });
    log("r2 push", r.push("abcde"));
    r.push("f");
    r.push(null);
  });

  // 3. Writable backpressure and drain
  await new Promise((resolve) => {
    const seen = [];
    const w = new Writable({
      highWaterMark: 3,
      decodeStrings: false,
      write(chunk, enc, cb) { seen.push(chunk.toString()); setTimeout(cb, 1); },
    });
    log("w write1", w.write("ab"), w.writableLength, w.writableNeedDrain);
    log("w write2", w.write("cd"), w.writableLength, w.writableNeedDrain);
    w.on("drain", () => log("w drain", w.writableLength));
    w.on("finish", () => log("w finish", seen.join("|")));
    w.on("close", () => { log("w close"); resolve(); });
    w.end("ef", () => log("w end cb"));
    log("w ended", w.writableEnded, w.writableFinished);
  });

  // 4. write after end
  await new Promise((resolve) => {
    const w = new Writable({ write(c, e, cb) { cb(); } });
    w.end();
    w.on("error", (e) => { log("w2 error", e.code, e.message); });
    w.write("x", (e) => { log("w2 cb", e && e.code); resolve(); });
  });

  // 5. Transform + pipe + async iteration
  const upper = new Transform({
    decodeStrings: false,
    transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); },
    flush(cb) { this.push("!"); cb(); },
  });
  const src = Readable.from(["x", "y", "z"]);
  src.setEncoding("utf8");
  src.pipe(upper);
  const out = [];
  upper.setEncoding("utf8");
  for await (const chunk of upper) out.push(chunk);
  log("transform", out.join(""));

  // 6. pipeline with callback and an error in the middle
  await new Promise((resolve) => {
    const bad = new Transform({ transform(c, e, cb) { cb(new Error("bad chunk")); } });
    const sink = new Writable({ write(c, e, cb) { cb(); } });
    pipeline(Readable.from(["1"]), bad, sink, (e) => {
      log("pipeline err", e && e.message, sink.destroyed, bad.destroyed);
      resolve();
    });
  });

  // 7. stream/promises pipeline with an async generator and finished()
  const collected = [];
  await streamPromises.pipeline(
    Readable.from([1, 2, 3]),
    async function* (source) { for await (const n of source) yield String(n * 10); },
    new Writable({ objectMode: true, write(c, e, cb) { collected.push(c); cb(); } }),
  );
  log("promises pipeline", collected.join(","));
  const pt = new PassThrough();
  finished(pt, (e) => log("finished cb", e === undefined ? "undefined" : e));
  pt.resume();
  pt.end("z");
  await streamPromises.finished(pt);
  log("after finished");

  // 8. premature close
  await new Promise((resolve) => {
    const r = new Readable({ read() {} });
    finished(r, (e) => { log("premature", e.code, e.message); resolve(); });
    r.destroy();
  });

  // 9. Duplex allowHalfOpen false
  await new Promise((resolve) => {
    const d = new Duplex({
      allowHalfOpen: false,
      decodeStrings: false,
      read() {},
      write(c, e, cb) { log("duplex got", c.toString()); cb(); },
    });
    d.on("finish", () => log("duplex finish"));
    d.on("end", () => log("duplex end"));
    d.on("close", () => { log("duplex close"); resolve(); });
    d.write("hi");
    d.resume();
    d.push(null);
  });

  // 10. errors
  try { new Writable().write(null); } catch (e) { log("null write", e.code, e.name); }
  try { new Writable().write(5); } catch (e) { log("num write", e.code, e.message); }
  const r = new Readable();
  r.on("error", (e) => log("no _read", e.code, e.message));
  r.read();
  await new Promise((resolve) => setTimeout(resolve, 5));
  log("instanceof", new Duplex() instanceof Readable, new Duplex() instanceof Writable, new Transform() instanceof Duplex);
  process.stdout.write("stdout is a stream: " + (process.stdout instanceof Writable) + "\n");
}
main().then(() => log("done"));
