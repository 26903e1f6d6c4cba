"""A listener that acks a message and then closes its subscription, in the same delivery: the ack
counts (closing gives back only what is unsettled). On both backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qjsbridge.bus import InMemoryBus
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for

from .bus_backends import unique_topic
from .test_bus_js import BusRig, connect


@pytest.fixture(params=["memory", "jetstream"])
def rig(request: pytest.FixtureRequest, tmp_path: Path,
        console: ConsoleRecorder) -> Iterator[BusRig]:
    bus: Any
    if request.param == "memory":
        bus = InMemoryBus()
    else:
        from qjsbridge.bus import JetStreamBus

        bus = JetStreamBus(request.getfixturevalue("nats_server").url, storage="memory",
                           max_bytes=4 * 1024 * 1024)
    r = BusRig(tmp_path, console, bus, close_bus=True)
    try:
        yield r
    finally:
        r.close()


def test_an_ack_made_just_before_closing_in_the_same_listener_counts(rig: BusRig) -> None:
    topic = unique_topic()
    rig.js(f"""
      globalThis.first = {{ acked: null, closes: 0 }};
      const em = new EventEmitter();
      const sub = bus.connect({topic!r}, em, {{ group: "g" }});
      em.on("message", (msg) => {{ first.acked = msg.ack(); sub.close(); }});
      em.on("close", () => {{ first.closes++; }});
    """)
    assert rig.publish(topic, "one") == "ok"
    wait_for(lambda: rig.js("first.closes") == 1, message="the first subscription's close")
    assert rig.js("first.acked") is True
    # the group again: were "one" given back, it would arrive before the sentinel
    connect(rig, "second", topic, {"group": "g"})
    assert rig.publish(topic, "sentinel") == "ok"
    msgs = rig.wait_messages("second", 1)
    assert [m["payload"] for m in msgs] == ["sentinel"]

