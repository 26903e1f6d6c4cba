"""Running a script the way ``node script.js`` does.

:func:`run_file` executes a file as the main CommonJS module with Node's lifetime rules
(``RuntimeOptions.exit_on_uncaught``) and keeps the runtime alive while anything ref'd is pending
(a timer, a watcher, an unsettled host promise). When nothing is, ``process`` emits
``beforeExit`` (whose listeners may schedule more work) and then ``exit``.

The exit code is ``process.exit(code)``'s, else ``process.exitCode``, else 0; 1 after an uncaught
exception or unhandled rejection (printed like Node prints it: ``util.inspect`` of the error, its
stack without internal frames); 7 when an ``uncaughtException`` listener throws. SIGINT/SIGTERM
run the script's ``process.on("SIGINT" | "SIGTERM")`` listeners when it has some; otherwise they
close the runtime gracefully (closers run) and the code is 130/143. A signal that arrives while
the previous one is still waiting to be delivered (the script is stuck) takes the default path,
and a second default signal exits at once.
"""

from __future__ import annotations

import json
import os
import select
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from qjsbridge import jsevents
from qjsbridge.engine.builtins import NodeGlobals, stream_console, write_text
from qjsbridge.engine.context import Context
from qjsbridge.engine.errors import BusError, CloseError, JSError, QJSBridgeError
from qjsbridge.engine.permissions import Permissions
from qjsbridge.engine.runtime import (
    Initializer,
    LazyInitializer,
    Runtime,
    RuntimeFactory,
    RuntimeFactoryBuilder,
    RuntimeInitializer,
    RuntimeOptions,
    SetupContext,
)
from qjsbridge.engine.vm import VM, encode_json

if TYPE_CHECKING:
    from qjsbridge.bus.settings import BusSettings

__all__ = ["RunConfig", "ScriptRunner", "cwd_require", "eval_code", "format_uncaught", "run_file"]


@dataclass(frozen=True)
class RunConfig:
    """Host policy and environment of a command-line run."""

    module_roots: Sequence[str] = ()
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    #: fswatch sandbox (None: anywhere the permissions allow reading); the CLI user owns the
    #: machine, so recursion
    #: is allowed and debounce uncapped unless restricted.
    watch_root: str | None = None
    allow_recursive: bool = True
    max_debounce_ms: int | None = None
    #: every watch polls (``--poll``); scripts may also ask for ``poll`` themselves
    force_polling: bool = False
    #: what fs/child_process/fswatch may touch; None: everything, like ``node`` without
    #: ``--experimental-permission`` (``qjsbridge run --permission`` builds a strict one).
    permissions: Permissions | None = None
    #: the message bus; wildcard subscriptions are allowed. None (the default): the in-memory
    #: bus with its default limits, what ``BusSettings()`` selects (not imported at start-up).
    bus: BusSettings | None = None

_SIGNAL_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


def format_uncaught(exc: BaseException, origin: str) -> str:
    """What Node prints for an uncaught error: ``util.inspect`` of it (the JS stack and extra
    properties), or the Python error for host bugs."""
    if isinstance(exc, JSError):
        if exc.inspected is not None:
            return exc.inspected
        text = exc.format()
        if exc.code and f"code: '{exc.code}'" not in text:
            text += f" {{\n  code: '{exc.code}'\n}}"
        return text
    return f"{type(exc).__name__}: {exc}"


class _Waker:
    """Wakes the main thread, from any thread or from a signal handler, without polling: a byte
    on a pipe. (A signal handler must not take locks: the main thread may hold them.)"""

    def __init__(self) -> None:
        self._r, self._w = os.pipe()
        os.set_blocking(self._r, False)
        os.set_blocking(self._w, False)

    @property
    def write_fd(self) -> int:
        """The pipe's write end (non-blocking), for :func:`signal.set_wakeup_fd`."""
        return self._w

    def set(self) -> None:  # any thread, or a signal handler
        try:
            os.write(self._w, b"\0")
        except OSError:
            pass  # the pipe is full (a wake-up is pending anyway) or the waker is closed

    def wait(self) -> None:  # main thread: block until set() (a set() before the call counts)
        select.select([self._r], [], [])
        try:
            while os.read(self._r, 4096):
                pass
        except OSError:
            pass  # drained

    def close(self) -> None:
        fds, (self._r, self._w) = (self._r, self._w), (-1, -1)  # a late set() fails (EBADF)
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass


