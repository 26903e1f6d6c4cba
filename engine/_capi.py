"""ctypes access to the few QuickJS C functions the Python binding does not expose.

The binding (``_quickjs``) exports the whole QuickJS C API from its extension module. We use
three things from it, each verified on quickjs-ng 0.17 (see ``docs/internals.md``):

* ``JS_SetInterruptHandler`` to stop running JavaScript from another thread;
* ``JS_SetHostPromiseRejectionTracker`` to see unhandled promise rejections;
* ``JS_Eval`` with a real filename, so stack traces name module files instead of ``<input>``;
* the runtime's stack bounds, which the binding moves on every entry and never restores;
* ``JS_SetModuleLoaderFunc2`` (module name normalizer + loader), so ``import`` and ``import()``
  load ES modules through :mod:`engine.modules` (see :meth:`CApi.install_module_loader`).
* ``JS_WriteObject``/``JS_ReadObject``/``JS_EvalFunction``: bytecode of the runtime's own JS
  files, cached by :mod:`engine._bytecode` (never a script's code: bytecode is read unverified).

Reaching the ``JSRuntime*``/``JSContext*`` needs the binding's private struct layout, so
:func:`attach` checks it before dereferencing anything and returns None (feature off, logged)
when it does not match. Only :mod:`engine.vm` uses this module, and only on the owner thread,
except :meth:`CApi.set_interrupt`, which is safe from any thread.
"""

from __future__ import annotations

import ctypes
import json
import logging
import sys
from collections.abc import Callable
from typing import Any, Protocol

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


class JSEvalOptions(ctypes.Structure):
    """``JSEvalOptions`` (version 1) of ``JS_Eval2``: lets compiled code start at any line."""

    _fields_ = [("version", ctypes.c_int), ("eval_flags", ctypes.c_int),
                ("filename", ctypes.c_char_p), ("line_num", ctypes.c_int)]


_TRACKER = ctypes.CFUNCTYPE(None, ctypes.c_void_p, JSValue, JSValue, ctypes.c_bool, ctypes.c_void_p)
# char *normalize(JSContext *, const char *base, const char *name, void *opaque)
_NORMALIZE = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                              ctypes.c_void_p)
# JSModuleDef *loader(JSContext *, const char *name, void *opaque, JSValueConst attributes)
_LOADER = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
                           JSValue)
_TAG_MODULE = -3
_TAG_FUNCTION_BYTECODE = -2
_TAG_STRING = -7
_WRITE_OBJ_BYTECODE = 1 << 0
_READ_OBJ_BYTECODE = 1 << 0
_EVAL_TYPE_MODULE = 1


class PendingJSException(Exception):
    """A JS exception is already pending in the context (raised inside loader callbacks)."""


class ModuleHooks(Protocol):
    """What the module loader asks Python (see :meth:`CApi.install_module_loader`)."""

    def normalize(self, base: str, spec: str) -> str:
        """The module name of ``spec`` imported from ``base``; raise to reject."""
        ...

    def load(self, name: str, attributes: dict[str, str]) -> tuple[str, str]:
        """(module source, kind) for a normalized name imported with ``attributes``; kind is
        "file" or "facade"."""
        ...

    def error(self, exc: BaseException) -> tuple[str, str, str | None, dict[str, str]]:
        """(name, message, code, more properties) of the JS error to throw for ``exc``."""
        ...

    def may_load(self) -> bool:
        """Whether running JS may call Python right now (False: refuse to load)."""
        ...


def _bind(lib: ctypes.CDLL) -> None:
    vp = ctypes.c_void_p
    sigs: dict[str, tuple[list[object], object]] = {
        "JS_GetRuntime": ([vp], vp),
        "JS_GetRuntimeOpaque": ([vp], vp),
        "JS_SetInterruptHandler": ([vp, vp, vp], None),
        "JS_SetHostPromiseRejectionTracker": ([vp, _TRACKER, vp], None),
        "JS_Eval": ([vp, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_int], JSValue),
        "JS_Eval2": ([vp, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(JSEvalOptions)],
                     JSValue),
        "JS_GetGlobalObject": ([vp], JSValue),
        "JS_GetPropertyStr": ([vp, JSValue, ctypes.c_char_p], JSValue),
        "JS_SetPropertyStr": ([vp, JSValue, ctypes.c_char_p, JSValue], ctypes.c_int),
        "JS_DefinePropertyValueStr": ([vp, JSValue, ctypes.c_char_p, JSValue, ctypes.c_int],
                                      ctypes.c_int),
        "JS_SetMaxStackSize": ([vp, ctypes.c_size_t], None),
        "JS_GetException": ([vp], JSValue),
        "JS_Call": ([vp, JSValue, JSValue, ctypes.c_int, ctypes.POINTER(JSValue)], JSValue),
        "JS_FreeValue": ([vp, JSValue], None),
        "JS_SetModuleLoaderFunc2": ([vp, vp, vp, vp, vp], None),
        "JS_NewStringLen": ([vp, ctypes.c_char_p, ctypes.c_size_t], JSValue),
        "JS_ToCStringLen2": ([vp, ctypes.POINTER(ctypes.c_size_t), JSValue, ctypes.c_bool], vp),
        "JS_FreeCString": ([vp, vp], None),
        "JS_GetImportMeta": ([vp, vp], JSValue),
        "JS_Throw": ([vp, JSValue], JSValue),
        "JS_HasException": ([vp], ctypes.c_bool),
        "js_strdup": ([vp, ctypes.c_char_p], vp),
        "js_free": ([vp, vp], None),
        "JS_WriteObject": ([vp, ctypes.POINTER(ctypes.c_size_t), JSValue, ctypes.c_int], vp),
        "JS_ReadObject": ([vp, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int], JSValue),
        "JS_EvalFunction": ([vp, JSValue], JSValue),
        "JS_GetVersion": ([], ctypes.c_char_p),
    }
    for name, (argtypes, restype) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = argtypes
        fn.restype = restype


