"""Backends for the bus tests: the same conformance suite runs against each."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from qjsbridge.bus import Delivery, InMemoryBus, Message, SubscribeOptions


class Reader:
    """A subscription handler that records deliveries and (by default) acks them."""

    def __init__(self, ack: bool = True, dedupe: bool = False,
                 decide: Callable[[Delivery], bool | None] | None = None) -> None:
        self.ack = ack
        self.dedupe = dedupe
        self.decide = decide  # True: ack, False: nack(0), None: leave unsettled
        self.deliveries: list[Delivery] = []
        self.uuids: set[str] = set()
        self.cond = threading.Condition()

    def __call__(self, d: Delivery) -> None:
        with self.cond:
            if self.dedupe and d.message.uuid in self.uuids:
                d.ack()
                return
            self.deliveries.append(d)
            self.uuids.add(d.message.uuid)
            self.cond.notify_all()
        if self.decide is not None:
            verdict = self.decide(d)
            if verdict is True:
                d.ack()
            elif verdict is False:
                d.nack(0)
        elif self.ack:
            d.ack()

    def wait(self, n: int, timeout: float = 15.0, what: str = "") -> list[Delivery]:
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.deliveries) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"timed out waiting for {n} deliveries {what}; got "
                                f"{len(self.deliveries)}")
                self.cond.wait(left)
            return list(self.deliveries)

    def wait_uuids(self, uuids: set[str], timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        with self.cond:
            while not uuids <= self.uuids:
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"timed out: {len(uuids - self.uuids)} of {len(uuids)} messages "
                                "never arrived")
                self.cond.wait(left)

    @property
    def payloads(self) -> list[bytes]:
        with self.cond:
            return [d.message.payload for d in self.deliveries]


def unique_topic(prefix: str = "t") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def publish_many(bus: Any, topic: str, n: int, **meta: str) -> list[Message]:
    msgs = [Message.of(f"m{i}", {"i": str(i), **meta}) for i in range(n)]
    futures = [bus.publish_async(topic, m) for m in msgs]
    for f in futures:
        f.result(15)
    return msgs


def fast(**kw: Any) -> SubscribeOptions:
    kw.setdefault("retry_delay", 0.01)
    kw.setdefault("max_retry_delay", 0.05)
    return SubscribeOptions(**kw)


def memory_bus() -> InMemoryBus:
    return InMemoryBus()
