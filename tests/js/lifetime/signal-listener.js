// A SIGINT/SIGTERM listener replaces the default exit; the signal arrives as an event.
const keepAlive = setInterval(() => {}, 1000);
let count = 0;
process.on("SIGINT", (name, number) => {
  count++;
  console.log("got", name, number, count);
  if (count < 2) {
    process.kill(process.pid, "SIGINT");
  } else {
    process.kill(process.pid, "SIGTERM");
  }
});
process.once("SIGTERM", (name) => {
  console.log("got", name);
  clearInterval(keepAlive);
});
process.on("exit", (code) => console.log("exit", code));
console.log("kill returns", process.kill(process.pid, "SIGINT"));
