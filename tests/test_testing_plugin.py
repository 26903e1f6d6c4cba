"""The pytest plugin and qjsbridge.testing: fixtures, recorders, quiet proofs, leak checks."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from qjsbridge.engine.errors import JSError
from qjsbridge.fswatch import FSWatchOptions
from qjsbridge.testing import FileOps, RunResult, TestRuntime, WatchRecorder

ROOT = Path(__file__).resolve().parent.parent


def test_wait_for_returns_the_matching_event(qjs: TestRuntime, fs_ops: FileOps) -> None:
    watch = qjs.watch(".")
    fs_ops.write("a.txt")
    event = watch.wait_for(op="CREATE", path="a.txt")
    assert event["relativeName"] == "a.txt" and event["create"]
    assert watch.wait_for(lambda e: e["name"] == str(qjs.root / "a.txt")) == event
    assert watch.wait_for(path=qjs.root / "a.txt") == event  # absolute paths match "name"
    assert watch.connection["path"] == str(qjs.root)


def test_wait_for_fails_listing_what_it_saw(qjs: TestRuntime, fs_ops: FileOps) -> None:
    watch = qjs.watch(".")
    fs_ops.write("seen.txt")
    watch.wait_for(path="seen.txt")
    with pytest.raises(AssertionError) as info:
        watch.wait_for(path="never.txt", timeout=0.2)
    message = str(info.value)
    assert "path 'never.txt'" in message and re.search(r"saw [12] event\(s\)", message)
    assert re.search(r"CREATE(\|WRITE)? 'seen.txt'", message)


def test_assert_quiet_passes_on_silence_and_hides_its_sentinel(qjs: TestRuntime,
                                                               fs_ops: FileOps) -> None:
    watch = qjs.watch(".")
    watch.assert_quiet()
    assert watch.events == []
    assert not any(p.name.startswith(".qjsbridge-sentinel") for p in qjs.root.iterdir())


def test_assert_quiet_fails_when_a_matching_event_arrived(qjs: TestRuntime,
                                                          fs_ops: FileOps) -> None:
    watch = qjs.watch(".", recursive=True)
    fs_ops.write("noise.txt")  # not yet waited for: assert_quiet must still catch it
    with pytest.raises(AssertionError, match=r"expected no an event with path 'noise.txt'"):
        watch.assert_quiet(path="noise.txt")
    watch.assert_quiet(path="other.txt")  # a non-matching event is allowed


def test_assert_quiet_says_when_the_sentinel_is_filtered_out(qjs: TestRuntime) -> None:
    watch = qjs.watch(".", include=["*.js"])
    with pytest.raises(AssertionError, match="pass sentinel=NAME"):
        watch.assert_quiet(timeout=0.3)
    watch.assert_quiet(sentinel="sentinel.js")


def test_file_operation_patterns(qjs: TestRuntime, fs_ops: FileOps) -> None:
    watch = qjs.watch(".", recursive=True)
    fs_ops.write("doc.txt", "v1")
    watch.wait_for(path="doc.txt")
    fs_ops.atomic_save("doc.txt", "v2")
    assert (qjs.root / "doc.txt").read_text() == "v2"
    fs_ops.rename("doc.txt", "renamed.txt")
    assert watch.wait_for(op="RENAME", path="renamed.txt")["oldRelativeName"] == "doc.txt"
    fs_ops.mkdir_then_file("a/b/c/new.txt")
    watch.wait_for(path="a/b/c/new.txt")
    made = fs_ops.burst("burst", 60, per_dir=20)
    assert len(made) == 60 and (qjs.root / "burst" / "d2" / "file-59.txt").exists()
    for path in made:
        watch.wait_for(path=str(path.relative_to(qjs.root)))
    fs_ops.delete_tree("burst")
    watch.wait_for(op="REMOVE", path="burst")


def test_recorder_sees_errors_and_close(qjs: TestRuntime, fs_ops: FileOps) -> None:
    (qjs.root / "gone").mkdir()
    watch = qjs.watch("gone")
    fs_ops.delete_tree("gone")
    error = watch.wait_for_error("ENOENT")
    assert error["source"] == "watchdog"


def test_closing_a_recorded_watch(qjs: TestRuntime, fs_ops: FileOps) -> None:
    watch = qjs.watch(".")
    other = qjs.watch(".")
    watch.close()
    fs_ops.write("after.txt")
    other.wait_for(path="after.txt")
    assert watch.events == []


def test_settle_then_matching_counts_every_event_for_a_path(qjs: TestRuntime,
                                                            fs_ops: FileOps) -> None:
    watch = qjs.watch(".")
    fs_ops.write("a.txt")
    fs_ops.write("b.txt")
    watch.settle()  # both files have been reported by now, though nothing waited for them
    assert [e["op"] for e in watch.matching(path="a.txt")] == ["CREATE|WRITE"]
    assert len(watch.matching(op="CREATE")) == 2
    assert watch.matching(lambda e: e["relativeName"].startswith("b")) == watch.matching(
        path="b.txt")
    assert {e["relativeName"] for e in watch.events} == {"a.txt", "b.txt"}  # no sentinel shown
    assert not any(p.name.startswith(".qjsbridge-sentinel") for p in qjs.root.iterdir())


def test_settle_fails_when_the_sentinel_is_filtered_out(qjs: TestRuntime) -> None:
    watch = qjs.watch(".", include=["*.js"])
    with pytest.raises(AssertionError, match="pass sentinel=NAME"):
        watch.settle(timeout=0.3)
    watch.settle(sentinel="s.js")


def test_wait_until_returns_the_value_or_fails_naming_it(qjs: TestRuntime,
                                                        fs_ops: FileOps) -> None:
    watch = qjs.watch(".")
    fs_ops.write("one.txt")
    assert watch.wait_until(lambda w: len(w.events)) == 1
    with pytest.raises(AssertionError, match=r"waiting for two events; .* saw 1 event\(s\)"):
        watch.wait_until(lambda w: len(w.events) >= 2, timeout=0.2, what="two events")


def test_history_keeps_the_order_across_kinds(qjs: TestRuntime, fs_ops: FileOps) -> None:
    fs_ops.write("a.txt")
    fs_ops.write("b.txt")
    (qjs.root / "gone").mkdir()
    watch = qjs.watch(".", initial=True)
    watch.wait_until(lambda w: w.readies, what="ready")
    history = watch.history
    assert [kind for kind, _ in history] == ["event", "event", "event", "ready"]
    assert sorted(p["relativeName"] for _, p in history[:3]) == ["a.txt", "b.txt", "gone"]
    assert history[3] == ("ready", watch.readies[0])
    gone = qjs.watch("gone")
    fs_ops.delete_tree("gone")
    gone.wait_until(lambda w: w.closes, what="the close")
    kinds = [kind for kind, _ in gone.history]
    assert kinds.index("error") < kinds.index("close") and gone.errors[0]["code"] == "ENOENT"
    assert ("close", gone.closes[0]) in gone.history


def test_javascript_handles_on_a_recorded_watch(qjs: TestRuntime, fs_ops: FileOps) -> None:
    watch = qjs.watch(".")
    assert qjs.eval(f"{watch.connection_js}.path") == str(qjs.root)
    assert qjs.eval(f"{watch.emitter_js}.listenerCount('event')") == 1
    assert qjs.eval(f"{watch.emitter_js}.constructor.name") == "EventEmitter"
    assert [watch.close(), watch.close()] == [True, True]


def test_watch_into_an_emitter_of_your_own(qjs_factory: Callable[..., TestRuntime]) -> None:
    rt = qjs_factory(global_require=True)
    rt.eval("globalThis.em = new (require('events'))(); globalThis.mine = [];"
            "em.on('event', (e) => mine.push(e.relativeName));")
    watch = rt.watch(".", emitter="em")
    (rt.root / "x.txt").write_text("x")
    watch.wait_for(path="x.txt")
    assert rt.eval("mine") == ["x.txt"]
    rt.eval("globalThis.spare = new (require('events'))()")
    with pytest.raises(JSError, match="ENOENT|no such file|No such file"):
        rt.watch("missing", emitter="spare")
    assert rt.eval("spare.eventNames().length") == 0  # a refused watch adds no listener


def test_paths_go_to_javascript_as_given(qjs_factory: Callable[..., TestRuntime],
                                         tmp_path: Path) -> None:
    (tmp_path / "inner").mkdir()
    rt = qjs_factory(fswatch=FSWatchOptions(root=str(tmp_path / "inner")))
    watch = rt.watch(".")  # relative to the fswatch root, not the runtime's
    assert watch.path == tmp_path / "inner" and watch.connection["path"] == str(tmp_path / "inner")
    with pytest.raises(JSError, match='path "../x" escapes root'):
        rt.watch("../x")
    (tmp_path / "inner" / "f.txt").write_text("x")
    watch.wait_for(path="f.txt")
    watch.assert_quiet(path="other.txt")  # the sentinel went into the watched directory


def test_global_require_is_opt_in(qjs: TestRuntime,
                                  qjs_factory: Callable[..., TestRuntime]) -> None:
    assert qjs.eval("typeof require") == "undefined"
    assert qjs_factory(global_require=True).eval("typeof require('path').join") == "function"


def test_console_output_is_recorded(qjs: TestRuntime) -> None:
    qjs.eval('console.log("out"); console.error("err")')
    assert (qjs.console.lines, qjs.console.stderr) == (["out"], "err\n")


def test_qjs_run_in_process_and_as_a_subprocess(
        qjs_run: Callable[..., RunResult], qjs_run_subprocess: Callable[..., RunResult],
        tmp_path: Path) -> None:
    source = 'console.log("argv", process.argv.slice(2).join(",")); process.exitCode = 4;'
    for run in (qjs_run, qjs_run_subprocess):
        result = run(source, "x", "y")
        assert (result.exit_code, result.stdout_lines, result.stderr) == (4, ["argv x,y"], "")
    (tmp_path / "boom.js").write_text("throw new TypeError('bad')")
    result = qjs_run("boom.js")
    assert result.exit_code == 1 and "TypeError: bad" in result.stderr


def test_qjs_run_stops_a_script_that_does_not_end(qjs_run: Callable[..., RunResult]) -> None:
    result = qjs_run("setInterval(() => {}, 1000)", timeout=0.5)
    assert result.exit_code == 130


# -- the leak check, run on inner test files ----------------------------------------------------------
def _run_inner(pytester: pytest.Pytester, source: str) -> pytest.RunResult:
    pytester.makepyfile(test_inner=textwrap.dedent(source))
    return pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")


def test_leak_check_fails_when_a_watch_is_left_open(pytester: pytest.Pytester) -> None:
    result = _run_inner(pytester, """
        from qjsbridge.testing import TestRuntime

        def test_forgets_to_close(qjs_leak_check, tmp_path):
            rt = TestRuntime(tmp_path)
            rt.watch(".")
    """)
    result.assert_outcomes(passed=1, errors=1)
    output = result.stdout.str()
    assert "left open by the test" in output
    assert "inotify watch" in output and "thread" in output


def test_leak_check_fails_for_a_child_process_and_a_file(pytester: pytest.Pytester) -> None:
    result = _run_inner(pytester, """
        import subprocess

        def test_leaves_a_child(qjs_leak_check, tmp_path):
            test_leaves_a_child.proc = subprocess.Popen(["sleep", "30"])
            test_leaves_a_child.file = open(tmp_path / "f", "w")
    """)
    result.assert_outcomes(passed=1, errors=1)
    output = result.stdout.str()
    assert "child process" in output and "file descriptor" in output


def test_leak_check_passes_when_everything_is_closed(pytester: pytest.Pytester) -> None:
    result = _run_inner(pytester, """
        def test_clean(qjs, fs_ops):
            watch = qjs.watch(".", recursive=True)
            fs_ops.mkdir_then_file("x/y.txt")
            watch.wait_for(path="x/y.txt")
    """)
    result.assert_outcomes(passed=1)


def test_the_example_test_file_passes(pytester: pytest.Pytester) -> None:
    example = (ROOT / "examples" / "test_watch_example.py").read_text()
    pytester.makepyfile(test_watch_example=example)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_the_testing_guide_shows_the_example_file() -> None:
    guide = (ROOT / "qjsbridge" / "docs" / "testing.md").read_text()
    example = (ROOT / "examples" / "test_watch_example.py").read_text()
    assert f"<!-- file: test_watch_example.py -->\n```python\n{example}```" in guide


def test_plugin_is_registered_through_the_entry_point() -> None:
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="pytest11") if e.name == "qjsbridge"]
    assert entry.value == "qjsbridge.pytest_plugin"


def test_recorder_type_is_public(qjs: TestRuntime) -> None:
    assert isinstance(qjs.watch("."), WatchRecorder)


def test_the_test_runtime_has_the_in_memory_bus(qjs_factory: Callable[..., TestRuntime]) -> None:
    # Python publishes into the script through qjs.bus; the script publishes back.
    import time

    from qjsbridge.bus import Message, SubscribeOptions

    qjs = qjs_factory(global_require=True)

    done: list[bytes] = []
    qjs.bus.subscribe("done", lambda d: (done.append(d.message.payload), d.ack()),
                      SubscribeOptions(group="collector"))
    qjs.eval("""
      const jobs = new (require("events"))();
      bus.connect("jobs", jobs, { group: "workers" });
      jobs.on("message", async (msg) => { await bus.publish("done", msg.payload.toUpperCase()); msg.ack(); });
    """)
    qjs.bus.publish("jobs", Message.of("hello"))
    deadline = time.monotonic() + 10
    while not done and time.monotonic() < deadline:
        time.sleep(0.01)
    assert done == [b"HELLO"]