class ScriptRunner:
    """Owns the exit/idle/signal bookkeeping of one CLI run; see the module docstring."""

    def __init__(self, stderr: TextIO | None = None) -> None:
        self._stderr = stderr or sys.stderr
        self._wake = _Waker()
        self._exit_code: int | None = None
        self._signal_code: int | None = None
        self._rt: Runtime | None = None
        self._lock = threading.Lock()
        self._listening: set[str] = set()  # signal names the script listens to
        self._pending_signals: list[str] = []  # listened signals not yet posted (main thread)
        self._in_flight: set[str] = set()  # posted, not yet delivered
        self._handlers_installed = False
        self._previous_wakeup_fd = -1

    # -- hooks handed to RuntimeOptions ---------------------------------------------------------
    def on_exit(self, rt: Runtime, code: int) -> None:
        """The script ended (``process.exit``, an uncaught error, or nothing left to do). The
        code is what the process exits with: its low 8 bits, as the OS keeps them for Node."""
        with self._lock:
            if self._exit_code is None:
                self._exit_code = code & 0xFF
        self._wake.set()

    def on_error(self, exc: BaseException, origin: str) -> None:
        """An uncaught error: print it like Node; unless the script is already ending because
        of it, end it with code 1 (a host-side failure). Owner thread."""
        if isinstance(exc, JSError) and exc.interrupted:
            return
        self._stderr.write(format_uncaught(exc, origin) + "\n")
        self._stderr.flush()
        rt = self._rt
        if rt is not None:
            if rt.exit_code is None:
                rt.request_exit(1)
        else:
            with self._lock:
                if self._exit_code is None:
                    self._exit_code = 1
            self._wake.set()

    # -- running ------------------------------------------------------------------------------
    def run(self, factory: RuntimeFactory, start: Callable[[Runtime], None]) -> int:
        """Create a runtime, call ``start(rt)`` (e.g. run the main module), wait, close.

        ``start`` runs on a worker thread so that the main thread stays free to react to
        signals: a script stuck in ``for (;;) {}`` while loading is interrupted by SIGINT too.
        """
        previous = self._install_signals()
        try:
            rt = factory.new_runtime()
            self._rt = rt
            try:
                self._prepare(rt)
                code = self._start(rt, start)
                if code is None:
                    code = self._wait(rt)
            finally:
                self._close(rt)
            return code
        finally:
            self._restore_signals(previous)
            self._wake.close()

    def _prepare(self, rt: Runtime) -> None:
        def setup(ctx: Context, vm: VM) -> None:  # owner thread
            if self._handlers_installed:
                vm.register("qjsb.signals.listening", self._set_listening)
                vm.register("qjsb.signals.raise", self._raise)
                vm.call_op("enableSignals")

        rt.call(setup, op="cli.setup")

    def _arm_exit(self, rt: Runtime) -> None:  # once the main module has run
        rt.loop.set_exit_hooks(lambda vm: vm.call_op("emitBeforeExit"),
                               lambda vm: self._natural_exit(rt, vm))

    def _natural_exit(self, rt: Runtime, vm: VM) -> None:  # owner thread, a loop task
        # Nothing is left to do, and `beforeExit` scheduled nothing more: `exit`. Like Node, the
        # promise jobs its listeners queue still run (nextTick callbacks and timers do not).
        code = 1
        try:
            code = int(vm.call_op("emitExit"))
            vm.run_promise_jobs()
        finally:
            rt.request_exit(code)  # no-op if an exit listener called process.exit()

    def _start(self, rt: Runtime, start: Callable[[Runtime], None]) -> int | None:
        done = threading.Event()
        failures: list[BaseException] = []

        def main() -> None:  # the "qjsbridge-main" worker thread
            try:
                start(rt)
                self._arm_exit(rt)
            except JSError as exc:
                if rt.exit_code is None and not (exc.interrupted and self._signal_code is not None):
                    self.on_error(exc, "uncaughtException")
            except BaseException as exc:
                failures.append(exc)
            finally:
                done.set()
                self._wake.set()

        threading.Thread(target=main, name="qjsbridge-main", daemon=True).start()
        while True:
            self._post_signals(rt)
            if self._signal_code is not None:
                return self._stop_for_signal(rt)
            if done.is_set():
                break
            self._wake.wait()
        if failures:
            self._stderr.write(f"qjsbridge: {format_uncaught(failures[0], 'start')}\n")
            return 1
        return None

    def _stop_for_signal(self, rt: Runtime) -> int:  # main thread, not the signal handler
        rt.halt()
        rt.loop.interrupt()  # stop JS that is still running; close() would do it after 250 ms
        assert self._signal_code is not None
        return self._signal_code

    def _wait(self, rt: Runtime) -> int:
        while True:
            self._post_signals(rt)
            if self._signal_code is not None:
                return self._stop_for_signal(rt)
            if self._exit_code is not None:
                return self._exit_code
            self._wake.wait()

    def _close(self, rt: Runtime) -> None:
        try:
            rt.close()
        except CloseError as exc:
            self._stderr.write(f"qjsbridge: errors while closing: {exc}\n")

    # -- signals --------------------------------------------------------------------------------
    def _set_listening(self, name: str, listening: bool) -> None:  # owner thread, from JS
        if listening:
            self._listening.add(name)
        else:
            self._listening.discard(name)

    def _raise(self, name: str) -> None:  # owner thread: process.kill(process.pid, name)
        os.kill(os.getpid(), signal.Signals[name])

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:  # main thread
        # A signal handler must not take locks (the main thread may hold them right now), so
        # this only records the signal and wakes the main thread (a byte on a pipe: no lock),
        # whose waiting loops act on it.
        sig = signal.Signals(signum)
        if (sig.name in self._listening and sig.name not in self._in_flight
                and self._signal_code is None):
            self._pending_signals.append(sig.name)
            self._wake.set()
            return
        code = _SIGNAL_CODES.get(sig, 1)
        if self._signal_code is not None:
            os._exit(code)
        self._signal_code = code
        self._wake.set()

    def _post_signals(self, rt: Runtime) -> None:  # main thread
        while self._pending_signals:
            name = self._pending_signals.pop(0)
            self._in_flight.add(name)

            def deliver(ctx: Context, vm: VM, name: str = name) -> None:  # owner thread
                self._in_flight.discard(name)
                vm.call_op("deliverSignal", name)

            try:
                rt.owner.post(rt.context, "cli.signal", deliver)
            except QJSBridgeError:
                self._in_flight.discard(name)  # the script is ending anyway

    def _install_signals(self) -> dict[int, object]:
        previous: dict[int, object] = {}
        if threading.current_thread() is not threading.main_thread():
            return previous
        for sig in _SIGNAL_CODES:
            previous[sig] = signal.signal(sig, self._on_signal)
        # The kernel may hand SIGINT to any thread (the owner, blocked in a child's wait, say);
        # Python then runs the handler only when the main thread next runs bytecode, which a
        # main thread asleep in select() never does. The wake-up fd is written by the C-level
        # handler on whichever thread it runs, so the main thread wakes and runs it.
        self._previous_wakeup_fd = signal.set_wakeup_fd(self._wake.write_fd, warn_on_full_buffer=False)
        self._handlers_installed = True
        return previous

    def _restore_signals(self, previous: dict[int, object]) -> None:
        if self._handlers_installed:
            signal.set_wakeup_fd(self._previous_wakeup_fd)
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


