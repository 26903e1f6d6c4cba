// child_process against real commands: sh -c, cat, false, a missing command, a signal, maxBuffer.
const cp = require("child_process");
const util = require("util");
const log = (...a) => console.log(...a);
const errFields = (e) => e && [e.message, e.code, e.errno, e.syscall, e.path, e.killed, e.signal, e.cmd];

function events(child, label) {
  return new Promise((resolve) => {
    const seen = [];
    child.on("spawn", () => seen.push("spawn"));
    child.on("exit", (code, sig) => seen.push(`exit ${code} ${sig}`));
    child.on("error", (e) => seen.push(`error ${e.code} ${e.message} ${JSON.stringify(e.spawnargs)}`));
    child.on("close", (code, sig) => {
      seen.push(`close ${code} ${sig}`);
      log(label, seen.join(" | "), "exitCode", child.exitCode, "signalCode", child.signalCode);
      resolve();
    });
  });
}

async function main() {
  // spawn with pipes; data chunks decoded through setEncoding
  const sh = cp.spawn("sh", ["-c", "echo out; echo err >&2; exit 3"]);
  log("pid is number", typeof sh.pid === "number", sh.spawnfile, JSON.stringify(sh.spawnargs));
  let out = "", err = "";
  sh.stdout.setEncoding("utf8");
  sh.stderr.setEncoding("utf8");
  sh.stdout.on("data", (c) => { out += c; });
  sh.stderr.on("data", (c) => { err += c; });
  await events(sh, "sh");
  log("sh output", JSON.stringify(out), JSON.stringify(err));

  // cat: stdin -> stdout, async iteration of the output
  const cat = cp.spawn("cat");
  cat.stdin.write("line 1\n");
  cat.stdin.end("line 2\n");
  cat.stdout.setEncoding("utf8");
  let catOut = "";
  for await (const chunk of cat.stdout) catOut += chunk;
  log("cat", JSON.stringify(catOut));

  // false, a missing command, cwd and env
  await events(cp.spawn("false"), "false");
  const missing = cp.spawn("qjsbridge-no-such-command", ["x"]);
  log("missing pid", missing.pid);
  await events(missing, "missing");
  const envChild = cp.spawn("sh", ["-c", "echo $QJSB_TEST_VAR; pwd"], { env: { QJSB_TEST_VAR: "v1", PATH: process.env.PATH }, cwd: "/" });
  envChild.stdout.setEncoding("utf8");
  let envOut = "";
  envChild.stdout.on("data", (c) => { envOut += c; });
  await events(envChild, "env");
  log("env output", JSON.stringify(envOut));

  // killed by a signal
  const sleeper = cp.spawn("sleep", ["30"]);
  const done = events(sleeper, "sleep");
  log("kill", sleeper.kill(), sleeper.killed);
  await done;
  log("kill after exit", sleeper.kill());

  // exec / execFile, callback and promisified
  await new Promise((resolve) => cp.exec("echo hi; echo there >&2", (e, so, se) => {
    log("exec ok", e, JSON.stringify(so), JSON.stringify(se));
    resolve();
  }));
  await new Promise((resolve) => cp.exec("exit 4", (e) => { log("exec fail", errFields(e)); resolve(); }));
  await new Promise((resolve) => cp.exec("kill -TERM $$", (e) => { log("exec signal", errFields(e)); resolve(); }));
  await new Promise((resolve) => cp.execFile("qjsbridge-no-such-command", ["a"], (e, so) => {
    log("execFile missing", errFields(e), JSON.stringify(e.spawnargs), JSON.stringify(so));
    resolve();
  }));
  await new Promise((resolve) => cp.exec("yes | head -c 100000", { maxBuffer: 1000 }, (e, so) => {
    log("maxBuffer", e.name, e.code, e.message, so.length);
    resolve();
  }));
  await new Promise((resolve) => cp.exec("sleep 10", { timeout: 50 }, (e) => { log("timeout", errFields(e)); resolve(); }));
  const execP = util.promisify(cp.exec);
  const { stdout, stderr } = await execP("printf 'a b'");
  log("promisified", JSON.stringify(stdout), JSON.stringify(stderr));
  await execP("echo partial; exit 2").catch((e) => log("promisified fail", e.code, JSON.stringify(e.stdout)));
  const execFileP = util.promisify(cp.execFile);
  log("execFile promisified", JSON.stringify((await execFileP("sh", ["-c", "echo $0", "zero"])).stdout));

  // sync forms
  log("execSync", JSON.stringify(Array.from(cp.execSync("echo sync"))));
  log("execSync enc", JSON.stringify(cp.execSync("echo sync", { encoding: "utf8" })));
  try { cp.execSync("echo o; echo e >&2; exit 2", { stdio: "pipe", encoding: "utf8" }); } catch (e) {
    log("execSync fail", JSON.stringify(e.message), e.status, e.signal, JSON.stringify(e.stdout), JSON.stringify(e.stderr), Object.keys(e).join(","));
  }
  try { cp.execFileSync("qjsbridge-no-such-command"); } catch (e) { log("execFileSync missing", e.message, e.code); }
  const r = cp.spawnSync("sh", ["-c", "cat; exit 5"], { input: "fed", encoding: "utf8" });
  log("spawnSync", r.status, r.signal, JSON.stringify(r.stdout), JSON.stringify(r.stderr), JSON.stringify(r.output));
  const k = cp.spawnSync("sh", ["-c", "kill -KILL $$"]);
  log("spawnSync signal", k.status, k.signal);
  log("execFileSync", JSON.stringify(cp.execFileSync("printf", ["%s-%s", "a", "b"], { encoding: "utf8" })));
  try { cp.spawn(); } catch (e) { log("bad file", e.code, e.message); }
  try { cp.spawn("sh", { stdio: "bogus" }); } catch (e) { log("bad stdio", e.code); }
}
main().then(() => log("done"));
