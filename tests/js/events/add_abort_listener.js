// events.addAbortListener(signal, listener)
const EventEmitter = require("events");
const { addAbortListener } = EventEmitter;

async function main() {
  const ac = new AbortController();
  const log = [];
  const disposable = addAbortListener(ac.signal, (ev) => log.push("called " + (ev && ev.type)));
  console.log("dispose is a function:", typeof disposable[Symbol.dispose]);
  ac.abort();
  console.log("after abort:", log.join(","));

  // Disposing before abort prevents the call
  const ac2 = new AbortController();
  const d2 = addAbortListener(ac2.signal, () => log.push("should not run"));
  d2[Symbol.dispose]();
  ac2.abort();
  console.log("disposed:", log.length);

  // Already aborted: called in a microtask, without arguments
  const order = [];
  addAbortListener(AbortSignal.abort(), (...args) => order.push("listener args=" + args.length));
  order.push("sync");
  await null;
  order.push("after await");
  console.log(order.join(","));

  // Validation
  for (const [s, l] of [[undefined, () => {}], [null, () => {}], [{}, () => {}], [ac.signal, "nope"]]) {
    try { addAbortListener(s, l); } catch (err) { console.log(err.code, err.message); }
  }
}
main().then(() => console.log("done"));
