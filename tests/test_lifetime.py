"""A script's lifetime where Node cannot be the oracle directly: host event delivery, signals,
host resources after exit, and the embedder's side of ``exit_on_uncaught``.

(Everything Node can run is compared with Node in ``tests/js/lifetime/``.)
"""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qjsbridge import jsevents
from qjsbridge.engine.builtins import NodeGlobals
from qjsbridge.engine.errors import JSError, ListenerError
from qjsbridge.engine.modules import NativeModule
from qjsbridge.engine.runtime import (
    NativeModuleSpec,
    Runtime,
    RuntimeFactoryBuilder,
    RuntimeOptions,
)
from qjsbridge.engine.vm import JSHandle
from qjsbridge.runner import run_file
from qjsbridge.testing import ConsoleRecorder, LeakSnapshot, QJSProcess, check_leaks
from tests.conftest import NODE, needs_node, wait_for


# -- host event delivery under `qjsbridge run` ------------------------------------------------------
def test_a_listener_that_throws_during_delivery_ends_the_script(tmp_path: Path) -> None:
    watched = tmp_path / "w"
    watched.mkdir()
    (tmp_path / "main.js").write_text("""
      const EventEmitter = require("events");
      const em = new EventEmitter();
      process.on("exit", (code) => console.log("exit", code));
      em.on("event", (ev) => {
        console.log("event", ev.relativeName);
        throw new Error("listener failed on " + ev.relativeName);
      });
      fswatch.watch("w", em);
      setTimeout(() => console.log("never: the timer after the failure"), 60000);
      console.log("ready");""")
    p = QJSProcess(["run", "main.js"], tmp_path)
    p.expect("ready")
    (watched / "a.txt").write_text("x")
    p.expect("event a.txt")
    assert p.finish() == 1
    assert p.expect("exit 1")
    err = p.stderr_text()
    assert err.startswith("Error: listener failed on a.txt\n    at "), err
    assert "qjsbridge:" not in err and "jsevents" not in err


def test_an_uncaught_exception_listener_keeps_the_script_going(tmp_path: Path) -> None:
    watched = tmp_path / "w"
    watched.mkdir()
    (tmp_path / "main.js").write_text("""
      const EventEmitter = require("events");
      const em = new EventEmitter();
      process.on("uncaughtException", (err, origin) => {
        console.log("handled:", err.message, origin);
        watcher.close();
      });
      em.on("event", (ev) => { throw new Error("boom " + ev.relativeName); });
      const watcher = fswatch.watch("w", em);
      console.log("ready");""")
    p = QJSProcess(["run", "main.js"], tmp_path)
    p.expect("ready")
    (watched / "b.txt").write_text("x")
    p.expect("handled: boom b.txt uncaughtException")
    assert p.finish() == 0, p.stderr_text()


def test_an_error_event_nobody_listens_to_ends_the_script(tmp_path: Path) -> None:
    watched = tmp_path / "w"
    watched.mkdir()
    (tmp_path / "main.js").write_text("""
      const EventEmitter = require("events");
      const em = new EventEmitter();
      em.on("event", () => {});
      fswatch.watch("w", em);
      console.log("ready");""")
    p = QJSProcess(["run", "main.js"], tmp_path)
    p.expect("ready")
    watched.rmdir()
    assert p.finish() == 1
    err = p.stderr_text()
    assert err.startswith("Error [ERR_UNHANDLED_ERROR]: Unhandled error."), err
    assert "code: 'ERR_UNHANDLED_ERROR'" in err


def test_embedders_keep_the_managers_error_handler(make_runtime: Callable[..., Runtime],
                                                   console: ConsoleRecorder, tmp_path: Path) -> None:
    failures: list[Exception] = []
    refs: list[jsevents.EmitterRef] = []

    def adopt(em: JSHandle) -> None:
        manager = jsevents.Manager.from_runtime(rt)
        assert manager is not None
        refs.append(manager.adopt_emitter_on_owner(em))

    builder = (RuntimeFactoryBuilder(RuntimeOptions(node_globals=NodeGlobals(), console=console,
                                                    module_roots=[tmp_path]))
               .with_modules(NativeModuleSpec("host", NativeModule("host", {"adopt": adopt})))
               .with_runtime_initializers(jsevents.install(failures.append)))
    rt = make_runtime(builder)
    (tmp_path / "main.js").write_text("""
      const em = new (require("events"))();
      process.on("uncaughtException", () => console.log("never: embedders use the manager"));
      em.on("x", (n) => { if (n === 1) throw new Error("listener " + n); console.log("got", n); });
      require("host").adopt(em);""")
    rt.run_main(tmp_path / "main.js")
    refs[0].emit("x", 1)
    refs[0].emit("x", 2)
    wait_for(lambda: "got 2" in console.stdout, message="the second event")
    assert len(failures) == 1 and isinstance(failures[0], ListenerError)
    assert "listener 1" in str(failures[0])
    assert rt.exit_code is None
    assert "never" not in console.stdout


# -- the embedder's view of a script's lifetime -------------------------------------------------------
def test_errors_are_reported_and_the_runtime_carries_on_by_default(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder) -> None:
    errors: list[tuple[BaseException, str]] = []
    rt = make_runtime(error_handler=lambda exc, origin: errors.append((exc, origin)))
    rt.eval("""
      setTimeout(() => { throw new Error("in a timer"); }, 1);
      setTimeout(() => { Promise.reject(new Error("rejected")); }, 5);
      setTimeout(() => console.log("still running"), 10);""")
    wait_for(lambda: "still running" in console.stdout, message="the last timer")
    assert [(str(e), origin) for e, origin in errors] == [
        ("Error: in a timer", "task"), ("Error: rejected", "unhandledRejection")]
    assert rt.exit_code is None


