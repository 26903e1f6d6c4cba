"""Messages, deliveries and the backend protocols (the shape of Watermill's Publisher/Subscriber).

A backend implements :class:`Bus` (both :class:`Publisher` and :class:`Subscriber`). Subscribing
takes a handler that the backend calls, on its own delivery thread, with one :class:`Delivery`
per delivered message; the handler must return quickly (hand slow work to another thread or, as
the JavaScript bridge does, to the runtime owner). The delivery is settled later, from any
thread, with :meth:`Delivery.ack` or :meth:`Delivery.nack`.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Protocol

from qjsbridge.engine.errors import BusError

__all__ = [
    "Bus",
    "Delivery",
    "ErrorCallback",
    "Handler",
    "Message",
    "PublishCallback",
    "Publisher",
    "SubscribeOptions",
    "Subscriber",
    "Subscription",
    "new_uuid",
    "nonblocking_handler",
]

#: The largest ``delay`` a nack may ask for (seconds): one day.
MAX_NACK_DELAY = 86_400.0


def new_uuid() -> str:
    """A fresh message UUID (random, version 4, from the OS's CSPRNG). Any thread."""
    with _random_lock:
        if not _random_pool:
            # os.urandom releases the GIL: once per message, it handed the GIL to the bus's
            # thread and waited to get it back (a third of a JS publish's time on the owner)
            _random_pool[:] = os.urandom(_POOL_BYTES)
        raw = _random_pool[-16:]
        del _random_pool[-16:]
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"


_POOL_BYTES = 16 * 256  # random bytes fetched at once: 256 UUIDs
_random_pool = bytearray()
_random_lock = threading.Lock()


def _forget_random_pool() -> None:  # in a forked child: never repeat the parent's UUIDs
    global _random_lock
    _random_lock = threading.Lock()  # (a thread of the parent may have held it)
    _random_pool.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_random_pool)


_VARIANT = {c: "89ab"[int(c, 16) & 3] for c in "0123456789abcdef"}  # RFC 4122: 10xx


@dataclass(frozen=True)
class Message:
    """One message: a ``uuid`` (deduplicates publishes), ``payload`` bytes and string ``metadata``."""

    payload: bytes
    metadata: Mapping[str, str] = field(default_factory=dict)
    uuid: str = field(default_factory=new_uuid)

    @staticmethod
    def of(payload: bytes | str, metadata: Mapping[str, str] | None = None,
           uuid: str | None = None) -> Message:
        """A message from ``payload`` (a str is encoded as UTF-8)."""
        data = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else bytes(payload)
        return Message(data, dict(metadata or {}), uuid or new_uuid())


@dataclass(frozen=True)
class SubscribeOptions:
    """How a subscription consumes its topic (the same meaning on every backend).

    * ``group``: subscriptions with the same group share the messages (each goes to one of them)
      and the group is durable (it resumes where it stopped); None: this subscription alone
      gets every message published from now on.
    * ``max_in_flight``: delivered but unsettled messages at most (1 keeps the order).
    * ``ack_wait``: seconds a delivery may stay unsettled before it is redelivered.
    * ``max_deliver``: deliveries of one message before it moves to the poison topic.
    * ``poison_topic``: where poisoned messages go (None: ``<the message's topic>.poison``).
    * ``retry_delay`` / ``max_retry_delay``: the backoff of a nack without an explicit delay
      (``retry_delay * 2**(deliveries-1)``, capped).
    """

    group: str | None = None
    max_in_flight: int = 1
    ack_wait: float = 30.0
    max_deliver: int = 10
    poison_topic: str | None = None
    retry_delay: float = 0.1
    max_retry_delay: float = 30.0

    def __post_init__(self) -> None:
        if isinstance(self.max_in_flight, bool) or not isinstance(self.max_in_flight, int) \
                or not 1 <= self.max_in_flight <= 10_000:
            raise ValueError("SubscribeOptions.max_in_flight must be an int in 1..10000")
        if not 0.05 <= self.ack_wait <= 86_400:
            raise ValueError("SubscribeOptions.ack_wait must be 0.05..86400 seconds")
        if isinstance(self.max_deliver, bool) or not isinstance(self.max_deliver, int) \
                or not 1 <= self.max_deliver <= 10_000:
            raise ValueError("SubscribeOptions.max_deliver must be an int in 1..10000")
        if not 0 <= self.retry_delay <= self.max_retry_delay <= MAX_NACK_DELAY:
            raise ValueError("SubscribeOptions: need 0 <= retry_delay <= max_retry_delay <= 86400")

    def backoff(self, deliveries: int) -> float:
        """The redelivery delay after a nack without a delay, for a message delivered ``deliveries`` times."""
        factor: int = 1 << max(0, min(deliveries - 1, 30))
        return min(self.retry_delay * factor, self.max_retry_delay)


class _Settler(Protocol):
    def _settle(self, delivery: Delivery, ack: bool, delay: float) -> None: ...

    def _touch(self, delivery: Delivery) -> None: ...


