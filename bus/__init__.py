"""Message buses for JavaScript: Watermill-style publish/subscribe into connected emitters.

    factory = (RuntimeFactoryBuilder()
               .with_runtime_initializers(jsevents.install(),
                                          BusHelper(BusOptions(bus=InMemoryBus())))
               .build())

JavaScript then calls ``bus.connect(topic, emitter, {group, maxInFlight, ...})`` and
``await bus.publish(topic, payload, {metadata, uuid})``. See ``qjsbridge help bus``.
"""

from .helper import HELPER_ID, BusHelper, BusOptions
from .memory import InMemoryBus
from .message import Bus, Delivery, Message, Publisher, SubscribeOptions, Subscriber, Subscription

__all__ = [
    "HELPER_ID",
    "Bus",
    "BusHelper",
    "BusOptions",
    "Delivery",
    "InMemoryBus",
    "Message",
    "Publisher",
    "SubscribeOptions",
    "Subscriber",
    "Subscription",
]
