// events.on: the `close` option and highWaterMark/lowWaterMark pause/resume.
const EventEmitter = require("events");
const { on } = EventEmitter;

async function main() {
  const e = new EventEmitter();
  const it = on(e, "data", { close: ["end", "finish"] });
  console.log("listeners:", JSON.stringify(e.eventNames()));
  e.emit("data", 1);
  e.emit("data", 2);
  e.emit("end");
  e.emit("data", 3);
  const seen = [];
  for await (const [v] of it) seen.push(v);
  console.log("close option:", JSON.stringify(seen), JSON.stringify(e.eventNames()));

  // Close while waiting
  const f = new EventEmitter();
  setImmediate(() => f.emit("finish"));
  let n = 0;
  for await (const x of on(f, "data", { close: ["finish"] })) n++;
  console.log("closed while waiting:", n, f.eventNames().length);

  // Watermarks: emitter.pause()/resume() are called by the iterator
  class Pausable extends EventEmitter {
    pause() { console.log("pause()"); }
    resume() { console.log("resume()"); }
  }
  const p = new Pausable();
  const kWatermarkData = Symbol.for("nodejs.watermarkData");
  const it2 = on(p, "d", { highWaterMark: 2, lowWaterMark: 1 });
  const wm = it2[kWatermarkData];
  console.log("wm:", wm.size, wm.low, wm.high, wm.isPaused);
  for (let i = 0; i < 4; i++) p.emit("d", i);
  console.log("after 4 emits:", wm.size, wm.isPaused);
  for (let i = 0; i < 4; i++) {
    const r = await it2.next();
    console.log("next", JSON.stringify(r.value), "size", wm.size, "paused", wm.isPaused);
  }
  await it2.return();

  // Legacy option spellings highWatermark/lowWatermark
  const it3 = on(p, "d", { highWatermark: 5, lowWatermark: 2 });
  console.log("legacy:", it3[kWatermarkData].high, it3[kWatermarkData].low);
  await it3.return();
}
main().then(() => console.log("done"));