def make_factory(runner: ScriptRunner, argv: Sequence[str], config: RunConfig,
                 stdout: TextIO | None = None, stderr: TextIO | None = None,
                 initializers: Sequence[Initializer] = (),
                 exit_on_uncaught: bool = True) -> RuntimeFactory:
    """The runtime factory of a command-line run: Node globals, console on stdio, fswatch, and
    ``initializers`` (the REPL's, ``eval``'s) last."""
    console = stream_console(stdout, stderr)
    options = RuntimeOptions(
        module_roots=tuple(config.module_roots),
        node_globals=NodeGlobals(argv=tuple(argv), env=dict(config.env), cwd=os.getcwd()),
        console=console,
        error_handler=runner.on_error,
        on_exit=runner.on_exit,
        exit_on_uncaught=exit_on_uncaught,   # the REPL reports and goes on instead
        name="qjsbridge",
        permissions=config.permissions if config.permissions is not None else Permissions.unrestricted(),
    )

    def listener_error(exc: Exception) -> None:  # a host listener (Python) failed: a host bug
        runner.on_error(exc, "listener")

    return (RuntimeFactoryBuilder(options)
            .with_runtime_initializers(jsevents.install(listener_error), _fswatch_helper(config),
                                       _bus_helper(config), *initializers)
            .build())


def _fswatch_helper(config: RunConfig) -> RuntimeInitializer:
    """``fswatch`` (and ``fs.watch``), installed on first use: the watcher's modules (and
    watchdog) cost a script that never watches nothing."""

    def load() -> RuntimeInitializer:  # owner thread, at the first use
        from qjsbridge.fswatch import FSWatchHelper, FSWatchOptions

        # Like node, the command line trusts its user: scripts may watch anything (that the
        # permissions let them read) unless --root narrows it.
        return FSWatchHelper(FSWatchOptions(
            root=config.watch_root,
            allow_path=None if config.watch_root is not None else _anywhere,
            allow_recursive=config.allow_recursive,
            max_debounce=None if config.max_debounce_ms is None else config.max_debounce_ms / 1000.0,
            allow_polling=True,
            force_polling=config.force_polling,
            root_hint=("to watch outside it, give qjsbridge a wider root with --root DIR, before "
                       "the script: qjsbridge run --root DIR SCRIPT"),
        ))

    if config.max_debounce_ms is not None and config.max_debounce_ms < 0:
        raise ValueError("--max-debounce must be >= 0 ms")
    return LazyInitializer("jsevents.fswatch-helper", ["fswatch"], load,
                           hooks=["fsWatch", "fsWatchAsync"])


