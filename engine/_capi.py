"""ctypes access to the few QuickJS C functions the Python binding does not expose.

The binding (``_quickjs``) exports the whole QuickJS C API from its extension module. We use
three things from it, each verified on quickjs-ng 0.17 (see ``docs/internals.md``):

* ``JS_SetInterruptHandler`` to stop running JavaScript from another thread;
* ``JS_SetHostPromiseRejectionTracker`` to see unhandled promise rejections;
* ``JS_Eval`` with a real filename, so stack traces name module files instead of ``<input>``.

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

log = logging.getLogger(__name__)

# Layout of the binding's RuntimeData (module.c): PyObject_HEAD, JSRuntime*, JSContext*, ...
_RUNTIME_OFFSET = 16
_CONTEXT_OFFSET = 24
_EXPECTED_CONTEXT_BASICSIZE = 80

_TAG_UNDEFINED = 3
_TAG_BOOL = 1
_TAG_EXCEPTION = 6


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

    def __init__(self, lib: ctypes.PyDLL, context_obj: object, rt: int, jsctx: int) -> None:
        self._lib = lib
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
        """Keep the object at ``globalThis[global_name]`` as the mailbox of :meth:`compile`."""
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
    def compile(self, source: str, filename: str) -> bool:
        """Evaluate ``source`` (an expression, normally a function literal) as ``filename``.

        On success the value is stored in the mailbox's ``value``; on failure the exception is
        stored in ``error``. Returns which. The source runs with the GIL held and must not be
        able to call Python: the JS side refuses host calls while a compile is in progress.
        """
        if self._slots is None:
            raise RuntimeError("compile mailbox not set")
        src = source.encode("utf-8", "surrogatepass")
        name = filename.encode("utf-8", "surrogateescape")
        value = self._lib.JS_Eval(self._ctx, src, len(src), name, 0)
        ok = bool(value.tag != _TAG_EXCEPTION)
        if not ok:
            value = self._lib.JS_GetException(self._ctx)
        # JS_SetPropertyStr takes ownership of value; the mailbox is a plain object only we reach.
        if self._lib.JS_SetPropertyStr(self._ctx, self._slots, b"value" if ok else b"error",
                                       value) < 0:
            self._lib.JS_FreeValue(self._ctx, self._lib.JS_GetException(self._ctx))
            return False
        return ok

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
        rt = ctypes.c_void_p.from_address(id(context_obj) + _RUNTIME_OFFSET).value
        jsctx = ctypes.c_void_p.from_address(id(context_obj) + _CONTEXT_OFFSET).value
        if not rt or not jsctx or lib.JS_GetRuntime(jsctx) != rt:
            raise OSError("JSContext/JSRuntime pointers do not match")
        if lib.JS_GetRuntimeOpaque(rt) != id(context_obj):
            raise OSError("runtime opaque does not point back to the Context")
        return CApi(lib, context_obj, rt, jsctx)
    except (OSError, AttributeError, ValueError) as exc:
        log.warning(
            "QuickJS C API unavailable (%s): interrupting scripts, unhandled-rejection tracking "
            "and file names in stack traces are disabled",
            exc,
        )
        return None
