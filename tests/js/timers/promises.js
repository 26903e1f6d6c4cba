// timers/promises: values, order, signal (AbortError with the reason as cause), option checks.
const tp = require("timers/promises");
const util = require("util");
console.log(Object.keys(tp).sort(), tp === require("node:timers/promises"), require("timers").promises === tp);
console.log(util.promisify(setTimeout) === tp.setTimeout, util.promisify(setImmediate) === tp.setImmediate,
  setTimeout[util.promisify.custom] === tp.setTimeout, typeof tp.scheduler.wait, typeof tp.scheduler.yield);
const show = (label) => [(v) => console.log(label, "resolved", v), (e) => console.log(label, "rejected", e.name, e.code, e.message, e.cause && e.cause.name, e.cause && e.cause.message)];
(async () => {
  console.log(await tp.setTimeout(5, "five"), await tp.setImmediate("imm"), await util.promisify(setTimeout)(1, "p"));
  const order = [];
  await Promise.all([tp.setTimeout(20).then(() => order.push(20)), tp.setTimeout(5).then(() => order.push(5)),
    tp.setImmediate().then(() => order.push("imm"))]);
  console.log(order);
  const ac = new AbortController();
  const p = tp.setTimeout(10000, "never", { signal: ac.signal });
  ac.abort();
  await p.then(...show("abort-later"));
  await tp.setTimeout(1, "x", { signal: AbortSignal.abort("why") }).then(...show("pre-aborted"));
  const ac2 = new AbortController();
  const pi = tp.setImmediate("i", { signal: ac2.signal });
  ac2.abort(new Error("custom reason"));
  await pi.then(...show("immediate-abort"));
  for (const bad of [null, 5, "str", { signal: {} }, { signal: 1 }, { ref: "yes" }, { ref: 1 }]) {
    await tp.setTimeout(1, 1, bad).then(...show(`options ${JSON.stringify(bad)}`));
    await tp.setImmediate(1, bad).then(...show(`immediate ${JSON.stringify(bad)}`));
  }
  await tp.setTimeout(1, "ok", { ref: true, signal: new AbortController().signal }).then(...show("good options"));
  await tp.scheduler.wait(1).then(...show("scheduler.wait"));
  await tp.scheduler.yield().then(...show("scheduler.yield"));
  // setInterval: an async iterator
  let n = 0;
  for await (const v of tp.setInterval(2, "tick")) {
    console.log("interval", v, ++n);
    if (n === 3) break;
  }
  const ac3 = new AbortController();
  const it = tp.setInterval(1, 7, { signal: ac3.signal });
  console.log(await it.next());
  ac3.abort();
  await it.next().then(...show("interval-abort"));
  console.log(await it.next());
  const bad = tp.setInterval(1, 1, { ref: "no" });
  await bad.next().then(...show("interval-bad-ref"));
  const pre = tp.setInterval(1, 1, { signal: AbortSignal.abort() });
  await pre.next().then(...show("interval-pre-aborted"));
  const it2 = tp.setInterval(1, "r");
  await it2.next();
  console.log(await it2.return("done"), await it2.next());
})();
