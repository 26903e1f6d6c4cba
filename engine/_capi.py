"""ctypes access to the few QuickJS C functions the Python binding does not expose.

The binding (``_quickjs``) exports the whole QuickJS C API from its extension module. We use
three things from it, each verified on quickjs-ng 0.17 (see ``docs/internals.md``):

* ``JS_SetInterruptHandler`` to stop running JavaScript from another thread;
* ``JS_SetHostPromiseRejectionTracker`` to see unhandled promise rejections;
* ``JS_Eval`` with a real filename, so stack traces name module files instead of ``<input>``;
* the runtime's stack bounds, which the binding moves on every entry and never restores.

Reaching the ``JSRuntime*``/``JSContext*`` needs the binding's private struct layout, so
:func:`attach` checks it before dereferencing anything and returns None (feature off, logged)
when it does not match. Only :mod:`engine.vm` uses this module, and only on the owner thread,
except :meth:`CApi.set_interrupt`, which is safe from any thread.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import sysconfig
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# Layout of the binding's RuntimeData (module.c): PyObject_HEAD, JSRuntime*, JSContext*, ...
_RUNTIME_OFFSET = 16
_CONTEXT_OFFSET = 24
_EXPECTED_CONTEXT_BASICSIZE = 80

_TAG_UNDEFINED = 3
_TAG_BOOL = 1
_TAG_EXCEPTION = 6
_EVAL_COMPILE_ONLY = 1 << 5
_PROP_C_W_E = (1 << 0) | (1 << 1) | (1 << 2)  # configurable, writable, enumerable


class JSValue(ctypes.Structure):
    """QuickJS's 16-byte ``JSValue`` (64-bit builds, no NaN boxing)."""

    _fields_ = [("u", ctypes.c_uint64), ("tag", ctypes.c_int64)]


_TRACKER = ctypes.CFUNCTYPE(None, ctypes.c_void_p, JSValue, JSValue, ctypes.c_bool, ctypes.c_void_p)


def _bind(lib: ctypes.PyDLL) -> None:
    vp = ctypes.c_void_p
    sigs: dict[str, tuple[list[object], object]] = {
        "JS_GetRuntime": ([vp], vp),
        "JS_GetRuntimeOpaque": ([vp], vp),
        "JS_SetInterruptHandler": ([vp, vp, vp], None),
        "JS_SetHostPromiseRejectionTracker": ([vp, _TRACKER, vp], None),
        "JS_Eval": ([vp, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_int], JSValue),
        "JS_GetGlobalObject": ([vp], JSValue),
        "JS_GetPropertyStr": ([vp, JSValue, ctypes.c_char_p], JSValue),
        "JS_SetPropertyStr": ([vp, JSValue, ctypes.c_char_p, JSValue], ctypes.c_int),
        "JS_DefinePropertyValueStr": ([vp, JSValue, ctypes.c_char_p, JSValue, ctypes.c_int],
                                      ctypes.c_int),
        "JS_SetMaxStackSize": ([vp, ctypes.c_size_t], None),
        "JS_GetException": ([vp], JSValue),
        "JS_Call": ([vp, JSValue, JSValue, ctypes.c_int, ctypes.POINTER(JSValue)], JSValue),
        "JS_FreeValue": ([vp, JSValue], None),
    }
    for name, (argtypes, restype) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = argtypes
        fn.restype = restype


