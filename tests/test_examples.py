"""The file-watching examples, run the way the README runs them: as `qjsbridge run` processes."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from qjsbridge.testing import QJSProcess

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def start(qjs_process: Callable[..., QJSProcess], *args: str, cwd: Path) -> QJSProcess:
    return qjs_process(*args, cwd=cwd)


def test_watch_example_prints_one_line_per_change(tmp_path: Path, qjs_process: Callable[..., QJSProcess]) -> None:
    p = start(qjs_process, "run", str(EXAMPLES / "watch.js"), cwd=tmp_path)
    p.expect("watching")
    (tmp_path / "sub").mkdir()
    p.expect("CREATE       sub/")
    (tmp_path / "sub" / "hello.txt").write_text("hi")
    p.expect("CREATE|WRITE sub/hello.txt")  # created, written, closed: one event
    (tmp_path / "sub" / "hello.txt").rename(tmp_path / "sub" / "bye.txt")
    p.expect("WRITE|RENAME sub/hello.txt -> sub/bye.txt")
    assert p.finish(signal.SIGINT) == 130


def test_await_loop_example_exits_after_count(tmp_path: Path, qjs_process: Callable[..., QJSProcess]) -> None:
    p = start(qjs_process, "run", str(EXAMPLES / "await-loop.js"), ".", "3", cwd=tmp_path)
    p.expect("watching")
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    (tmp_path / "c").mkdir()
    p.expect("#3 CREATE c")
    p.expect("done after 3 events")
    assert p.finish() == 0  # closing the watch left nothing to wait for


def test_rebuild_example_debounces_and_never_overlaps(tmp_path: Path, qjs_process: Callable[..., QJSProcess]) -> None:
    p = start(qjs_process, "run", str(EXAMPLES / "rebuild-on-change.js"), cwd=tmp_path)
    p.expect("rebuilding on changes")
    for i in range(5):
        (tmp_path / "app.js").write_text(f"v{i}")
    (tmp_path / "notes.txt").write_text("ignored by include")
    line = p.expect("build #1:")
    assert "app.js (CREATE|WRITE," in line and "notes.txt" not in line
    p.expect("build ok")  # the default command's output
    p.expect("build #1 done (exit code 0)")
    assert p.finish(signal.SIGTERM) == 143


def test_rebuild_example_runs_the_command_and_reports_its_exit_code(tmp_path: Path,
                                                                    qjs_process: Callable[..., QJSProcess]) -> None:
    p = start(qjs_process, "run", str(EXAMPLES / "rebuild-on-change.js"), ".", "sh", "-c",
              "ls; exit 3", cwd=tmp_path)
    p.expect("rebuilding on changes")
    (tmp_path / "main.js").write_text("x")
    p.expect("build #1: main.js")
    p.expect("main.js")  # ls ran in the watched directory
    p.expect("build #1 done (exit code 3)")
    assert p.finish(signal.SIGTERM) == 143


def test_mirror_example_copies_changes_and_deletes_removals(tmp_path: Path,
                                                            qjs_process: Callable[..., QJSProcess]) -> None:
    src, dst = tmp_path / "src", tmp_path / "mirror"
    (src / "old").mkdir(parents=True)
    (src / "old" / "kept.txt").write_text("kept")
    p = start(qjs_process, "run", str(EXAMPLES / "mirror-dir.js"), str(src), str(dst), cwd=tmp_path)
    p.expect("mirroring")
    assert (dst / "old" / "kept.txt").read_text() == "kept"  # brought up to date at start
    (src / "new.txt").write_text("hello")
    p.expect("copied new.txt")
    assert (dst / "new.txt").read_text() == "hello"
    (src / "old" / "kept.txt").unlink()
    p.expect("removed old/kept.txt")
    assert not (dst / "old" / "kept.txt").exists()
    (src / "d" / "e").mkdir(parents=True)
    (src / "d" / "e" / "f.txt").write_text("deep")
    p.expect("f.txt")
    assert (dst / "d" / "e" / "f.txt").read_text() == "deep"
    assert p.finish(signal.SIGTERM) == 143


def test_cli_watch_policy_flags(tmp_path: Path) -> None:
    script = tmp_path / "w.js"
    script.write_text("""
      const EventEmitter = require("events");
      try { fswatch.watch(process.argv[2], new EventEmitter(), JSON.parse(process.argv[3])).close(); console.log("ok"); }
      catch (e) { console.log(e.message); }""")

    def run(*flags: str, path: str = ".", opts: str = "{}") -> str:
        proc = subprocess.run([sys.executable, "-m", "qjsbridge", "run", *flags, str(script), path, opts],
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
        return proc.stdout.strip()

    assert run(opts='{"recursive": true}') == "ok"  # the CLI allows recursion by default
    assert run("--no-recursive", opts='{"recursive": true}') == "fswatch: recursive watches are not allowed"
    assert run("--max-debounce", "50", opts='{"debounceMs": 100}') == "fswatch: debounceMs exceeds maximum of 50ms"
    assert run(path=str(tmp_path.parent)) == "ok"  # without --root the CLI may watch anywhere
    assert "Access to this API has been restricted" in run(
        "--permission", f"--allow-fs-read={tmp_path / 'inner'}", path=str(tmp_path))
    assert run("--permission", f"--allow-fs-read={tmp_path}", path=str(tmp_path)) == "ok"
    (tmp_path / "inner").mkdir()
    assert "escapes root" in run("--root", str(tmp_path / "inner"), path=str(tmp_path))
