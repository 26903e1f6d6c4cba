"""The binding boundary: the only module that imports the QuickJS binding.

A :class:`VM` wraps one QuickJS context. It is created on, used on, and disposed of on the owner
thread; the single exception is :meth:`VM.interrupt`. The rules it enforces:

* Data crosses the boundary as JSON (or as int32-safe primitives on hot paths). Python ints
  beyond 2**53 are refused rather than silently rounded, NaN/Infinity become null (as with
  JSON.stringify), and lone surrogates travel as JSON escapes (the binding raises on them).
* JS calls Python through one callable, ``__qjsb_host(name, argsJson) -> envelopeJson``, that
  never lets an exception escape into the binding; the JS shim throws a real ``Error``.
* Python calls JS through one trampoline, ``Q.call(op, ...)``; a JS exception comes back as a
  :class:`~engine.errors.JSError` with ``name``, ``message``, ``stack`` and ``code``.
* No ``quickjs.Object`` is kept anywhere but on this object, and :meth:`VM.dispose` clears them
  on the owner thread before the context is freed.
"""

from __future__ import annotations

import errno
import json
import logging
import math
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import _quickjs  # the quickjs-ng binding's extension; importing `quickjs` would start a thread
import orjson

from ._resources import package_text
from . import _bytecode, _capi
from .errors import HostError, JSError, QJSBridgeError

__all__ = ["VM", "JSHandle", "builtin_js_source", "encode_json", "HostFunction", "DEFAULT_MAX_STACK_SIZE",
           "MAX_REENTRANCY"]

log = logging.getLogger(__name__)

HostFunction = Callable[..., Any]

#: JS stack budget per entry from Python. The owner thread gets a much larger C stack (see
#: engine.loop), so nested JS -> Python -> JS entries (each with a fresh budget) still fit.
DEFAULT_MAX_STACK_SIZE = 16 * 1024 * 1024
#: Maximum nesting of Python -> JS entries while JS is already running on this thread.
MAX_REENTRANCY = 8

_MAX_SAFE_INTEGER = 2**53 - 1
_JSObject = _quickjs.Object
_ENCODER = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def _without_non_finite(value: Any) -> Any:
    """A copy of ``value`` with NaN/Infinity replaced by None (what JSON.stringify does)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _without_non_finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_non_finite(v) for v in value]
    return value


def _bad_int(value: Any) -> str | None:
    """Describe the first int beyond 2**53 in ``value`` (path + problem), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if -_MAX_SAFE_INTEGER <= value <= _MAX_SAFE_INTEGER:
            return None
        return f": integer {value} is outside JavaScript's safe range (+-2**53-1); send a string"
    items: Any = (value.items() if isinstance(value, dict)
                  else enumerate(value) if isinstance(value, (list, tuple)) else ())
    for k, v in items:
        bad = _bad_int(v)
        if bad is not None:
            return f"[{k}]{bad}" if isinstance(k, int) else f".{k}{bad}"
    return None


