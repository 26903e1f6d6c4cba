"""The backend conformance suite (Watermill's universal pub/sub tests, short-mode counts), run
against every backend: InMemoryBus and JetStreamBus on a real nats-server."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from qjsbridge.bus import InMemoryBus, Message, SubscribeOptions
from qjsbridge.bus.message import nonblocking_handler
from qjsbridge.engine.errors import BusClosedError, BusError, TopicError

from .bus_backends import Reader, fast, publish_many, unique_topic


# JetStream checks that a pull request still has a listener when it picks a message for it, and
# sends the message afterwards: one picked just before the closing subscription's UNSUB is lost
# on the way and comes back after ack_wait (at-least-once). It is rare, and more likely on a
# loaded machine. Tests that close subscriptions while messages flow and then wait for every
# message give them an ack_wait well inside their deadline, so that redelivery counts.
CLOSING_ACK_WAIT = 3.0


@dataclass
class Kit:
    """One backend under test: ``bus`` is a client; ``client()`` opens another to the same data."""

    name: str
    bus: Any
    client: Callable[[], Any]
    opened: list[Any] = field(default_factory=list)


@pytest.fixture(params=["memory", "jetstream"])
def kit(request: pytest.FixtureRequest) -> Iterator[Kit]:
    if request.param == "memory":
        bus = InMemoryBus()
        k = Kit("memory", bus, lambda: bus)
    else:
        server = request.getfixturevalue("nats_server")
        from qjsbridge.bus import JetStreamBus

        def client() -> Any:
            c = JetStreamBus(server.url, storage="memory", max_bytes=4 * 1024 * 1024)
            k.opened.append(c)
            return c

        k = Kit("jetstream", None, client)
        k.bus = client()
    yield k
    for c in [k.bus, *k.opened]:
        c.close()


def test_publish_subscribe_with_metadata_before_subscribing(kit: Kit) -> None:
    topic = unique_topic()
    sent = publish_many(kit.bus, topic, 100, origin="ci")
    reader = Reader()
    sub = kit.bus.subscribe(topic, reader, fast(group="g1", max_in_flight=16))
    got = reader.wait(100)
    assert [d.message.uuid for d in got] == [m.uuid for m in sent]
    assert [d.message.payload for d in got] == [f"m{i}".encode() for i in range(100)]
    assert all(d.message.metadata == {"i": str(i), "origin": "ci"} for i, d in enumerate(got))
    assert all(d.topic == topic and d.delivery_count == 1 for d in got)
    sub.close()
    sub.close()
    assert sub.closed


def test_concurrent_subscribe(kit: Kit) -> None:
    topic = unique_topic()
    readers = [Reader() for _ in range(10)]
    subs = [kit.bus.subscribe(topic, r, fast(max_in_flight=8)) for r in readers]
    sent: list[Message] = []
    lock = threading.Lock()

    def publisher(k: int) -> None:
        msgs = publish_many(kit.bus, topic, 10, publisher=str(k))
        with lock:
            sent.extend(msgs)

    threads = [threading.Thread(target=publisher, args=(k,)) for k in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    want = {m.uuid for m in sent}
    for r in readers:
        r.wait_uuids(want)
    for s in subs:
        s.close()


def test_concurrent_subscribe_multiple_topics(kit: Kit) -> None:
    topics = [unique_topic() for _ in range(10)]
    readers = {t: Reader() for t in topics}
    subs = [kit.bus.subscribe(t, readers[t], fast(max_in_flight=8)) for t in topics]
    sent: dict[str, list[Message]] = {}

    def run(t: str) -> None:
        sent[t] = publish_many(kit.bus, t, 50)

    threads = [threading.Thread(target=run, args=(t,)) for t in topics]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    for t in topics:
        readers[t].wait_uuids({m.uuid for m in sent[t]})
        assert {d.topic for d in readers[t].deliveries} == {t}
    for s in subs:
        s.close()


def test_resend_on_nack(kit: Kit) -> None:
    topic = unique_topic()
    nacked: list[str] = []

    def decide(d: Any) -> bool:
        if d.delivery_count == 1 and len(nacked) < 2:
            nacked.append(d.message.uuid)
            return False
        return True

    reader = Reader(decide=decide)
    sub = kit.bus.subscribe(topic, reader, fast(group="g", max_in_flight=4))
    sent = publish_many(kit.bus, topic, 100)
    reader.wait_uuids({m.uuid for m in sent})
    reader.wait(102)
    redelivered = [d for d in reader.deliveries if d.message.uuid in nacked and d.delivery_count == 2]
    assert len(redelivered) == 2
    sub.close()


def test_no_next_message_before_ack(kit: Kit) -> None:
    topic = unique_topic()
    reader = Reader(ack=False)
    sub = kit.bus.subscribe(topic, reader, fast(group="g"))
    sentinel = Reader()
    watch = kit.bus.subscribe(topic, sentinel, fast())  # another consumer: sees both at once
    sent = publish_many(kit.bus, topic, 2)
    first = reader.wait(1)[0]
    sentinel.wait(2)
    deadline = time.monotonic() + 0.1
    while time.monotonic() < deadline:  # Watermill's 100 ms window
        assert len(reader.deliveries) == 1
        time.sleep(0.01)
    assert first.message.uuid == sent[0].uuid
    assert first.ack() is True
    got = reader.wait(2, timeout=5)
    assert got[1].message.uuid == sent[1].uuid
    got[1].ack()
    sub.close()
    watch.close()


def test_continue_after_subscribe_close(kit: Kit) -> None:
    topic = unique_topic()
    sent = publish_many(kit.bus, topic, 50)
    seen: set[str] = set()
    batches = 0
    while len(seen) < 50:
        batches += 1
        assert batches < 30, "subscribers stopped making progress"
        reader = Reader()
        client = kit.client()
        sub = client.subscribe(topic, reader, fast(group="batch", max_in_flight=5,
                                                   ack_wait=CLOSING_ACK_WAIT))
        reader.wait(min(10, 50 - len(seen)))
        sub.close()
        seen |= reader.uuids
    assert seen == {m.uuid for m in sent}


def test_concurrent_close(kit: Kit) -> None:
    topic = unique_topic()
    errors: list[BaseException] = []

    def subscribe_and_close() -> None:
        try:
            s = kit.bus.subscribe(topic, Reader(), fast(group="cc"))
            s.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=subscribe_and_close) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    reader = Reader()
    sub = kit.bus.subscribe(topic, reader, fast(group="cc", max_in_flight=8))
    sent = publish_many(kit.bus, topic, 50)
    reader.wait_uuids({m.uuid for m in sent})
    sub.close()


def test_continue_after_errors(kit: Kit) -> None:
    topic = unique_topic()
    sent = publish_many(kit.bus, topic, 50)
    for _ in range(3):
        failures: list[int] = []

        def decide(d: Any, failures: list[int] = failures) -> bool | None:
            if len(failures) < 5:
                failures.append(1)
                return False
            return None  # stop: leave it for the next subscriber

        reader = Reader(decide=decide)
        sub = kit.bus.subscribe(topic, reader, fast(group="errs", max_in_flight=2, max_deliver=50,
                                                    ack_wait=CLOSING_ACK_WAIT))
        reader.wait(5)
        sub.close()
    reader = Reader(dedupe=True)
    sub = kit.bus.subscribe(topic, reader, fast(group="errs", max_in_flight=8, max_deliver=50,
                                                ack_wait=CLOSING_ACK_WAIT))
    reader.wait_uuids({m.uuid for m in sent})
    sub.close()


def test_publish_subscribe_in_order(kit: Kit) -> None:
    topic = unique_topic()
    reader = Reader()
    sub = kit.bus.subscribe(topic, reader, fast(group="order"))
    sent = [Message.of(f"{i}", {"group": str(i % 16)}) for i in range(100)]
    for m in sent:
        kit.bus.publish(topic, m)
    reader.wait(100)
    by_group: dict[str, list[int]] = {}
    for d in reader.deliveries:
        by_group.setdefault(d.message.metadata["group"], []).append(int(d.message.payload))
    for values in by_group.values():
        assert values == sorted(values)
    assert [d.message.uuid for d in reader.deliveries] == [m.uuid for m in sent]
    sub.close()


def test_publisher_close_loses_nothing(kit: Kit) -> None:
    topic = unique_topic()
    reader = Reader()
    sub = kit.bus.subscribe(topic, reader, fast(group="pc", max_in_flight=32))
    publisher = kit.client()
    futures = []
    lock = threading.Lock()
    sent: list[Message] = []

    def run() -> None:
        for i in range(5):
            m = Message.of(f"x{i}")
            f = publisher.publish_async(topic, m)
            with lock:
                sent.append(m)
                futures.append(f)

    threads = [threading.Thread(target=run) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if publisher is not kit.bus:
        publisher.close()  # waits for the outstanding acknowledgements
    assert all(f.done() and f.exception() is None for f in futures)
    reader.wait_uuids({m.uuid for m in sent})
    sub.close()


def test_topics_stay_separate(kit: Kit) -> None:
    a, b = unique_topic(), unique_topic()
    ra, rb = Reader(), Reader()
    sa = kit.bus.subscribe(a, ra, fast())
    sb = kit.bus.subscribe(b, rb, fast())
    kit.bus.publish(a, Message.of("to-a"))
    kit.bus.publish(b, Message.of("to-b"))
    assert ra.wait(1)[0].message.payload == b"to-a"
    assert rb.wait(1)[0].message.payload == b"to-b"
    kit.bus.publish(a, Message.of("sentinel"))
    ra.wait(2)
    assert rb.payloads == [b"to-b"]
    sa.close()
    sb.close()


@pytest.mark.parametrize("room", [0, 5], ids=["full", "with-room"])
def test_closing_a_subscription_gives_its_unsettled_messages_back(kit: Kit, room: int) -> None:
    # with room, the subscription is waiting for more when it closes (on JetStream: a pull
    # request is open, and the nacked messages must not go back into it)
    topic = unique_topic()
    sent = publish_many(kit.bus, topic, 5)
    holder = Reader(ack=False)
    sub = kit.bus.subscribe(topic, holder,
                            fast(group="sc", max_in_flight=5 + room, ack_wait=60))
    held = holder.wait(5)
    sub.close()
    sent += publish_many(kit.bus, topic, 15)
    reader = Reader()
    start = time.monotonic()
    sub2 = kit.bus.subscribe(topic, reader, fast(group="sc", max_in_flight=8, ack_wait=60))
    reader.wait_uuids({m.uuid for m in sent})
    assert time.monotonic() - start < 30, "the held messages waited for ack_wait"
    for d in held:
        d.ack()  # settling after the close is harmless
    sub2.close()


def test_consumer_groups_each_get_everything_and_members_share(kit: Kit) -> None:
    topic = unique_topic()
    g1a, g1b, g2 = Reader(), Reader(), Reader()
    subs = [kit.bus.subscribe(topic, g1a, fast(group="one", max_in_flight=2)),
            kit.bus.subscribe(topic, g1b, fast(group="one", max_in_flight=2)),
            kit.bus.subscribe(topic, g2, fast(group="two", max_in_flight=8))]
    sent = publish_many(kit.bus, topic, 50)
    want = {m.uuid for m in sent}
    g2.wait_uuids(want)
    deadline = time.monotonic() + 15
    while (g1a.uuids | g1b.uuids) != want:
        assert time.monotonic() < deadline, "group one did not get every message"
        time.sleep(0.01)
    assert len(g1a.deliveries) + len(g1b.deliveries) == 50, "a message went to both members"
    assert g1a.deliveries and g1b.deliveries, "one member got nothing"
    for s in subs:
        s.close()


def test_ack_wait_redelivers_with_a_higher_count(kit: Kit) -> None:
    topic = unique_topic()
    reader = Reader(decide=lambda d: None if d.delivery_count == 1 else True)
    sub = kit.bus.subscribe(topic, reader, fast(group="aw", ack_wait=1.0))
    kit.bus.publish(topic, Message.of("slow"))
    first, second = reader.wait(2, timeout=10)
    assert (first.delivery_count, second.delivery_count) == (1, 2)
    assert second.received_at - first.received_at >= 0.9
    sub.close()


def test_in_progress_pushes_the_deadline_back(kit: Kit) -> None:
    topic = unique_topic()
    reader = Reader(ack=False)
    sub = kit.bus.subscribe(topic, reader, fast(group="ip", ack_wait=1.5))
    kit.bus.publish(topic, Message.of("long"))
    d = reader.wait(1)[0]
    for _ in range(5):  # 2.5 s of work in 0.5 s steps, each touch resets the 1.5 s clock
        time.sleep(0.5)
        assert d.in_progress() is True
    assert d.ack() is True
    assert d.in_progress() is False
    kit.bus.publish(topic, Message.of("sentinel"))
    got = reader.wait(2)
    assert [x.message.payload for x in got] == [b"long", b"sentinel"]
    got[1].ack()
    sub.close()


def test_max_deliver_moves_the_message_to_the_poison_topic(kit: Kit) -> None:
    topic = unique_topic()
    poison = Reader()
    psub = kit.bus.subscribe(topic + ".poison", poison, fast())
    failing = Reader(decide=lambda d: False)
    sub = kit.bus.subscribe(topic, failing, fast(group="workers", max_deliver=3))
    kit.bus.publish(topic, Message.of("bad", {"k": "v"}, uuid="poison-me"))
    p = poison.wait(1)[0]
    assert p.message.payload == b"bad"
    meta = p.message.metadata
    assert meta["k"] == "v" and meta["topic_poisoned"] == topic
    assert meta["subscriber_poisoned"] == "workers"
    assert "max deliveries (3)" in meta["reason_poisoned"]
    assert [d.delivery_count for d in failing.deliveries] == [1, 2, 3]
    kit.bus.publish(topic, Message.of("sentinel"))
    failing.wait(4)
    assert [d.message.payload for d in failing.deliveries][-1] == b"sentinel"
    sub.close()
    psub.close()


def test_nack_delay_and_backoff(kit: Kit) -> None:
    topic = unique_topic()
    reader = Reader(ack=False)
    sub = kit.bus.subscribe(topic, reader, fast(group="nd"))
    kit.bus.publish(topic, Message.of("later"))
    first = reader.wait(1)[0]
    assert first.nack(0.5) is True
    assert first.nack() is False and first.ack() is False
    second = reader.wait(2)[1]
    assert second.received_at - first.received_at >= 0.45
    assert second.delivery_count == 2
    with pytest.raises(ValueError):
        second.nack(-1)
    assert second.ack() is True
    sub.close()


def test_a_repeated_uuid_is_stored_once(kit: Kit) -> None:
    topic = unique_topic()
    reader = Reader()
    sub = kit.bus.subscribe(topic, reader, fast(group="dd"))
    kit.bus.publish(topic, Message.of("one", uuid="same-id"))
    kit.bus.publish(topic, Message.of("two", uuid="same-id"))
    kit.bus.publish(topic, Message.of("sentinel"))
    reader.wait(2)
    assert reader.payloads == [b"one", b"sentinel"]
    sub.close()


def test_wildcards_consume_many_topics(kit: Kit) -> None:
    base = unique_topic()
    reader = Reader()
    sub = kit.bus.subscribe(base + ".*", reader, fast(group="wc", max_in_flight=4))
    kit.bus.publish(base + ".host1", Message.of("a"))
    kit.bus.publish(base + ".host2", Message.of("b"))
    kit.bus.publish(base + ".host1.deep", Message.of("not for *"))
    kit.bus.publish(base + ".host3", Message.of("c"))
    reader.wait(3)
    assert sorted(reader.payloads) == [b"a", b"b", b"c"]
    assert {d.topic for d in reader.deliveries} == {base + ".host1", base + ".host2", base + ".host3"}
    sub.close()


def test_bad_input_is_refused_before_anything_starts(kit: Kit) -> None:
    for topic in ["", "a..b", ".a", "a.", "a b", "a.*", "*", "a.>", "$SYS", "é", "a" * 300]:
        with pytest.raises(TopicError):
            kit.bus.publish(topic, Message.of("x"))
    for topic in ["*.a", ">", "a.>.b", "a b"]:
        with pytest.raises(TopicError):
            kit.bus.subscribe(topic, Reader())
    with pytest.raises(TopicError):
        kit.bus.subscribe("ok", Reader(), SubscribeOptions(group="bad group"))
    for meta in [{"Nats-Msg-Id": "x"}, {"a b": "x"}, {"k": "line\nbreak"}, {"k": 1}]:
        with pytest.raises(TopicError):
            kit.bus.publish("ok", Message.of("x", meta))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SubscribeOptions(max_in_flight=0)


def test_close_is_idempotent_and_later_calls_fail(kit: Kit) -> None:
    client = kit.client() if kit.name != "memory" else InMemoryBus()
    topic = unique_topic()
    ended = threading.Event()
    client.subscribe(topic, Reader(), fast(), on_close=ended.set)
    client.close()
    client.close()
    assert client.closed
    assert ended.wait(5)
    with pytest.raises(BusClosedError) as info:
        client.publish(topic, Message.of("x"))
    assert info.value.code == "ERR_BUS_CLOSED"
    assert isinstance(info.value, BusError)
    with pytest.raises(BusClosedError):
        client.subscribe(topic, Reader())


def test_a_nonblocking_handler_is_fed_by_the_thread_that_acks(kit: Kit) -> None:
    # What the JavaScript bridge relies on: its handler only queues an owner task, and the owner
    # thread acks; the in-memory bus then delivers the next message on that thread.
    topic = unique_topic()
    sent = publish_many(kit.bus, topic, 30)
    handed: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threads: list[int] = []

    def handler(d: Any) -> None:
        threads.append(threading.get_ident())
        handed.put(d)

    sub = kit.bus.subscribe(topic, nonblocking_handler(handler), fast(group="nb"))
    got = []
    for _ in sent:
        d = handed.get(timeout=15)
        got.append(d)
        assert d.ack()
    assert [d.message.uuid for d in got] == [m.uuid for m in sent], "max_in_flight 1 keeps the order"
    if kit.name == "memory":
        assert set(threads[1:]) == {threading.get_ident()}, "each ack delivered the next message"
    mixed = Reader()
    other = kit.bus.subscribe(topic, mixed, fast(group="nb"))  # a plain handler joins the group
    kit.bus.publish(topic, Message.of("after"))
    deadline = time.monotonic() + 15
    while not (mixed.payloads or not handed.empty()):
        assert time.monotonic() < deadline, "the message after a plain member joined"
        time.sleep(0.01)
    sub.close()
    other.close()
