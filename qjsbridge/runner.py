"""Running a script the way ``node script.js`` does.

:func:`run_file` executes a file as the main CommonJS module and keeps the runtime alive while
anything ref'd is pending (a timer, a watcher, an unsettled host promise). It returns the exit
code: ``process.exit(code)``'s, else ``process.exitCode``, else 0; 1 after an uncaught exception
or unhandled rejection (printed with its JS stack, like Node); 130/143 after SIGINT/SIGTERM, which
close the runtime gracefully (closers run). A second signal exits at once.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import TextIO

from qjsbridge import jsevents
from qjsbridge.fswatch import FSWatchHelper, FSWatchOptions
from qjsbridge.engine.builtins import NodeGlobals, stream_console, write_text
from qjsbridge.engine.errors import CloseError, JSError
from qjsbridge.engine.runtime import Runtime, RuntimeFactory, RuntimeFactoryBuilder, RuntimeOptions

__all__ = ["RunConfig", "ScriptRunner", "eval_code", "format_uncaught", "run_file"]


@dataclass(frozen=True)
class RunConfig:
    """Host policy and environment of a command-line run."""

    module_roots: Sequence[str] = ()
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    #: fswatch sandbox (None: the current directory); the CLI user owns the machine, so recursion
    #: is allowed and debounce uncapped unless restricted.
    watch_root: str | None = None
    allow_recursive: bool = True
    max_debounce_ms: int | None = None
    #: every watch polls (``--poll``); scripts may also ask for ``poll`` themselves
    force_polling: bool = False

_SIGNAL_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


def format_uncaught(exc: BaseException, origin: str) -> str:
    """What Node prints for an uncaught error: the JS stack, or the Python error for host bugs."""
    if isinstance(exc, JSError):
        text = exc.format()
        if not exc.name:  # a thrown non-Error value
            text = f"Uncaught {text}"
        if exc.code and f"code: '{exc.code}'" not in text:
            text += f" {{\n  code: '{exc.code}'\n}}"
        return text
    return f"{type(exc).__name__}: {exc}"


class ScriptRunner:
    """Owns the exit/idle/signal bookkeeping of one CLI run; see the module docstring."""

    def __init__(self, stderr: TextIO | None = None) -> None:
        self._stderr = stderr or sys.stderr
        self._wake = threading.Event()
        self._exit_code: int | None = None
        self._signal_code: int | None = None
        self._rt: Runtime | None = None
        self._lock = threading.Lock()

    # -- hooks handed to RuntimeOptions ---------------------------------------------------------
    def on_exit(self, rt: Runtime, code: int) -> None:
        """``process.exit(code)`` (owner thread)."""
        with self._lock:
            if self._exit_code is None:
                self._exit_code = code
        self._wake.set()

    def on_error(self, exc: BaseException, origin: str) -> None:
        """An uncaught error: print it like Node and exit with code 1 (owner thread)."""
        with self._lock:
            if self._exit_code is not None:
                return
        self._stderr.write(format_uncaught(exc, origin) + "\n")
        self._stderr.flush()
        if self._rt is not None:
            self._rt.request_exit(1)
        else:
            with self._lock:
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
                code = self._start(rt, start)
                if code is None:
                    code = self._wait(rt)
            finally:
                self._close(rt)
            return code
        finally:
            self._restore_signals(previous)

    def _start(self, rt: Runtime, start: Callable[[Runtime], None]) -> int | None:
        done = threading.Event()
        failures: list[BaseException] = []

        def main() -> None:  # the "qjsbridge-main" worker thread
            try:
                start(rt)
            except JSError as exc:
                if not (exc.interrupted and self._signal_code is not None):
                    self.on_error(exc, "uncaughtException")
            except BaseException as exc:
                failures.append(exc)
            finally:
                done.set()

        threading.Thread(target=main, name="qjsbridge-main", daemon=True).start()
        while not done.wait(0.02):
            if self._signal_code is not None:
                return self._stop_for_signal(rt)
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
            if self._signal_code is not None:
                return self._stop_for_signal(rt)
            if self._exit_code is not None:
                return self._exit_code
            if rt.loop.idle.is_set():
                # Nothing ref'd is left. (This call is itself a job, so idle must not be
                # re-checked after it: work posted without a hold does not keep Node alive either.)
                code = rt.call(lambda c, vm: vm.call_op("getExitCode")) if rt.options.node_globals else None
                with self._lock:
                    if self._exit_code is not None:
                        return self._exit_code
                return int(code) if code is not None else 0
            self._wake.wait(0.02)

    def _close(self, rt: Runtime) -> None:
        try:
            rt.close()
        except CloseError as exc:
            self._stderr.write(f"qjsbridge: errors while closing: {exc}\n")

    # -- signals --------------------------------------------------------------------------------
    def _on_signal(self, signum: int, frame: FrameType | None) -> None:  # main thread
        # A signal handler must not take locks (the main thread may hold them right now), so
        # this only records the signal; the main thread's polling loops act on it.
        code = _SIGNAL_CODES.get(signal.Signals(signum), 1)
        if self._signal_code is not None:
            os._exit(code)
        self._signal_code = code

    def _install_signals(self) -> dict[int, object]:
        previous: dict[int, object] = {}
        if threading.current_thread() is not threading.main_thread():
            return previous
        for sig in _SIGNAL_CODES:
            previous[sig] = signal.signal(sig, self._on_signal)
        return previous

    def _restore_signals(self, previous: dict[int, object]) -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]


def make_factory(runner: ScriptRunner, argv: Sequence[str], config: RunConfig,
                 stdout: TextIO | None = None, stderr: TextIO | None = None) -> RuntimeFactory:
    """The runtime factory of a command-line run: Node globals, console on stdio."""
    console = stream_console(stdout, stderr)
    options = RuntimeOptions(
        module_roots=tuple(config.module_roots),
        node_globals=NodeGlobals(argv=tuple(argv), env=dict(config.env), cwd=os.getcwd()),
        console=console,
        error_handler=runner.on_error,
        on_exit=runner.on_exit,
        name="qjsbridge",
    )

    def listener_error(exc: Exception) -> None:  # like console.error: reported, not fatal
        console("stderr", f"{exc}\n")

    watch_options = FSWatchOptions(
        root=config.watch_root if config.watch_root is not None else os.getcwd(),
        allow_recursive=config.allow_recursive,
        max_debounce=None if config.max_debounce_ms is None else config.max_debounce_ms / 1000.0,
        allow_polling=True,
        force_polling=config.force_polling,
    )
    return (RuntimeFactoryBuilder(options)
            .with_runtime_initializers(jsevents.install(listener_error), FSWatchHelper(watch_options))
            .build())


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
    factory = make_factory(runner, ["qjsbridge", path, *args], config, stdout, stderr)
    return runner.run(factory, lambda rt: rt.run_main(path))


def eval_code(code: str, *, config: RunConfig | None = None, stdout: TextIO | None = None,
              stderr: TextIO | None = None) -> int:
    """``qjsbridge eval CODE``: print the inspected completion value, then run the loop."""
    config = config or RunConfig(module_roots=(os.getcwd(),))
    runner = ScriptRunner(stderr)
    factory = make_factory(runner, ["qjsbridge"], config, stdout, stderr)
    out = stdout or sys.stdout

    def start(rt: Runtime) -> None:
        text = rt.call(lambda c, vm: vm.eval_inspect(code), op="cli.eval")
        write_text(out, text + "\n")

    return runner.run(factory, start)