def encode_json(value: Any, what: str = "value") -> str:
    """JSON-encode data for JavaScript, refusing what JS would get wrong.

    Accepts dict/list/tuple/str/int/float/bool/None. Raises ``ValueError`` naming ``what`` and
    the path for ints beyond 2**53 (JS would round them) and ``TypeError`` for values JSON cannot
    carry. NaN and Infinity become null, as with ``JSON.stringify``. Lone surrogates (from
    undecodable file names) are kept, as JSON escapes.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_STRICT_INTEGER).decode()
    except TypeError as exc:
        reason = str(exc)
    # orjson refuses three things: ints beyond 53 bits (an error here too), lone surrogates and
    # non-str dict keys (both fine for the stdlib encoder). This path is rare.
    if "53-bit" in reason:
        raise ValueError(what + (_bad_int(value) or ": integer outside the 53-bit range")) from None
    try:
        try:
            return _ENCODER.encode(value)
        except ValueError:  # NaN/Infinity
            return _ENCODER.encode(_without_non_finite(value))
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{what}: {exc}") from None


_FALLBACK_ENVELOPE = '{"err":{"name":"Error","message":"host function failed","code":null}}'


def _error_envelope(exc: BaseException) -> str:
    """The JSON envelope that makes the JS shim throw an error describing ``exc``. Never raises."""
    try:
        return _describe_error(exc)
    except BaseException:  # a broken __str__, an odd filename, ...: still never escape
        return _FALLBACK_ENVELOPE


def _describe_error(exc: BaseException) -> str:
    code: str | None = None
    props: dict[str, str] = {}
    if isinstance(exc, HostError):
        name, message, code, props = exc.name, str(exc), exc.code, exc.props
    elif isinstance(exc, JSError):
        name, message, code = exc.name or "Error", exc.message, exc.code
    elif isinstance(exc, OSError):
        name = "Error"
        code = errno.errorcode.get(exc.errno or 0)
        message = f"{code}: {exc.strerror}" if code and exc.strerror else str(exc)
        if isinstance(exc.filename, (str, bytes)):
            message += f", '{os.fsdecode(exc.filename)}'"
    elif isinstance(exc, QJSBridgeError):
        name, message = "Error", str(exc)
    else:
        log.debug("host function raised", exc_info=exc)
        name, message, code = "Error", f"{type(exc).__name__}: {exc}", "ERR_HOST_EXCEPTION"
    err: dict[str, Any] = {"name": str(name), "message": str(message), "code": code}
    if props:
        err["props"] = {str(k): str(v) for k, v in props.items()}
    return _ENCODER.encode({"err": err})


@dataclass(frozen=True)
class JSHandle:
    """A JavaScript function or EventEmitter passed to a host function.

    Only valid during that host call; :meth:`VM.retain_handle` keeps the value (under a new id)
    until :meth:`VM.release_handle`. Python never holds the JS value itself.
    """

    id: int
    kind: str  # "function" | "emitter"


def _make_host_entry(functions: dict[str, HostFunction],
                     depth: Callable[[int], None]) -> Callable[..., str]:
    # The Context keeps this closure alive and the dict holds some of the VM's bound methods: a
    # cycle through the VM, broken on the owner thread by VM.dispose() emptying the dict.
    def host_entry(name: str, args_json: str, handles_json: str = "") -> str:  # owner thread
        try:
            fn = functions[name]
        except KeyError:
            return _error_envelope(HostError(f"unknown host function {name!r}"))
        try:
            args = json.loads(args_json)
            if handles_json:
                for index, handle_id, kind in json.loads(handles_json):
                    args[index] = JSHandle(handle_id, kind)
            depth(1)
            try:
                result = fn(*args)
            finally:
                depth(-1)
            return '{"ok":' + encode_json(result, f"result of {name}") + "}"
        except BaseException as exc:  # nothing may escape into the binding
            return _error_envelope(exc)

    return host_entry


class ModuleSource(Protocol):
    """What the ES module loader asks for (implemented by engine.modules.ModuleLoader)."""

    def resolve_import(self, spec: str, base: str) -> str:
        """The module name of ``spec`` imported from the module or script named ``base``."""
        ...

    def module_source(self, name: str, attributes: dict[str, str],
                      builtin_keys: Callable[[str], list[str]]) -> tuple[str, str]:
        """(source, kind) of the module ``name``: kind "file" or "facade"."""
        ...


class _LoaderHooks(_capi.ModuleHooks):
    # owner thread, inside QuickJS's module resolution (see _capi.install_module_loader)
    def __init__(self, vm: VM) -> None:
        self._vm = vm

    def _source(self) -> ModuleSource:
        hooks = self._vm._module_hooks
        if hooks is None:
            raise HostError("ES modules cannot be loaded: this runtime has no module loader",
                            code="ERR_MODULE_NOT_FOUND")
        return hooks

    def may_load(self) -> bool:
        return self._vm._host_depth == 0

    def normalize(self, base: str, spec: str) -> str:
        return self._source().resolve_import(spec, base)

    def load(self, name: str, attributes: dict[str, str]) -> tuple[str, str]:
        capi = self._vm._capi
        assert capi is not None

        def keys(builtin: str) -> list[str]:
            names = json.loads(capi.keys_of_builtin(builtin))
            return [str(n) for n in names]

        return self._source().module_source(name, attributes, keys)

    def error(self, exc: BaseException) -> tuple[str, str, str | None, dict[str, str]]:
        if isinstance(exc, HostError):
            return exc.name, str(exc), exc.code, exc.props
        if isinstance(exc, JSError):
            return exc.name or "Error", exc.message, exc.code, {}
        if isinstance(exc, OSError):
            return ("Error", f"{type(exc).__name__}: {exc}", errno.errorcode.get(exc.errno or 0),
                    {})
        if isinstance(exc, RecursionError):
            # QuickJS resolves static imports depth-first, re-entering the loader per level
            return ("RangeError", "Maximum call stack size exceeded: the chain of static imports "
                    "is too deep (a few hundred modules at most)", None, {})
        log.debug("module loader failed", exc_info=exc)
        return "Error", f"{type(exc).__name__}: {exc}", "ERR_HOST_EXCEPTION", {}


def builtin_js_source(name: str) -> str:
    """The text of ``engine/js/NAME``, the runtime's own JavaScript files."""
    return package_text("qjsbridge.engine", "js", name)


