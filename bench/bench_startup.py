"""Start-up time: ``qjsbridge eval 1`` next to ``node -e 1`` and ``python -c pass``, same run.

    python bench/bench_startup.py [--rounds 20]

The three commands run interleaved (one of each per round, so load on the machine hits them
alike); the medians of the wall times are printed with qjsbridge's ratio to each baseline.
``qjsbridge`` is the console script beside this interpreter; ``python`` is this interpreter.

Target (issue 13): ``qjsbridge eval 1`` <= 1.3x ``node -e 1``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    commands = {
        "qjsbridge eval 1": [str(Path(sys.executable).with_name("qjsbridge")), "eval", "1"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    node = shutil.which("node")
    if node is not None:
        commands["node -e 1"] = [node, "-e", "1"]
    else:
        print("node not found: no node baseline")
    for argv in commands.values():  # warm the page cache and .pyc files
        wall(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, argv in commands.items():
            times[name].append(wall(argv))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:18} median {value * 1000:7.1f} ms over {args.rounds} runs")
    ours = medians["qjsbridge eval 1"]
    for name in commands:
        if name != "qjsbridge eval 1":
            print(f"qjsbridge eval 1 / {name}: {ours / medians[name]:.2f}x")


if __name__ == "__main__":
    main()
