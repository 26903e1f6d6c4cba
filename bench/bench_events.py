"""EmitterRef.emit throughput and latency, next to the raw owner-task path measured in the same run.

    python bench/bench_events.py [--events 50000] [--latency 2000] [--rounds 3]

* **throughput**: a background thread calls ``ref.emit("event", payload)`` N times with a
  12-field payload (like a file event); a JS listener counts them. Baseline: the same thread
  posts N bare owner tasks that each call a JS function (bench_core's path), no payload.
* **CPU per event**, split by thread: the owner is held busy while the emitting thread queues N
  events (its CPU time per emit), then released to deliver them alone (the owner thread's CPU
  time per event: Python, the JSON.parse and the listener). The two threads share the GIL, so
  their sum is what bounds the throughput. Same baseline (a bare owner task).
* **latency**: one emit at a time; the JS listener calls a host function that records the
  arrival time, p50/p99 from ``emit()`` to that call. Baseline: a posted task calling the same
  JS function that calls the same host function.

Target (issue 13): at least 100,000 events/s on a 2-core machine. Throughput figures are the
median of ``--rounds``; run it a few times on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _stats import percentile  # noqa: E402  (bench/ is on sys.path when run as a script)

from qjsbridge import jsevents  # noqa: E402
from qjsbridge.engine.modules import NativeModule  # noqa: E402
from qjsbridge.engine.runtime import Initializer, RuntimeFactoryBuilder, RuntimeOptions, SetupContext  # noqa: E402

PAYLOAD = {
    "source": "watchdog", "watchPath": "/home/user/project/src", "name": "/home/user/project/src/app.js",
    "relativeName": "app.js", "op": "WRITE", "create": False, "write": True, "remove": False,
    "rename": False, "chmod": False, "recursive": True, "count": 1,
}

MAIN = """
const EventEmitter = require("events");
const bench = require("bench");
const em = new EventEmitter();
globalThis.count = 0;
em.on("event", (ev) => { count++; });
em.on("ping", (seq) => { bench.ack(seq); });
bench.adopt(em);
"""

INTERNAL = """(function (Q) {
  let count = 0;
  Q.ops.benchTick = () => { count++; return null; };
  Q.ops.benchCount = () => count;
  Q.ops.benchPing = (seq) => { Q.hostCall("bench.ack", seq); return null; };
})"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--latency", type=int, default=2_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    refs: list[Any] = []
    acks: dict[int, float] = {}

    def init(setup: SetupContext) -> None:
        manager = jsevents.Manager.from_setup(setup, "bench")

        def adopt(em: object) -> None:
            refs.append(manager.adopt_emitter_on_owner(em))

        def ack(seq: int) -> None:
            acks[seq] = time.perf_counter()

        setup.define_module(NativeModule("bench", {"adopt": adopt, "ack": ack}))
        setup.install_js(INTERNAL, "bench-internal.js")

    import tempfile

    with tempfile.TemporaryDirectory() as d:
        Path(d, "main.js").write_text(MAIN)
        rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[d]))
              .with_runtime_initializers(jsevents.install(), Initializer("bench", init))
              .build().new_runtime())
        try:
            rt.run_main(Path(d, "main.js"))
            ref = refs[0]
            results = run(rt, ref, acks, args)
        finally:
            rt.close()
    report(*results, args.events)