_cache: _bytecode.BytecodeCache | None = None
_cache_lock = threading.Lock()


def _bytecode_cache(capi: _capi.CApi) -> _bytecode.BytecodeCache | None:
    """The cache of the internal files' bytecode (None: turned off). Any owner thread."""
    global _cache
    if not _bytecode.enabled():
        return None
    with _cache_lock:
        if _cache is None:
            from qjsbridge._version import __version__

            js_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js")
            _cache = _bytecode.BytecodeCache(
                os.path.join(js_dir, "__pycache__"),
                _bytecode.salt(__version__, capi.engine_version(), _quickjs.__file__),
                _bytecode.trusted_owners(js_dir))
        return _cache


_INIT_SCRIPT = """
(() => {
  const mailbox = globalThis.__qjsb_mailbox;
  const boot = mailbox.value;
  delete mailbox.value;
  const Q = boot(globalThis.__qjsb_host, mailbox, %(native)s);
  globalThis.__qjsb_rejection = Q.trackRejection;
  globalThis.__qjsb_esm = Q.esmHelper;
  globalThis.__qjsb_bind = Q.bindOp;
  delete globalThis.__qjsb_host;
  return Q.call;
})()
"""


class VM:
    """One QuickJS context. Owner thread only, except :meth:`interrupt`.

    ``memory_limit`` (bytes) caps the JS heap: allocations beyond it throw
    ``InternalError: out of memory`` in JS. ``max_stack_size`` caps JS recursion per entry.
    """

    def __init__(
        self, *, memory_limit: int | None = None, max_stack_size: int = DEFAULT_MAX_STACK_SIZE
    ) -> None:
        self._owner_thread = threading.get_ident()
        self._ctx: Any = None
        self._capi: _capi.CApi | None = None
        self._call: Any = None
        self._bind: Any = None
        self._bound: dict[tuple[str, int], Any] = {}  # (op, argument count) -> Q.bindOp(...)
        self._functions: dict[str, HostFunction] = {}
        self._disposed = False
        self._interrupt_lock = threading.Lock()
        try:
            self._setup(memory_limit, max_stack_size)
        except BaseException:
            self.dispose()  # free the context here, on the owner thread, not in some GC pass
            raise

    def _setup(self, memory_limit: int | None, max_stack_size: int) -> None:
        self._ctx = _quickjs.Context()
        self._ctx.set_max_stack_size(max_stack_size)
        if memory_limit is not None:
            if memory_limit <= 0:
                raise ValueError("memory_limit must be a positive number of bytes")
            self._ctx.set_memory_limit(memory_limit)
        self._host_depth = 0  # host calls running innermost (no JS entry since)
        self._module_hooks: ModuleSource | None = None
        self._ctx.add_callable("__qjsb_host", _make_host_entry(self._functions, self._add_host_depth))
        # The compile mailbox has no prototype: nothing a script puts on Object.prototype can
        # intercept what is stored in it (see _capi.compile_function).
        self._ctx.eval("globalThis.__qjsb_mailbox = Object.create(null)")
        self._capi = _capi.attach(_quickjs.__file__, self._ctx)
        self._uncaught: list[JSError] = []
        self._rejections_dirty = False
        self._ticks_pending = False
        self._js_active = 0  # entries into JS that have not returned (incl. microtask drains)
        self._in_task = False
        self._interrupting = False
        # Nested entries (host code calling back into JS) must restore the stack bounds the
        # binding moves; without them, re-entry is refused rather than risking a crash.
        self._reentry_ok = self._capi is not None and self._capi.find_stack_bounds(max_stack_size)
        if self._capi is not None and not self._reentry_ok:
            log.warning("QuickJS stack bounds not found: host functions cannot call back into JS")
        self.register("qjsb.compile", self._compile_host)
        self.register("qjsb.uncaught", self._on_uncaught)
        self.register("qjsb.tickScheduled", self._on_tick_scheduled)

        boot_src = builtin_js_source("bootstrap.js")
        native = self._capi is not None
        if self._capi is not None:
            self._capi.use_slots("__qjsb_mailbox")
            if not self._compile_internal(boot_src, "bootstrap.js"):
                raise QJSBridgeError("bootstrap failed to compile")
        else:
            self._ctx.eval("globalThis.__qjsb_mailbox.value = " + boot_src)
        self._call = self._ctx.eval(_INIT_SCRIPT % {"native": "true" if native else "false"})
        if self._capi is not None:
            self._capi.install_rejection_tracker("__qjsb_rejection", self._on_rejection)
            self._capi.install_module_loader("__qjsb_esm", _LoaderHooks(self))
        self._bind = self._ctx.eval("globalThis.__qjsb_bind")
        self._ctx.eval(
            "delete globalThis.__qjsb_rejection; delete globalThis.__qjsb_mailbox; "
            "delete globalThis.__qjsb_esm; delete globalThis.__qjsb_bind;"
        )

    # -- capabilities -------------------------------------------------------------------------
    @property
    def supports_es_modules(self) -> bool:
        """Whether ``import``/``import()`` can load modules (the C API layout check passed)."""
        return self._capi is not None

    def set_module_hooks(self, hooks: ModuleSource) -> None:
        """Where the ES module loader gets module names and sources (engine.modules)."""
        self._module_hooks = hooks

    @property
    def can_reenter(self) -> bool:
        """Whether host functions may call back into JS (the C API found the stack bounds)."""
        return self._reentry_ok

    @property
    def can_interrupt(self) -> bool:
        """Whether :meth:`interrupt` works (the C API layout check passed)."""
        return self._capi is not None

    @property
    def tracks_rejections(self) -> bool:
        """Whether unhandled promise rejections are detected."""
        return self._capi is not None

    def is_owner_thread(self) -> bool:
        """Whether the calling thread is the one this VM belongs to."""
        return threading.get_ident() == self._owner_thread

    # -- host functions (JS -> Python) --------------------------------------------------------
    def register(self, name: str, fn: HostFunction) -> None:
        """Make ``fn`` callable from internal JS as ``Q.hostCall(name, ...args)``.

        Arguments arrive JSON-decoded; the return value is JSON-encoded with :func:`encode_json`.
        Raise :class:`~engine.errors.HostError` to throw a specific JS error; any other exception
        becomes a JS ``Error`` (``OSError`` keeps its errno name as ``code``).
        """
        if name in self._functions:
            raise ValueError(f"host function {name!r} is already registered")
        self._functions[name] = fn

    # -- calling JS (Python -> JS) ------------------------------------------------------------
    def call_op(self, op: str, *args: int | float | str | bool | None) -> Any:
        """Call the internal op ``op`` with primitive arguments; returns its primitive result.

        Strings must be JSON text or known-safe ASCII (no lone surrogates); ints must fit in
        int32 (larger ones are sent as float). Raises :class:`JSError` if the op throws.
        """
        if threading.get_ident() != self._owner_thread or self._ctx is None:
            self._check_thread()  # raises
        for a in args:
            if type(a) is int and not -(2**31) <= a < 2**31:
                args = tuple(_prim(x) for x in args)
                break
        active = self._js_active
        bounds = None
        if active:  # re-entry: the JS below this call needs its stack bounds back afterwards
            if active >= MAX_REENTRANCY:
                raise JSError("RangeError", "maximum nesting of host and JavaScript calls exceeded")
            capi = self._capi
            bounds = capi.stack_bounds() if capi is not None else None
            if bounds is None and not self._reentry_ok:
                raise JSError("InternalError", "host functions cannot call back into JavaScript "
                              "(the QuickJS C API is unavailable)")
        # (A top-level entry has no JS below it: the binding sets fresh bounds on every entry.)
        self._js_active = active + 1
        host_depth = self._host_depth
        self._host_depth = 0  # JS runs innermost now
        try:
            count = len(args)
            target = self._bound.get((op, count)) if count <= 4 else None
            if target is None:
                if count > 4 or self._bind is None:
                    target = self._call
                    args = (op, *args)
                else:  # (made after the bounds were read: making it enters JS)
                    target = self._bound[op, count] = self._bind(op, count)
            result = target(*args)
        except _quickjs.JSException as exc:
            raise self._convert_exception(exc) from None
        finally:
            self._host_depth = host_depth
            self._js_active = active
            if bounds is not None and self._capi is not None:
                self._capi.restore_stack_bounds(bounds)
        if result.__class__ is _JSObject:
            envelope = result.json()
            del result
            raise JSError.from_envelope(json.loads(json.loads(envelope)["error"]))
        return result

    def invoke(self, op: str, *args: Any) -> Any:
        """Call internal op ``op`` with JSON-able arguments; returns its JSON-decoded result."""
        return json.loads(self.call_op("invoke", op, encode_json(list(args), f"arguments of {op}")))

    def eval(self, source: str) -> Any:
        """Run ``source`` as a global script; returns the completion value, JSON-decoded.

        Values JSON cannot represent come back as None (functions, undefined) or raise
        :class:`JSError` (BigInt, cycles).
        """
        return json.loads(self.call_op("evalScript", encode_json(source, "source")))

    def eval_inspect(self, source: str) -> str:
        """Run ``source`` and return its completion value formatted like ``node -p`` prints it
        (empty if it threw and an ``uncaughtException`` listener handled the error)."""
        text = json.loads(self.call_op("evalInspect", encode_json(source, "source")))
        return "" if text is None else str(text)

    def install_js(self, source: str, filename: str) -> None:
        """Run a trusted internal file: ``source`` is ``(function (Q) {...})``, called with Q."""
        if self._capi is not None:
            self._check_thread()
            self._capi.compile_trusted(source, filename)
            self.call_op("installInternal", None)  # runs it, or throws its SyntaxError
        else:
            self.call_op("installInternal", encode_json(source, filename))

    def install_builtin(self, name: str) -> None:
        """:meth:`install_js` for ``engine/js/NAME``, from its cached bytecode when there is
        some (see :mod:`engine._bytecode`)."""
        source = builtin_js_source(name)
        if self._capi is None:
            self.install_js(source, f"qjsbridge:{name}")
            return
        self._check_thread()
        self._compile_internal(source, name)
        self.call_op("installInternal", None)  # runs it, or throws its SyntaxError

    def compile_builtin(self, name: str, source: str | None = None) -> bool:
        """Compile ``engine/js/NAME`` (a function expression; ``source`` if already read) into
        the compile mailbox, for ``Q.compileInternal`` (owner thread, inside a host call:
        evaluating the expression runs no code). False if it failed (the mailbox holds the error)."""
        if self._capi is None:
            raise HostError("internal files cannot be compiled without the QuickJS C API")
        return self._compile_internal(builtin_js_source(name) if source is None else source, name)

    def _compile_internal(self, source: str, name: str) -> bool:
        # Trusted engine/js files only: their bytecode may be cached, and is read back unverified.
        capi, filename = self._capi, f"qjsbridge:{name}"
        assert capi is not None
        cache = _bytecode_cache(capi)
        if cache is None:
            return capi.compile_trusted(source, filename)
        key = cache.key(filename, source)
        blob = cache.get(filename, key)
        if blob is not None:
            ok = capi.run_bytecode(blob)
            if ok is not None:
                return ok
        blob = capi.compile_bytecode(source, filename)
        if blob is not None:
            cache.put(filename, key, blob)
            ok = capi.run_bytecode(blob)
            if ok is not None:
                return ok
        return capi.compile_trusted(source, filename)  # or the SyntaxError, in the mailbox

    # -- JS values held by id -----------------------------------------------------------------
    def retain_handle(self, handle: JSHandle) -> int:
        """Keep the value of a :class:`JSHandle` beyond its host call; returns a new handle id."""
        return int(self.call_op("retainHandle", handle.id))

    def release_handle(self, handle_id: int) -> None:
        """Forget a retained handle (the JS value may then be garbage collected)."""
        self.call_op("dropHandle", handle_id)

    # -- the task protocol (engine.loop drives this) ------------------------------------------
    def begin_task(self) -> None:
        """Mark that a task is running, so :meth:`interrupt` may stop it."""
        # No lock: interrupt() only acts under the lock when it sees the flag, and end_task()
        # clears the flag under the same lock, so an interrupt cannot leak into the next task.
        self._in_task = True

    def end_task(self) -> None:
        """Mark the task finished and clear any interrupt aimed at it."""
        with self._interrupt_lock:
            self._in_task = False
            if self._interrupting:
                self._interrupting = False
                if self._capi is not None:
                    self._capi.set_interrupt(False)

    def interrupt(self) -> bool:
        """Stop the JavaScript of the running task (any thread). True if an interrupt was set.

        The interrupt is uncatchable in JS (no ``catch``/``finally`` runs); the task's call
        raises a :class:`JSError` with ``interrupted=True``. Long native builtins (a huge
        ``JSON.parse``) only notice it when they return.
        """
        with self._interrupt_lock:
            if not self._in_task or self._capi is None or self._disposed:
                return False
            self._interrupting = True
            self._capi.set_interrupt(True)
            return True

    def run_microtasks(self) -> None:
        """Drain process.nextTick callbacks, then promise jobs, repeatedly, until both are empty;
        then hand the promises still rejected without a handler to JS (``unhandledRejection``
        listeners, else an uncaught exception) and drain again if that ran anything.

        Errors that nobody handled are collected for :meth:`take_uncaught`. An interrupt (the
        script exited) ends the drain at once.
        """
        ctx = self._ctx
        while True:
            if self._ticks_pending:
                self._ticks_pending = False
                try:
                    self.call_op("runTicks")
                except JSError as exc:
                    self._uncaught.append(exc)
                    if exc.interrupted:
                        return
            self._js_active += 1
            host_depth, self._host_depth = self._host_depth, 0  # JS runs innermost now
            try:
                while ctx.execute_pending_job():
                    pass
            except _quickjs.JSException as exc:
                err = self._convert_exception(exc)
                self._uncaught.append(err)
                if err.interrupted:
                    return
                continue
            finally:
                self._host_depth = host_depth
                self._js_active -= 1
            if self._ticks_pending:
                continue
            if not self._rejections_dirty:
                break
            self._rejections_dirty = False
            try:
                if not self.call_op("processRejections"):
                    break
            except JSError as exc:
                self._uncaught.append(exc)
                return

    def run_promise_jobs(self) -> None:
        """Run the queued promise jobs only (no nextTick callbacks, no rejection checks); errors
        are dropped. What Node does after the ``exit`` listeners of a script that ended by itself."""
        self._check_thread()
        self._js_active += 1
        try:
            while self._ctx.execute_pending_job():
                pass
        except _quickjs.JSException:
            pass
        finally:
            self._js_active -= 1

    @property
    def has_uncaught(self) -> bool:
        """Whether :meth:`take_uncaught` has anything."""
        return bool(self._uncaught)

    def take_uncaught(self) -> list[JSError]:
        """Errors that escaped to the event loop since the last call (microtasks, rejections)."""
        errors, self._uncaught = self._uncaught, []
        return errors

    def memory_usage(self) -> dict[str, int]:
        """QuickJS's JS_ComputeMemoryUsage figures."""
        self._check_thread()
        usage: dict[str, int] = self._ctx.memory()
        return usage

    def dispose(self) -> None:
        """Free the context. Owner thread; the VM is unusable afterwards."""
        if threading.get_ident() != self._owner_thread:
            raise QJSBridgeError("the VM may only be disposed of on its owner thread")
        with self._interrupt_lock:
            self._disposed = True
        if self._capi is not None:
            self._capi.close()
            self._capi = None
        self._functions.clear()  # breaks Context -> host entry -> functions -> ... cycles
        self._bound.clear()
        self._bind = None
        self._call = None
        self._ctx = None

    # -- internals ----------------------------------------------------------------------------
    def _check_thread(self) -> None:
        if threading.get_ident() != self._owner_thread:
            raise QJSBridgeError("the VM may only be used on its owner thread")
        if self._ctx is None:
            raise QJSBridgeError("the VM has been disposed")

    def _add_host_depth(self, delta: int) -> None:
        self._host_depth += delta

    def _compile_host(self, params: str, body: str, filename: str) -> bool:
        # owner thread, inside a host call (see _capi.compile_function for why this is safe)
        if self._capi is None:
            raise HostError("compilation with file names is unavailable")
        return self._capi.compile_function(params, body, filename)

    def _on_uncaught(self, envelope: str, origin: str | None = None) -> None:
        err = JSError.from_envelope(json.loads(envelope))
        if origin == "unhandledRejection":
            err.origin = origin
        self._uncaught.append(err)

    def _on_tick_scheduled(self) -> None:
        self._ticks_pending = True

    def _on_rejection(self, handled: bool) -> None:
        self._rejections_dirty = True  # handled: maybe a `rejectionHandled` to emit

    def _convert_exception(self, exc: BaseException) -> JSError:
        # Only uncatchable errors (interrupts, OOM) reach here: the trampoline catches the rest.
        text = str(exc.args[0]) if exc.args else str(exc)
        first, _, rest = text.partition("\n")
        name, sep, message = first.partition(": ")
        if not sep:
            name, message = "Error", first
        interrupted = self._interrupting and name == "InternalError" and message == "interrupted"
        if first == "null":
            name, message = "InternalError", "out of memory"
        return JSError(name, message, rest.strip("\n"), interrupted=interrupted)


def _prim(value: int | float | str | bool | None) -> int | float | str | bool | None:
    # The binding silently truncates ints outside int32: send those as floats.
    if type(value) is int and not -(2**31) <= value < 2**31:
        return float(value)
    return value
