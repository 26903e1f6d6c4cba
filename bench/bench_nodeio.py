"""fs and child_process throughput, against plain-Python baselines measured in the same run.

    python bench/bench_nodeio.py [--files 1000] [--size 4096] [--spawns 50] [--rounds 3]

Measures, best of ``--rounds``:

* **concurrent readFile**: JS starts ``--files`` ``fs.promises.readFile`` calls at once and awaits
  them all (each completion is its own owner task). Baseline: a 4-thread
  ``ThreadPoolExecutor`` reads the same files in Python.
* **spawn + exit**: JS runs ``--spawns`` ``execFile("true")`` one after another. Baseline:
  ``subprocess.run(["true"])`` the same number of times.
* **child output**: ``cat`` of a 16 MiB file through ``child.stdout`` (every 64 KiB chunk is its
  own task). Baseline: ``subprocess.run(["cat", file], capture_output=True)``.

Ratios are ours/baseline for time, so >1 means "that many times slower than plain Python". These
are benchmarks, not tests: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qjsbridge import NodeGlobals, Permissions, RuntimeFactoryBuilder, RuntimeOptions  # noqa: E402

SCRIPT = """
const fsp = require("fs/promises");
const { execFile, spawn } = require("child_process");
const { promisify } = require("util");
const path = require("path");
const [mode, dir, count] = process.argv.slice(1);
const t0 = performance.now();
async function main() {
  if (mode === "read") {
    const jobs = [];
    for (let i = 0; i < Number(count); i++) jobs.push(fsp.readFile(path.join(dir, "f" + i)));
    const all = await Promise.all(jobs);
    if (all.length !== Number(count)) throw new Error("missing results");
  } else if (mode === "spawn") {
    const run = promisify(execFile);
    for (let i = 0; i < Number(count); i++) await run("true");
  } else {
    const child = spawn("cat", [path.join(dir, "big")]);
    let n = 0;
    for await (const chunk of child.stdout) n += chunk.length;
    if (n !== 16 * 1024 * 1024) throw new Error("short read " + n);
  }
  globalThis.benchResult = performance.now() - t0;
}
main();
"""


def run_js(mode: str, directory: str, count: int) -> float:
    script = Path(directory) / "bench.js"
    script.write_text(SCRIPT)
    options = RuntimeOptions(module_roots=[directory],
                             node_globals=NodeGlobals(argv=("qjsbridge", mode, directory, str(count)),
                                                      env=dict(os.environ)),
                             permissions=Permissions(fs_read=[directory], child_process=True))
    rt = RuntimeFactoryBuilder(options).build().new_runtime()
    try:
        rt.run_main(script)
        if not rt.wait_until_idle(300):
            raise RuntimeError("benchmark did not finish")
        return float(rt.eval("globalThis.benchResult")) / 1000.0
    finally:
        rt.close()


def baseline_read(directory: str, count: int) -> float:
    def read(i: int) -> bytes:
        with open(os.path.join(directory, f"f{i}"), "rb") as f:
            return f.read()

    t0 = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(read, range(count)))
    return time.perf_counter() - t0


def baseline_spawn(count: int) -> float:
    t0 = time.perf_counter()
    for _ in range(count):
        subprocess.run(["true"], check=True)
    return time.perf_counter() - t0


def baseline_cat(directory: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(["cat", os.path.join(directory, "big")], capture_output=True, check=True)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--spawns", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        payload = os.urandom(args.size)
        for i in range(args.files):
            Path(d, f"f{i}").write_bytes(payload)
        Path(d, "big").write_bytes(os.urandom(16 * 1024 * 1024))
        rows = [
            (f"{args.files} concurrent readFile ({args.size} B)",
             lambda: run_js("read", d, args.files), lambda: baseline_read(d, args.files)),
            (f"{args.spawns} sequential execFile('true')",
             lambda: run_js("spawn", d, args.spawns), lambda: baseline_spawn(args.spawns)),
            ("16 MiB through child.stdout", lambda: run_js("cat", d, 0), lambda: baseline_cat(d)),
        ]
        for label, ours, base in rows:
            o = min(ours() for _ in range(args.rounds))
            b = min(base() for _ in range(args.rounds))
            print(f"{label:45s} qjsbridge {o * 1000:8.1f} ms   baseline {b * 1000:8.1f} ms   "
                  f"ratio {o / b:6.2f}")


if __name__ == "__main__":
    main()
