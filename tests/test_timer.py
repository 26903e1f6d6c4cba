"""require("timer").sleep: the Go timer module tests plus its lifetime rules."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

from qjsbridge.engine.runtime import Runtime
from qjsbridge.runner import run_file
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for


def run_js(tmp_path: Path, source: str) -> tuple[str, str, int]:
    script = tmp_path / "main.js"
    script.write_text(source)
    out, err = io.StringIO(), io.StringIO()
    code = run_file(str(script), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), code


def test_sleep_resolves(tmp_path: Path) -> None:
    start = time.monotonic()
    out, err, code = run_js(tmp_path, """
      const timer = require("timer");
      const t0 = Date.now();
      timer.sleep(20).then((v) => console.log("slept", Date.now() - t0 >= 19, v));""")
    assert (out, code) == ("slept true undefined\n", 0), err
    assert time.monotonic() - start < 1.0 + 1.0  # generous: includes runtime start-up


def test_sleep_rejects_negative_duration(tmp_path: Path) -> None:
    out, err, code = run_js(tmp_path, """
      require("timer").sleep(-1).then(
        () => console.log("then called"),
        (err) => console.log("rejected:", String(err), err instanceof Error));""")
    assert out == "rejected: Error: timer.sleep: duration must be >= 0 true\n"
    assert code == 0


def test_sleep_is_a_function_and_truncates(tmp_path: Path) -> None:
    out, _, _ = run_js(tmp_path, """
      const { sleep } = require("timer");
      console.log(typeof sleep);
      Promise.all([sleep(-0.5), sleep(NaN), sleep(undefined), sleep("3")]).then(() => console.log("all resolved"));
      sleep(Infinity).catch((e) => console.log(e.name));""")
    assert out == "function\nRangeError\nall resolved\n"


def test_sleep_keeps_the_runner_alive(tmp_path: Path) -> None:
    start = time.monotonic()
    out, _, _ = run_js(tmp_path, """
      (async () => { await require("timer").sleep(150); console.log("woke"); })();""")
    assert out == "woke\n"
    assert time.monotonic() - start >= 0.15


def test_sleep_never_settles_after_runtime_close(rt: Runtime, console: ConsoleRecorder,
                                                 make_runtime: Callable[..., Runtime],
                                                 tmp_path: Path) -> None:
    (tmp_path / "s.js").write_text("""
      require("timer").sleep(40).then(() => console.log("resolved"), () => console.log("rejected"));""")
    rt2 = make_runtime(module_roots=[tmp_path])
    rt2.run_main(tmp_path / "s.js")
    rt2.close()
    time.sleep(0.1)
    assert console.stdout == "" and console.stderr == ""


def test_sleep_resolves_in_a_library_runtime(make_runtime: Callable[..., Runtime], tmp_path: Path,
                                             console: ConsoleRecorder) -> None:
    (tmp_path / "s.js").write_text("require('timer').sleep(5).then(() => console.log('done'))")
    rt = make_runtime(module_roots=[tmp_path])
    rt.run_main(tmp_path / "s.js")
    wait_for(lambda: console.stdout == "done\n", message="sleep to resolve")
