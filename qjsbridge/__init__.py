"""qjsbridge: run JavaScript in QuickJS and bridge host resources into EventEmitters.

This module is the curated public API: everything an embedder needs, under one name::

    import qjsbridge

    factory = (qjsbridge.RuntimeFactoryBuilder(qjsbridge.RuntimeOptions(module_roots=["scripts"]))
               .with_runtime_initializers(qjsbridge.install(),
                                          qjsbridge.FSWatchHelper(qjsbridge.FSWatchOptions(root=".")))
               .build())

The subpackages (``qjsbridge.engine``, ``qjsbridge.jsevents``, ``qjsbridge.fswatch``,
``qjsbridge.bus``) hold the
rest; ``qjsbridge.cli`` is the command line. Names are imported on first use, so ``import
qjsbridge`` (and the command line's start-up) does not load the file watcher until it is needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__ as __version__

if TYPE_CHECKING:
    from .bus import (
        BusHelper,
        BusOptions,
        Delivery,
        InMemoryBus,
        JetStreamBus,
        Message,
        SubscribeOptions,
    )
    from .engine.builtins import NodeGlobals
    from .engine.context import Context, background, with_cancel, with_timeout
    from .engine.errors import (
        AccessDeniedError,
        BuilderError,
        BusClosedError,
        BusError,
        CallbackError,
        CallCanceledError,
        Canceled,
        CloseError,
        ClosedError,
        ContextError,
        DeadlineExceeded,
        EmitterClosedError,
        GlobError,
        GlobSetError,
        HostError,
        JSError,
        ListenerError,
        ManagerClosedError,
        OwnerClosedError,
        OwnerDeadlockError,
        QJSBridgeError,
        RuntimeClosingError,
        ScheduleRejectedError,
        TopicError,
    )
    from .engine.modules import NativeModule
    from .engine.permissions import Permissions
    from .engine.runtime import (
        Initializer,
        NativeModuleSpec,
        Runtime,
        RuntimeFactory,
        RuntimeFactoryBuilder,
        RuntimeOptions,
        SetupContext,
    )
    from .engine.services import RuntimeServices
    from .engine.vm import VM, JSHandle
    from .fswatch import FSWatchHelper, FSWatchOptions
    from .jsevents import EmitterRef, Manager, install

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(["NodeGlobals"], ".engine.builtins"),
    **dict.fromkeys(["Context", "background", "with_cancel", "with_timeout"], ".engine.context"),
    **dict.fromkeys([
        "AccessDeniedError", "BuilderError", "BusClosedError", "BusError", "CallbackError",
        "CallCanceledError", "Canceled", "CloseError",
        "ClosedError", "ContextError", "DeadlineExceeded", "EmitterClosedError", "GlobError",
        "GlobSetError", "HostError", "JSError", "ListenerError", "ManagerClosedError",
        "OwnerClosedError", "OwnerDeadlockError", "QJSBridgeError", "RuntimeClosingError",
        "ScheduleRejectedError", "TopicError",
    ], ".engine.errors"),
    **dict.fromkeys(["NativeModule"], ".engine.modules"),
    **dict.fromkeys(["Permissions"], ".engine.permissions"),
    **dict.fromkeys([
        "Initializer", "NativeModuleSpec", "Runtime", "RuntimeFactory", "RuntimeFactoryBuilder",
        "RuntimeOptions", "SetupContext",
    ], ".engine.runtime"),
    **dict.fromkeys(["RuntimeServices"], ".engine.services"),
    **dict.fromkeys(["VM", "JSHandle"], ".engine.vm"),
    **dict.fromkeys(["FSWatchHelper", "FSWatchOptions"], ".fswatch"),
    **dict.fromkeys(["BusHelper", "BusOptions", "Delivery", "InMemoryBus", "JetStreamBus",
                     "Message", "SubscribeOptions"], ".bus"),
    **dict.fromkeys(["EmitterRef", "Manager", "install"], ".jsevents"),
}

__all__ = [
    "AccessDeniedError", "BuilderError", "BusClosedError", "BusError", "BusHelper", "BusOptions",
    "CallCanceledError",
    "CallbackError", "Canceled", "CloseError", "ClosedError", "Context", "ContextError",
    "DeadlineExceeded", "Delivery", "EmitterClosedError", "EmitterRef", "FSWatchHelper",
    "FSWatchOptions", "GlobError", "GlobSetError", "HostError", "InMemoryBus", "Initializer",
    "JSError", "JSHandle", "JetStreamBus", "ListenerError", "Manager", "ManagerClosedError",
    "Message", "NativeModule", "NativeModuleSpec", "NodeGlobals", "OwnerClosedError",
    "OwnerDeadlockError", "Permissions", "QJSBridgeError", "Runtime", "RuntimeClosingError", "RuntimeFactory",
    "RuntimeFactoryBuilder", "RuntimeOptions", "RuntimeServices", "ScheduleRejectedError",
    "SetupContext", "SubscribeOptions", "TopicError", "VM", "background", "install", "with_cancel",
    "with_timeout",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qjsbridge' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
