"""File-watch scenarios: qjsbridge's fswatch against raw watchdog, each measured in the same run.

    python bench/bench_fswatch.py [--writes 200] [--burst 5000] [--dirs 2000] [--files-per-dir 25]

Baseline: a watchdog ``Observer`` whose handler appends to a list (no JavaScript, no filtering).

1. **latency**: create a file, wait until the listener has it, repeat; p50/p99 from ``write()``
   to the JS listener (ours: a listener calling back into Python) vs. to the handler call.
2. **burst**: create N files as fast as possible in a recursive watch; time until every file's
   CREATE has been seen, how long after the last write the last file was seen, events per
   file, files missed, and the CPU seconds the watching side used (the process's CPU time
   during the burst minus the writing thread's own).
3. **start-up**: ``watch(recursive)`` on a tree of D directories x F files: time until it
   returns, and resident memory (peak, and growth during the call). Each side runs in a fresh
   process so memory figures do not mix. Then **READY in a 200-file directory**: a fresh
   ``qjsbridge run`` of a script that watches and prints READY, against a fresh Python that
   imports watchdog, schedules and prints READY (wall time from spawn, interleaved, medians).
4. **idle CPU**: the same tree watched for ``--idle`` seconds with nothing changing, CPU seconds
   used per second: the inotify backend beside raw watchdog, and the polling backend
   (``poll: true``, the default interval) (fresh processes).

Targets (issue 13, ratios against raw watchdog in the same run): latency p50 <= 1.3x; burst:
nothing missed, the last file seen <= 50 ms after the last write, CPU <= 1.5x; READY in a 200-file
directory <= 1.3x; peak RSS on the 50,000-file tree <= 32 MiB; idle CPU <= watchdog's.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _stats import percentile  # noqa: E402  (bench/ is on sys.path when run as a script)

JS_LISTENER = """
const EventEmitter = require("events");
const bench = require("bench");
globalThis.em = new EventEmitter();
const seen = new Set();
let target = 0;
em.on("event", (ev) => {
  if (!ev.create || ev.isDir) return;
  if (target === 0) { bench.ack(ev.relativeName); return; }
  seen.add(ev.relativeName);
  bench.count();
  if (seen.size === target) bench.ack("burst-done");
});
globalThis.expect = (n) => { seen.clear(); target = n; };
"""


def rss_kib(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0



# -- ours ------------------------------------------------------------------------------------------
class Ours:
    def __init__(self, watch_dir: Path, poll: bool = False) -> None:
        from qjsbridge import jsevents
        from qjsbridge.engine.modules import NativeModule
        from qjsbridge.engine.runtime import Initializer, RuntimeFactoryBuilder, RuntimeOptions, SetupContext
        from qjsbridge.fswatch import FSWatchHelper, FSWatchOptions

        self.acks: dict[str, float] = {}
        self.events = 0
        self.dir = watch_dir
        scripts = Path(tempfile.mkdtemp(prefix="bench-js-"))
        (scripts / "main.js").write_text(JS_LISTENER)

        def init(setup: SetupContext) -> None:
            def ack(name: str) -> None:
                self.acks[name] = time.perf_counter()

            def count() -> None:
                self.events += 1

            setup.define_module(NativeModule("bench", {"ack": ack, "count": count}))

        self.rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[scripts]))
                   .with_runtime_initializers(jsevents.install(), Initializer("bench", init),
                                              FSWatchHelper(FSWatchOptions(root=str(watch_dir.parent),
                                                                           allow_recursive=True,
                                                                           allow_polling=True)))
                   .build().new_runtime())
        self.rt.run_main(scripts / "main.js")
        self.poll = poll

    def watch(self) -> float:
        t0 = time.perf_counter()
        poll = ", poll: true" if self.poll else ""
        self.rt.eval(f"globalThis.conn = fswatch.watch({json.dumps(str(self.dir))}, em, {{recursive: true{poll}}})")
        return time.perf_counter() - t0

    def expect(self, n: int) -> None:
        self.events = 0
        self.rt.eval(f"expect({n})")

    def close(self) -> None:
        self.rt.close()


class Raw:
    """The baseline: watchdog with a handler that records what it sees."""

    def __init__(self, watch_dir: Path) -> None:
        from watchdog.events import FileCreatedEvent, FileSystemEventHandler
        from watchdog.observers import Observer

        self.acks: dict[str, float] = {}
        self.created: set[str] = set()
        self.events = 0
        self.target = 0
        self.dir = watch_dir
        outer = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if not isinstance(event, FileCreatedEvent):
                    return
                rel = os.path.relpath(event.src_path, outer.dir)
                now = time.perf_counter()
                if outer.target == 0:
                    outer.acks[rel] = now
                    return
                outer.events += 1
                outer.created.add(rel)
                if len(outer.created) == outer.target:
                    outer.acks["burst-done"] = now

        self.handler = Handler()
        self.observer = Observer()
        self.observer.start()

    def watch(self) -> float:
        t0 = time.perf_counter()
        self.observer.schedule(self.handler, str(self.dir), recursive=True)
        return time.perf_counter() - t0

    def expect(self, n: int) -> None:
        self.events = 0
        self.created = set()
        self.target = n

    def close(self) -> None:
        self.observer.stop()
        self.observer.join()


def wait_ack(side: Any, key: str, timeout: float = 30.0, poll: float = 0.0) -> float:
    deadline = time.monotonic() + timeout
    while key not in side.acks:
        if time.monotonic() > deadline:
            raise TimeoutError(key)
        time.sleep(poll)
    return float(side.acks.pop(key))


def latency(side_cls: type, base: Path, writes: int) -> list[float]:
    d = base / f"lat-{side_cls.__name__}"
    d.mkdir()
    side = side_cls(d)
    try:
        side.watch()
        out = []
        for i in range(writes):
            name = f"f{i}.txt"
            t0 = time.perf_counter()
            with open(d / name, "w") as f:
                f.write("x")
            out.append(wait_ack(side, name) - t0)
        return out
    finally:
        side.close()


def burst(side_cls: type, base: Path, n: int) -> dict[str, float]:
    d = base / f"burst-{side_cls.__name__}"
    d.mkdir()
    side = side_cls(d)
    try:
        side.watch()
        side.expect(n)
        time.sleep(0.2)  # let start-up work settle before the CPU clock starts
        cpu0, own0 = time.process_time(), time.thread_time()
        t0 = time.perf_counter()
        for i in range(n):
            with open(d / f"f{i:05d}.txt", "w") as f:
                f.write("x")
        t_written = time.perf_counter()
        try:
            seen = wait_ack(side, "burst-done", timeout=60, poll=0.0005)
            done, tail = seen - t0, seen - t_written
            missed = 0
        except TimeoutError:
            done = tail = float("nan")
            missed = n - (len(side.created) if isinstance(side, Raw) else side.events)
        time.sleep(0.2)  # let stragglers (duplicates) arrive before counting
        # the watcher's CPU: everything this process used but the writing (and waiting) thread
        cpu = (time.process_time() - cpu0) - (time.thread_time() - own0)
        return {"seconds": done, "tail": tail, "write_seconds": t_written - t0,
                "events_per_file": side.events / n, "missed": missed, "cpu": cpu}
    finally:
        side.close()


def make_tree(base: Path, dirs: int, files: int) -> Path:
    tree = base / "tree"
    for i in range(dirs):
        d = tree / f"d{i // 50:03d}" / f"e{i % 50:02d}"
        d.mkdir(parents=True, exist_ok=True)
        for j in range(files):
            (d / f"f{j:02d}.txt").write_bytes(b"")
    return tree


def startup_child(kind: str, tree: str) -> None:
    """Runs in a fresh process: prints JSON {seconds, rss_growth_kib, peak_kib}."""
    side_cls = {"ours": Ours, "raw": Raw}[kind]
    side = side_cls(Path(tree))
    before = rss_kib()
    seconds = side.watch()
    result = {"seconds": seconds, "rss_growth_kib": rss_kib() - before, "peak_kib": rss_kib("VmHWM")}
    side.close()
    print(json.dumps(result))


def idle_child(kind: str, tree: str, seconds: float) -> None:
    """Runs in a fresh process: prints JSON {cpu_per_s} over an idle window after watch()."""
    side: Any = Raw(Path(tree)) if kind == "raw" else Ours(Path(tree), poll=kind == "poll")
    side.watch()
    time.sleep(1.0)  # let start-up settle
    c0, t0 = time.process_time(), time.perf_counter()
    time.sleep(seconds)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    side.close()
    print(json.dumps({"cpu_per_s": cpu / wall}))


#: Idle CPU (s per s) below which a side is taken as not waking up at all (one stray wake-up
#: of a thread costs tens of microseconds; a periodic timer shows up well above this).
IDLE_NOISE = 0.001

READY_JS = """
const EventEmitter = require("events");
fswatch.watch(process.argv[process.argv.length - 1], new EventEmitter(), { recursive: true });
console.log("READY");
"""

READY_RAW = """
import sys
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
observer = Observer()
observer.schedule(FileSystemEventHandler(), sys.argv[1], recursive=True)
observer.start()
print("READY", flush=True)
sys.stdin.read()
"""


def ready_seconds(cmd: list[str]) -> float:
    """Wall time from spawning ``cmd`` until it prints READY (then it is killed)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "READY":
                return time.perf_counter() - t0
        raise RuntimeError(f"{cmd[:3]} ended without READY")
    finally:
        proc.kill()
        proc.wait()


