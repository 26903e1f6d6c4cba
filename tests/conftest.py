"""Shared fixtures: runtimes that are always closed, and deadline-based waiting. The qjsbridge
pytest plugin (qjs, qjs_factory, fs_ops, ...) is active too: it is installed with the package."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["pytester"]

from qjsbridge.engine.builtins import NodeGlobals
from qjsbridge.engine.runtime import Runtime, RuntimeFactoryBuilder, RuntimeOptions
from qjsbridge.fswatch import FSWatchOptions
from qjsbridge.testing import ConsoleRecorder, TestRuntime


def wait_for(predicate: Callable[[], Any], timeout: float = 5.0, interval: float = 0.005,
             message: str = "condition") -> Any:
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {message}")
        time.sleep(interval)


@pytest.fixture
def console() -> ConsoleRecorder:
    """The plugin's console sink: ``.stdout``, ``.stderr``, ``.lines`` of what JS printed."""
    return ConsoleRecorder()


@pytest.fixture
def make_runtime(console: ConsoleRecorder) -> Iterator[Callable[..., Runtime]]:
    """``make_runtime(builder=None, **options)``; every runtime made is closed at teardown."""
    made: list[Runtime] = []

    def make(builder: RuntimeFactoryBuilder | None = None, **options: Any) -> Runtime:
        if builder is None:
            options.setdefault("console", console)
            options.setdefault("node_globals", NodeGlobals())
            builder = RuntimeFactoryBuilder(RuntimeOptions(**options))
        rt = builder.build().new_runtime()
        made.append(rt)
        return rt

    yield make
    for rt in made:
        rt.close()


@pytest.fixture
def rt(make_runtime: Callable[..., Runtime]) -> Runtime:
    """A runtime with Node globals and console captured by the ``console`` fixture."""
    return make_runtime()


@pytest.fixture
def watched(tmp_path: Path) -> Path:
    """``tmp_path / "watched"``: the directory the fswatch tests watch (``qjs`` is rooted at
    ``tmp_path``, so its siblings are free for sentinels, "outside" directories, ...)."""
    folder = tmp_path / "watched"
    folder.mkdir()
    return folder


@pytest.fixture
def qjs_policy(qjs_factory: Callable[..., TestRuntime],
               tmp_path: Path) -> Callable[..., TestRuntime]:
    """``qjs_policy(**host_policy)``: a plugin ``TestRuntime`` rooted at ``tmp_path`` under
    ``FSWatchOptions(root=tmp_path, allow_recursive=True, **host_policy)``, whose global code has
    ``require`` and an EventEmitter ``em``, for ``fswatch.watch`` calls written in JavaScript."""

    def make(**policy: Any) -> TestRuntime:
        policy.setdefault("root", str(tmp_path))
        policy.setdefault("allow_recursive", True)
        runtime = qjs_factory(fswatch=FSWatchOptions(**policy), global_require=True)
        runtime.eval('globalThis.em = new (require("events"))()')
        return runtime

    return make


NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
