// Timers fire in deadline order, ties in creation order. A deadline is the moment setTimeout was
// called plus the delay, so the order below is the deadline order only when the six calls happen
// within a few ms (t30 is created after t40 and must still come first). An attempt whose calls
// took longer (the process was descheduled on a loaded machine) proves nothing: it runs again.
const TIMERS = [["t40", 40], ["t10", 10], ["t30", 30], ["t0", 0], ["t20", 20], ["t10b", 10]];

function attempt(left) {
  const order = [];
  const start = performance.now();
  for (const [name, ms] of TIMERS) {
    setTimeout(() => {
      order.push(name);
      if (order.length < TIMERS.length) return;
      if (created < 5) console.log(order.join(" "));
      else if (left > 0) attempt(left - 1);
      else console.log(`the timers never got created within 5 ms (${created.toFixed(1)} ms)`);
    }, ms);
  }
  const created = performance.now() - start;
}
attempt(50);
