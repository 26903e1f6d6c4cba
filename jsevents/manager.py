"""Connected emitters: long-lived host resources that push events into JavaScript EventEmitters.

The pattern (see ``qjsbridge help connected-emitters``):

1. JavaScript creates an emitter (``new EventEmitter()`` or a subclass) and passes it to a host
   function, which receives it as an :class:`engine.vm.JSHandle`.
2. On the owner thread the host adopts it: ``ref = manager.adopt_emitter_on_owner(handle)``. The JS
   value stays in a JS-side table; the :class:`EmitterRef` holds only its integer id.
3. The resource runs on its own thread(s) and calls ``ref.emit("event", payload)``: thread-safe,
   returns at once. Each emit becomes one task on the owner thread, followed by a full microtask
   drain, so ``await once(emitter, "event")`` loops never miss an event of a burst.
4. ``ref.close()`` stops delivery at once (nothing already queued is delivered afterwards) and
   leaves the JS listeners in place. Closing the runtime closes every ref.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import orjson

from qjsbridge.engine._resources import package_text
from qjsbridge.engine.context import Context
from qjsbridge.engine.errors import (
    CallCanceledError,
    EmitterClosedError,
    HostError,
    JSError,
    ListenerError,
    ManagerClosedError,
    OwnerClosedError,
    QJSBridgeError,
    ScheduleRejectedError,
)
from qjsbridge.engine.loop import LoopHold
from qjsbridge.engine.runtime import Initializer, Runtime, SetupContext
from qjsbridge.engine.vm import VM, JSHandle, encode_json

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

log = logging.getLogger(__name__)

RUNTIME_VALUE_KEY = "jsevents.manager"
ErrorHandler = Callable[[Exception], None]
ArgsBuilder = Callable[[VM], Sequence[Any]]
T = TypeVar("T")


def _log_listener_error(exc: Exception) -> None:
    log.error("%s", exc)


def install(error_handler: ErrorHandler | None = None) -> Initializer:
    """The runtime initializer that creates the :class:`Manager` (ID ``jsevents.manager``).

    ``error_handler`` receives :class:`ListenerError` for listeners that throw during async
    delivery (default: logged with the JS stack). It must not raise.
    """

    def init(setup: SetupContext) -> None:  # owner thread
        text = package_text("qjsbridge.jsevents", "js", "jsevents.js")
        setup.install_js(text, "qjsbridge:jsevents.js")
        manager = Manager(setup, error_handler or _log_listener_error)
        setup.set_value(RUNTIME_VALUE_KEY, manager)
        setup.add_closer(manager._close_all)

    return Initializer(RUNTIME_VALUE_KEY, init)


class Manager:
    """Adopts JS emitters for one runtime and tracks their refs. Create it with :func:`install`."""

    def __init__(self, setup: SetupContext, error_handler: ErrorHandler) -> None:
        self.runtime: Runtime = setup.runtime
        self.owner = setup.owner
        self.loop = setup.loop
        self.vm = setup.vm
        self.context: Context = setup.services.lifetime()
        self._error_handler = error_handler
        self._lock = threading.Lock()
        self._refs: dict[str, EmitterRef] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self._host_listeners: dict[int, tuple[str, str, Callable[..., Any]]] = {}
        self._listener_keys = itertools.count(1)
        setup.vm.register("jsevents.hostListener", self._call_host_listener)
        # Every EmitterRef.emit (without its own context) goes through this one channel: a burst
        # from any number of refs and threads is one run of items on the owner's queue.
        self._emits = setup.owner.channel(self.context, "jsevents.emit", self._run_emit)

    @staticmethod
    def from_runtime(rt: Runtime) -> Manager | None:
        """The manager installed in ``rt``, or None."""
        m = rt.value(RUNTIME_VALUE_KEY)
        return m if isinstance(m, Manager) else None

    @staticmethod
    def from_setup(setup: SetupContext, helper: str) -> Manager:
        """The manager for a helper's initializer; a clear error if ``install()`` came later."""
        m = setup.value(RUNTIME_VALUE_KEY)
        if m is None:
            raise QJSBridgeError(
                f"{helper}: manager is not installed; add jsevents.install() before {helper}")
        if not isinstance(m, Manager):
            raise QJSBridgeError(f"{helper}: invalid manager value")
        return m

    @property
    def closed(self) -> bool:
        """Whether the runtime closed the manager."""
        return self._closed

    def refs(self) -> list[EmitterRef]:
        """The open refs."""
        with self._lock:
            return list(self._refs.values())

    def adopt_emitter_on_owner(self, value: object, *, keep_alive: bool = True) -> EmitterRef:
        """Adopt the emitter a host function received; owner thread only.

        ``value`` must be a :class:`JSHandle` of kind ``"emitter"`` (what a native module function
        receives for an ``EventEmitter`` argument); anything else raises a ``TypeError`` for JS
        saying ``value is not an events.EventEmitter``. With ``keep_alive`` the ref keeps the
        event loop alive until it is closed (the resource is running). Adopting one emitter twice
        gives two independent refs.
        """
        if not self.loop.is_owner_thread():
            raise QJSBridgeError("jsevents: adopt_emitter_on_owner must run on the owner thread")
        ref_number = next(self._ids)
        if not isinstance(value, JSHandle) or value.kind != "emitter":
            raise HostError("jsevents: value is not an events.EventEmitter", name="TypeError")
        with self._lock:
            if self._closed:
                raise ManagerClosedError("jsevents: manager is closed")
        handle = self.vm.retain_handle(value)
        ref = EmitterRef(self, f"emitter-{ref_number}", handle,
                         self.loop.hold("jsevents emitter") if keep_alive else None)
        with self._lock:
            self._refs[ref.id] = ref
        return ref

    # -- internals ----------------------------------------------------------------------------
    def _report(self, exc: Exception) -> None:
        try:
            self._error_handler(exc)
        except Exception:
            log.exception("jsevents error handler failed on %s", exc)

    def _unregister(self, ref: EmitterRef) -> None:
        with self._lock:
            self._refs.pop(ref.id, None)

    def _close_all(self, ctx: Context) -> None:  # runtime closer
        with self._lock:
            self._closed = True
            refs = list(self._refs.values())
        for ref in refs:
            ref.close()

    def _add_host_listener(self, ref_id: str, name: str, fn: Callable[..., Any]) -> int:
        key = next(self._listener_keys)
        self._host_listeners[key] = (ref_id, name, fn)
        return key

    def _run_emit(self, c: Context, vm: VM, item: tuple[EmitterRef, str, str]) -> None:
        # owner thread: one task per event (the loop drains microtasks after it)
        ref, name, payload = item
        if ref._closed:
            return
        try:
            vm.call_op("jsevents.emit", ref._handle, payload)
        except JSError as exc:
            if not exc.interrupted:
                self._report(ListenerError(ref.id, name, exc))

    def _call_host_listener(self, key: int, args: list[Any]) -> None:  # owner thread, from JS
        entry = self._host_listeners.get(key)
        if entry is None:
            return
        ref_id, name, fn = entry
        try:
            fn(*args)
        except Exception as exc:  # a Python bug: report it, do not throw into the emitting JS
            self._report(ListenerError(ref_id, name, exc))


