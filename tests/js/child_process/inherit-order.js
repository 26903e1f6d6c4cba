// A child's inherited output is written before it exits, so it comes before 'exit' (our
// inherited streams are forwarded through a pipe: nothing may overtake them).
const cp = require("child_process");

async function main() {
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => {
      const child = cp.spawn("sh", ["-c", `echo out ${i}; echo err ${i} >&2`], { stdio: "inherit" });
      child.on("exit", (code) => {
        console.log(`exit ${i} ${code}`);
        console.error(`exit ${i} ${code}`);
        resolve();
      });
    });
  }
}
main();