def run(rt: Any, ref: Any, acks: dict[int, float], args: argparse.Namespace) -> tuple[Any, ...]:
    def js_count() -> int:
        return int(rt.eval("count"))

    def emit_throughput(n: int) -> float:
        before = js_count()
        t0 = time.perf_counter()
        t = threading.Thread(target=lambda: [ref.emit("event", PAYLOAD) for _ in range(n)])
        t.start()
        t.join()
        while js_count() - before < n:
            time.sleep(0.0005)
        return n / (time.perf_counter() - t0)

    def raw_throughput(n: int) -> float:
        before = rt.call(lambda c, vm: vm.call_op("benchCount"))
        t0 = time.perf_counter()
        post = rt.owner.post
        t = threading.Thread(target=lambda: [post(None, "b", lambda c, vm: vm.call_op("benchTick"))
                                             for _ in range(n)])
        t.start()
        t.join()
        while rt.call(lambda c, vm: vm.call_op("benchCount")) - before < n:
            time.sleep(0.0005)
        return n / (time.perf_counter() - t0)

    def latencies(send: Any, n: int) -> list[float]:
        out = []
        for seq in range(n):
            t0 = time.perf_counter()
            send(seq)
            while seq not in acks:
                time.sleep(0)  # busy-wait: sleeping would dominate the measurement
            out.append(acks.pop(seq) - t0)
        return out

    def cpu_split(send: Any, n: int) -> tuple[float, float]:
        """(emitting thread, owner thread) CPU seconds per event, each measured alone."""
        gate, entered, marks = threading.Event(), threading.Event(), {}

        def block(c: Any, vm: Any) -> None:
            entered.set()
            gate.wait()
            marks["owner"] = time.thread_time()

        rt.owner.post(None, "bench.block", block)
        entered.wait()
        t0 = time.thread_time()
        for _ in range(n):
            send()
        t1 = time.thread_time()
        gate.set()
        t2 = rt.call(lambda c, vm: time.thread_time())
        return (t1 - t0) / n, (t2 - marks["owner"]) / n

    tick = lambda c, vm: vm.call_op("benchTick")  # noqa: E731
    emit_tp, raw_tp = [], []
    emit_cpu, raw_cpu = [], []
    for _ in range(args.rounds):  # interleaved, so that load changes hit both alike
        emit_tp.append(emit_throughput(args.events))
        raw_tp.append(raw_throughput(args.events))
        emit_cpu.append(cpu_split(lambda: ref.emit("event", PAYLOAD), args.events // 2))
        raw_cpu.append(cpu_split(lambda: rt.owner.post(None, "b", tick), args.events // 2))
    emit_lat = min((latencies(lambda s: ref.emit("ping", s), args.latency) for _ in range(args.rounds)),
                   key=statistics.median)
    raw_lat = min((latencies(lambda s: rt.owner.post(None, "p", lambda c, vm: vm.call_op("benchPing", s)),
                             args.latency) for _ in range(args.rounds)), key=statistics.median)
    cpu = [(statistics.median(x[i] for x in emit_cpu), statistics.median(x[i] for x in raw_cpu))
           for i in (0, 1)]
    return statistics.median(emit_tp), statistics.median(raw_tp), cpu, emit_lat, raw_lat



def report(emit_tp: float, raw_tp: float, cpu: list[tuple[float, float]], emit_lat: list[float],
           raw_lat: list[float], n: int) -> None:
    print(f"{'metric':52} {'emit':>12} {'raw task':>12} {'ratio':>7}")
    print(f"{'throughput, events/s (12-field payload vs none)':52} {emit_tp:12,.0f} {raw_tp:12,.0f} "
          f"{raw_tp / emit_tp:6.2f}x")
    (e_send, r_send), (e_own, r_own) = cpu
    for label, e, r in (("CPU per event, emitting thread", e_send, r_send),
                        ("CPU per event, owner thread", e_own, r_own),
                        ("CPU per event, both (bounds throughput: GIL)", e_send + e_own, r_send + r_own)):
        print(f"{label:52} {e * 1e6:9.2f} us {r * 1e6:9.2f} us {e / r:6.2f}x")
    for label, p in (("latency p50, emit() -> JS listener", 50), ("latency p99", 99)):
        e, r = percentile(emit_lat, p), percentile(raw_lat, p)
        print(f"{label:52} {e * 1e6:9.1f} us {r * 1e6:9.1f} us {e / r:6.2f}x")
    verdict = "meets" if emit_tp >= 100_000 else "MISSES"
    print(f"\ntarget >= 100,000 events/s: {verdict} ({emit_tp:,.0f}, median); {n:,} events per round")


if __name__ == "__main__":
    main()