class EmitterRef:
    """A host-side reference to one adopted JS emitter. Thread-safe unless noted."""

    def __init__(self, manager: Manager, ref_id: str, handle: int, hold: LoopHold | None) -> None:
        self._manager = manager
        self.id = ref_id
        self._handle = handle
        self._hold = hold
        self._closed = False
        self._closing = False  # close_after_queued: no new emits, queued ones still delivered
        self._cancel: Callable[[], None] | None = None
        self._lock = threading.Lock()
        self._listener_keys: list[int] = []

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` (or :meth:`close_after_queued`) has been called."""
        return self._closed or self._closing

    def set_cancel(self, cancel: Callable[[], None]) -> None:
        """What :meth:`close` calls (once) to stop the resource; the latest one wins."""
        with self._lock:
            self._cancel = cancel

    # -- emitting ---------------------------------------------------------------------------------
    def emit(self, name: str, *args: Any, ctx: Context | None = None) -> None:
        """Queue ``emitter.emit(name, *args)`` as its own task; returns at once. Any thread.

        ``args`` are plain data (dict/list/str/int/float/bool/None). Raises ``ValueError`` or
        ``TypeError`` for data JS would get wrong (ints beyond 2**53, NaN, other types) and
        :class:`EmitterClosedError` once the ref or the runtime is closed. A listener that throws
        is reported to the manager's error handler.
        """
        if self._closed or self._closing:
            raise EmitterClosedError(f"jsevents: emitter {self.id} is closed")
        if type(name) is not str:
            self._check_name(name)
        value = [name, *args]
        try:  # encode_json's first step, without formatting its error label for every event
            payload = orjson.dumps(value, option=orjson.OPT_STRICT_INTEGER).decode()
        except TypeError:
            payload = encode_json(value, f"{self.id} {name!r} payload")
        if ctx is not None:
            self._post(ctx, lambda c, vm: self._deliver(vm, name, payload))
            return
        try:
            self._manager._emits.post((self, name, payload))
        except (OwnerClosedError, ScheduleRejectedError, CallCanceledError):
            raise self._closed_error() from None

    def emit_with_builder(self, name: str, builder: ArgsBuilder, ctx: Context | None = None) -> None:
        """Like :meth:`emit`, but ``builder(vm)`` makes the arguments on the owner thread."""
        self._check_name(name)
        if builder is None:
            raise QJSBridgeError("jsevents: the value builder must be a callable, not None")

        def deliver(c: Context, vm: VM) -> None:
            if self._closed:
                return
            try:
                payload = self._encode(name, tuple(builder(vm)))
            except Exception as exc:
                self._manager._report(exc)
                return
            self._deliver(vm, name, payload)

        self._post(ctx, deliver)

    def emit_sync(self, name: str, *args: Any, ctx: Context | None = None) -> bool:
        """Deliver now and wait: returns ``emit``'s boolean (False: no listener).

        A listener's exception is raised here as a :class:`JSError` (not sent to the handler).
        On the owner thread it runs inline.
        """
        payload = self._encode(name, args)
        return bool(self._call(ctx, lambda vm: self._deliver_sync(vm, payload)))

    def emit_with_builder_sync(self, name: str, builder: ArgsBuilder,
                               ctx: Context | None = None) -> bool:
        """:meth:`emit_sync` with arguments built by ``builder(vm)`` on the owner thread."""
        self._check_name(name)
        if builder is None:
            raise QJSBridgeError("jsevents: the value builder must be a callable, not None")
        return bool(self._call(
            ctx, lambda vm: self._deliver_sync(vm, self._encode(name, tuple(builder(vm))))))

    # -- host listeners ---------------------------------------------------------------------------
    def add_host_listener(self, name: str, fn: Callable[..., Any]) -> Callable[[], None]:
        """Call ``fn(*args)`` (JSON-decoded, on the owner thread) when JS emits ``name``.

        Returns a function that removes the listener. Closing the ref removes it too.
        """
        self._check_name(name)
        with self._lock:  # registered before the JS side, so a concurrent close() unhooks it
            if self._closed or self._closing:
                raise EmitterClosedError(f"jsevents: emitter {self.id} is closed")
            key = self._manager._add_host_listener(self.id, name, fn)
            self._listener_keys.append(key)
        def add(vm: VM) -> None:  # owner thread
            if self._closed:  # close() may have run since the key was registered
                raise EmitterClosedError(f"jsevents: emitter {self.id} is closed")
            vm.call_op("jsevents.addHostListener", self._handle, encode_json(name), key)

        try:
            self._call(None, add)
        except BaseException:
            self._remove_listener(key)
            raise

        def remove() -> None:
            self._remove_listener(key)

        return remove

    # -- closing ----------------------------------------------------------------------------------
    def close_after_queued(self) -> None:
        """Close once the events already queued have been delivered; any thread.

        For a resource that ends by itself: emit the final ``error``/``close`` events, then call
        this, and they still reach JavaScript (``close()`` would drop them). Further emits are
        refused at once.
        """
        with self._lock:
            if self._closed or self._closing:
                return
            self._closing = True
        try:
            self._manager.owner.post(None, "jsevents.closeAfterQueued", lambda c, vm: self.close())
        except QJSBridgeError:
            self.close()  # the runtime is closing: nothing queued will run anyway

    def close(self, ctx: Context | None = None) -> None:
        """Stop delivery now and run the cancel function once; idempotent, any thread.

        Events already queued are dropped; JS listeners stay on the emitter.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            cancel, self._cancel = self._cancel, None
            keys, self._listener_keys = self._listener_keys, []
        for key in keys:  # Python listeners stop now, not when the posted release runs
            self._manager._host_listeners.pop(key, None)
        if cancel is not None:
            try:
                cancel()
            except Exception:
                log.exception("jsevents: cancel function of %s failed", self.id)
        self._manager._unregister(self)
        if self._hold is not None:
            self._hold.release()
        handle = self._handle

        def release(c: Context, vm: VM) -> None:
            for key in keys:
                vm.call_op("jsevents.removeHostListener", key)
            vm.release_handle(handle)

        try:
            if self._manager.loop.is_owner_thread():
                release(self._manager.context, self._manager.vm)
            else:
                self._manager.owner.post(None, "jsevents.release", release)
        except QJSBridgeError:
            pass  # the runtime is closing: the whole VM goes away

    # -- internals --------------------------------------------------------------------------------
    @staticmethod
    def _check_name(name: str) -> None:
        if not isinstance(name, str):
            raise TypeError(f"jsevents: event name must be a str, not {type(name).__name__}")

    def _encode(self, name: str, args: Sequence[Any]) -> str:
        self._check_name(name)
        if self._closed or self._closing:
            raise EmitterClosedError(f"jsevents: emitter {self.id} is closed")
        return encode_json([name, *args], f"{self.id} {name!r} payload")

    def _closed_error(self) -> EmitterClosedError:
        return EmitterClosedError(f"jsevents: emitter {self.id} is closed (the runtime is closing)")

    def _via_owner(self, ctx: Context | None, action: Callable[[Context], T]) -> T:
        """Run an owner call/post with ``ctx`` (default: the manager's), reporting a closed
        runtime as this ref being closed. A caller's own context that ended stays an error."""
        manager = self._manager
        try:
            return action(ctx or manager.context)
        except (OwnerClosedError, ScheduleRejectedError):
            raise self._closed_error() from None
        except CallCanceledError:
            if ctx is None or manager.context.is_done():
                raise self._closed_error() from None
            raise

    def _post(self, ctx: Context | None, fn: Callable[[Context, VM], None]) -> None:
        self._via_owner(ctx, lambda c: self._manager.owner.post(c, "jsevents.emit", fn))

    def _deliver(self, vm: VM, name: str, payload: str) -> None:  # owner thread
        if self._closed:
            return
        try:
            vm.call_op("jsevents.emit", self._handle, payload)
        except JSError as exc:
            if not exc.interrupted:
                self._manager._report(ListenerError(self.id, name, exc))

    def _deliver_sync(self, vm: VM, payload: str) -> bool:  # owner thread
        if self._closed:
            raise EmitterClosedError(f"jsevents: emitter {self.id} is closed")
        return bool(vm.call_op("jsevents.emit", self._handle, payload, True))

    def _call(self, ctx: Context | None, fn: Callable[[VM], Any]) -> Any:
        manager = self._manager
        if manager.loop.is_owner_thread():
            return fn(manager.vm)  # we are on the owner: run inline
        return self._via_owner(ctx, lambda c: manager.owner.call(c, "jsevents.call",
                                                                 lambda c2, vm: fn(vm)))

    def _remove_listener(self, key: int) -> None:
        with self._lock:
            if key not in self._listener_keys:
                return
            self._listener_keys.remove(key)
        self._manager._host_listeners.pop(key, None)
        try:
            self._call(None, lambda vm: vm.call_op("jsevents.removeHostListener", key))
        except QJSBridgeError:
            pass

    def __repr__(self) -> str:
        return f"<EmitterRef {self.id}{' closed' if self._closed else ''}>"

