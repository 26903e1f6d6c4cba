const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function worker(name, n) {
  for (let i = 0; i < n; i++) {
    await sleep(1);
    console.log(name, i);
  }
  return name + " done";
}
async function main() {
  const first = await worker("a", 2);
  console.log(first);
  const results = await Promise.all([sleep(5).then(() => "p1"), Promise.resolve("p2")]);
  console.log(results.join(","));
  try {
    await Promise.reject(new TypeError("handled rejection"));
  } catch (e) {
    console.log("caught", e.name, e.message);
  }
  const settled = await Promise.allSettled([Promise.reject(new Error("x")), 1]);
  console.log(settled.map((s) => s.status).join(","));
  process.exitCode = 3;
}
main();
