// events.on + for await: 10,000 events, each emitted from its own macrotask, none dropped.
const EventEmitter = require("events");
const { on } = EventEmitter;

const TOTAL = 10000;
const e = new EventEmitter();

let produced = 0;
function produce() {
  e.emit("item", produced, produced * 2);
  produced++;
  if (produced < TOTAL) setImmediate(produce);
  else setImmediate(() => e.emit("end"));
}

async function consume() {
  let count = 0;
  let sum = 0;
  let inOrder = true;
  let slowSeen = 0;
  for await (const [i, twice] of on(e, "item")) {
    if (i !== count || twice !== i * 2) inOrder = false;
    count++;
    sum += i;
    // Sometimes be slow: await a few macrotasks so events pile up in the queue
    if (i % 1000 === 0) {
      slowSeen++;
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 1));
    }
    if (count === TOTAL) break;
  }
  console.log("count:", count, "sum:", sum, "inOrder:", inOrder, "slow:", slowSeen);
  console.log("listeners left:", e.listenerCount("item"), e.listenerCount("error"));
}

// A second run: 1000 events with setTimeout(0) each
async function timeouts() {
  const f = new EventEmitter();
  const seen = [];
  let k = 0;
  const tick = () => { f.emit("t", k++); if (k < 1000) setTimeout(tick, 0); };
  setTimeout(tick, 0);
  for await (const [v] of on(f, "t")) {
    seen.push(v);
    if (seen.length === 1000) break;
  }
  console.log("timeouts:", seen.length, seen.every((v, i) => v === i));
}

setImmediate(produce);
consume().then(timeouts).then(() => console.log("done"));
