"""Owner-loop throughput and call latency, against a plain-Python baseline measured in the same run.

    python bench/bench_core.py [--tasks 50000] [--calls 3000] [--rounds 3]

Measures, best of ``--rounds``:

* **post throughput**: a background thread posts N tasks through ``RuntimeOwner.post``; each task
  calls a JS function (and the loop drains microtasks after it). Baseline: the same thread puts N
  Python callables on a ``queue.SimpleQueue`` drained by a worker thread.
* **call round trip**: ``RuntimeOwner.call`` from another thread into a JS function and back,
  p50/p99. Baseline: submit to a worker thread through a queue and wait on a ``threading.Event``.

Ratios are ours/baseline for time (latency) and baseline/ours for throughput, so >1 means "that
many times slower than the bare Python hop". These are benchmarks, not tests: the machine is
shared and noisy.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _stats import percentile  # noqa: E402  (bench/ is on sys.path when run as a script)

from qjsbridge.engine.runtime import RuntimeFactoryBuilder, RuntimeOptions  # noqa: E402

JS_SETUP = """(function (Q) {
  let count = 0;
  Q.ops.benchTick = (i) => { count++; return null; };
  Q.ops.benchCount = () => count;
  Q.ops.benchPing = (i) => i + 1;
})"""



def bench_post(rt, n: int) -> float:  # type: ignore[no-untyped-def]
    rt.call(lambda c, vm: vm.call_op("benchCount"))  # warm
    start_count = rt.call(lambda c, vm: vm.call_op("benchCount"))
    done = threading.Event()

    def producer() -> None:
        post = rt.owner.post
        for i in range(n):
            post(None, "bench", lambda c, vm, i=i: vm.call_op("benchTick", i))
        done.set()

    t0 = time.perf_counter()
    threading.Thread(target=producer).start()
    done.wait()
    while rt.call(lambda c, vm: vm.call_op("benchCount")) - start_count < n:
        time.sleep(0.0005)
    return n / (time.perf_counter() - t0)


def baseline_post(n: int) -> float:
    q: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
    counter = [0]
    finished = threading.Event()

    def worker() -> None:
        while (job := q.get()) is not None:
            job()
        finished.set()

    def tick() -> None:
        counter[0] += 1

    w = threading.Thread(target=worker)
    w.start()
    t0 = time.perf_counter()

    def producer() -> None:
        for _ in range(n):
            q.put(tick)
        q.put(None)

    threading.Thread(target=producer).start()
    finished.wait()
    elapsed = time.perf_counter() - t0
    w.join()
    return n / elapsed


def bench_call(rt, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    call = rt.owner.call
    for i in range(n):
        t0 = time.perf_counter()
        call(None, "ping", lambda c, vm, i=i: vm.call_op("benchPing", i))
        out.append(time.perf_counter() - t0)
    return out


def baseline_call(n: int) -> list[float]:
    q: queue.SimpleQueue[tuple[Callable[[], int], threading.Event, list[int]] | None] = queue.SimpleQueue()

    def worker() -> None:
        while (item := q.get()) is not None:
            fn, ev, box = item
            box.append(fn())
            ev.set()

    w = threading.Thread(target=worker)
    w.start()
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        ev, box = threading.Event(), []  # type: ignore[var-annotated]
        q.put((lambda i=i: i + 1, ev, box))
        ev.wait()
        out.append(time.perf_counter() - t0)
    q.put(None)
    w.join()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=50_000)
    ap.add_argument("--calls", type=int, default=3_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    rt = RuntimeFactoryBuilder(RuntimeOptions()).build().new_runtime()
    try:
        rt.call(lambda c, vm: vm.install_js(JS_SETUP, "bench.js"))
        ours_tp = max(bench_post(rt, args.tasks) for _ in range(args.rounds))
        base_tp = max(baseline_post(args.tasks) for _ in range(args.rounds))
        ours_lat = min((bench_call(rt, args.calls) for _ in range(args.rounds)),
                       key=lambda v: statistics.median(v))
        base_lat = min((baseline_call(args.calls) for _ in range(args.rounds)),
                       key=lambda v: statistics.median(v))
    finally:
        rt.close()

    def us(v: float) -> str:
        return f"{v * 1e6:8.1f} us"

    print(f"{'metric':44} {'qjsbridge':>14} {'baseline':>14} {'ratio':>8}")
    print(f"{'post -> JS task (+ microtask drain), tasks/s':44} {ours_tp:14,.0f} {base_tp:14,.0f} "
          f"{base_tp / ours_tp:7.2f}x")
    for label, p in (("call round trip p50", 50), ("call round trip p99", 99)):
        o, b = percentile(ours_lat, p), percentile(base_lat, p)
        print(f"{label:44} {us(o):>14} {us(b):>14} {o / b:7.2f}x")
    print("\nbaseline: the same hop through queue.SimpleQueue to a worker thread, no JavaScript.")


if __name__ == "__main__":
    main()
