// stdio: inherit goes to our stdout/stderr in order; pipe(process.stdout); ignore; spawnSync inherit.
const cp = require("child_process");
const closed = (child) => new Promise((resolve) => child.on("close", (code) => resolve(code)));

async function main() {
  console.log("before");
  console.log("inherit exit", await closed(cp.spawn("sh", ["-c", "echo from inherit"], { stdio: "inherit" })));
  const piped = cp.spawn("sh", ["-c", "printf 'piped %s\\n' one two"]);
  piped.stdout.pipe(process.stdout);
  console.log("pipe exit", await closed(piped));
  const ignored = cp.spawn("sh", ["-c", "echo ignored"], { stdio: "ignore" });
  console.log("ignore streams", ignored.stdout, ignored.stderr, await closed(ignored));
  const mixed = cp.spawn("cat", [], { stdio: ["pipe", "inherit", "pipe"] });
  mixed.stdin.end("through cat\n");
  console.log("mixed exit", await closed(mixed), mixed.stdout);
  const r = cp.spawnSync("sh", ["-c", "echo sync inherit"], { stdio: "inherit" });
  console.log("spawnSync", r.status, r.stdout, JSON.stringify(r.output));
  console.log("after");
}
main();
