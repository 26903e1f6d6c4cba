"""Start-up time: ``qjsbridge eval 1`` next to ``node -e 1`` and ``python -c pass``, same run.

    python bench/bench_startup.py [--rounds 20] [--command 'qjsbridge run x.js' ...]

The commands run interleaved (one of each per round, so load on the machine hits them alike);
the medians of the wall times and of the CPU times (user + system, which a loaded machine
disturbs much less) are printed with qjsbridge's ratio to each baseline. ``qjsbridge`` is the
console script beside this interpreter; ``python`` is this interpreter. ``--command`` adds more
qjsbridge command lines (run in this directory), each compared with the same baselines.

The children run without ``PYTHONDONTWRITEBYTECODE``, so the warm-up run leaves compiled
``.pyc`` files, as installing a package does: otherwise every run would measure compiling the
package's sources too (about 40 ms).

Target (issue 13): ``qjsbridge eval 1`` <= 1.3x ``node -e 1``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``argv``."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--command", action="append", default=[],
                        help="another qjsbridge command line to time, e.g. 'run script.js'")
    args = parser.parse_args()
    qjsbridge = str(Path(sys.executable).with_name("qjsbridge"))
    ours = {"qjsbridge eval 1": [qjsbridge, "eval", "1"]}
    for extra in args.command:
        ours[f"qjsbridge {extra}"] = [qjsbridge, *shlex.split(extra)]
    baselines = {"python -c pass": [sys.executable, "-c", "pass"]}
    node = shutil.which("node")
    if node is not None:
        baselines["node -e 1"] = [node, "-e", "1"]
    else:
        print("node not found: no node baseline")
    commands = {**ours, **baselines}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for argv in commands.values():  # warm the page cache and write the .pyc files
        measure(argv, env)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, argv in commands.items():
            wall, cpu = measure(argv, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    wall_med = {name: statistics.median(v) for name, v in walls.items()}
    cpu_med = {name: statistics.median(v) for name, v in cpus.items()}
    width = max(len(name) for name in commands)
    print(f"medians over {args.rounds} interleaved rounds")
    for name in commands:
        print(f"{name:{width}}  wall {wall_med[name] * 1000:7.1f} ms  cpu {cpu_med[name] * 1000:7.1f} ms")
    for name in ours:
        for base in baselines:
            print(f"{name} / {base}: wall {wall_med[name] / wall_med[base]:.2f}x, "
                  f"cpu {cpu_med[name] / cpu_med[base]:.2f}x")


if __name__ == "__main__":
    main()