class CApi:
    """The QuickJS C API for one binding ``Context``. Owner thread only, except ``set_interrupt``."""

    def __init__(self, lib: ctypes.PyDLL, context_obj: object, rt: int, jsctx: int,
                 eval_fn: Any, nogil: ctypes.CDLL) -> None:
        self._lib = lib
        # The same functions with the GIL released per call: what the module loader uses, since
        # it runs inside JavaScript (see install_module_loader).
        self._nogil = nogil
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
        self._loader_cbs: tuple[object, object] | None = None
        self._esm_helper: JSValue | None = None

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

    # -- ES modules ---------------------------------------------------------------------------
    def install_module_loader(self, helper_global: str, hooks: ModuleHooks) -> None:
        """Install QuickJS's module name normalizer and loader, backed by ``hooks``.

        QuickJS calls them while it resolves a module graph: for ``import()`` that is inside a
        promise job, run by the binding's ``execute_pending_job`` (the only way we run module
        code), so the binding has saved its thread state and JS that runs from here may call
        Python as usual. The callbacks hold the GIL (ctypes takes it) and do every C call
        through the GIL-releasing handle, exactly like a JS entry from Python. They never let a
        Python exception escape: a failure becomes a pending JS exception and a NULL result.

        ``globalThis[helper_global]`` is the JS helper ``(op, a, b, c) -> string`` that builds
        errors (op ``"error"``, it throws), returns a builtin's export names (``"keys"``) and
        fills ``import.meta`` (``"meta"``). It must not be reachable by scripts.
        """
        self._esm_helper = self._take_global(helper_global)
        lib, nogil = self._lib, self._nogil

        def throw(jsctx: int, exc: BaseException) -> None:
            if isinstance(exc, PendingJSException) and nogil.JS_HasException(jsctx):
                return
            try:
                name, message, code, props = hooks.error(exc)
                self._call_helper(jsctx, "error", name, message,
                                  json.dumps({"code": code, "props": props}))
            except BaseException:  # never unwind into QuickJS
                log.exception("module loader: could not build the error")
            if not nogil.JS_HasException(jsctx):
                text = b"module loader failed"
                nogil.JS_Throw(jsctx, nogil.JS_NewStringLen(jsctx, text, len(text)))

        def normalize(jsctx: int, base: bytes | None, spec: bytes | None, _op: int) -> int | None:
            try:
                if not hooks.may_load():
                    raise RuntimeError("modules cannot be loaded while a module is being compiled")
                name = hooks.normalize(_text(base), _text(spec))
                out: int | None = nogil.js_strdup(jsctx, name.encode("utf-8", "surrogateescape"))
                if not out:
                    throw(jsctx, MemoryError("out of memory"))
                return out
            except BaseException as exc:
                throw(jsctx, exc)
                return None

        def loader(jsctx: int, name_c: bytes | None, _op: int, attributes: JSValue) -> int | None:
            try:
                name = _text(name_c)
                source, kind = hooks.load(name, self._attributes(jsctx, attributes))
                src = source.encode("utf-8", "surrogatepass")
                fname = name.encode("utf-8", "surrogateescape")
                value = self._js_eval(jsctx, src, len(src), fname,
                                      _EVAL_TYPE_MODULE | _EVAL_COMPILE_ONLY)
                if value.tag == _TAG_EXCEPTION:
                    return None
                if value.tag != _TAG_MODULE:
                    nogil.JS_FreeValue(jsctx, value)
                    raise RuntimeError("module compilation did not return a module")
                module = int(value.u)
                meta = nogil.JS_GetImportMeta(jsctx, module)
                try:
                    if meta.tag == _TAG_EXCEPTION:
                        ok = False
                    else:
                        ok = self._call_helper(jsctx, "meta", name, kind, None, meta) is not None
                finally:
                    nogil.JS_FreeValue(jsctx, meta)
                    nogil.JS_FreeValue(jsctx, value)  # the loaded-modules list keeps it alive
                return module if ok else None
            except BaseException as exc:
                throw(jsctx, exc)
                return None

        norm_cb, load_cb = _NORMALIZE(normalize), _LOADER(loader)
        self._loader_cbs = (norm_cb, load_cb)
        lib.JS_SetModuleLoaderFunc2(self._rt, ctypes.cast(norm_cb, ctypes.c_void_p),
                                    ctypes.cast(load_cb, ctypes.c_void_p), None, None)

    def _attributes(self, jsctx: int, attributes: JSValue) -> dict[str, str]:
        """The import attributes (``with { type: "json" }``) as a dict; {} when there are none."""
        if attributes.tag != -1:  # JS_TAG_OBJECT
            return {}
        text = self._call_helper(jsctx, "attrs", "", "", None, attributes)
        if text is None:
            raise PendingJSException("import attributes")
        loaded = json.loads(text)
        return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}

    def _to_text(self, jsctx: int, value: JSValue) -> str | None:
        nogil = self._nogil
        size = ctypes.c_size_t(0)
        ptr = nogil.JS_ToCStringLen2(jsctx, ctypes.byref(size), value, False)
        if not ptr:
            return None
        try:
            return ctypes.string_at(ptr, size.value).decode("utf-8", "surrogateescape")
        finally:
            nogil.JS_FreeCString(jsctx, ptr)

    def _call_helper(self, jsctx: int, op: str, a: str, b: str, c: str | None,
                     obj: JSValue | None = None) -> str | None:
        """Call the JS helper ``(op, a, b, c|obj)``; its string result, or None (JS exception
        pending)."""
        nogil, helper = self._nogil, self._esm_helper
        if helper is None:
            raise RuntimeError("module loader helper not installed")
        args: list[JSValue] = []
        try:
            for text in (op, a, b, c):
                if text is None:
                    continue
                raw = text.encode("utf-8", "surrogatepass")
                args.append(nogil.JS_NewStringLen(jsctx, raw, len(raw)))
            argv = (JSValue * 4)(*args, *([obj] if obj is not None else []))
            count = len(args) + (1 if obj is not None else 0)
            res = nogil.JS_Call(jsctx, helper, JSValue(0, _TAG_UNDEFINED), count, argv)
        finally:
            for v in args:
                nogil.JS_FreeValue(jsctx, v)
        if res.tag == _TAG_EXCEPTION:
            return None
        try:
            return self._to_text(jsctx, res) if res.tag == _TAG_STRING else ""
        finally:
            nogil.JS_FreeValue(jsctx, res)

    def keys_of_builtin(self, name: str) -> str:
        """JSON list of a builtin's export names (owner thread, inside the loader only)."""
        out = self._call_helper(self._ctx, "keys", name, "", None)
        if out is None:
            raise PendingJSException(name)
        return out

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
        # The wrapper's head is on lines of its own (numbered -1 and 0: JS_Eval2 reads a line
        # number of 0 as "the default, 1"), so the body's line 1 keeps its columns, as in Node.
        head = f"function __qjsbridge_check__({params}) {{\n\n"
        checked = self._eval(head + body + "\n}", filename, _EVAL_COMPILE_ONLY, line=-1)
        if checked.tag == _TAG_EXCEPTION:
            return self._deliver(False, self._lib.JS_GetException(self._ctx))
        self._lib.JS_FreeValue(self._ctx, checked)  # bytecode we never run
        value = self._eval(f"(function ({params}) {{\n\n" + body + "\n})", filename, 0, line=-1)
        if value.tag == _TAG_EXCEPTION:
            return self._deliver(False, self._lib.JS_GetException(self._ctx))
        return self._deliver(True, value)

    def compile_trusted(self, source: str, filename: str) -> bool:
        """Evaluate trusted internal ``source`` (a function expression) as ``filename``."""
        value = self._eval(source, filename, 0)
        if value.tag == _TAG_EXCEPTION:
            return self._deliver(False, self._lib.JS_GetException(self._ctx))
        return self._deliver(True, value)

    def engine_version(self) -> str:
        """QuickJS's version string (part of what bytecode depends on)."""
        raw: bytes | None = self._lib.JS_GetVersion()
        return raw.decode("ascii", "replace") if raw else ""

    def compile_bytecode(self, source: str, filename: str) -> bytes | None:
        """The bytecode of trusted internal ``source`` compiled as ``filename`` (a global script,
        not run), or None if it does not compile (``compile_trusted`` then reports why)."""
        lib, ctx = self._lib, self._ctx
        value = self._eval(source, filename, _EVAL_COMPILE_ONLY)
        if value.tag == _TAG_EXCEPTION:
            lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
            return None
        try:
            if value.tag != _TAG_FUNCTION_BYTECODE:
                return None
            size = ctypes.c_size_t(0)
            ptr = lib.JS_WriteObject(ctx, ctypes.byref(size), value, _WRITE_OBJ_BYTECODE)
            if not ptr:
                lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
                return None
            try:
                return ctypes.string_at(ptr, size.value)
            finally:
                lib.js_free(ctx, ptr)
        finally:
            lib.JS_FreeValue(ctx, value)

    def run_bytecode(self, blob: bytes) -> bool | None:
        """Run bytecode from :meth:`compile_bytecode` (of a trusted file: QuickJS does not verify
        bytecode) and deliver its value like :meth:`compile_trusted`. None if it cannot be read
        (nothing ran; compile the source instead)."""
        lib, ctx = self._lib, self._ctx
        function = lib.JS_ReadObject(ctx, blob, len(blob), _READ_OBJ_BYTECODE)
        if function.tag != _TAG_FUNCTION_BYTECODE:
            lib.JS_FreeValue(ctx, lib.JS_GetException(ctx) if function.tag == _TAG_EXCEPTION
                             else function)
            return None
        value = self._nogil.JS_EvalFunction(ctx, function)  # takes the function; GIL released
        if value.tag == _TAG_EXCEPTION:
            return self._deliver(False, lib.JS_GetException(ctx))
        return self._deliver(True, value)

    def _eval(self, source: str, filename: str, flags: int, line: int = 1) -> JSValue:
        src = source.encode("utf-8", "surrogatepass")
        name = filename.encode("utf-8", "surrogateescape")
        if line != 1:
            options = JSEvalOptions(1, flags, name, line)
            value: JSValue = self._nogil.JS_Eval2(self._ctx, src, len(src), ctypes.byref(options))
            return value
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
        if self._loader_cbs is not None:
            self._lib.JS_SetModuleLoaderFunc2(self._rt, None, None, None, None)
            self._loader_cbs = None
        self._esm_helper = None
        if self._tracker_cb is not None:
            self._lib.JS_SetHostPromiseRejectionTracker(self._rt, _TRACKER(), None)
        for value in self._held:
            self._lib.JS_FreeValue(self._ctx, value)
        self._held.clear()
        self._tracker_fn = self._slots = None
        self._tracker_cb = None
        self._stack_top = self._stack_limit = None
        self._context_obj = None