def ready(base: Path, rounds: int) -> dict[str, float]:
    """READY in a 200-file directory, ours vs raw watchdog, interleaved; medians (s)."""
    d = base / "ready200"
    d.mkdir()
    for i in range(200):
        (d / f"f{i:03d}.txt").write_bytes(b"x")
    script = base / "ready.js"
    script.write_text(READY_JS)
    ours = [sys.executable, "-m", "qjsbridge", "run", "--root", str(base), str(script), str(d)]
    raw = [sys.executable, "-c", READY_RAW, str(d)]
    ready_seconds(ours)  # warm the page cache (and .pyc files) for both
    ready_seconds(raw)
    runs: dict[str, list[float]] = {"ours": [], "raw": []}
    for _ in range(rounds):
        runs["ours"].append(ready_seconds(ours))
        runs["raw"].append(ready_seconds(raw))
    return {k: statistics.median(v) for k, v in runs.items()}


def idle(kind: str, tree: Path, seconds: float) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--idle-child", kind, str(tree), str(seconds)],
                          capture_output=True, text=True, timeout=600, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def startup(kind: str, tree: Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, __file__, "--startup-child", kind, str(tree)],
                          capture_output=True, text=True, timeout=600, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--writes", type=int, default=200)
    ap.add_argument("--burst", type=int, default=5000)
    ap.add_argument("--dirs", type=int, default=2000)
    ap.add_argument("--files-per-dir", type=int, default=25)
    ap.add_argument("--startup-rounds", type=int, default=3)
    ap.add_argument("--ready-rounds", type=int, default=9)
    ap.add_argument("--startup-child", nargs=2, metavar=("KIND", "TREE"))
    ap.add_argument("--idle", type=float, default=10.0, help="polling idle window (s)")
    ap.add_argument("--idle-child", nargs=3, metavar=("KIND", "TREE", "SECONDS"))
    ap.add_argument("--only-polling", action="store_true", help="run scenario 4 only")
    args = ap.parse_args()
    if args.startup_child:
        startup_child(*args.startup_child)
        return
    if args.idle_child:
        idle_child(args.idle_child[0], args.idle_child[1], float(args.idle_child[2]))
        return
    if args.only_polling:
        base = Path(tempfile.mkdtemp(prefix="bench-fswatch-"))
        try:
            tree = make_tree(base, args.dirs, args.files_per_dir)
            report_polling(tree, args)
        finally:
            shutil.rmtree(base, ignore_errors=True)
        return

    base = Path(tempfile.mkdtemp(prefix="bench-fswatch-"))
    try:
        lat_raw = latency(Raw, base, args.writes)
        lat_ours = latency(Ours, base, args.writes)
        burst_raw = burst(Raw, base, args.burst)
        burst_ours = burst(Ours, base, args.burst)
        t0 = time.perf_counter()
        tree = make_tree(base, args.dirs, args.files_per_dir)
        made = time.perf_counter() - t0
        runs = {k: [startup(k, tree) for _ in range(args.startup_rounds)] for k in ("raw", "ours")}
        st = {k: min(v, key=lambda r: r["seconds"]) for k, v in runs.items()}
        rd = ready(base, args.ready_rounds)
        idle_cpu = report_polling(tree, args)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    ms = 1000.0
    print(f"{'scenario':46} {'qjsbridge':>12} {'watchdog':>12} {'ratio':>7}")
    for label, p in (("latency p50, write -> listener (ms)", 50), ("latency p99 (ms)", 99)):
        o, r = percentile(lat_ours, p) * ms, percentile(lat_raw, p) * ms
        print(f"{label:46} {o:12.3f} {r:12.3f} {o / r:6.2f}x")
    o, r = burst_ours["seconds"], burst_raw["seconds"]
    print(f"{f'burst of {args.burst} files: until all seen (s)':46} {o:12.3f} {r:12.3f} {o / r:6.2f}x")
    o, r = burst_ours["tail"] * ms, burst_raw["tail"] * ms
    print(f"{'  last file seen after the last write (ms)':46} {o:12.1f} {r:12.1f}")
    o, r = burst_ours["cpu"], burst_raw["cpu"]
    print(f"{'  CPU of the watching side (s)':46} {o:12.3f} {r:12.3f} {o / r:6.2f}x")
    print(f"{'  events per file (CREATE counted)':46} {burst_ours['events_per_file']:12.2f} "
          f"{burst_raw['events_per_file']:12.2f}")
    print(f"{'  files missed':46} {burst_ours['missed']:12.0f} {burst_raw['missed']:12.0f}")
    print(f"{'  (writing them took, s)':46} {burst_ours['write_seconds']:12.3f} {burst_raw['write_seconds']:12.3f}")
    label = f"start-up on {args.dirs * args.files_per_dir} files/{args.dirs} dirs (s)"
    o, r = st["ours"]["seconds"], st["raw"]["seconds"]
    print(f"{label:46} {o:12.3f} {r:12.3f} {o / r:6.2f}x")
    o, r = st["ours"]["rss_growth_kib"] / 1024, st["raw"]["rss_growth_kib"] / 1024
    print(f"{'  RSS growth during watch() (MiB)':46} {o:12.1f} {r:12.1f}")
    o, r = st["ours"]["peak_kib"] / 1024, st["raw"]["peak_kib"] / 1024
    print(f"{'  peak RSS of the process (MiB)':46} {o:12.1f} {r:12.1f}")
    o, r = rd["ours"], rd["raw"]
    print(f"{'READY in a 200-file dir, fresh process (s)':46} {o:12.3f} {r:12.3f} {o / r:6.2f}x")
    o, r = idle_cpu["inotify"], idle_cpu["raw"]
    print(f"{f'idle CPU over {args.idle:g}s, inotify (CPU s per s)':46} {o:12.5f} {r:12.5f}")
    print(f"{'  polling backend, same tree':46} {idle_cpu['poll']:12.5f}")
    print(f"\n(best of {args.startup_rounds} start-up runs; READY: median of {args.ready_rounds} "
          f"interleaved runs; the tree took {made:.1f}s to create; latency over {args.writes} "
          "sequential writes)")
    verdict = []
    lat = percentile(lat_ours, 50) / percentile(lat_raw, 50)
    verdict.append(f"latency p50 {lat:.2f}x " + ("<=" if lat <= 1.3 else "OVER") + " 1.3x")
    verdict.append("nothing missed" if burst_ours["missed"] == 0 else f"{burst_ours['missed']:.0f} MISSED")
    tail = burst_ours["tail"] * ms
    verdict.append(f"burst tail {tail:.0f} ms " + ("<=" if tail <= 50 else "OVER") + " 50 ms")
    cpu = burst_ours["cpu"] / burst_raw["cpu"]
    verdict.append(f"burst CPU {cpu:.2f}x " + ("<=" if cpu <= 1.5 else "OVER") + " 1.5x")
    rdy = rd["ours"] / rd["raw"]
    verdict.append(f"READY {rdy:.2f}x " + ("<=" if rdy <= 1.3 else "OVER") + " 1.3x")
    peak = st["ours"]["peak_kib"] / 1024
    verdict.append(f"peak RSS {peak:.0f} MiB " + ("<=" if peak <= 32 else "OVER") + " 32 MiB")
    # below a millisecond per second, neither side wakes up periodically: both are noise
    idle_ok = idle_cpu["inotify"] <= max(idle_cpu["raw"], IDLE_NOISE)
    verdict.append("idle CPU " + ("<=" if idle_ok else "OVER") + " watchdog's"
                   + (f" (both below {IDLE_NOISE:g} s/s)" if idle_ok and idle_cpu["raw"] < IDLE_NOISE else ""))
    print("targets: " + "; ".join(verdict))


def report_polling(tree: Path, args: argparse.Namespace) -> dict[str, float]:
    """Idle CPU per second: inotify, raw watchdog and polling over the same tree."""
    out = {kind: idle(kind, tree, args.idle)["cpu_per_s"] for kind in ("inotify", "raw", "poll")}
    if args.only_polling:
        from qjsbridge.fswatch.polling import DEFAULT_INTERVAL

        n = args.dirs * args.files_per_dir
        print(f"{f'polling {n} files every {DEFAULT_INTERVAL:g}s: CPU s per s':46} {out['poll']:12.3f}")
        print(f"{'  same tree, inotify backend: CPU s per s':46} {out['inotify']:12.3f}")
        print(f"{'  same tree, raw watchdog: CPU s per s':46} {out['raw']:12.3f}")
    return out


if __name__ == "__main__":
    main()