class CApi:
    """The QuickJS C API for one binding ``Context``. Owner thread only, except ``set_interrupt``."""

    def __init__(self, lib: ctypes.PyDLL, context_obj: object, rt: int, jsctx: int,
                 eval_fn: Any) -> None:
        self._lib = lib
        # JS_Eval through a CDLL handle: the GIL is released while it runs, so code that escapes a
        # module wrapper and spins can still be interrupted (see compile_function).
        self._js_eval = eval_fn
        self._context_obj = context_obj
        self._rt = rt
        self._ctx = jsctx
        # A C function that takes no arguments we care about and returns 1: as an interrupt
        # handler it stops JS without needing the GIL (a ctypes callback would need it).
        self._always = ctypes.cast(ctypes.pythonapi.Py_IsInitialized, ctypes.c_void_p).value
        self._held: list[JSValue] = []  # JSValues we own; freed by close()
        self._tracker_cb: object | None = None
        self._tracker_fn: JSValue | None = None
        self._slots: JSValue | None = None
        self._stack_top: ctypes.c_size_t | None = None
        self._stack_limit: ctypes.c_size_t | None = None

    # -- interrupts ---------------------------------------------------------------------------
    def set_interrupt(self, on: bool) -> None:
        """Install (on) or remove the always-interrupt handler. Any thread."""
        self._lib.JS_SetInterruptHandler(self._rt, self._always if on else None, None)

    # -- values we keep -----------------------------------------------------------------------
    def _take_global(self, name: str) -> JSValue:
        g = self._lib.JS_GetGlobalObject(self._ctx)
        try:
            value: JSValue = self._lib.JS_GetPropertyStr(self._ctx, g, name.encode())
        finally:
            self._lib.JS_FreeValue(self._ctx, g)
        self._held.append(value)
        return value

    def use_slots(self, global_name: str) -> None:
        """Keep the object at ``globalThis[global_name]`` as the mailbox of :meth:`compile_function`."""
        self._slots = self._take_global(global_name)

    # -- unhandled rejections -----------------------------------------------------------------
    def install_rejection_tracker(self, global_name: str, notify: Callable[[bool], None]) -> None:
        """Route QuickJS's rejection tracker to the JS function ``globalThis[global_name]``.

        The JS function is called as ``fn(promise, reason, isHandled)`` and must not call
        Python; ``notify(is_handled)`` is called afterwards on the owner thread.
        """
        fn = self._take_global(global_name)
        self._tracker_fn = fn
        lib, undefined = self._lib, JSValue(0, _TAG_UNDEFINED)

        def tracker(jsctx: int, promise: JSValue, reason: JSValue, handled: bool, _op: int) -> None:
            try:
                argv = (JSValue * 3)(promise, reason, JSValue(1 if handled else 0, _TAG_BOOL))
                res = lib.JS_Call(jsctx, fn, undefined, 3, argv)
                if res.tag == _TAG_EXCEPTION:
                    lib.JS_FreeValue(jsctx, lib.JS_GetException(jsctx))
                else:
                    lib.JS_FreeValue(jsctx, res)
                notify(bool(handled))
            except BaseException:  # an exception must never unwind into QuickJS
                log.exception("promise rejection tracker failed")

        self._tracker_cb = _TRACKER(tracker)
        lib.JS_SetHostPromiseRejectionTracker(self._rt, self._tracker_cb, None)

    # -- compiling with a filename ------------------------------------------------------------
    def compile_function(self, params: str, body: str, filename: str) -> bool:
        """Compile ``(function (params) {body})`` with ``filename`` in its stack traces.

        ``body`` is untrusted (a module file). Evaluating the function expression runs no code of
        its own, but a body that closes the wrapper early (``}); evil(); (function () {``) runs
        code right here, inside a host call, where re-entering Python would crash the binding
        (its saved thread state is NULL). Three layers keep that harmless:

        1. the body is first compiled, without running, as the body of a function declaration,
           which refuses the common escapes before anything runs;
        2. whatever still runs cannot reach Python: the JS side refuses every host call while a
           compile is in progress, and runs this with the GIL released, so a spin can still be
           interrupted (and signals handled);
        3. the JS side checks the result's source text and reports an escape as a SyntaxError.

        On success the function is left in the mailbox's ``value``; on failure the SyntaxError is
        left in ``error``. Returns which.
        """
        head = f"function __qjsbridge_check__({params}) {{"
        checked = self._eval(head + body + "\n}", filename, _EVAL_COMPILE_ONLY)
        if checked.tag == _TAG_EXCEPTION:
            return self._deliver(False, self._lib.JS_GetException(self._ctx))
        self._lib.JS_FreeValue(self._ctx, checked)  # bytecode we never run
        value = self._eval(f"(function ({params}) {{" + body + "\n})", filename, 0)
        if value.tag == _TAG_EXCEPTION:
            return self._deliver(False, self._lib.JS_GetException(self._ctx))
        return self._deliver(True, value)

    def compile_trusted(self, source: str, filename: str) -> bool:
        """Evaluate trusted internal ``source`` (a function expression) as ``filename``."""
        value = self._eval(source, filename, 0)
        if value.tag == _TAG_EXCEPTION:
            return self._deliver(False, self._lib.JS_GetException(self._ctx))
        return self._deliver(True, value)

    def _eval(self, source: str, filename: str, flags: int) -> JSValue:
        src = source.encode("utf-8", "surrogatepass")
        name = filename.encode("utf-8", "surrogateescape")
        result: JSValue = self._js_eval(self._ctx, src, len(src), name, flags)
        return result

    def _deliver(self, ok: bool, value: JSValue) -> bool:
        if self._slots is None:
            self._lib.JS_FreeValue(self._ctx, value)
            raise RuntimeError("compile mailbox not set")
        # Define, not set: a setter inherited by the mailbox must never run here. (The mailbox
        # has a null prototype too.) JS_DefinePropertyValueStr takes ownership of value.
        if self._lib.JS_DefinePropertyValueStr(self._ctx, self._slots, b"value" if ok else b"error",
                                               value, _PROP_C_W_E) < 0:
            self._lib.JS_FreeValue(self._ctx, self._lib.JS_GetException(self._ctx))
            return False
        return ok

    # -- the JS stack bounds ---------------------------------------------------------------------
    def find_stack_bounds(self, stack_size: int) -> bool:
        """Locate ``JSRuntime.stack_top``/``stack_limit`` so nested entries can restore them.

        The binding resets the stack top on every entry into JS and never restores it, so after
        a host function calls back into JS, the outer code's stack limit has moved deeper; with
        repeated re-entry, deep recursion overruns the C stack instead of throwing RangeError.
        ``stack_size`` must be the value just given to ``set_max_stack_size``. The layout is
        verified (size, then top, then limit == top - size) before it is trusted.
        """
        word = ctypes.sizeof(ctypes.c_size_t)
        # In quickjs-ng 0.17 the fields sit about 1.2 KB into struct JSRuntime (after the malloc
        # state and the ~1 KB arena lists), and the struct goes on for hundreds of bytes after
        # them, so a scan that stops at the first verified match stays inside it.
        for offset in range(0, 1536, word):
            size = ctypes.c_size_t.from_address(self._rt + offset).value
            if size != stack_size:
                continue
            top = ctypes.c_size_t.from_address(self._rt + offset + word).value
            limit = ctypes.c_size_t.from_address(self._rt + offset + 2 * word).value
            if not (top > stack_size and limit == top - stack_size):
                continue
            if not self._interrupt_fields_follow(offset):
                continue
            self._stack_top = ctypes.c_size_t.from_address(self._rt + offset + word)
            self._stack_limit = ctypes.c_size_t.from_address(self._rt + offset + 2 * word)
            return True
        return False

    def _interrupt_fields_follow(self, stack_size_offset: int) -> bool:
        # After stack_limit come current_exception (a JSValue), three bools, current_stack_frame,
        # then interrupt_handler and interrupt_opaque: set a known handler and read it back.
        handler_offset = stack_size_offset + 3 * 8 + 16 + 8 + 8
        marker = 0x5EED
        self._lib.JS_SetInterruptHandler(self._rt, self._always, marker)
        try:
            handler = ctypes.c_void_p.from_address(self._rt + handler_offset).value
            opaque = ctypes.c_void_p.from_address(self._rt + handler_offset + 8).value
        finally:
            self._lib.JS_SetInterruptHandler(self._rt, None, None)
        return handler == self._always and opaque == marker

    def stack_bounds(self) -> tuple[int, int] | None:
        """The current (top, limit), or None if they were not found."""
        if self._stack_top is None or self._stack_limit is None:
            return None
        return self._stack_top.value, self._stack_limit.value

    def restore_stack_bounds(self, bounds: tuple[int, int]) -> None:
        """Put back what :meth:`stack_bounds` returned (owner thread, between entries)."""
        if self._stack_top is not None and self._stack_limit is not None:
            self._stack_top.value, self._stack_limit.value = bounds

    def close(self) -> None:
        """Uninstall hooks and free every JSValue we hold. Owner thread, before the context dies."""
        self.set_interrupt(False)
        if self._tracker_cb is not None:
            self._lib.JS_SetHostPromiseRejectionTracker(self._rt, _TRACKER(), None)
        for value in self._held:
            self._lib.JS_FreeValue(self._ctx, value)
        self._held.clear()
        self._tracker_fn = self._slots = None
        self._tracker_cb = None
        self._stack_top = self._stack_limit = None
        self._context_obj = None


