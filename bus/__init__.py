"""Message buses for JavaScript: Watermill-style publish/subscribe into connected emitters.

    factory = (RuntimeFactoryBuilder()
               .with_runtime_initializers(jsevents.install(),
                                          BusHelper(BusOptions(bus=InMemoryBus())))
               .build())

JavaScript then calls ``bus.connect(topic, emitter, {group, maxInFlight, ...})`` and
``await bus.publish(topic, payload, {metadata, uuid})``. See ``qjsbridge help bus``.
"""

from typing import TYPE_CHECKING, Any

from .helper import HELPER_ID, BusHelper, BusOptions
from .memory import InMemoryBus
from .message import Bus, Delivery, Message, Publisher, SubscribeOptions, Subscriber, Subscription

if TYPE_CHECKING:
    from .jetstream import JetStreamBus

__all__ = [
    "HELPER_ID",
    "Bus",
    "BusHelper",
    "BusOptions",
    "Delivery",
    "InMemoryBus",
    "JetStreamBus",
    "Message",
    "Publisher",
    "SubscribeOptions",
    "Subscriber",
    "Subscription",
]


def __getattr__(name: str) -> Any:
    # JetStreamBus loads nats-py: only when it is used.
    if name == "JetStreamBus":
        from .jetstream import JetStreamBus

        return JetStreamBus
    raise AttributeError(f"module 'qjsbridge.bus' has no attribute {name!r}")
