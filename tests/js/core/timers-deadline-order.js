// Timers fire in deadline order, ties in creation order.
const order = [];
for (const [name, ms] of [["t40", 40], ["t10", 10], ["t30", 30], ["t0", 0], ["t20", 20], ["t10b", 10]]) {
  setTimeout(() => {
    order.push(name);
    if (order.length === 6) console.log(order.join(" "));
  }, ms);
}