def _bus_helper(config: RunConfig) -> RuntimeInitializer:
    """``bus``: the in-memory bus is made on first use; a server bus is connected at once, so
    that a server that cannot be reached stops the run before the script starts."""
    bus_settings = config.bus

    def helper() -> RuntimeInitializer:
        from qjsbridge.bus import BusHelper, BusOptions
        from qjsbridge.bus.settings import BusSettings

        settings = bus_settings if bus_settings is not None else BusSettings()
        return BusHelper(BusOptions(bus=settings.open(), close_bus=True, allow_wildcards=True))

    if bus_settings is not None and not bus_settings.is_memory:
        return helper()
    return LazyInitializer("jsevents.bus-helper", ["bus"], helper)


def _make_factory_or_report(runner: ScriptRunner, argv: Sequence[str], config: RunConfig,
                            stdout: TextIO | None, stderr: TextIO | None,
                            initializers: Sequence[Initializer] = ()) -> RuntimeFactory | None:
    try:
        return make_factory(runner, argv, config, stdout, stderr, initializers)
    except BusError as exc:  # the bus server cannot be reached, a missing credentials file, ...
        (stderr or sys.stderr).write(f"qjsbridge: {exc}\n")
        return None


def _anywhere(path: str) -> bool:
    return True


def run_file(script: str, args: Sequence[str] = (), *, config: RunConfig | None = None,
             stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """``qjsbridge run SCRIPT ARGS...``: returns the exit code (see the module docstring)."""
    config = config or RunConfig()
    err = stderr or sys.stderr
    path = os.path.abspath(script)
    if not os.path.isfile(path):
        err.write(f"qjsbridge: script file not found: {script}\n")
        return 1
    # Node loads the main module through its real path; allow both directories.
    roots = [os.path.dirname(path), os.path.dirname(os.path.realpath(path)),
             *(os.path.abspath(r) for r in config.module_roots)]
    config = RunConfig(**{**config.__dict__, "module_roots": roots})
    runner = ScriptRunner(err)
    factory = _make_factory_or_report(runner, ["qjsbridge", path, *args], config, stdout, stderr)
    if factory is None:
        return 1
    report = os.environ.get(LOADED_FILES_ENV)

    def start(rt: Runtime) -> None:
        if report:
            _report_loaded_files(rt, report, path)
        rt.run_main(path)

    return runner.run(factory, start)


#: `run --watch` sets this in the child's environment: the file to which the child appends the
#: path of every module it loads, one per line, so the supervisor knows what to watch.
LOADED_FILES_ENV = "QJSBRIDGE_LOADED_FILES"


def _report_loaded_files(rt: Runtime, report: str, main: str) -> None:
    def record(path: str) -> None:  # owner thread, once per file read
        with open(report, "a", encoding="utf-8", errors="surrogateescape") as f:
            f.write(path + "\n")

    record(os.path.realpath(main))
    rt.modules.on_file_read = record


def eval_code(code: str, *, config: RunConfig | None = None, stdout: TextIO | None = None,
              stderr: TextIO | None = None, initializers: Sequence[Initializer] = ()) -> int:
    """``qjsbridge eval CODE``: print the inspected completion value, then run the loop."""
    config = config or RunConfig(module_roots=(os.getcwd(),))
    runner = ScriptRunner(stderr)
    factory = _make_factory_or_report(runner, ["qjsbridge"], config, stdout, stderr, initializers)
    if factory is None:
        return 1
    out = stdout or sys.stdout

    def start(rt: Runtime) -> None:
        raw = rt.call(lambda c, vm: vm.call_op("evalInspect", encode_json(code, "source")),
                      op="cli.eval")
        text = json.loads(raw)
        if text is not None:  # None: it threw, and an uncaughtException listener handled it
            write_text(out, str(text) + "\n")

    return runner.run(factory, start)


# `require` for the current directory (`eval` and the REPL).
_REQUIRE_JS = """(function (Q) {
  "use strict";
  Q.ops["repl.require"] = (cwdJson) => {
    Object.defineProperty(globalThis, "require", { __proto__: null,
      value: Q.makeRequire({ path: JSON.parse(cwdJson), children: [] }),
      writable: true, configurable: true, enumerable: false });
    return null;
  };
})"""


def cwd_require(cwd: str | None = None) -> Initializer:
    """A runtime initializer that gives global code a ``require`` resolving from ``cwd`` (the
    current directory by default), as in Node's REPL and ``node -e``."""
    where = os.path.abspath(cwd or os.getcwd())

    def init(setup: SetupContext) -> None:  # owner thread
        setup.install_js(_REQUIRE_JS, "qjsbridge:cwd-require.js")
        setup.vm.call_op("repl.require", encode_json(where, "cwd"))

    return Initializer("qjsbridge.cwd-require", init)
