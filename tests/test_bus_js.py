"""The JavaScript bus API: connect/publish, ack/nack/inProgress, redelivery, poison, groups,
closing, host policy and bad input. Run against the in-memory bus and against JetStream."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qjsbridge import jsevents
from qjsbridge.bus import BusHelper, BusOptions, InMemoryBus, Message
from qjsbridge.engine.builtins import NodeGlobals
from qjsbridge.engine.errors import JSError, ListenerError, QJSBridgeError
from qjsbridge.engine.runtime import Runtime, RuntimeFactoryBuilder, RuntimeOptions
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for

from .bus_backends import Reader, unique_topic

SETUP = """
const EventEmitter = require("events");
globalThis.EventEmitter = EventEmitter;
globalThis.got = {};
globalThis.ems = {};
// record(name, emitter, mode): mode "ack" | "none" (leave unsettled) | "keep" (store msg objects)
globalThis.record = (name, em, mode) => {
  const r = got[name] = { messages: [], errors: [], closes: 0, held: [] };
  ems[name] = em;
  em.on("message", (msg) => {
    r.messages.push({ uuid: msg.uuid, topic: msg.topic, payload: msg.payload,
                      metadata: msg.metadata, deliveryCount: msg.deliveryCount });
    if (mode === "ack") msg.ack();
    else r.held.push(msg);
  });
  em.on("error", (e) => r.errors.push(e));
  em.on("close", () => { r.closes++; });
  return em;
};
"""


class BusRig:
    def __init__(self, tmp_path: Path, console: ConsoleRecorder, bus: Any, **options: Any) -> None:
        scripts = tmp_path / f"scripts{id(self)}"
        scripts.mkdir()
        (scripts / "setup.js").write_text(SETUP)
        self.listener_errors: list[Exception] = []
        self.bus = bus
        self.rt: Runtime = (
            RuntimeFactoryBuilder(RuntimeOptions(module_roots=[scripts], node_globals=NodeGlobals(),
                                                 console=console))
            .with_runtime_initializers(jsevents.install(self.listener_errors.append),
                                       BusHelper(BusOptions(bus=bus, **options)))
            .build().new_runtime())
        self.rt.run_main(scripts / "setup.js")

    def js(self, source: str) -> Any:
        return self.rt.eval(source)

    def got(self, name: str) -> dict[str, Any]:
        value = self.rt.eval(f"({{...got[{json.dumps(name)}], held: undefined}})")
        assert isinstance(value, dict)
        return value

    def wait_messages(self, name: str, n: int, timeout: float = 15.0) -> list[dict[str, Any]]:
        def enough() -> list[dict[str, Any]] | None:
            msgs = self.got(name)["messages"]
            return msgs if len(msgs) >= n else None

        found = wait_for(enough, timeout=timeout, message=f"{n} messages on {name}")
        assert isinstance(found, list)
        return found

    def publish(self, topic: str, payload: str = "x", **opts: Any) -> Any:
        """Publish from JS and wait for the promise; returns "ok" or the rejection."""
        self.js(f"globalThis.pub = undefined; bus.publish({json.dumps(topic)}, {json.dumps(payload)}, "
                f"{json.dumps(opts)}).then(() => {{ pub = 'ok'; }}, (e) => {{ pub = {{name: e.name, "
                "message: e.message, code: e.code}; })")
        return wait_for(lambda: self.js("pub"), message="the publish promise")

    def close(self) -> None:
        self.rt.close()


@pytest.fixture(params=["memory", "jetstream"])
def backend(request: pytest.FixtureRequest) -> Iterator[Callable[[], Any]]:
    opened: list[Any] = []
    if request.param == "memory":
        shared = InMemoryBus()
        opened.append(shared)

        def make() -> Any:
            return shared
    else:
        server = request.getfixturevalue("nats_server")
        from qjsbridge.bus import JetStreamBus

        def make() -> Any:
            b = JetStreamBus(server.url, storage="memory", max_bytes=4 * 1024 * 1024)
            opened.append(b)
            return b

    yield make
    for b in opened:
        b.close()


@pytest.fixture
def make_rig(tmp_path: Path, console: ConsoleRecorder,
             backend: Callable[[], Any]) -> Iterator[Callable[..., BusRig]]:
    rigs: list[BusRig] = []

    def make(**options: Any) -> BusRig:
        rig = BusRig(tmp_path, console, options.pop("bus", None) or backend(), **options)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.close()


@pytest.fixture
def rig(make_rig: Callable[..., BusRig]) -> BusRig:
    return make_rig()


def connect(rig: BusRig, name: str, topic: str, opts: dict[str, Any] | None = None,
            mode: str = "ack") -> dict[str, Any]:
    info = rig.js(f"globalThis.sub_{name} = bus.connect({json.dumps(topic)}, "
                  f"record({json.dumps(name)}, new EventEmitter(), {json.dumps(mode)}), "
                  f"{json.dumps(opts or {})}); sub_{name}")
    assert isinstance(info, dict)
    return info


def test_connect_delivers_messages_with_metadata_and_ack_settles(rig: BusRig) -> None:
    topic = unique_topic()
    info = connect(rig, "a", topic, {"group": "compilers"})
    assert info["topic"] == topic and info["group"] == "compilers" and info["id"].startswith("emitter-")
    assert rig.publish(topic, '{"target":"app"}', metadata={"origin": "ci"}, uuid="u-1") == "ok"
    (m,) = rig.wait_messages("a", 1)
    assert m == {"uuid": "u-1", "topic": topic, "payload": '{"target":"app"}',
                 "metadata": {"origin": "ci"}, "deliveryCount": 1}
    assert rig.publish(topic, "sentinel") == "ok"
    msgs = rig.wait_messages("a", 2)
    assert [x["deliveryCount"] for x in msgs] == [1, 1], "the acked message came back"


def test_ack_and_nack_share_one_settle_once_guard(rig: BusRig) -> None:
    topic = unique_topic()
    connect(rig, "a", topic, {"group": "g", "maxInFlight": 2}, mode="keep")
    rig.publish(topic, "one")
    rig.publish(topic, "two")
    rig.wait_messages("a", 2)
    assert rig.js("const h = got.a.held; [h[0].ack(), h[0].ack(), h[0].nack(), h[0].inProgress(),"
                  " h[1].nack({delayMs: 0}), h[1].ack(), h[1].nack()]") == \
        [True, False, False, False, True, False, False]
    msgs = rig.wait_messages("a", 3)
    assert (msgs[2]["payload"], msgs[2]["deliveryCount"]) == ("two", 2)


def test_a_message_nobody_listens_to_is_nacked_with_a_backoff(rig: BusRig) -> None:
    topic = unique_topic()
    rig.js(f"globalThis.quiet = new EventEmitter(); globalThis.qsub = bus.connect({json.dumps(topic)},"
           " quiet, {group: 'g'}); globalThis.seen = []; globalThis.looked = 0;"
           # counts the deliveries that found no listener
           "quiet.rawListeners = function (n) { looked++; return EventEmitter.prototype.rawListeners.call(this, n); };"
           "globalThis.later = () => quiet.on('message', (m) => { seen.push([m.deliveryCount, Date.now()]);"
           " m.ack(); });")
    rig.publish(topic, "nobody")
    wait_for(lambda: rig.js("looked") >= 1, message="the delivery without a listener")
    rig.js("later()")
    seen = wait_for(lambda: rig.js("seen"), message="the redelivery")
    assert seen[0][0] >= 2


def test_a_throwing_or_rejecting_listener_nacks_and_reports(rig: BusRig) -> None:
    topic = unique_topic()
    rig.js(f"""globalThis.em = new EventEmitter(); globalThis.counts = [];
      globalThis.s = bus.connect({json.dumps(topic)}, em, {{group: 'g'}});
      em.on('message', async (m) => {{
        counts.push(m.deliveryCount);
        if (m.deliveryCount === 1) throw new Error('sync boom');
        await null;
        if (m.deliveryCount === 2) throw new Error('async boom');
        m.ack();
      }});""")
    rig.publish(topic, "fails twice")
    wait_for(lambda: rig.js("counts").__len__() >= 3, message="three deliveries")
    assert rig.js("counts")[:3] == [1, 2, 3]
    texts = [str(e) for e in rig.listener_errors]
    assert any("sync boom" in t for t in texts) and any("async boom" in t for t in texts)
    assert all(isinstance(e, ListenerError) for e in rig.listener_errors)


def test_unsettled_after_ack_wait_is_redelivered_with_count_plus_one(rig: BusRig) -> None:
    topic = unique_topic()
    connect(rig, "a", topic, {"group": "g", "ackWaitMs": 1000}, mode="none")
    rig.publish(topic, "slow")
    msgs = rig.wait_messages("a", 2)
    assert [m["deliveryCount"] for m in msgs[:2]] == [1, 2]
    assert msgs[0]["uuid"] == msgs[1]["uuid"]


def test_in_progress_keeps_the_message(rig: BusRig) -> None:
    topic = unique_topic()
    rig.js(f"""globalThis.em = record('a', new EventEmitter(), 'keep');
      globalThis.s = bus.connect({json.dumps(topic)}, em, {{group: 'g', ackWaitMs: 1500}});
      globalThis.ticks = 0;
      em.on('message', (m) => {{
        const t = setInterval(() => {{
          ticks++;
          if (ticks < 8) m.inProgress(); else {{ clearInterval(t); m.ack(); }}
        }}, 300);
      }});""")
    rig.publish(topic, "long job")
    wait_for(lambda: rig.js("ticks") >= 8, message="2.4 s of work")
    rig.publish(topic, "sentinel")
    msgs = rig.wait_messages("a", 2)
    assert [(m["payload"], m["deliveryCount"]) for m in msgs] == [("long job", 1), ("sentinel", 1)]


def test_poison_after_max_deliver(rig: BusRig) -> None:
    topic = unique_topic()
    connect(rig, "poison", topic + ".dead", {})
    rig.js(f"""globalThis.em = record('a', new EventEmitter(), 'keep');
      globalThis.s = bus.connect({json.dumps(topic)}, em,
        {{group: 'workers', maxDeliver: 3, poisonTopic: {json.dumps(topic + '.dead')}}});
      em.on('message', (m) => m.nack({{delayMs: 10}}));""")
    rig.publish(topic, "bad", metadata={"origin": "ci"})
    (p,) = rig.wait_messages("poison", 1)
    assert p["payload"] == "bad" and p["topic"] == topic + ".dead"
    meta = p["metadata"]
    assert meta["origin"] == "ci" and meta["topic_poisoned"] == topic
    assert meta["subscriber_poisoned"] == "workers" and "max deliveries (3)" in meta["reason_poisoned"]
    rig.publish(topic, "sentinel")
    msgs = rig.wait_messages("a", 4)
    assert [m["deliveryCount"] for m in msgs] == [1, 2, 3, 1]


def test_default_max_in_flight_keeps_the_order(rig: BusRig) -> None:
    topic = unique_topic()
    connect(rig, "a", topic, {"group": "g"}, mode="keep")
    connect(rig, "sentinel", topic, {})
    for i in range(3):
        rig.publish(topic, f"m{i}")
    rig.wait_messages("a", 1)
    rig.wait_messages("sentinel", 3)
    assert len(rig.got("a")["messages"]) == 1
    for i in range(3):
        rig.wait_messages("a", i + 1)
        assert rig.js(f"got.a.held[{i}].ack()") is True
    assert [m["payload"] for m in rig.got("a")["messages"]] == ["m0", "m1", "m2"]


def test_groups_share_and_different_groups_each_get_everything(make_rig: Callable[..., BusRig]) -> None:
    rig = make_rig()
    topic = unique_topic()
    connect(rig, "a1", topic, {"group": "one", "maxInFlight": 4})
    connect(rig, "a2", topic, {"group": "one", "maxInFlight": 4})
    connect(rig, "b", topic, {"group": "two", "maxInFlight": 4})
    connect(rig, "c", topic, {})
    for i in range(20):
        rig.publish(topic, f"m{i}")
    rig.wait_messages("b", 20)
    rig.wait_messages("c", 20)
    wait_for(lambda: len(rig.got("a1")["messages"]) + len(rig.got("a2")["messages"]) >= 20,
             message="group one to get everything")
    one = [m["payload"] for m in rig.got("a1")["messages"] + rig.got("a2")["messages"]]
    assert sorted(one) == sorted(f"m{i}" for i in range(20))


def test_publish_rejects_refused_topics_and_a_closed_bus(make_rig: Callable[..., BusRig]) -> None:
    rig = make_rig(allow_publish=lambda t: not t.startswith("secret"))
    assert rig.publish("secret.x") == {"name": "Error", "code": "ERR_BUS_TOPIC_NOT_ALLOWED",
                                       "message": 'bus: topic "secret.x" is not allowed'}
    other = InMemoryBus()
    closed_rig = make_rig(bus=other)
    other.close()
    result = closed_rig.publish("x")
    assert result["code"] == "ERR_BUS_CLOSED" and "closed" in result["message"]


def test_a_burst_of_publishes_is_stored_in_order_and_each_promise_settles(
        make_rig: Callable[..., BusRig]) -> None:
    # Plain publishes are queued in JS and reach the host together; one with metadata, a refused
    # one and other bus calls in between must not change the order the bus sees.
    rig = make_rig(allow_publish=lambda t: not t.startswith("secret"))
    topic = unique_topic()
    connect(rig, "a", topic, {"group": "g", "maxInFlight": 64})
    rig.js(f"""globalThis.burst = {{ok: 0, refused: null}}; const ps = [];
      for (let i = 0; i < 1500; i++) {{
        if (i === 700) ps.push(bus.publish({json.dumps(topic)}, "m" + i, {{metadata: {{k: "v"}}}}));
        else ps.push(bus.publish({json.dumps(topic)}, "m" + i));
        if (i === 900) bus.publish("secret.x", "no").catch((e) => {{ burst.refused = e.code; }});
      }}
      for (const p of ps) p.then(() => {{ burst.ok++; }});""")
    wait_for(lambda: rig.js("burst.ok") == 1500 and rig.js("burst.refused"), timeout=30,
             message="every publish promise")
    assert rig.js("burst.refused") == "ERR_BUS_TOPIC_NOT_ALLOWED"
    msgs = rig.wait_messages("a", 1500, timeout=30)
    assert [m["payload"] for m in msgs] == [f"m{i}" for i in range(1500)]
    assert msgs[700]["metadata"] == {"k": "v"} and msgs[699]["metadata"] == {}


def test_a_repeated_uuid_is_delivered_once(rig: BusRig) -> None:
    topic = unique_topic()
    connect(rig, "a", topic, {"group": "g"})
    rig.publish(topic, "first", uuid="dup")
    rig.publish(topic, "second", uuid="dup")
    rig.publish(topic, "sentinel")
    msgs = rig.wait_messages("a", 2)
    assert [m["payload"] for m in msgs] == ["first", "sentinel"]


def test_close_gives_unsettled_messages_back_keeps_listeners_and_emits_close(
        make_rig: Callable[..., BusRig]) -> None:
    rig = make_rig()
    topic = unique_topic()
    connect(rig, "a", topic, {"group": "g", "maxInFlight": 3, "ackWaitMs": 60000}, mode="keep")
    for i in range(3):
        rig.publish(topic, f"m{i}")
    rig.wait_messages("a", 3)
    assert rig.js("[sub_a.close(), sub_a.close()]") == [True, True]
    wait_for(lambda: rig.got("a")["closes"] == 1, message="the close event")
    assert rig.js("got.a.held.map((m) => m.ack())") == [False, False, False]
    assert rig.js("[ems.a.listenerCount('message'), ems.a.listenerCount('close')]") == [1, 1]
    connect(rig, "b", topic, {"group": "g", "maxInFlight": 3, "ackWaitMs": 60000})
    msgs = rig.wait_messages("b", 3, timeout=10)
    assert sorted(m["payload"] for m in msgs) == ["m0", "m1", "m2"]
    assert rig.got("a")["closes"] == 1


def test_runtime_close_closes_subscriptions_and_closed_scripts_exit(
        make_rig: Callable[..., BusRig], backend: Callable[[], Any]) -> None:
    rig = make_rig()
    topic = unique_topic()
    connect(rig, "a", topic, {"group": "g"}, mode="keep")
    assert not rig.rt.wait_until_idle(0.2)
    rig.js("sub_a.close()")
    assert rig.rt.wait_until_idle(5), "a script with only closed subscriptions must exit"
    connect(rig, "b", topic, {"group": "g2"}, mode="keep")
    rig.publish(topic, "held")
    rig.wait_messages("b", 1)
    rig.close()
    reader = Reader()
    bus = rig.bus
    sub = bus.subscribe(topic, reader, _opts(group="g2"))
    assert reader.wait(1)[0].message.payload == b"held", "runtime close did not give it back"
    sub.close()


def _opts(**kw: Any) -> Any:
    from qjsbridge.bus import SubscribeOptions

    return SubscribeOptions(**kw)


def test_python_publishes_into_javascript_and_consumes_from_it(rig: BusRig) -> None:
    topic = unique_topic()
    connect(rig, "a", topic, {})
    rig.bus.publish(topic, Message.of("from python", {"k": "v"}))
    (m,) = rig.wait_messages("a", 1)
    assert (m["payload"], m["metadata"]) == ("from python", {"k": "v"})
    reader = Reader()
    sub = rig.bus.subscribe(topic + ".out", reader, _opts())
    rig.publish(topic + ".out", "from js")
    assert reader.wait(1)[0].message.payload == b"from js"
    sub.close()


BAD_CONNECT = [
    ("bus.connect(1, new EventEmitter())", "TypeError", "topic must be a string"),
    ("bus.connect('a..b', new EventEmitter())", "TypeError", "empty token"),
    ("bus.connect('a b', new EventEmitter())", "TypeError", "may only contain"),
    ("bus.connect('a.*', new EventEmitter())", "TypeError", "wildcard"),
    ("bus.connect('ok', {on() {}, emit() {}})", "TypeError", "not an events.EventEmitter"),
    ("bus.connect('ok', new EventEmitter(), {bogus: 1})", "TypeError", 'unknown option "bogus"'),
    ("bus.connect('ok', new EventEmitter(), {maxInFlight: 0})", "RangeError", "maxInFlight"),
    ("bus.connect('ok', new EventEmitter(), {maxInFlight: 1.5})", "RangeError", "maxInFlight"),
    ("bus.connect('ok', new EventEmitter(), {ackWaitMs: '5'})", "TypeError", "ackWaitMs"),
    ("bus.connect('ok', new EventEmitter(), {maxDeliver: 1e9})", "RangeError", "maxDeliver"),
    ("bus.connect('ok', new EventEmitter(), {group: 'a b'})", "TypeError", "group"),
    ("bus.connect('ok', new EventEmitter(), {poisonTopic: 'x.*'})", "TypeError", "poisonTopic"),
    ("bus.connect('ok', new EventEmitter(), 5)", "TypeError", "option"),
    ("bus.publish('ok', 5)", "TypeError", "payload must be a string"),
    ("bus.publish('ok', {toString() { return 'x'; }})", "TypeError", "payload must be a string"),
    ("bus.publish('a.>', 'x')", "TypeError", "wildcard"),
    ("bus.publish('ok', 'x', {metadata: {k: 1}})", "TypeError", "metadata.k"),
    ("bus.publish('ok', 'x', {metadata: {'Nats-Msg-Id': 'x'}})", "TypeError", "reserved"),
    ("bus.publish('ok', 'x', {metadata: {'a b': 'x'}})", "TypeError", "metadata key"),
    ("bus.publish('ok', 'x', {uuid: 5})", "TypeError", "uuid"),
    ("bus.publish('ok', 'x', {uuid: ''})", "TypeError", "uuid"),
    ("bus.publish('ok', 'x', {uuid: 'u'.repeat(257)})", "TypeError", "uuid"),
    ("bus.publish('a'.repeat(256), 'x')", "TypeError", "longer than 255"),
    ("bus.publish('a..b', 'x')", "TypeError", "empty token"),
    ("bus.publish('ok', 'x', {later: true})", "TypeError", 'unknown option "later"'),
]


@pytest.mark.parametrize("backend", ["memory"], indirect=True)
@pytest.mark.parametrize(("source", "name", "text"), BAD_CONNECT)
def test_bad_input_throws_before_anything_is_subscribed(rig: BusRig, source: str, name: str,
                                                        text: str) -> None:
    with pytest.raises(JSError) as info:
        rig.js(source)
    assert info.value.name == name and text in info.value.message, info.value.message
    assert "Traceback" not in info.value.message and "qjsbridge." not in info.value.message
    manager = jsevents.Manager.from_runtime(rig.rt)
    assert manager is not None and manager.refs() == []


@pytest.mark.parametrize("backend", ["memory"], indirect=True)
def test_nack_delay_out_of_range_throws_and_leaves_the_message_unsettled(rig: BusRig) -> None:
    topic = unique_topic()
    connect(rig, "a", topic, {"group": "g"}, mode="keep")
    rig.publish(topic, "x")
    rig.wait_messages("a", 1)
    for bad, name in [("{delayMs: -1}", "RangeError"), ("{delayMs: 1e12}", "RangeError"),
                      ("{delayMs: 'soon'}", "TypeError"), ("{delay: 5}", "TypeError")]:
        with pytest.raises(JSError) as info:
            rig.js(f"got.a.held[0].nack({bad})")
        assert info.value.name == name
    assert rig.js("got.a.held[0].ack()") is True


@pytest.mark.parametrize("backend", ["memory"], indirect=True)
def test_host_policy_wins(make_rig: Callable[..., BusRig]) -> None:
    rig = make_rig(allow_topic=lambda t: t.startswith("jobs"), allow_wildcards=True)
    with pytest.raises(JSError, match='bus: topic "blocked" is not allowed') as info:
        rig.js("bus.connect('blocked', new EventEmitter())")
    assert info.value.code == "ERR_BUS_TOPIC_NOT_ALLOWED"
    assert connect(rig, "w", "jobs.*", {})["topic"] == "jobs.*"
    rig.publish("jobs.a", "via wildcard")
    assert rig.wait_messages("w", 1)[0]["topic"] == "jobs.a"
    broken = make_rig(allow_topic=lambda t: 1 / 0)  # a failing policy refuses
    with pytest.raises(JSError, match="not allowed"):
        broken.js("bus.connect('jobs', new EventEmitter())")


@pytest.mark.parametrize("backend", ["memory"], indirect=True)
def test_the_bus_closing_by_itself_emits_close(make_rig: Callable[..., BusRig]) -> None:
    own = InMemoryBus()
    rig = make_rig(bus=own)
    connect(rig, "a", "topic", {})
    own.close()
    wait_for(lambda: rig.got("a")["closes"] == 1, message="the close event")
    assert rig.rt.wait_until_idle(5)


def test_the_helper_needs_the_manager(tmp_path: Path) -> None:
    with pytest.raises(QJSBridgeError, match="manager is not installed"):
        RuntimeFactoryBuilder(RuntimeOptions()).with_runtime_initializers(
            BusHelper()).build().new_runtime()


def test_without_a_bus_the_runtime_gets_a_private_one(tmp_path: Path, console: ConsoleRecorder) -> None:
    rig = BusRig(tmp_path, console, None)
    try:
        connect(rig, "a", "local", {})
        rig.publish("local", "hi")
        assert rig.wait_messages("a", 1)[0]["payload"] == "hi"
    finally:
        rig.close()
