"""Start-up time: ``qjsbridge eval 1`` next to ``node -e 1`` and ``python -c pass``, same run.

    python bench/bench_startup.py [--rounds 20] [--command 'qjsbridge run x.js' ...] [--no-ready]
                                  [--against OTHER/.venv/bin/qjsbridge]

The commands run interleaved (one of each per round, so load on the machine hits them alike);
the medians of the wall times and of the CPU times (user + system, which a loaded machine
disturbs much less) are printed with qjsbridge's ratio to each baseline. ``qjsbridge`` is the
console script beside this interpreter; ``python`` is this interpreter. ``--command`` adds more
qjsbridge command lines (run in this directory), each compared with the same baselines.

The children run without ``PYTHONDONTWRITEBYTECODE``, so the warm-up run leaves compiled
``.pyc`` files, as installing a package does: otherwise every run would measure compiling the
package's sources too (about 40 ms).

Second figure, the one a user of a watch script feels: the time from starting the process to
the ``READY`` line of a script that watches a 200-file directory recursively
(``fswatch.watch(dir, em, {recursive: true}); console.log("READY")``), next to a minimal Python
script on raw watchdog (``Observer().schedule(handler, dir, recursive=True)``, ``start()``, then
``READY``), interleaved in the same rounds; each process is ended with SIGTERM once it printed
``READY``.

``--against`` adds another installation's ``qjsbridge`` console script (say, main's checkout in
its own venv) to both figures, in the same interleaved rounds: a before/after comparison that
load on the machine cannot skew.

Targets: ``qjsbridge eval 1`` <= 1.3x ``node -e 1`` (issue 13); READY of the watch <= 1.3x raw
watchdog's.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WATCH_JS = """\
const EventEmitter = require("events");
const em = new EventEmitter();
em.on("error", (err) => console.error(err.message));
fswatch.watch(process.argv[process.argv.length - 1], em, { recursive: true });
console.log("READY");
"""

RAW_WATCHDOG = """\
import sys, threading
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
observer = Observer()
observer.schedule(FileSystemEventHandler(), sys.argv[1], recursive=True)
observer.start()
sys.stdout.write("READY\\n")
sys.stdout.flush()
threading.Event().wait()
"""


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


def time_to_ready(argv: list[str], env: dict[str, str]) -> float:
    """Wall seconds from starting ``argv`` to its ``READY`` line; then the process is ended."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    try:
        line = proc.stdout.readline()
        ready = time.perf_counter() - start
        if line.strip() != b"READY":
            raise SystemExit(f"{shlex.join(argv)} printed {line!r} instead of READY "
                             f"(exit status {proc.poll()})")
        return ready
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def ready_figures(rounds: int, env: dict[str, str], qjsbridge: str, against: str | None) -> None:
    """READY of a recursive watch on a 200-file directory: qjsbridge vs raw watchdog."""
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        tree = Path(tmp, "tree")
        for sub in range(4):
            (tree / f"d{sub}").mkdir(parents=True)
            for i in range(50):
                (tree / f"d{sub}" / f"f{i:02d}.txt").write_text("x\n")
        script = Path(tmp, "watch.js")
        script.write_text(WATCH_JS)
        raw = Path(tmp, "raw_watchdog.py")
        raw.write_text(RAW_WATCHDOG)
        commands = {
            "qjsbridge run watch.js (READY)": [qjsbridge, "run", str(script), str(tree)],
            "raw watchdog (READY)": [sys.executable, str(raw), str(tree)],
        }
        if against is not None:
            commands["against: run watch.js (READY)"] = [against, "run", str(script), str(tree)]
        for argv in commands.values():  # warm-up, and the .pyc files
            time_to_ready(argv, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, argv in commands.items():
                times[name].append(time_to_ready(argv, env))
    med = {name: statistics.median(v) for name, v in times.items()}
    width = max(len(name) for name in commands)
    print(f"time to READY, recursive watch of 200 files in 4 directories, medians over {rounds} "
          "interleaved rounds")
    for name in commands:
        print(f"{name:{width}}  wall {med[name] * 1000:7.1f} ms")
    base = "raw watchdog (READY)"
    for name in commands:
        if name != base:
            print(f"{name} / {base}: {med[name] / med[base]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--command", action="append", default=[],
                        help="another qjsbridge command line to time, e.g. 'run script.js'")
    parser.add_argument("--no-ready", action="store_true",
                        help="leave out the READY-of-a-watch figure")
    parser.add_argument("--against", metavar="QJSBRIDGE",
                        help="another installation's qjsbridge console script, timed alongside")
    args = parser.parse_args()
    qjsbridge = str(Path(sys.executable).with_name("qjsbridge"))
    ours = {"qjsbridge eval 1": [qjsbridge, "eval", "1"]}
    for extra in args.command:
        ours[f"qjsbridge {extra}"] = [qjsbridge, *shlex.split(extra)]
    if args.against is not None:
        ours["against: eval 1"] = [args.against, "eval", "1"]
        for extra in args.command:
            ours[f"against: {extra}"] = [args.against, *shlex.split(extra)]
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
    if not args.no_ready:
        print()
        ready_figures(args.rounds, env, qjsbridge, args.against)


if __name__ == "__main__":
    main()
