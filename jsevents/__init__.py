"""Connected EventEmitters: host resources that emit into JavaScript emitters.

    factory = RuntimeFactoryBuilder().with_runtime_initializers(jsevents.install()).build()

Host functions receive a JS emitter as an :class:`engine.vm.JSHandle`, adopt it on the owner
thread with :meth:`Manager.adopt_emitter_on_owner`, and push events from any thread through the
returned :class:`EmitterRef`. See ``qjsbridge help connected-emitters``.
"""

from .manager import (
    RUNTIME_VALUE_KEY,
    EmitterClosedError,
    EmitterRef,
    ErrorHandler,
    ListenerError,
    Manager,
    ManagerClosedError,
    install,
)

__all__ = [
    "RUNTIME_VALUE_KEY",
    "EmitterClosedError",
    "EmitterRef",
    "ErrorHandler",
    "ListenerError",
    "Manager",
    "ManagerClosedError",
    "install",
]
