"""Built-in modules and globals: the Python half of console, timers/timer, process and friends.

The JavaScript halves live in ``engine/js``. Everything here runs on the owner thread.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..errors import HostError, JSError
from ..loop import EventLoop, Timer
from . import buffer as _buffer
from . import url as _url
from ..vm import VM, builtin_js_source

__all__ = ["ConsoleSink", "ExitHook", "NodeGlobals", "install", "logging_console", "stdio_console",
           "stream_console",
           "write_text", "DEFAULT_BUILTIN_FILES"]

ExitHook = Callable[[int, JSError | None], bool]
"""``on_exit(code, error)``: JavaScript stopped itself (``process.exit``, or an uncaught ``error``
that ends the script); returns whether the running JavaScript was interrupted."""

ConsoleSink = Callable[[str, str], None]
"""``sink(stream, text)``: stream is ``"stdout"`` or ``"stderr"``; text ends with a newline."""

_console_log = logging.getLogger("qjsbridge.console")
_LONE_SURROGATE = "[\ud800-\udfff]"  # a pattern: re compiles it on first use, not at start-up

#: Internal JS files loaded into every runtime, in order.
DEFAULT_BUILTIN_FILES = ("console.js", "timers.js", "path.js", "events.js", "lazy.js")

#: Internal JS files compiled on first use (lazy.js asks for them by name).
LAZY_FILES = frozenset({"buffer.js", "web.js", "url.js", "inspect.js", "util.js", "assert.js",
                        "timers_promises.js", "parseargs.js"})


def stdio_console(stream: str, text: str) -> None:
    """The default sink: ``console.log``/``info``/``debug`` to ``sys.stdout``, ``console.error``/
    ``warn``/``trace`` to ``sys.stderr`` (the streams current at each write), as under Node."""
    write_text(sys.stderr if stream == "stderr" else sys.stdout, text)


def logging_console(stream: str, text: str) -> None:
    """For daemons: console output becomes records of the ``qjsbridge.console`` logger (INFO for
    stdout, WARNING for stderr), with whatever handlers the program configured."""
    level = logging.WARNING if stream == "stderr" else logging.INFO
    _console_log.log(level, "%s", text.rstrip("\n"))


def write_text(stream: TextIO, text: str) -> None:
    """Write and flush; lone surrogates (JS strings may have them) print as U+FFFD, as in Node."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        stream.write(re.sub(_LONE_SURROGATE, "\ufffd", text))
    stream.flush()


def stream_console(stdout: TextIO | None = None, stderr: TextIO | None = None) -> ConsoleSink:
    """A sink writing to text streams (default ``sys.stdout``/``sys.stderr``), flushing each write."""

    def sink(stream: str, text: str) -> None:
        write_text((stderr or sys.stderr) if stream == "stderr" else (stdout or sys.stdout), text)

    return sink


@dataclass(frozen=True)
class NodeGlobals:
    """Options for the Node-style globals (timers, ``process``, ``global``).

    ``env`` is what ``process.env`` shows: empty unless given, because host environment
    variables are host data.
    """

    argv: Sequence[str] = ("qjsbridge",)
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: str | None = None


class TimerHost:
    """Deadlines of JS timers on the event loop, keyed by the JS timer id."""

    def __init__(self, vm: VM, loop: EventLoop) -> None:
        self._loop = loop
        self._timers: dict[int, Timer] = {}
        vm.register("qjsb.timerStart", self.start)
        vm.register("qjsb.timerRefresh", self.refresh)
        vm.register("qjsb.timerClear", self.clear)
        vm.register("qjsb.timerRef", self.set_ref)
        vm.register("qjsb.immediateStart", self.start_immediate)

    def start(self, timer_id: int, delay_ms: float, repeat: bool, ref: bool) -> None:
        def fire(vm: VM) -> None:
            if not repeat:
                self._timers.pop(timer_id, None)
            vm.call_op("fireTimer", timer_id)

        self._timers[timer_id] = self._loop.call_later(delay_ms / 1000.0, fire, repeat=repeat,
                                                       ref=ref)

    def refresh(self, timer_id: int, delay_ms: float, repeat: bool, ref: bool) -> None:
        timer = self._timers.get(timer_id)
        if timer is None:
            self.start(timer_id, delay_ms, repeat, ref)
        else:
            timer.refresh()

    def start_immediate(self, timer_id: int, ref: bool) -> None:
        def fire(vm: VM) -> None:
            self._timers.pop(timer_id, None)
            vm.call_op("fireImmediate", timer_id)

        self._timers[timer_id] = self._loop.call_immediate(fire, ref=ref)

    def clear(self, timer_id: int) -> None:
        timer = self._timers.pop(timer_id, None)
        if timer is not None:
            timer.cancel()

    def set_ref(self, timer_id: int, ref: bool) -> None:
        timer = self._timers.get(timer_id)
        if timer is not None:
            timer.set_ref(ref)


_lazy_sources: dict[str, str] = {}


def _internal_source(name: str) -> str:
    # owner thread, from lazy.js: the source of an internal file loaded on first use
    if name not in LAZY_FILES:
        raise HostError(f"unknown internal file {name!r}")
    text = _lazy_sources.get(name)
    if text is None:
        text = _lazy_sources[name] = builtin_js_source(name)
    return text


def install(
    vm: VM,
    loop: EventLoop,
    *,
    console: ConsoleSink,
    node_globals: NodeGlobals | None,
    on_exit: ExitHook,
    files: Sequence[str] = DEFAULT_BUILTIN_FILES,
) -> None:
    """Load the built-in JS files into ``vm`` and install the globals."""

    def write(stream: str, text: str) -> None:
        console("stderr" if stream == "stderr" else "stdout", str(text))

    def really_exit(code: Any, envelope: str | None = None, origin: str | None = None) -> bool:
        error = None
        if envelope is not None:
            error = JSError.from_envelope(json.loads(envelope))
            error.origin = origin
        return on_exit(_exit_status(code), error)

    vm.register("qjsb.console.write", write)
    vm.register("qjsb.internalSource", _internal_source)

    def compile_internal(name: str) -> bool:  # owner thread, from Q.compileInternal
        return vm.compile_builtin(name, _internal_source(name))  # (which refuses unknown names)

    vm.register("qjsb.compileInternal", compile_internal)
    _url.register(vm)
    _buffer.register(vm)
    vm.register("qjsb.exit", really_exit)
    TimerHost(vm, loop)
    for name in files:
        vm.install_builtin(name)
    if node_globals is not None:
        info = {
            "argv": list(node_globals.argv),
            "env": dict(node_globals.env),
            "platform": sys.platform,
            "arch": _arch(),
            "pid": os.getpid(),
            "cwd": node_globals.cwd or os.getcwd(),
            "version": "v20.0.0-qjsbridge",
            "versions": {"qjsbridge": _version(), "quickjs": "quickjs-ng"},
        }
        vm.register("qjsb.process.info", lambda: info)
        vm.install_builtin("process.js")
    vm.install_builtin("globals.js")
    vm.call_op("installGlobals", node_globals is not None)


def _exit_status(code: Any) -> int:
    """An exit code from JS (a number, or a string holding one) as an int; 1 if it is neither."""
    try:
        return int(float(code))
    except (TypeError, ValueError, OverflowError):
        return 1


def _arch() -> str:
    import platform

    machine = platform.machine().lower()
    return {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "i686": "ia32"}.get(machine, machine)


def _version() -> str:
    from qjsbridge._version import __version__  # not importlib.metadata: ~20 ms of start-up

    return __version__
