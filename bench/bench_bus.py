"""The message bus through JavaScript, next to baselines without JavaScript measured in the same run.

    python bench/bench_bus.py [--messages 20000] [--js-messages 10000] [--rounds 3]

100-byte payloads. A nats-server with JetStream (file storage) is started on free ports, as in the
tests.

* **memory, end to end**: Python publishes N messages into an ``InMemoryBus``; a JS listener acks
  each one (``maxInFlight`` 1, the default, and 256); time until the last ack. Baselines: the bare
  owner-task rate (N posted tasks that call one tiny JS op) and ``EmitterRef.emit`` into a no-op
  JS listener.
* **JetStream publish from JS**: ``await Promise.all`` of N ``bus.publish`` calls (each resolved
  by the server's acknowledgement). Baseline: raw nats-py ``js.publish_async`` for N messages,
  then every acknowledgement awaited.
* **JetStream end to end**: N stored messages consumed by a JS listener that acks each one
  (group, ``maxInFlight`` 256). Baseline: raw nats-py pull consumer, ``fetch(500)`` + ``ack()``.

Targets (issue 9): JetStream through JS >= 0.7x raw nats-py both ways; in-memory end to end
>= 50,000 messages/s with ack. Published anchors: Watermill on JetStream, 49k publish/s and 33k
subscribe/s on 16 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nats  # noqa: E402
from nats.js import api  # noqa: E402

from qjsbridge import jsevents  # noqa: E402
from qjsbridge.bus import BusHelper, BusOptions, InMemoryBus, JetStreamBus, Message  # noqa: E402
from qjsbridge.engine.builtins import NodeGlobals  # noqa: E402
from qjsbridge.engine.runtime import Runtime, RuntimeFactoryBuilder, RuntimeOptions  # noqa: E402
from qjsbridge.testing import NatsServer  # noqa: E402

PAYLOAD = "x" * 100

SETUP = """
const EventEmitter = require("events");
globalThis.EventEmitter = EventEmitter;
globalThis.acked = 0;
globalThis.consume = (topic, opts) => {
  const em = new EventEmitter();
  em.on("message", (msg) => { msg.ack(); acked++; });
  return bus.connect(topic, em, opts);
};
globalThis.noop = new EventEmitter();
globalThis.emitted = 0;
noop.on("event", () => { emitted++; });
globalThis.published = -1;
globalThis.publishMany = (topic, n, payload) => {
  published = -1;
  const all = [];
  for (let i = 0; i < n; i++) all.push(bus.publish(topic, payload));
  Promise.all(all).then(() => { published = n; }, (e) => { published = -2; console.error(e.message); });
};
"""

INTERNAL = """(function (Q) {
  let ticks = 0;
  Q.ops.benchTick = () => { ticks++; return null; };
  Q.ops.benchTicks = () => ticks;
})"""


def make_runtime(tmp: Path, bus: Any) -> tuple[Runtime, list[Any]]:
    scripts = tmp / f"s{time.monotonic_ns()}"
    scripts.mkdir()
    (scripts / "setup.js").write_text(SETUP)
    refs: list[Any] = []

    def adopt_noop(setup: Any) -> None:
        setup.install_js(INTERNAL, "bench:internal.js")

    from qjsbridge.engine.runtime import Initializer

    rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[scripts], node_globals=NodeGlobals(),
                                               console=lambda s, t: sys.stderr.write(t)))
          .with_runtime_initializers(jsevents.install(), BusHelper(BusOptions(bus=bus)),
                                     Initializer("bench", adopt_noop))
          .build().new_runtime())
    rt.run_main(scripts / "setup.js")
    return rt, refs


def wait_js(rt: Runtime, expr: str, target: int, timeout: float = 300.0) -> float:
    deadline = time.monotonic() + timeout
    while True:
        value = rt.eval(expr)
        if value >= target:
            return time.perf_counter()
        if value < -1 or time.monotonic() > deadline:
            raise RuntimeError(f"{expr} = {value}, wanted {target}")
        time.sleep(0.002)


# -- baselines without the bus -------------------------------------------------------------------------
def owner_task_rate(rt: Runtime, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        rt.owner.post(None, "bench.tick", lambda c, vm: vm.call_op("benchTick"))
    base = rt.call(lambda c, vm: 0)
    del base
    while rt.call(lambda c, vm: vm.call_op("benchTicks")) < n:
        time.sleep(0.001)
    return n / (time.perf_counter() - start)


def emit_rate(rt: Runtime, n: int) -> float:
    manager = jsevents.Manager.from_runtime(rt)
    assert manager is not None
    ref = rt.call(lambda c, vm: manager.adopt_emitter_on_owner(
        vm_handle_of(vm, "noop"), keep_alive=False))
    rt.eval("emitted = 0")
    start = time.perf_counter()
    for _ in range(n):
        ref.emit("event", PAYLOAD)
    end = wait_js(rt, "emitted", n)
    ref.close()
    return n / (end - start)


def vm_handle_of(vm: Any, name: str) -> Any:
    from qjsbridge.engine.vm import JSHandle

    handle_id = vm.call_op("invoke", "benchHandle", f'["{name}"]')
    return JSHandle(int(handle_id), "emitter")


# -- memory ------------------------------------------------------------------------------------------------
def memory_end_to_end(tmp: Path, n: int, max_in_flight: int) -> float:
    bus = InMemoryBus(max_messages=n + 10)
    rt, _ = make_runtime(tmp, bus)
    try:
        rt.eval(f"globalThis.sub = consume('bench', {{group: 'g', maxInFlight: {max_in_flight}}})")
        msgs = [Message.of(PAYLOAD) for _ in range(n)]
        start = time.perf_counter()
        bus.publish("bench", *msgs)
        end = wait_js(rt, "acked", n)
        return n / (end - start)
    finally:
        rt.close()
        bus.close()


def baselines(tmp: Path, n: int) -> tuple[float, float]:
    bus = InMemoryBus()
    rt, _ = make_runtime(tmp, bus)
    try:
        rt.call(lambda c, vm: vm.install_js(
            "(function (Q) { Q.ops.benchHandle = (name) => Q.addHandle(globalThis[name]); })",
            "bench:handle.js"))
        return owner_task_rate(rt, n), emit_rate(rt, n)
    finally:
        rt.close()
        bus.close()


# -- JetStream -----------------------------------------------------------------------------------------------
def js_publish(tmp: Path, url: str, n: int, topic: str) -> float:
    bus = JetStreamBus(url, storage="file")
    rt, _ = make_runtime(tmp, bus)
    try:
        rt.eval(f"publishMany('{topic}.warm', 10, {PAYLOAD!r})")
        wait_js(rt, "published", 10)
        start = time.perf_counter()
        rt.eval(f"publishMany('{topic}', {n}, {PAYLOAD!r})")
        end = wait_js(rt, "published", n)
        return n / (end - start)
    finally:
        rt.close()
        bus.close()


async def raw_stream(url: str, topic: str) -> tuple[Any, Any]:
    """A nats-py connection and JetStream context, with a file stream for ``topic``."""
    nc = await nats.connect(url)
    js = nc.jetstream(publish_async_max_pending=4000)
    await js.add_stream(api.StreamConfig(name="RAW_" + topic, subjects=[topic],
                                         storage=api.StorageType.FILE))
    return nc, js


def raw_publish(url: str, n: int, topic: str) -> float:
    async def run() -> float:
        nc, js = await raw_stream(url, topic)
        await js.publish(topic, b"warm")
        data = PAYLOAD.encode()
        start = time.perf_counter()
        futures = [await js.publish_async(topic, data) for _ in range(n)]
        await asyncio.gather(*futures)
        elapsed = time.perf_counter() - start
        await nc.close()
        return n / elapsed

    return asyncio.run(run())


def js_consume(tmp: Path, url: str, n: int, topic: str) -> float:
    bus = JetStreamBus(url, storage="file")
    bus.publish(topic, *[Message.of(PAYLOAD) for _ in range(n)], timeout=120)
    rt, _ = make_runtime(tmp, bus)
    try:
        start = time.perf_counter()
        rt.eval(f"globalThis.sub = consume('{topic}', {{group: 'g', maxInFlight: 256}})")
        end = wait_js(rt, "acked", n)
        return n / (end - start)
    finally:
        rt.close()
        bus.close()


def raw_consume(url: str, n: int, topic: str) -> float:
    async def run() -> float:
        nc, js = await raw_stream(url, topic)
        data = PAYLOAD.encode()
        await asyncio.gather(*[await js.publish_async(topic, data) for _ in range(n)])
        psub = await js.pull_subscribe(topic, durable="raw")
        got = 0
        start = time.perf_counter()
        while got < n:
            msgs = await psub.fetch(500, timeout=5)
            for m in msgs:
                await m.ack()
            got += len(msgs)
        await nc.flush()
        elapsed = time.perf_counter() - start
        await nc.close()
        return n / elapsed

    return asyncio.run(run())


def best(fn: Callable[[], float], rounds: int) -> float:
    return statistics.median(fn() for _ in range(rounds))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=20_000, help="in-memory messages per round")
    ap.add_argument("--js-messages", type=int, default=10_000, help="JetStream messages per round")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    n, m, rounds = args.messages, args.js_messages, args.rounds
    with tempfile.TemporaryDirectory(prefix="qjsb-bench-") as d:
        tmp = Path(d)
        task_rate, emit = [statistics.median(x) for x in
                           zip(*(baselines(tmp, n) for _ in range(rounds)))]
        mem1 = best(lambda: memory_end_to_end(tmp, n, 1), rounds)
        mem256 = best(lambda: memory_end_to_end(tmp, n, 256), rounds)
        with NatsServer(tmp / "nats") as server:
            counter = iter(range(1000))

            def topic() -> str:
                return f"bench{next(counter)}"

            pub_js = best(lambda: js_publish(tmp, server.url, m, topic()), rounds)
            pub_raw = best(lambda: raw_publish(server.url, m, topic()), rounds)
            sub_js = best(lambda: js_consume(tmp, server.url, m, topic()), rounds)
            sub_raw = best(lambda: raw_consume(server.url, m, topic()), rounds)
    rows = [
        ("memory: end to end with ack, maxInFlight 1", mem1, task_rate, "bare owner tasks"),
        ("memory: end to end with ack, maxInFlight 256", mem256, task_rate, "bare owner tasks"),
        ("memory: (EmitterRef.emit into a no-op listener)", emit, task_rate, "bare owner tasks"),
        ("JetStream: publish from JS (acknowledged)", pub_js, pub_raw, "nats-py publish_async"),
        ("JetStream: end to end into JS with ack", sub_js, sub_raw, "nats-py fetch(500)+ack"),
    ]
    print(f"median of {rounds} rounds; {n} in-memory / {m} JetStream messages of 100 bytes\n")
    print(f"| {'scenario':48} | {'msgs/s':>9} | {'baseline':>9} | {'ratio':>5} | baseline |")
    print(f"|{'-' * 50}|{'-' * 11}|{'-' * 11}|{'-' * 7}|----------|")
    for name, value, base, what in rows:
        print(f"| {name:48} | {value:9,.0f} | {base:9,.0f} | {value / base:5.2f} | {what} |")


if __name__ == "__main__":
    main()
