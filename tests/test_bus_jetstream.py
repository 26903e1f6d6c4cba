"""JetStream only: two processes in one group (kill -9 one), reconnection across a server
restart, backend errors reaching JavaScript, credentials that never leak, stream limits, CLI."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nats
import pytest

from qjsbridge.bus import JetStreamBus, Message, SubscribeOptions
from qjsbridge.bus.topics import durable_name, stream_name
from qjsbridge.engine.errors import BusError
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for

from .bus_backends import Reader, publish_many, unique_topic
from qjsbridge.testing import NatsServer, QJSProcess
from .test_bus_js import BusRig, connect

SMALL = 4 * 1024 * 1024

WORKER = """
const EventEmitter = require("events");
const [topic, mode] = process.argv.slice(2);
const jobs = new EventEmitter();
const sub = bus.connect(topic, jobs, {group: "builders", maxInFlight: 5, ackWaitMs: 1500});
jobs.on("message", (msg) => {
  console.log(JSON.stringify({uuid: msg.uuid, count: msg.deliveryCount, pid: process.pid}));
  if (mode === "ack") msg.ack();          // "hold": never settle
});
jobs.on("error", (err) => console.error("bus error", err.code, err.message));
console.log("ready");
"""


def messages(worker: QJSProcess) -> list[dict[str, Any]]:
    """The JSON lines a worker printed: one per message it received."""
    return [json.loads(x) for x in list(worker.lines) if x.startswith("{")]


def test_kill_9_a_worker_and_another_gets_its_unsettled_messages(
        nats_server: NatsServer, tmp_path: Path, qjs_process: Callable[..., QJSProcess]) -> None:
    script = tmp_path / "worker.js"
    script.write_text(WORKER)
    topic = unique_topic()
    flags = ["run", "--bus", nats_server.url, "--bus-storage", "memory",
             "--bus-max-bytes", str(SMALL), str(script), topic]
    holder = qjs_process(*flags, "hold", merge_stderr=True)
    wait_for(lambda: "ready" in holder.lines, timeout=30, message="the first worker")
    bus = JetStreamBus(nats_server.url, storage="memory", max_bytes=SMALL)
    try:
        sent = [Message.of(f"job {i}") for i in range(5)]
        bus.publish(topic, *sent)
        wait_for(lambda: len(messages(holder)) >= 5, timeout=30,
                 message="the first worker to hold five messages")
        assert {m["uuid"] for m in messages(holder)} == {m.uuid for m in sent}
        os.kill(holder.pid, signal.SIGKILL)
        holder.proc.wait(10)
        taker = qjs_process(*flags, "ack", merge_stderr=True)
        wait_for(lambda: {m["uuid"] for m in messages(taker)} >= {m.uuid for m in sent},
                 timeout=30, message="the second worker to get the dead worker's messages")
        assert all(m["count"] >= 2 for m in messages(taker)[:5])
        assert {m["pid"] for m in messages(taker)} == {taker.pid}
        # and the group goes on: a new message reaches the live worker once
        bus.publish(topic, Message.of("after", uuid="after-kill"))
        wait_for(lambda: any(m["uuid"] == "after-kill" for m in messages(taker)), timeout=30,
                 message="a new message")
    finally:
        bus.close()


def test_reconnects_across_server_restarts_and_loses_nothing_acknowledged(
        tmp_path: Path) -> None:
    with NatsServer(tmp_path / "nats") as server:
        topic = unique_topic()
        bus = JetStreamBus(server.url, storage="file", publish_timeout=2.0)
        reader = Reader(dedupe=True)
        sub = bus.subscribe(topic, reader, SubscribeOptions(group="rc", max_in_flight=64))
        acked: set[str] = set()
        lock = threading.Lock()
        count = [0]

        def publisher(k: int) -> None:
            for i in range(100):
                m = Message.of(f"{k}-{i}")
                deadline = time.monotonic() + 60
                while True:  # retry with the same UUID until the server acknowledges it
                    try:
                        bus.publish(topic, m)
                        break
                    except BusError:
                        assert time.monotonic() < deadline, "the bus never came back"
                        time.sleep(0.1)
                with lock:
                    acked.add(m.uuid)
                    count[0] += 1

        threads = [threading.Thread(target=publisher, args=(k,)) for k in range(3)]
        for t in threads:
            t.start()
        for at in (100, 150):
            wait_for(lambda at=at: count[0] >= at, timeout=60, message=f"{at} publishes")
            server.restart()
        for t in threads:
            t.join(90)
        assert len(acked) == 300
        reader.wait_uuids(acked, timeout=60)
        sub.close()
        bus.close()


def test_memory_streams_are_made_again_after_the_server_lost_them(tmp_path: Path) -> None:
    # A restarted server has no memory-storage streams; publishing must not fail for ever.
    with NatsServer(tmp_path / "nats") as server:
        bus = JetStreamBus(server.url, storage="memory", max_bytes=SMALL, publish_timeout=2.0)
        try:
            topic = unique_topic()
            bus.publish(topic, Message.of("before"))
            server.restart()
            failures: list[str] = []
            deadline = time.monotonic() + 30
            while True:
                try:
                    bus.publish(topic, Message.of("after"))
                    break
                except BusError as exc:
                    failures.append(str(exc))
                    assert time.monotonic() < deadline, f"publishing never worked again: {exc}"
            # what a failure while it came back said is one line, with no header in it
            assert all("\n" not in f and "Nats-" not in f for f in failures), failures
        finally:
            bus.close()


def test_a_stream_deleted_meanwhile_fails_one_publish_clearly_and_is_made_again(
        nats_server: NatsServer) -> None:
    from qjsbridge.bus.topics import stream_name

    bus = JetStreamBus(nats_server.url, storage="memory", max_bytes=SMALL, publish_timeout=2.0)
    try:
        topic = unique_topic()
        bus.publish(topic, Message.of("before"))

        async def delete() -> None:
            nc = await nats.connect(nats_server.url)
            try:
                await nc.jetstream().delete_stream(stream_name(topic))
            finally:
                await nc.close()

        asyncio.run(delete())
        with pytest.raises(BusError) as info:
            bus.publish(topic, Message.of("lost"))
        assert str(info.value) == "bus: publish failed: 503 (no stream stores this topic)"
        bus.publish(topic, Message.of("after"))  # the stream is made again
    finally:
        bus.close()


def test_pulls_nobody_answers_are_reported_when_it_lasts_and_not_repeated_at_once(
        nats_server: NatsServer) -> None:
    # A pull answered 503 (nothing answers for the consumer) is also what a stopping server
    # sends just before it disconnects, which is the error to report then: a 503 is reported
    # only when it lasts (here: the consumer was deleted), and pulls back off meanwhile
    bus = JetStreamBus(nats_server.url, storage="memory", max_bytes=SMALL)
    errors: queue.Queue[BusError] = queue.Queue()
    try:
        topic = unique_topic()
        sub = bus.subscribe(topic, Reader(), SubscribeOptions(group="gone"), on_error=errors.put)

        async def delete() -> None:
            nc = await nats.connect(nats_server.url)
            try:
                await nc.jetstream().delete_consumer(stream_name(topic),
                                                     durable_name("gone", topic))
            finally:
                await nc.close()

        asyncio.run(delete())
        err = errors.get(timeout=30)
        assert (err.code, str(err)) == ("ERR_BUS", (
            f"bus: receiving from {topic!r} failed: 503 no responders (JetStream does not "
            "answer for this subscription: were its consumer or stream deleted?)"))
        assert sub.pull < 30, f"{sub.pull} pull requests: the ones answered 503 were not paced"
        sub.close()
    finally:
        bus.close()


def test_server_trouble_reaches_javascript_as_error_events_and_rejections(
        tmp_path: Path, console: ConsoleRecorder) -> None:
    with NatsServer(tmp_path / "nats") as server:
        bus = JetStreamBus(server.url, storage="file", publish_timeout=1.0)
        rig = BusRig(tmp_path, console, bus, close_bus=True)
        try:
            topic = unique_topic()
            connect(rig, "a", topic, {"group": "g"})
            assert rig.publish(topic, "before") == "ok"
            rig.wait_messages("a", 1)
            server.stop()
            errors = wait_for(lambda: rig.got("a")["errors"], timeout=15, message="an error event")
            assert errors[0]["source"] == "bus" and errors[0]["topic"] == topic
            assert errors[0]["code"] == "ERR_BUS_DISCONNECTED"
            rejected = rig.publish(topic, "while down")
            assert rejected["code"] in ("ERR_BUS_TIMEOUT", "ERR_BUS_UNREACHABLE"), rejected
            server.start()
            deadline = time.monotonic() + 30
            while rig.publish(topic, "after") != "ok":
                assert time.monotonic() < deadline, "publishing never worked again"
            wait_for(lambda: any(m["payload"] == "after" for m in rig.got("a")["messages"]),
                     timeout=30, message="the message published after the restart")
            # a publish that timed out may still have been stored (at-least-once): never lost
            assert {m["payload"] for m in rig.got("a")["messages"]} <= {"before", "while down", "after"}
            assert "may still have been stored" in rejected["message"] or \
                rejected["code"] == "ERR_BUS_UNREACHABLE"
        finally:
            rig.close()
        assert bus.closed


def test_credentials_never_appear_in_errors_or_logs(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with NatsServer(tmp_path / "nats", "--user", "alice", "--pass", "right-pass-1") as server:
        host = server.url.removeprefix("nats://")
        with pytest.raises(BusError) as info:
            JetStreamBus(f"nats://alice:wrong-pass-2@{host}", connect_timeout=2)
        assert "wrong-pass-2" not in str(info.value) and "***" in str(info.value)
        bus = JetStreamBus(f"nats://alice:right-pass-1@{host}", storage="memory", max_bytes=SMALL)
        try:
            assert "right-pass-1" not in bus.describe() and "right-pass-1" not in repr(bus)
            bus.publish("creds", Message.of("x"))
        finally:
            bus.close()
    with NatsServer(tmp_path / "nats2", "--auth", "tok-secret-3") as server:
        with pytest.raises(BusError) as info:
            JetStreamBus(server.url, token="tok-wrong-4", connect_timeout=2)
        assert "tok-wrong-4" not in str(info.value)
        bus = JetStreamBus(server.url, token="tok-secret-3", storage="memory", max_bytes=SMALL)
        bus.close()
    logged = caplog.text
    for secret in ("wrong-pass-2", "right-pass-1", "tok-secret-3", "tok-wrong-4"):
        assert secret not in logged


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BusError) as info:
        JetStreamBus("nats://someone:pw-5@127.0.0.1:1", connect_timeout=1)
    assert info.value.code == "ERR_BUS_UNREACHABLE"
    assert str(info.value) == "bus: cannot reach the NATS server at nats://***@127.0.0.1:1"


def test_streams_get_the_configured_limits(nats_server: NatsServer) -> None:
    topic = unique_topic()
    bus = JetStreamBus(nats_server.url, storage="memory", max_age=60, max_bytes=SMALL,
                       max_msg_size=1000, duplicate_window=30, stream_prefix="LIM_")
    try:
        bus.publish(topic + ".a", Message.of("fits"))
        with pytest.raises(BusError) as info:
            bus.publish(topic, Message.of("x" * 1001))
        assert info.value.code == "ERR_BUS_TOO_LARGE"
    finally:
        bus.close()

    async def inspect() -> Any:
        nc = await nats.connect(nats_server.url)
        try:
            return (await nc.jetstream().stream_info("LIM_" + topic)).config
        finally:
            await nc.close()

    config = asyncio.run(inspect())
    assert config.subjects == [topic, topic + ".>"]
    assert (config.max_age, config.max_bytes, config.max_msg_size, config.duplicate_window) == \
        (60, SMALL, 1000, 30)
    assert str(getattr(config.discard, "value", config.discard)) == "old"


def test_the_command_line_reports_an_unreachable_bus(tmp_path: Path) -> None:
    script = tmp_path / "s.js"
    script.write_text("console.log('never')")
    env = {**os.environ, "QJSBRIDGE_BUS": "nats://bob:pw-6@127.0.0.1:1"}
    r = subprocess.run([sys.executable, "-m", "qjsbridge", "run", str(script)], env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == "qjsbridge: bus: cannot reach the NATS server at nats://***@127.0.0.1:1\n"


# -- settles held back during a run of deliveries (hold_settles / release_settles) ------------
def ack_pending(server: NatsServer, topic: str, group: str) -> int:
    """The server's count of delivered, unacknowledged messages of ``group`` on ``topic``."""

    async def ask() -> int:
        nc = await nats.connect(server.url)
        try:
            info = await nc.jetstream().consumer_info(stream_name(topic, "QJSB_"),
                                                      durable_name(group, topic))
            return int(info.num_ack_pending)
        finally:
            await nc.close()

    return asyncio.run(ask())