def attach(extension_path: str, context_obj: object) -> CApi | None:
    """A :class:`CApi` for ``context_obj``, or None (with a warning) if the layout check fails."""
    try:
        if sys.maxsize <= 2**32 or sysconfig.get_config_var("Py_GIL_DISABLED"):
            raise OSError("needs a 64-bit build of CPython with the GIL")
        if object.__basicsize__ != 16 or type(context_obj).__basicsize__ != _EXPECTED_CONTEXT_BASICSIZE:
            raise OSError(f"unexpected object layout ({type(context_obj).__basicsize__} bytes)")
        lib = ctypes.PyDLL(extension_path)
        _bind(lib)
        eval_fn = ctypes.CDLL(extension_path).JS_Eval  # the same library, GIL released per call
        eval_fn.argtypes = lib.JS_Eval.argtypes
        eval_fn.restype = JSValue
        rt = ctypes.c_void_p.from_address(id(context_obj) + _RUNTIME_OFFSET).value
        jsctx = ctypes.c_void_p.from_address(id(context_obj) + _CONTEXT_OFFSET).value
        if not rt or not jsctx or lib.JS_GetRuntime(jsctx) != rt:
            raise OSError("JSContext/JSRuntime pointers do not match")
        if lib.JS_GetRuntimeOpaque(rt) != id(context_obj):
            raise OSError("runtime opaque does not point back to the Context")
        return CApi(lib, context_obj, rt, jsctx, eval_fn)
    except (OSError, AttributeError, ValueError) as exc:
        log.warning(
            "QuickJS C API unavailable (%s): interrupting scripts, unhandled-rejection tracking "
            "and file names in stack traces are disabled",
            exc,
        )
        return None