def _text(raw: bytes | None) -> str:
    return "" if raw is None else raw.decode("utf-8", "surrogateescape")


def _free_threaded() -> bool:
    """Whether this is a free-threaded build (3.13 and later; sysconfig is only read there:
    importing it costs a millisecond of every start-up)."""
    if sys.version_info < (3, 13):
        return False
    import sysconfig

    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def attach(extension_path: str, context_obj: object) -> CApi | None:
    """A :class:`CApi` for ``context_obj``, or None (with a warning) if the layout check fails."""
    try:
        if sys.maxsize <= 2**32 or _free_threaded():
            raise OSError("needs a 64-bit build of CPython with the GIL")
        if object.__basicsize__ != 16 or type(context_obj).__basicsize__ != _EXPECTED_CONTEXT_BASICSIZE:
            raise OSError(f"unexpected object layout ({type(context_obj).__basicsize__} bytes)")
        lib = ctypes.PyDLL(extension_path)
        _bind(lib)
        nogil = ctypes.CDLL(extension_path)  # the same library, GIL released per call
        _bind(nogil)
        eval_fn = nogil.JS_Eval
        rt = ctypes.c_void_p.from_address(id(context_obj) + _RUNTIME_OFFSET).value
        jsctx = ctypes.c_void_p.from_address(id(context_obj) + _CONTEXT_OFFSET).value
        if not rt or not jsctx or lib.JS_GetRuntime(jsctx) != rt:
            raise OSError("JSContext/JSRuntime pointers do not match")
        if lib.JS_GetRuntimeOpaque(rt) != id(context_obj):
            raise OSError("runtime opaque does not point back to the Context")
        return CApi(lib, context_obj, rt, jsctx, eval_fn, nogil)
    except (OSError, AttributeError, ValueError) as exc:
        log.warning(
            "QuickJS C API unavailable (%s): interrupting scripts, unhandled-rejection tracking "
            "and file names in stack traces are disabled",
            exc,
        )
        return None
