"""Message buses for JavaScript: Watermill-style publish/subscribe into connected emitters.

    factory = (RuntimeFactoryBuilder()
               .with_runtime_initializers(jsevents.install(),
                                          BusHelper(BusOptions(bus=InMemoryBus())))
               .build())

JavaScript then calls ``bus.connect(topic, emitter, {group, maxInFlight, ...})`` and
``await bus.publish(topic, payload, {metadata, uuid})``. See ``qjsbridge help bus``.

Names are imported on first use: ``qjsbridge.bus.settings`` (what the command line reads at
start-up) loads neither the bus nor nats-py.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .helper import HELPER_ID, BusHelper, BusOptions
    from .jetstream import JetStreamBus
    from .memory import InMemoryBus
    from .message import Bus, Delivery, Message, Publisher, SubscribeOptions, Subscriber, Subscription

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

# public name -> the module that defines it (JetStreamBus loads nats-py: only when it is used)
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(["HELPER_ID", "BusHelper", "BusOptions"], ".helper"),
    "InMemoryBus": ".memory",
    "JetStreamBus": ".jetstream",
    **dict.fromkeys(["Bus", "Delivery", "Message", "Publisher", "SubscribeOptions", "Subscriber",
                     "Subscription"], ".message"),
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qjsbridge.bus' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
