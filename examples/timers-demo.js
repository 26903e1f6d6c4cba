// A tour of the event loop: timers, immediates, nextTick, promises and async/await.
// Prints the same lines, in the same order, under `node` and `qjsbridge run`.
const { setTimeout: delay } = require("timers/promises");

function log(...args) {
  console.log(...args);
}

log("1. synchronous code runs first");
process.nextTick(() => log("2. then process.nextTick callbacks"));
Promise.resolve().then(() => log("3. then promise callbacks (microtasks)"));

setTimeout(() => {
  log("4. a timer fires (its own task)");
  setImmediate(() => log("5. an immediate queued by a timer runs before a new 0 ms timer"));
  setTimeout(() => log("6. ...which runs on the next turn of the loop"), 0);
}, 10);

async function countdown(from) {
  for (let i = from; i > 0; i--) {
    await delay(20);
    log(`   countdown ${i}`);
  }
  return "liftoff";
}

setTimeout(async () => {
  log("7. async functions interleave with timers:");
  const [result, other] = await Promise.all([countdown(3), delay(30, "a parallel timer finished")]);
  log(`8. ${other}; countdown says ${result}`);
  const ticker = setInterval(() => {
    ticker.count = (ticker.count || 0) + 1;
    log(`9. interval tick ${ticker.count}`);
    if (ticker.count === 2) {
      clearInterval(ticker);
      log("10. nothing is left to wait for, so the process exits");
    }
  }, 15);
}, 50);