def test_exit_on_uncaught_for_embedders(make_runtime: Callable[..., Runtime],
                                        console: ConsoleRecorder) -> None:
    errors: list[tuple[BaseException, str]] = []
    exits: list[int] = []
    rt = make_runtime(error_handler=lambda exc, origin: errors.append((exc, origin)),
                      on_exit=lambda runtime, code: exits.append(code), exit_on_uncaught=True)
    rt.eval("""
      process.on("exit", (code) => console.log("exit", code));
      setTimeout(() => {
        Promise.resolve().then(() => console.log("never"));
        const e = new TypeError("fatal");
        e.code = "E_FATAL";
        throw e;
      }, 1);""")
    wait_for(lambda: exits, message="on_exit")
    assert exits == [1] and rt.exit_code == 1
    assert console.stdout == "exit 1\n"
    [(exc, origin)] = errors
    assert origin == "uncaughtException" and isinstance(exc, JSError)
    assert exc.inspected is not None
    assert exc.inspected.startswith("TypeError: fatal\n    at ")
    assert exc.inspected.endswith("{\n  code: 'E_FATAL'\n}")


def test_process_exit_from_an_embedders_call_stops_the_script(
        make_runtime: Callable[..., Runtime], console: ConsoleRecorder) -> None:
    exits: list[int] = []
    rt = make_runtime(on_exit=lambda runtime, code: exits.append(code))
    with pytest.raises(JSError) as info:
        rt.eval("""
          process.on("exit", (code) => console.log("exit", code));
          setImmediate(() => console.log("never"));
          process.exit(9);""")
    assert info.value.interrupted
    assert exits == [9] and rt.exit_code == 9
    assert console.stdout == "exit 9\n"


def test_eval_errors_are_uncaught_exceptions_like_node_p(tmp_path: Path) -> None:
    def cli(code: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "qjsbridge", "eval", code], cwd=tmp_path,
                              capture_output=True, text=True, timeout=30)

    proc = cli('process.on("exit", (c) => console.log("exit", c)); null.x')
    assert (proc.stdout, proc.returncode) == ("exit 1\n", 1)
    assert proc.stderr.startswith("TypeError: ")
    proc = cli('process.on("uncaughtException", (e) => console.log("handled", e.name)); null.x')
    assert (proc.stdout, proc.returncode, proc.stderr) == ("handled TypeError\n", 0, "")


# -- host resources after JavaScript stops --------------------------------------------------------------
def test_host_resources_are_closed_after_process_exit(tmp_path: Path) -> None:
    (tmp_path / "w").mkdir()
    (tmp_path / "main.js").write_text("""
      const EventEmitter = require("events");
      fswatch.watch("w", new EventEmitter());
      setTimeout(() => process.exit(4), 5);""")
    before = LeakSnapshot.take()
    out, err = io.StringIO(), io.StringIO()
    assert run_file(str(tmp_path / "main.js"), stdout=out, stderr=err,
                    config=_config(tmp_path)) == 4, err.getvalue()
    assert err.getvalue() == ""
    check_leaks(before)  # every thread, descriptor and inotify watch the run started is gone


def _config(root: Path) -> Any:
    from qjsbridge.runner import RunConfig
    return RunConfig(watch_root=str(root))


def test_fswatch_refusal_names_the_root_flag(tmp_path: Path) -> None:
    (tmp_path / "main.js").write_text("""
      try {
        fswatch.watch("..", new (require("events"))());
      } catch (e) {
        console.log(e.message);
      }""")
    out = io.StringIO()
    assert run_file(str(tmp_path / "main.js"), stdout=out, config=_config(tmp_path)) == 0
    assert out.getvalue() == (
        f'fswatch: path ".." escapes root "{tmp_path}"; to watch outside it, give qjsbridge a wider '
        "root with --root DIR, before the script: qjsbridge run --root DIR SCRIPT\n")


# -- signals -----------------------------------------------------------------------------------------------
SIGNAL_SCRIPT = """
const keepAlive = setInterval(() => {}, 1000);
process.on("SIGINT", (name, number) => {
  console.log("got", name, number);
  clearInterval(keepAlive);
});
process.on("exit", (code) => console.log("exit", code));
console.log("ready");
"""


@needs_node
def test_a_sigint_listener_replaces_the_default_exit_like_node(tmp_path: Path) -> None:
    (tmp_path / "sig.js").write_text(SIGNAL_SCRIPT)
    results = []
    for argv in ([NODE, "sig.js"], [sys.executable, "-m", "qjsbridge", "run", "sig.js"]):
        proc = subprocess.Popen([str(a) for a in argv], cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline() == "ready\n"
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=15)
        finally:
            proc.kill()
        results.append(("ready\n" + out, proc.returncode, err))
    assert results[0] == results[1] == ("ready\ngot SIGINT 2\nexit 0\n", 0, "")


def test_a_stuck_script_with_a_listener_still_stops_on_a_second_signal(tmp_path: Path) -> None:
    (tmp_path / "stuck.js").write_text("""
      process.on("SIGINT", () => console.log("never: the script is busy"));
      console.log("ready");
      for (;;) {}""")
    proc = subprocess.Popen([sys.executable, "-m", "qjsbridge", "run", "stuck.js"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline() == "ready\n"
        proc.send_signal(signal.SIGINT)  # queued for the listener, which never gets to run
        deadline = time.monotonic() + 15
        while proc.poll() is None and time.monotonic() < deadline:
            proc.send_signal(signal.SIGINT)  # arrives while the first is in flight: the default
            try:
                proc.wait(0.5)
            except subprocess.TimeoutExpired:
                pass
        assert proc.wait(5) == 130
        assert proc.stdout.read() == ""
    finally:
        proc.kill()
