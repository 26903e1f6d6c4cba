"""`qjsbridge watch ... -- COMMAND` and `qjsbridge run --watch SCRIPT`, run as a user would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from qjsbridge.testing import QJSProcess


def start(qjs_process: Callable[..., QJSProcess], cwd: Path, *args: str) -> QJSProcess:
    return qjs_process(*args, cwd=cwd, merge_stderr=True, new_session=True)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie is dead too
        return f.read().split(")")[-1].split()[0] != "Z"


# a command that prints its pid and the changes it was started for, then runs until stopped
COMMAND = ["sh", "-c", 'echo "run pid=$$ changes=$QJSBRIDGE_CHANGES"; exec sleep 60']


def test_watch_restarts_the_command_on_changes(tmp_path: Path, qjs_process: Callable[..., QJSProcess]) -> None:
    (tmp_path / "src").mkdir()
    s = start(qjs_process, tmp_path, "watch", "--debounce", "50", "src", "--", *COMMAND)
    first = s.expect("run pid=", at_start=True)
    assert "changes=[]" in first
    old_pid = int(first.split("pid=")[1].split()[0])
    (tmp_path / "src" / "a.txt").write_text("x")
    s.expect("[qjsbridge watch] 1 change detected: restarting", at_start=True)
    second = s.expect("run pid=", at_start=True)
    assert f'"path":"{tmp_path / "src" / "a.txt"}"' in second
    assert not pid_alive(old_pid)  # the old run was stopped before the new one started
    new_pid = int(second.split("pid=")[1].split()[0])
    assert s.finish(signal.SIGINT, 20, group=True) == 130
    assert not pid_alive(new_pid)  # Ctrl-C stops the command too


def test_watch_filters_and_ignores(tmp_path: Path, qjs_process: Callable[..., QJSProcess]) -> None:
    s = start(qjs_process, tmp_path, "watch", "--debounce", "50", "--filter", "**/*.py",
              "--ignore", "**/skip_*", ".", "--", *COMMAND)
    s.expect("run pid=", at_start=True)
    (tmp_path / "notes.txt").write_text("x")      # filtered out
    (tmp_path / "skip_me.py").write_text("x")     # ignored
    (tmp_path / "main.py").write_text("x")        # counts
    line = s.expect("run pid=", at_start=True)
    assert "main.py" in line and "notes.txt" not in line and "skip_me" not in line


def test_watch_kills_a_command_that_ignores_the_signal(tmp_path: Path,
                                                       qjs_process: Callable[..., QJSProcess]) -> None:
    stubborn = ["sh", "-c", 'trap "" TERM; echo "run pid=$$"; while :; do sleep 0.1; done']
    s = start(qjs_process, tmp_path, "watch", "--debounce", "20", "--grace", "300", ".", "--",
              *stubborn)
    pid = int(s.expect("run pid=", at_start=True).split("pid=")[1])
    (tmp_path / "x").write_text("x")
    s.expect("[qjsbridge watch] 1 change detected: restarting", at_start=True)
    s.expect("run pid=", at_start=True)
    assert not pid_alive(pid)  # SIGTERM was ignored, SIGKILL after the grace period was not


def test_watch_run_once_per_change_does_not_stop_the_command(tmp_path: Path,
                                                             qjs_process: Callable[..., QJSProcess]) -> None:
    once = ["sh", "-c", 'echo "run changes=$QJSBRIDGE_CHANGES"; sleep 0.3; echo "done"']
    s = start(qjs_process, tmp_path, "watch", "--debounce", "20", "--run-once-per-change", ".",
              "--", *once)
    s.expect("run changes=[]", at_start=True)
    s.expect("[qjsbridge watch] exited with code 0", at_start=True)
    (tmp_path / "one").write_text("1")
    s.expect("run changes=", at_start=True)
    (tmp_path / "two").write_text("2")   # arrives during the run: queued, not a restart
    s.expect("done", at_start=True)
    line = s.expect("run changes=", at_start=True)
    assert "two" in line
    assert not any("restarting" in seen for seen in s.lines)


def test_watch_refuses_bad_options(tmp_path: Path) -> None:
    for args, message in ((["."], "no command given"),
                          (["--debounce", "soon", ".", "--", "true"], "--debounce must be"),
                          (["--bogus", ".", "--", "true"], "--bogus")):
        proc = subprocess.run([sys.executable, "-m", "qjsbridge", "watch", *args], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and message in proc.stderr, proc.stderr


def test_run_watch_restarts_on_loaded_files_only_and_survives_a_crash(
        tmp_path: Path, qjs_process: Callable[..., QJSProcess]) -> None:
    (tmp_path / "app.js").write_text(
        'const lib = require("./lib");\n'
        'console.log("started with", lib.value);\n'
        'setInterval(() => {}, 1000);\n')
    (tmp_path / "lib.js").write_text("exports.value = 1;")
    (tmp_path / "unrelated.txt").write_text("x")
    s = start(qjs_process, tmp_path, "run", "--watch", "app.js")
    s.expect("started with 1", at_start=True)
    (tmp_path / "unrelated.txt").write_text("changed")   # not loaded: no restart
    (tmp_path / "lib.js").write_text("exports.value = ;")  # a loaded file: restart, then a crash
    s.expect("Restarting 'app.js'", at_start=True)
    s.expect("Failed running 'app.js'", at_start=True)
    (tmp_path / "lib.js").write_text("exports.value = 3;")  # fixed: runs again
    s.expect("started with 3", at_start=True)
    restarts = [line for line in s.lines if "Restarting" in line]
    assert len(restarts) == 2
    assert s.finish(signal.SIGINT, 20, group=True) == 130


def test_run_watch_path_and_completion(tmp_path: Path, qjs_process: Callable[..., QJSProcess]) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "once.js").write_text('console.log("ran once");')
    s = start(qjs_process, tmp_path, "run", "--watch-path", "config", "once.js")
    s.expect("ran once", at_start=True)
    s.expect("Completed running 'once.js'", at_start=True)
    (tmp_path / "config" / "settings.json").write_text("{}")
    s.expect("Restarting 'once.js'", at_start=True)
    s.expect("ran once", at_start=True)
    assert s.finish(signal.SIGINT, 20, group=True) == 130