class WakeCounter:
    """Counts how often a JetStreamBus wakes its thread to send settles."""

    def __init__(self, bus: JetStreamBus) -> None:
        self.count = 0
        self._wake = bus._wake_settles
        bus._wake_settles = self  # type: ignore[method-assign]

    def __call__(self) -> None:
        self.count += 1
        self._wake()


def test_held_settles_go_out_together_on_release(nats_server: NatsServer) -> None:
    topic = unique_topic()
    bus = JetStreamBus(nats_server.url, storage="memory")
    try:
        reader = Reader(ack=False)
        bus.subscribe(topic, reader, SubscribeOptions(group="g", max_in_flight=200))
        publish_many(bus, topic, 70)
        deliveries = reader.wait(70)
        wakes = WakeCounter(bus)
        bus.hold_settles()
        for d in deliveries[:3]:
            assert d.ack()
        assert wakes.count == 0  # held: the bus thread was not woken for them
        bus.release_settles()
        assert wakes.count == 1
        wait_for(lambda: ack_pending(nats_server, topic, "g") == 67, message="3 acks")

        bus.hold_settles()  # at most 64 are held back: the 64th sends them all
        for d in deliveries[3:67]:
            assert d.ack()
        assert wakes.count == 2
        wait_for(lambda: ack_pending(nats_server, topic, "g") == 3, message="64 more acks")

        # another thread's settles are not held
        worker = threading.Thread(target=deliveries[67].ack)
        worker.start()
        worker.join()
        assert wakes.count == 3
        bus.release_settles()  # nothing of this thread's was held since the 64th
        assert wakes.count == 3
        wait_for(lambda: ack_pending(nats_server, topic, "g") == 2, message="the other thread's")
    finally:
        bus.close()


