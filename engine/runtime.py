"""Runtime factory and Runtime: composing the VM, loop, owner, services and modules.

    factory = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=["scripts"]))
               .with_modules(NativeModuleSpec(NativeModule("greeter", {"hi": lambda n: f"hi {n}"})))
               .with_runtime_initializers(jsevents.install())
               .build())
    rt = factory.new_runtime(startup=ctx, lifetime=ctx)
    try:
        rt.run_main("scripts/main.js")
    finally:
        rt.close()

Construction: the *startup* context bounds construction and initializers; the *lifetime*
context is the parent of ``rt.context``, which ends when the parent ends or on ``close``.
Registrars and initializers run on the owner thread, in order, with a :class:`SetupContext`.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from . import builtins, services
from .builtins import ConsoleSink, NodeGlobals, nodeio, stdio_console
from .context import Context, background, with_cancel
from .errors import (
    BuilderError,
    CallCanceledError,
    CloseError,
    HostError,
    JSError,
    QJSBridgeError,
    RuntimeClosingError,
)
from .loop import EventLoop
from .modules import ModuleLoader
from .owner import OwnerOptions, RuntimeOwner
from .permissions import Permissions
from .services import RuntimeServices
from .vm import DEFAULT_MAX_STACK_SIZE, VM, encode_json

if TYPE_CHECKING:
    from ._native import NativeModule, NativeModuleSpec

__all__ = [
    "ErrorHandler",
    "Initializer",
    "LazyInitializer",
    "ModuleSpec",
    "NativeModuleSpec",
    "Runtime",
    "RuntimeFactory",
    "RuntimeFactoryBuilder",
    "RuntimeInitializer",
    "RuntimeOptions",
    "SetupContext",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
ErrorHandler = Callable[[BaseException, str], None]
"""``handler(exc, origin)`` for errors nobody else can receive: a timer callback that threw
(origin ``"task"``), an error in a microtask (``"uncaughtException"``), an unhandled rejection
(``"unhandledRejection"``), a failing ``post`` callback (``"post:<op>"``)."""

_CLOSE_WAIT = 0.25  # seconds close() waits for running JS when its context has no deadline
_INTERRUPT_GRACE = 0.25  # seconds an interrupted task gets to unwind, whatever the deadline


@dataclass(frozen=True)
class RuntimeOptions:
    """Per-factory runtime settings. Every default is the strict, library-embedding one.

    * ``module_roots``: directories ``require()`` may load files from (none: builtins only).
    * ``node_globals``: install timers, ``process`` and ``global`` as globals (off by default;
      ``process.env`` shows only what ``NodeGlobals.env`` holds).
    * ``console``: where ``console.*`` output goes (default: the process's stdout and stderr, as
      under Node; ``builtins.logging_console`` sends it to the ``qjsbridge.console`` logger).
    * ``error_handler``: receives uncaught errors (default: logged with the JS stack).
    * ``on_exit``: called with the code when JS calls ``process.exit`` (or an uncaught error
      ends the script, see ``exit_on_uncaught``); by default the runtime closes itself from a
      helper thread.
    * ``exit_on_uncaught``: Node's rule for a script's lifetime. An uncaught exception or an
      unhandled rejection that no ``process`` listener (``uncaughtException``,
      ``unhandledRejection``) handles ends the script like ``process.exit(1)``: ``exit``
      listeners run, the error goes to ``error_handler`` (with ``JSError.inspected``, what Node
      prints), JavaScript stops and nothing queued runs. A listener that throws during host
      event delivery is such an uncaught exception too (instead of going to the jsevents
      manager's error handler). Off by default: errors are reported and the runtime carries on.
      ``qjsbridge run`` turns it on.
    * ``memory_limit``: JS heap cap in bytes; ``max_stack_size``: JS stack per entry.
    * ``owner_max_wait``: seconds an owner call may take when its context has no deadline.
    * ``builtin_files``: internal JS files to load (fewer means fewer built-in modules).
    * ``permissions``: what ``fs`` and ``child_process`` may touch (Node's permission model).
      None (the default) grants nothing to them and leaves file watching to its own host options;
      a :class:`Permissions` given here also bounds ``fswatch.watch`` (read permission needed);
      :meth:`Permissions.unrestricted` allows everything.
    """

    module_roots: Sequence[str | os.PathLike[str]] = ()
    node_globals: NodeGlobals | None = None
    console: ConsoleSink = stdio_console
    error_handler: ErrorHandler | None = None
    on_exit: Callable[[Runtime, int], None] | None = None
    exit_on_uncaught: bool = False
    memory_limit: int | None = None
    max_stack_size: int = DEFAULT_MAX_STACK_SIZE
    owner_max_wait: float = 0.0
    include_callback_traceback: bool = False
    name: str = "qjsbridge-runtime"
    builtin_files: Sequence[str] = builtins.DEFAULT_BUILTIN_FILES
    permissions: Permissions | None = None


class SetupContext:
    """What module registrars and runtime initializers receive. Used on the owner thread only.

    ``context`` is the startup context, marked as an owner context: pass it to
    ``owner.call`` to run nested owner work inline.
    """

    def __init__(self, rt: Runtime, context: Context, item_id: str) -> None:
        self._rt = rt
        self.context = context
        self.id = item_id

    @property
    def runtime(self) -> Runtime:
        """The runtime being built."""
        return self._rt

    @property
    def vm(self) -> VM:
        """The VM (owner thread only)."""
        return self._rt.vm

    @property
    def loop(self) -> EventLoop:
        """The event loop."""
        return self._rt.loop

    @property
    def owner(self) -> RuntimeOwner:
        """The runtime owner."""
        return self._rt.owner

    @property
    def services(self) -> RuntimeServices:
        """The runtime services of this VM."""
        return self._rt.services

    def add_closer(self, closer: Callable[[Context], None]) -> None:
        """Run ``closer(ctx)`` when the runtime closes (reverse registration order)."""
        self._rt.add_closer(closer)

    def set_value(self, key: str, value: Any) -> None:
        """Store a runtime value (visible as ``rt.value(key)``); an empty key is ignored."""
        if key:
            self._rt.values[key] = value

    def value(self, key: str) -> Any:
        """A runtime value stored by an earlier registrar or initializer, or None."""
        return self._rt.values.get(key) if key else None

    def define_module(self, module: NativeModule) -> None:
        """Make a Python-backed module ``require()``-able."""
        self._rt.modules.define(module)

    def install_js(self, source: str, filename: str) -> None:
        """Run a trusted internal JS file ``(function (Q) {...})`` (see ``engine/js``)."""
        self._rt.vm.install_js(source, filename)


class ModuleSpec(Protocol):
    """A module registrar: ``register(setup)`` defines require()-able modules."""

    @property
    def id(self) -> str:
        """Unique ID among the builder's modules."""
        ...

    def register(self, setup: SetupContext) -> None:
        """Register on the runtime being built (owner thread)."""
        ...


class RuntimeInitializer(Protocol):
    """A runtime initializer: ``init_runtime(setup)`` installs globals, managers, helpers."""

    @property
    def id(self) -> str:
        """Unique ID among the builder's initializers."""
        ...

    def init_runtime(self, setup: SetupContext) -> None:
        """Initialise the runtime being built (owner thread)."""
        ...


@dataclass(frozen=True)
class Initializer:
    """A runtime initializer made of an ID and a function."""

    id: str
    fn: Callable[[SetupContext], None]

    def init_runtime(self, setup: SetupContext) -> None:
        self.fn(setup)


class LazyInitializer:
    """A runtime initializer that runs on first use, so that what it imports and evaluates costs
    nothing at start-up when a script never needs it.

    At set-up it only defines ``global_names`` (JS globals) as placeholders, and ``hooks`` (internal
    ``Q`` functions other built-ins call, such as ``Q.fsWatch`` behind ``fs.watch``). The first
    time a script reads one of those globals, or a hook is called, ``load()`` is called and the
    initializer it returns runs, on the owner thread, with a :class:`SetupContext`; it must
    define the globals and hooks. If it fails, that use throws an ``Error`` naming ``id`` and
    the cause, and the next use tries again. Assigning to a global before reading it just
    replaces it. Without the QuickJS C API (no nested JS entries) or without ``lazy.js`` among the
    runtime's ``builtin_files``, it runs at set-up instead.
    """

    def __init__(self, initializer_id: str, global_names: Sequence[str],
                 load: Callable[[], RuntimeInitializer], hooks: Sequence[str] = ()) -> None:
        self._id = initializer_id
        self.global_names = tuple(global_names)
        self.hooks = tuple(hooks)
        self._load = load

    @property
    def id(self) -> str:
        """The initializer ID (the real initializer's, usually)."""
        return self._id

    def init_runtime(self, setup: SetupContext) -> None:
        """Define the placeholders (or run the initializer now, when JS cannot re-enter)."""
        vm, rt = setup.vm, setup.runtime
        if not vm.can_reenter or "lazy.js" not in rt.options.builtin_files:
            self._load().init_runtime(setup)
            return
        host = f"qjsb.lazy.{self._id}"

        def first_use() -> None:  # owner thread, from JS
            try:
                initializer = self._load()
                initializer.init_runtime(SetupContext(rt, services.current_owner_context(vm), self._id))
            except (HostError, JSError):
                raise
            except Exception as exc:
                raise HostError(f"{self._id} could not be loaded: {type(exc).__name__}: {exc}") from exc

        vm.register(host, first_use)
        vm.call_op("defineLazyHelper", encode_json(
            {"id": self._id, "host": host, "globals": list(self.global_names), "hooks": list(self.hooks)}))


_FROZEN = "engine builder is already built and immutable"


class RuntimeFactoryBuilder:
    """Collects modules and initializers; :meth:`build` validates and freezes it."""

    def __init__(self, options: RuntimeOptions | None = None) -> None:
        self._options = options or RuntimeOptions()
        self._modules: list[ModuleSpec] = []
        self._initializers: list[RuntimeInitializer] = []
        self._built = False

    def _mutable(self) -> None:
        if self._built:
            raise BuilderError(_FROZEN)

    def with_options(self, **changes: Any) -> RuntimeFactoryBuilder:
        """Replace fields of the :class:`RuntimeOptions`."""
        self._mutable()
        self._options = replace(self._options, **changes)
        return self

    def with_modules(self, *modules: ModuleSpec) -> RuntimeFactoryBuilder:
        """Add module registrars (run in order, before initializers)."""
        self._mutable()
        self._modules.extend(modules)
        return self

    def with_runtime_initializers(self, *initializers: RuntimeInitializer) -> RuntimeFactoryBuilder:
        """Add runtime initializers (run in order, after modules)."""
        self._mutable()
        self._initializers.extend(initializers)
        return self

    def build(self) -> RuntimeFactory:
        """Validate (no None entries, non-empty unique IDs) and freeze."""
        self._mutable()
        _validate("module spec", "module", self._modules)
        _validate("runtime initializer", "runtime initializer", self._initializers)
        self._built = True
        return RuntimeFactory(self._options, tuple(self._modules), tuple(self._initializers))


def _validate(kind: str, id_kind: str, items: Sequence[Any]) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item is None:
            raise BuilderError(f"{kind} at index {i} is None")
        item_id = getattr(item, "id", "")
        if not isinstance(item_id, str) or not item_id.strip():
            raise BuilderError(f"{kind} at index {i} has empty ID")
        if item_id in seen:
            raise BuilderError(f'duplicate {id_kind} ID "{item_id}" at indexes {seen[item_id]} and {i}')
        seen[item_id] = i


class RuntimeFactory:
    """Creates runtimes; immutable and reusable."""

    def __init__(self, options: RuntimeOptions, modules: tuple[ModuleSpec, ...],
                 initializers: tuple[RuntimeInitializer, ...]) -> None:
        self.options = options
        self._modules = modules
        self._initializers = initializers

    def new_runtime(self, startup: Context | None = None, lifetime: Context | None = None) -> Runtime:
        """Create and initialise a runtime.

        Raises the startup context's error if it has already ended (nothing is created), and
        :class:`BuilderError` naming the registrar/initializer that failed (the half-built
        runtime is closed first).
        """
        startup = startup or background()
        lifetime = lifetime or background()
        err = startup.err()
        if err is not None:
            raise err
        rt = Runtime(self.options, lifetime)
        try:
            rt._setup(startup, self._modules, self._initializers)
        except BaseException:
            try:
                rt.close(startup if startup.deadline() is not None else None)
            except Exception:
                log.exception("closing a runtime that failed to initialise")
            raise
        return rt


class Runtime:
    """A running QuickJS runtime: VM, event loop, owner, services and values.

    Thread-safe: every method may be called from any thread, except that :meth:`close` refuses to
    run on the owner thread (it would wait for itself).
    """

    def __init__(self, options: RuntimeOptions, lifetime: Context) -> None:
        self.options = options
        self.values: dict[str, Any] = {}
        self._closers: list[Callable[[Context], None]] = []
        self._close_lock = threading.Lock()
        self._closing = False
        self._closed = threading.Event()
        self._exit_code: int | None = None
        self._exit_requested = False
        self._context, self._cancel_context = with_cancel(lifetime)
        self.loop = EventLoop(self._make_vm, name=options.name, on_error=self._report)
        self.vm: VM = self.loop.start()
        self.owner = RuntimeOwner(
            self.vm,
            self.loop,
            OwnerOptions(name=options.name, max_wait=options.owner_max_wait,
                         wrap_callback_errors=True, include_callback_traceback=options.include_callback_traceback),
            owner_thread=self.loop.thread_ident,
            on_post_error=self._report,
        )
        self.services = RuntimeServices(self._context, self.loop, self.owner)
        services.store(self.vm, self.services)
        self.modules: ModuleLoader

    def _make_vm(self) -> VM:  # owner thread
        return VM(memory_limit=self.options.memory_limit, max_stack_size=self.options.max_stack_size)

    def _setup(self, startup: Context, modules: Iterable[ModuleSpec],
               initializers: Iterable[RuntimeInitializer]) -> None:
        def core(ctx: Context, vm: VM) -> None:  # owner thread
            self.modules = ModuleLoader(vm, self.options.module_roots)
            builtins.install(vm, self.loop, console=self.options.console,
                             node_globals=self.options.node_globals, on_exit=self._js_exit,
                             files=self.options.builtin_files)
            if self.options.exit_on_uncaught:
                vm.call_op("setExitOnUncaught", True)
            if "events.js" in self.options.builtin_files:
                nodeio.install(vm, self.loop, self._context,
                               self.options.permissions or Permissions(), self.add_closer)

        self.owner.call(startup, "engine.setup", core)
        for spec in modules:
            self._run_setup(startup, spec.id, "module", spec.register)
        for init in initializers:
            self._run_setup(startup, init.id, "runtime initializer", init.init_runtime)

    def _run_setup(self, startup: Context, item_id: str, kind: str,
                   fn: Callable[[SetupContext], None]) -> None:
        def run(ctx: Context, vm: VM) -> None:  # owner thread
            fn(SetupContext(self, ctx, item_id))

        try:
            self.owner.call(startup, f"engine.{kind}.{item_id}", run)
        except BaseException as exc:
            label = "register module" if kind == "module" else kind
            raise BuilderError(f'{label} "{item_id}": {exc}') from exc

    # -- accessors ----------------------------------------------------------------------------
    @property
    def context(self) -> Context:
        """The runtime lifetime context: ends when the lifetime parent ends or on close."""
        return self._context

    def value(self, key: str) -> Any:
        """A value stored by a registrar/initializer (empty key: None)."""
        return self.values.get(key) if key else None

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`close` has completed."""
        return self._closed.is_set()

    @property
    def exit_code(self) -> int | None:
        """The code JS passed to ``process.exit``, or None."""
        return self._exit_code

    def add_closer(self, closer: Callable[[Context], None]) -> None:
        """Run ``closer(ctx)`` during :meth:`close`, while runtime services still work."""
        if closer is None:
            raise QJSBridgeError("runtime closer is None")
        with self._close_lock:
            if self._closing:
                raise RuntimeClosingError()
            self._closers.append(closer)

    # -- running code -------------------------------------------------------------------------
    def call(self, fn: Callable[[Context, VM], T], ctx: Context | None = None,
             op: str = "runtime.call") -> T:
        """``owner.call``: run ``fn(ctx, vm)`` on the owner thread and return its result."""
        return self.owner.call(ctx, op, fn)

    def eval(self, source: str, ctx: Context | None = None) -> Any:
        """Evaluate a global script; returns its completion value, JSON-decoded."""
        return self.owner.call(ctx, "runtime.eval", lambda c, vm: vm.eval(source))

    def run_main(self, path: str | os.PathLike[str], ctx: Context | None = None) -> None:
        """Run a file as the main module (it must lie inside a module root).

        A CommonJS file runs before this returns. An ES module (``.mjs``, or ``.js`` under a
        ``"type": "module"`` package.json) is loaded and evaluated by the promise jobs that run
        right after; its errors (including link errors) go to the error handler as uncaught.
        """
        target = os.path.abspath(os.fspath(path))
        self.owner.call(ctx, "runtime.runMain",
                        lambda c, vm: vm.call_op("runMain", encode_json(target)))

    def require(self, spec: str, ctx: Context | None = None) -> Any:
        """``require(spec)`` from the first module root; returns the exports, JSON-decoded
        (functions as ``"[Function]"``, repeated objects as ``"[Circular]"``)."""
        return self.owner.call(
            ctx, "runtime.require",
            lambda c, vm: json.loads(vm.call_op("requireJson", encode_json(spec))))

    def wait_until_idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing keeps the loop alive (no ref'd timer, watcher or pending job)."""
        return self.loop.idle.wait(timeout)

    # -- errors and exit ----------------------------------------------------------------------
    def _report(self, exc: BaseException, origin: str, fatal: bool = False) -> None:  # owner thread (mostly)
        stopping = self._closing or self._exit_code is not None
        if stopping and not fatal and isinstance(exc, JSError) and (
                exc.interrupted or exc.code == "ERR_PROCESS_EXIT"):
            log.debug("JavaScript stopped by exit/close: %s", exc)
            return
        handler = self.options.error_handler
        if handler is not None:
            handler(exc, origin)
        elif isinstance(exc, JSError):
            log.error("uncaught JavaScript error (%s): %s", origin, exc.format())
        else:
            log.error("uncaught error (%s)", origin, exc_info=exc)

    def request_exit(self, code: int) -> bool:
        """Stop the script with ``code`` (the host's ``process.exit``, without ``exit`` events):
        stop the running JS, record the code, halt timers and emitters, then call ``on_exit``
        (default: close the runtime from a helper thread). Any thread; only the first request
        counts. Returns whether running JS was interrupted."""
        with self._close_lock:
            first = not self._exit_requested
            self._exit_requested = True
            if self._exit_code is None:
                self._exit_code = code
        interrupted = self.vm.interrupt()  # process.exit spins until this stops it
        self.halt()
        if first:
            if self.options.on_exit is not None:
                self.options.on_exit(self, self._exit_code)
            else:
                threading.Thread(target=self._close_quietly, name="qjsbridge-exit", daemon=True).start()
        return interrupted

    def _js_exit(self, code: int, error: JSError | None) -> bool:  # owner thread, from JS
        # process.exit(), or an uncaught error ending the script (after its `exit` listeners).
        # The code is recorded first, so the error handler sees a runtime that is exiting.
        with self._close_lock:
            if self._exit_code is None:
                self._exit_code = code
            first = not self._exit_requested
        if error is not None and first:
            self._report(error, error.origin or "uncaughtException", fatal=True)
        return self.request_exit(code)

    def halt(self) -> None:
        """Stop running JS callbacks: cancel the lifetime context (emitters and watchers stop
        delivering) and drop pending timers and immediates. Owner calls keep working."""
        self._cancel_context()
        self.loop.halt()

    def _close_quietly(self) -> None:
        try:
            self.close()
        except Exception:
            log.exception("closing the runtime after process.exit failed")

    # -- closing ------------------------------------------------------------------------------
    def close(self, ctx: Context | None = None) -> None:
        """Close the runtime; idempotent (later calls wait for the first to finish).

        Order: cancel the lifetime context; wait for running JS (``ctx``'s deadline, else 250 ms),
        interrupting it if it does not finish; run closers in reverse order while runtime services
        still work; remove the services; shut the owner down; stop the loop and join its thread.
        Raises :class:`CloseError` listing the steps that failed (all steps still run), and
        :class:`RuntimeClosingError` if called on the owner thread.
        """
        if self.loop.is_owner_thread():
            raise RuntimeClosingError(
                "Runtime.close cannot run on the owner thread (from JavaScript or a host callback): "
                "it would wait for itself; call it from another thread"
            )
        with self._close_lock:
            if self._closing:
                first = False
            else:
                self._closing = first = True
                closers, self._closers = self._closers, []
        if not first:
            self._closed.wait()
            return
        ctx = ctx or background()
        errors: list[BaseException] = []
        try:
            self._cancel_context()
            self.loop.halt()
            if not self.loop.wait_task_idle(self._wait_window(ctx)):
                self.loop.interrupt()  # uncatchable; JS stops within milliseconds
                if not self.loop.wait_task_idle(max(self._wait_window(ctx), _INTERRUPT_GRACE)):
                    errors.append(CallCanceledError(
                        "runtime close: JavaScript did not stop after being interrupted"))
            for closer in reversed(closers):
                try:
                    closer(ctx)
                except BaseException as exc:
                    errors.append(exc)
            services.delete(self.vm)
            self.owner.shutdown(ctx)
            self.loop.stop()
            if not self.loop.join(max(self._wait_window(ctx), 5.0)):
                errors.append(QJSBridgeError("runtime close: the owner thread did not stop"))
        finally:
            self._closed.set()
        if errors:
            raise CloseError(errors)

    @staticmethod
    def _wait_window(ctx: Context) -> float:
        deadline = ctx.deadline()
        if deadline is None:
            return _CLOSE_WAIT
        return max(0.0, deadline - time.monotonic())

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def __getattr__(name: str) -> Any:
    # NativeModuleSpec (and NativeModule, which this module used to import) are made on first
    # use (see _native.py): a script run that defines no native module does not pay for them.
    if name in ("NativeModule", "NativeModuleSpec"):
        from . import _native

        # both, so that NativeModuleSpec's annotations resolve here (typing.get_type_hints)
        globals().update(NativeModule=_native.NativeModule, NativeModuleSpec=_native.NativeModuleSpec)
        return getattr(_native, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
