"""``NativeModule`` (``qjsbridge.engine.modules``) and ``NativeModuleSpec``
(``qjsbridge.engine.runtime``), in a module of their own so that they are made only when they are
used: making a dataclass costs about half a millisecond, and a script run defines no native
module. Their home modules import them on first access."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .runtime import SetupContext

__all__ = ["NativeModule", "NativeModuleSpec"]


@dataclass(frozen=True)
class NativeModule:
    """A ``require()``-able module implemented in Python.

    ``functions`` become JS functions that call Python synchronously (JSON arguments in, JSON
    result out; raise :class:`~engine.errors.HostError` to throw). ``data`` entries are copied
    into the exports. ``source``, if given, is a CommonJS module body run with ``exports``
    already holding those, for a JS layer on top (argument checks, classes, promises).
    """

    name: str
    functions: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None


@dataclass(frozen=True)
class NativeModuleSpec:
    """A registrar for one :class:`NativeModule`, or a ``loader(setup) -> NativeModule`` per runtime.

    The ID defaults to ``native:<name>``.
    """

    name: str
    loader: NativeModule | Callable[[SetupContext], NativeModule]
    module_id: str = ""

    @property
    def id(self) -> str:
        return self.module_id or f"native:{self.name}"

    def register(self, setup: SetupContext) -> None:
        module = self.loader if isinstance(self.loader, NativeModule) else self.loader(setup)
        if module.name != self.name:
            module = replace(module, name=self.name)
        setup.define_module(module)


# Where they are documented and found (pickle, repr). Set after the classes are made: making a
# dataclass reads its module's globals, and qjsbridge.engine.runtime may not be imported yet.
NativeModule.__module__ = "qjsbridge.engine.modules"
NativeModuleSpec.__module__ = "qjsbridge.engine.runtime"