class Delivery:
    """One delivery of a message to one subscription. Thread-safe.

    ``ack()`` and ``nack()`` share one settle-once guard: the first call of either wins and
    returns True, every later call returns False. Both work after the subscription closed.
    """

    __slots__ = ("message", "topic", "delivery_count", "subscription_id", "_settler", "_lock",
                 "_settled", "_token", "received_at")

    def __init__(self, message: Message, topic: str, delivery_count: int, subscription_id: str,
                 settler: _Settler, token: object = None) -> None:
        self.message = message
        self.topic = topic
        self.delivery_count = delivery_count
        self.subscription_id = subscription_id
        self._settler = settler
        self._lock = threading.Lock()
        self._settled = False
        self._token = token  # backend data (the stream sequence, the nats message)
        self.received_at = time.monotonic()

    @property
    def settled(self) -> bool:
        """Whether ack() or nack() has been called."""
        return self._settled

    def _claim(self) -> bool:
        with self._lock:
            if self._settled:
                return False
            self._settled = True
            return True

    def ack(self) -> bool:
        """Acknowledge: the message is done. True the first time (of ack or nack)."""
        if not self._claim():
            return False
        self._settler._settle(self, True, 0.0)
        return True

    def nack(self, delay: float | None = None) -> bool:
        """Give the message back for redelivery after ``delay`` seconds (None: the backoff)."""
        if delay is not None and not 0 <= delay <= MAX_NACK_DELAY:
            raise ValueError(f"nack delay must be 0..{MAX_NACK_DELAY:g} seconds")
        if not self._claim():
            return False
        self._settler._settle(self, False, -1.0 if delay is None else float(delay))
        return True

    def in_progress(self) -> bool:
        """Push the ack deadline back by the subscription's ``ack_wait``; False once settled."""
        if self._settled:
            return False
        self._settler._touch(self)
        return True

    def __repr__(self) -> str:
        return (f"<Delivery {self.message.uuid} topic={self.topic!r} "
                f"count={self.delivery_count}{' settled' if self._settled else ''}>")


Handler = Callable[[Delivery], None]
ErrorCallback = Callable[[BusError], None]
#: ``publish_nowait``'s completion: None once the backend accepted the message, else the error.
PublishCallback = Callable[[BusError | None], None]

#: The attribute :func:`nonblocking_handler` sets on a handler.
NONBLOCKING_ATTR = "qjsbridge_bus_nonblocking"


def nonblocking_handler(handler: Handler) -> Handler:
    """Mark ``handler`` as one that only queues work: it never blocks and never waits for a
    settle. A backend may then call it on the thread that
    settled the previous delivery instead of switching to its delivery thread (``InMemoryBus``
    does, which is what lets a JavaScript runtime that acks feed itself). Returns ``handler``."""
    setattr(handler, NONBLOCKING_ATTR, True)
    return handler


class Subscription(Protocol):
    """A running subscription; :meth:`close` is idempotent."""

    @property
    def id(self) -> str: ...

    @property
    def topic(self) -> str: ...

    @property
    def group(self) -> str | None: ...

    @property
    def closed(self) -> bool: ...

    def close(self) -> None:
        """Stop delivery; delivered-but-unsettled messages are given back to the group at once."""


class MemberBase:
    """What every backend's subscription object shares: its identity, its options and callbacks,
    and the :class:`Subscription` properties. Backends add their own state and ``close``."""

    #: the class name shown by ``repr``
    kind = "Subscription"

    def __init__(self, sub_id: str, topic: str, options: SubscribeOptions, handler: Handler,
                 on_error: ErrorCallback | None, on_close: Callable[[], None] | None) -> None:
        self._id = sub_id
        self._topic = topic
        self.options = options
        self.handler = handler
        self.on_error = on_error
        self.on_close = on_close
        self.inflight = 0
        self._closed = False

    @property
    def id(self) -> str:
        return self._id

    @property
    def topic(self) -> str:
        return self._topic

    @property
    def group(self) -> str | None:
        return self.options.group

    @property
    def closed(self) -> bool:
        return self._closed

    def __repr__(self) -> str:
        return f"<{self.kind} {self._id} {self._topic!r} group={self.group!r}>"


class Publisher(Protocol):
    """Watermill's Publisher: publish messages to a topic; close."""

    def publish(self, topic: str, *messages: Message, timeout: float | None = None) -> None:
        """Publish and wait until the backend accepted every message (BusError otherwise)."""

    def publish_async(self, topic: str, message: Message) -> Future[None]:
        """Start publishing; the future resolves once the backend accepted the message."""

    def close(self) -> None:
        """Stop; later calls raise BusClosedError. Idempotent."""


class Subscriber(Protocol):
    """Watermill's Subscriber, with a handler instead of a channel."""

    def subscribe(self, topic: str, handler: Handler, options: SubscribeOptions | None = None,
                  *, on_error: ErrorCallback | None = None,
                  on_close: Callable[[], None] | None = None) -> Subscription:
        """Start delivering ``topic`` (wildcards allowed) to ``handler`` on a backend thread.

        ``on_error`` receives backend trouble (server down, permission); ``on_close`` is called
        once when the subscription ends by itself (the bus closed), not after ``close()``.
        """

    def close(self) -> None:
        """Close every subscription; later calls raise BusClosedError. Idempotent."""


class Bus(Publisher, Subscriber, Protocol):
    """A backend that both publishes and subscribes (InMemoryBus, JetStreamBus)."""

    @property
    def closed(self) -> bool: ...

    def describe(self) -> str:
        """A short description for logs and errors (never credentials)."""
