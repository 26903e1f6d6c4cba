// Argument checks of on/once/addAbortListener/getMaxListeners/setMaxListeners and friends.
const { on, once, EventEmitter, addAbortListener, getMaxListeners } = require("events");
for (const opts of [5, "x", { signal: null }, { signal: {} }, { highWaterMark: 0 }, { lowWaterMark: 1.5 }, { close: "end" }]) {
  try { const it = on(new EventEmitter(), "x", opts); console.log("on ok", JSON.stringify(opts), typeof it.next); it.return(); } catch (e) { console.log("on", JSON.stringify(opts), e.name, e.code, e.message); }
}
(async () => {
  for (const opts of [null, 5, { signal: null }, { signal: {} }, { signal: { aborted: true, reason: "r" } }]) {
    const ee = new EventEmitter();
    const p = once(ee, "x", opts);
    ee.emit("x", 1);
    try { console.log("once", JSON.stringify(opts), JSON.stringify(await p)); } catch (e) { console.log("once", JSON.stringify(opts), e.name, e.code, e.message); }
  }
  for (const a of [[undefined, () => {}], [null, () => {}], [{}, () => {}], [AbortSignal.abort(), 1]]) {
    try { addAbortListener(...a); console.log("aal ok"); } catch (e) { console.log("aal", e.name, e.code, e.message); }
  }
  for (const v of [undefined, null, {}, { getMaxListeners: 1 }]) {
    try { console.log(getMaxListeners(v)); } catch (e) { console.log("gml", e.code, e.message); }
  }
  const e = new EventEmitter();
  for (const bad of [-1, NaN, "3", null]) { try { e.setMaxListeners(bad); } catch (err) { console.log("sml", err.code, err.message); } }
  for (const bad of [-1, NaN, "3"]) { try { EventEmitter.defaultMaxListeners = bad; } catch (err) { console.log("dml", err.code, err.message); } }
  try { new EventEmitter({ captureRejections: 1 }); } catch (err) { console.log("cr", err.code, err.message); }
  try { EventEmitter.captureRejections = "yes"; } catch (err) { console.log("cr static", err.code, err.message); }
  try { e.on("x", 1); } catch (err) { console.log("listener", err.code, err.message); }
  try { e.emit("error", { code: "Z", toString() { return "custom"; } }); } catch (err) { console.log("emit obj", err.code, err.message); }
})();
