"""Module loading cost: N CommonJS files, N ES modules, N CommonJS files imported from an ES module.

    python bench/bench_modules.py [--modules 300] [--rounds 5]

Each case is a fresh ``qjsbridge run`` of a main script that loads N small modules from a
temporary directory (flat: the main script imports or requires each one). The baseline, measured
in the same run, is ``qjsbridge run`` of an empty script (process start, runtime set-up, close).
Reported: best wall time of ``--rounds`` per case, and per module = (case - baseline) / N. If
``node`` is on PATH, the same scripts under node are shown for scale (not a ratio we aim at).
These are benchmarks, not tests: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_tree(root: Path, n: int) -> dict[str, Path]:
    for i in range(n):
        (root / f"c{i}.js").write_text(f"exports.v = {i}; exports.f = () => {i};\n")
        (root / f"e{i}.mjs").write_text(f"export const v = {i}; export const f = () => {i};\n")
        (root / f"x{i}.cjs").write_text(f"exports.v = {i}; exports.f = () => {i};\n")
    cases = {
        "empty script (baseline)": root / "empty.js",
        "require() CommonJS": root / "cjs.js",
        "import ES modules": root / "esm.mjs",
        "import CommonJS from ESM": root / "esmcjs.mjs",
    }
    cases["empty script (baseline)"].write_text("")
    cases["require() CommonJS"].write_text(
        "let s = 0;\n" + "".join(f"s += require('./c{i}.js').v;\n" for i in range(n))
        + "if (s < 0) console.log(s);\n")
    total = "+".join(f"v{i}" for i in range(n)) or "0"
    cases["import ES modules"].write_text(
        "".join(f"import {{ v as v{i} }} from './e{i}.mjs';\n" for i in range(n))
        + f"if ({total} < 0) console.log(0);\n")
    cases["import CommonJS from ESM"].write_text(
        "".join(f"import {{ v as v{i} }} from './x{i}.cjs';\n" for i in range(n))
        + f"if ({total} < 0) console.log(0);\n")
    return cases


def best_time(cmd: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--modules", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    node = shutil.which("node")
    with tempfile.TemporaryDirectory() as tmp:
        cases = write_tree(Path(tmp), args.modules)
        base = None
        for label, script in cases.items():
            ours = best_time([sys.executable, "-m", "qjsbridge", "run", str(script)], args.rounds)
            if base is None:
                base = ours
                per = ""
            else:
                per = f"  {(ours - base) / args.modules * 1000:6.2f} ms/module"
            extra = ""
            if node is not None:
                extra = f"  (node: {best_time([node, str(script)], args.rounds):.3f} s)"
            print(f"{label:28s} {ours:.3f} s{per}{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
