"""Idle CPU of a watching process, next to raw watchdog measured in the same run.

    python bench/bench_idle.py [--seconds 10] [--rounds 1]

Starts ``qjsbridge run`` on a script that watches a directory (recursive) and does nothing
else, waits for READY, then reads utime+stime from ``/proc/PID/stat`` before and after
``--seconds`` of quiet. Baseline: ``bench-peers/subjects/watchdog_raw.py`` (a bare watchdog
Observer) on its own directory, started and measured the same way, interleaved.

It also counts the context switches of all the process's threads over the same window (from
``/proc/PID/task/*/status``): CPU is counted in 10 ms ticks, wake-ups are exact, so a periodic
poll shows there first.

Target (issue 13): idle CPU <= raw watchdog's (no periodic wake-ups). Linux only.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WATCHDOG_RAW = ROOT.parent.parent / "shared" / "bench-peers" / "subjects" / "watchdog_raw.py"

SCRIPT = """
const EventEmitter = require("events");
const em = new EventEmitter();
em.on("event", (ev) => console.log(ev.op + "\\t" + ev.name));
fswatch.watch(process.argv[process.argv.length - 1], em, { recursive: true });
console.log("READY");
"""

RAW = """
import sys, threading
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
class H(FileSystemEventHandler):
    def on_any_event(self, event):
        print(event.event_type, event.src_path, flush=True)
obs = Observer()
obs.schedule(H(), sys.argv[1], recursive=True)
obs.start()
print("READY", flush=True)
threading.Event().wait()
"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wakeups(pid: int) -> int:
    """Context switches of every thread of ``pid`` so far: each time one of them slept and woke
    (a poll every 20 ms would add 50 a second), or was preempted."""
    total = 0
    for status in Path(f"/proc/{pid}/task").glob("*/status"):
        try:
            text = status.read_text()
        except OSError:  # the thread ended meanwhile
            continue
        for line in text.splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def measure(argv: list[str], seconds: float) -> tuple[float, int]:
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "READY":
                break
        else:
            raise RuntimeError(f"{argv[0]} ended before READY")
        time.sleep(0.5)  # let start-up work (imports, first GC) settle
        before, woke = cpu_seconds(proc.pid), wakeups(proc.pid)
        time.sleep(seconds)
        return cpu_seconds(proc.pid) - before, wakeups(proc.pid) - woke
    finally:
        proc.terminate()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    qjsbridge = str(Path(sys.executable).with_name("qjsbridge"))
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        script = base / "idle.js"
        script.write_text(SCRIPT)
        raw = base / "raw.py"
        raw.write_text(RAW if not WATCHDOG_RAW.exists() else WATCHDOG_RAW.read_text())
        for name in ("a", "b"):
            (base / name).mkdir()
        for r in range(args.rounds):
            project = measure([qjsbridge, "run", "--root", tmp, str(script), str(base / "a")],
                              args.seconds)
            watchdog = measure([sys.executable, str(raw), str(base / "b")], args.seconds)
            print(f"round {r + 1}: idle over {args.seconds:g} s: CPU qjsbridge {project[0]:.3f} s, "
                  f"raw watchdog {watchdog[0]:.3f} s; thread wake-ups qjsbridge {project[1]}, "
                  f"raw watchdog {watchdog[1]} (same run)")


if __name__ == "__main__":
    main()