def test_held_settles_are_sent_even_if_never_released_and_before_the_bus_closes(
        nats_server: NatsServer) -> None:
    topic = unique_topic()
    bus = JetStreamBus(nats_server.url, storage="memory")
    reader = Reader(ack=False)
    bus.subscribe(topic, reader, SubscribeOptions(group="g", max_in_flight=10))
    publish_many(bus, topic, 4)
    first, second, third, fourth = reader.wait(4)
    bus.hold_settles()
    assert first.ack()  # never released: the ack-deadline sweep sends it
    wait_for(lambda: ack_pending(nats_server, topic, "g") == 3, message="the swept ack")
    assert second.ack() and third.nack(0)  # held, then the close sends them first
    bus.close()
    # acked: first, second; nacked: third, fourth (by the close), until redelivered
    assert ack_pending(nats_server, topic, "g") == 2

    # the group gets back only what was not acked: the nacked one and the unsettled one
    again_bus = JetStreamBus(nats_server.url, storage="memory")
    try:
        again = Reader()
        again_bus.subscribe(topic, again, SubscribeOptions(group="g", max_in_flight=10))
        again.wait_uuids({third.message.uuid, fourth.message.uuid})
        wait_for(lambda: ack_pending(nats_server, topic, "g") == 0, message="all acked")
        assert {first.message.uuid, second.message.uuid}.isdisjoint(again.uuids)
    finally:
        again_bus.close()


def test_an_idle_bus_does_not_sweep(nats_server: NatsServer) -> None:
    # the deadline sweep runs only while deliveries or publishes are outstanding
    topic = unique_topic()
    bus = JetStreamBus(nats_server.url, storage="memory")
    try:
        assert bus._sweeper is None
        reader = Reader()
        bus.subscribe(topic, reader, SubscribeOptions(group="g"))
        publish_many(bus, topic, 3)
        reader.wait(3)
        wait_for(lambda: bus._sweeper is None, message="the sweep to stop once all is settled")
        held = Reader(ack=False)  # and it starts again for the next delivery
        bus.subscribe(topic + ".h", held, SubscribeOptions(group="g", ack_wait=1))
        publish_many(bus, topic + ".h", 1)
        first = held.wait(1)[0]
        assert bus._sweeper is not None
        again = held.wait(2, what="the redelivery after ack_wait")[1]  # the sweep freed the slot
        assert again.message.uuid == first.message.uuid and again.delivery_count == 2
    finally:
        bus.close()
