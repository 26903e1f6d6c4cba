"""The qjsbridge command line: run (exit codes, liveness, signals), eval, help, python -m."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qjsbridge.cli import help_topics, main

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, cwd: Path | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qjsbridge", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def test_run_prints_and_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "hello.js").write_text("console.log('hello', process.argv.slice(2).join(' '))")
    proc = cli("run", str(tmp_path / "hello.js"), "a", "--b")
    assert (proc.stdout, proc.returncode) == ("hello a --b\n", 0), proc.stderr


def test_run_stays_alive_for_a_pending_timer(tmp_path: Path) -> None:
    (tmp_path / "wait.js").write_text("setTimeout(() => console.log('late'), 300)")
    start = time.monotonic()
    proc = cli("run", str(tmp_path / "wait.js"))
    assert proc.stdout == "late\n"
    assert time.monotonic() - start >= 0.3


def test_run_does_not_wait_for_unrefd_timers(tmp_path: Path) -> None:
    (tmp_path / "unref.js").write_text("setTimeout(() => console.log('never'), 5000).unref()")
    start = time.monotonic()
    proc = cli("run", str(tmp_path / "unref.js"))
    assert proc.stdout == "" and proc.returncode == 0
    assert time.monotonic() - start < 4


def test_run_exit_codes(tmp_path: Path) -> None:
    cases = {
        "throw.js": ("throw new TypeError('top level')", 1, "TypeError: top level"),
        "reject.js": ("Promise.reject(new Error('rejected'))", 1, "Error: rejected"),
        "exit.js": ("process.exit(4)", 4, ""),
        "exitcode.js": ("process.exitCode = 9", 9, ""),
        "syntax.js": ("let = ;", 1, "SyntaxError"),
    }
    for name, (src, code, stderr_has) in cases.items():
        (tmp_path / name).write_text(src)
        proc = cli("run", str(tmp_path / name))
        assert proc.returncode == code, (name, proc.stderr)
        assert stderr_has in proc.stderr, (name, proc.stderr)


def test_run_missing_script(tmp_path: Path) -> None:
    proc = cli("run", str(tmp_path / "nope.js"))
    assert proc.returncode == 1 and "script file not found" in proc.stderr


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signals_close_gracefully(tmp_path: Path, sig: int, code: int) -> None:
    (tmp_path / "forever.js").write_text("""
      console.log('ready');
      setInterval(() => {}, 1000);""")
    proc = subprocess.Popen([sys.executable, "-m", "qjsbridge", "run", str(tmp_path / "forever.js")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n"
    proc.send_signal(sig)
    try:
        assert proc.wait(10) == code
    finally:
        proc.kill()


def test_eval_prints_the_result(tmp_path: Path) -> None:
    proc = cli("eval", "({a: [1, 'two'], b: null})", cwd=tmp_path)
    assert (proc.stdout, proc.returncode) == ("{ a: [ 1, 'two' ], b: null }\n", 0)
    proc = cli("eval", "setTimeout(() => console.log('after'), 10); 'first'", cwd=tmp_path)
    assert proc.stdout == "first\nafter\n"
    proc = cli("eval", "null.x", cwd=tmp_path)
    assert proc.returncode == 1 and "TypeError" in proc.stderr


def test_help_lists_and_prints_topics(capsys: pytest.CaptureFixture[str]) -> None:
    topics = help_topics()
    assert {"async-patterns", "event-loop"} <= set(topics)
    assert main(["help"]) == 0
    listing = capsys.readouterr().out
    assert "async-patterns" in listing and "event-loop" in listing
    assert main(["help", "event-loop"]) == 0
    assert capsys.readouterr().out == topics["event-loop"]
    assert main(["help", "nope"]) == 2


def test_help_topics_are_case_insensitive_and_summaries_end_on_a_word(
        capsys: pytest.CaptureFixture[str]) -> None:
    topics = help_topics()
    assert main(["help", "Event-Loop"]) == 0
    assert capsys.readouterr().out == topics["event-loop"]
    assert main(["help", "FSWATCH.md"]) == 0
    assert capsys.readouterr().out == topics["fswatch"]
    assert main(["help", "fswach"]) == 2
    assert "did you mean 'fswatch'" in capsys.readouterr().err
    main(["help"])
    rows = capsys.readouterr().out.splitlines()[2:]
    assert len(rows) == len(topics)
    for row, (name, text) in zip(rows, topics.items(), strict=True):
        summary = row.split(None, 1)[1]
        assert len(row) <= 80, row
        title = text.splitlines()[0][2:]
        # the whole title, or a prefix of it that ends at a word boundary
        assert summary == title or (summary.endswith("...")
                                    and title.startswith(summary[:-3])
                                    and title[len(summary) - 3] == " "), row


def test_docs_symlink_points_at_packaged_guides() -> None:
    assert (ROOT / "docs").resolve() == (ROOT / "qjsbridge" / "docs").resolve()


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "qjsbridge"
    if not exe.exists():
        pytest.skip("not installed as a console script in this environment")
    proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=30,
                          env={**os.environ})
    assert proc.stdout.startswith("qjsbridge ")
