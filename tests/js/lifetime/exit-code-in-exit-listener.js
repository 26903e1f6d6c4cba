// An exit listener may change process.exitCode; a process.exit() inside one wins.
let calls = 0;
process.on("exit", (code) => {
  calls++;
  console.log("exit", code, "calls", calls);
  process.exitCode = 4;
});
process.on("exit", () => {
  console.log("second listener sees", process.exitCode);
  if (calls === 1) process.exit(5);
});
process.exit(3);
