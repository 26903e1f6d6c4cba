"""fswatch round 2: the hostile-input defects, one event per logical change, ready/initial,
depth, awaitWriteFinish, .gitignore and the polling backend.

On the project's pytest plugin. Negative checks settle the recorder (a sentinel file's event) or
wait for a later event instead of sleeping.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qjsbridge.engine.errors import JSError
from qjsbridge.fswatch import helper as helper_mod
from qjsbridge.fswatch import polling
from qjsbridge.fswatch.debounce import Debouncer
from qjsbridge.testing import LeakSnapshot, RunResult, TestRuntime, WatchRecorder
from tests.conftest import wait_for

Policy = Callable[..., TestRuntime]


def inotify_watches() -> int:
    return LeakSnapshot.take().inotify_watches


def throws(rt: TestRuntime, js: str) -> str:
    with pytest.raises(JSError) as info:
        rt.eval(js)
    return str(info.value)


def before_ready(w: WatchRecorder) -> list[dict[str, Any]]:
    """The file events delivered before the first ``ready``."""
    history = w.history
    at = [kind for kind, _ in history].index("ready")
    return [payload for kind, payload in history[:at] if kind == "event"]


# -- item 7: defects ----------------------------------------------------------------------------
def test_host_policy_is_checked_in_option_order(qjs_policy: Policy, watched: Path) -> None:
    rt = qjs_policy(allow_recursive=False, max_debounce=0.1)
    d = json.dumps(str(watched))
    assert "recursive watches are not allowed" in throws(
        rt, f"fswatch.watch({d}, em, {{recursive: true, debounceMs: -1}})")
    assert "recursive watches are not allowed" in throws(
        rt, f"fswatch.watch({d}, em, {{recursive: true, exclude: 5}})")
    assert "exceeds maximum of 100ms" in throws(
        rt, f"fswatch.watch({d}, em, {{debounceMs: 500, exclude: 5}})")
    # the unknown-option check comes last, as documented
    assert "exclude must be an array" in throws(rt, f"fswatch.watch({d}, em, {{bogus: 1, exclude: 5}})")
    assert 'unknown option "bogus"' in throws(rt, f"fswatch.watch({d}, em, {{bogus: 1}})")


@pytest.mark.parametrize("value", ["Number.MAX_VALUE", "1e21", "2**53", "2**53 - 1", "Infinity",
                                   "3600001"])
def test_huge_durations_are_refused(qjs_policy: Policy, watched: Path, value: str) -> None:
    rt = qjs_policy()
    d = json.dumps(str(watched))
    for option in (f"{{debounceMs: {value}}}", f"{{poll: {{intervalMs: {value}}}}}",
                   f"{{awaitWriteFinish: {{stabilityMs: {value}}}}}"):
        message = throws(rt, f"fswatch.watch({d}, em, {option})")
        assert "RangeError" in message and "at most 3600000 ms" in message, message
        assert "ValueError" not in message


def test_the_largest_debounce_does_not_break_other_watches(qjs: TestRuntime, watched: Path,
                                                           tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    qjs.watch(watched, debounceMs=3_600_000)
    probe = qjs.watch(watched)  # undebounced: its event shows the change reached the watches
    fast = qjs.watch(other, debounceMs=10)
    (watched / "slow.txt").write_text("x")
    probe.wait_for(path="slow.txt")  # the hour-long timer is pending now
    (other / "fast.txt").write_text("x")
    fast.wait_for(path="fast.txt")


def test_debouncer_survives_an_absurd_delay() -> None:
    timers = Debouncer()
    try:
        done = threading.Event()
        timers.add("huge", 1, None, 2.0**53, lambda k, p: None)
        timers.add("small", 1, None, 0.01, lambda k, p: done.set())
        assert done.wait(5), "the timer thread died"
    finally:
        timers.close()


@pytest.mark.parametrize("value", ["1n", "(() => { const o = {}; o.self = o; return o; })()",
                                   "{toJSON() { globalThis.ran = true; return {}; }}", "{}", "42"])
def test_a_non_emitter_is_refused_without_running_user_code(qjs: TestRuntime, watched: Path,
                                                            value: str) -> None:
    qjs.eval("globalThis.ran = false")
    message = throws(qjs, f"fswatch.watch({json.dumps(str(watched))}, {value})")
    assert "TypeError" in message and "not an events.EventEmitter" in message, message
    assert qjs.eval("globalThis.ran") is False


def test_an_overlong_path_is_refused_at_once(qjs_policy: Policy) -> None:
    rt = qjs_policy()
    started = time.monotonic()
    message = throws(rt, "fswatch.watch('x/'.repeat(1 << 19), em)")
    assert time.monotonic() - started < 5
    assert "longer than 4096" in message and "RangeError" in message
    code = rt.eval("(() => { try { fswatch.watch('x/'.repeat(1 << 19), em) } "
                   "catch (e) { return e.code } })()")
    assert code == "ENAMETOOLONG"


def test_a_path_is_resolved_once_per_watch(qjs: TestRuntime, watched: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = os.path.realpath

    def counting(path: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(helper_mod.os.path, "realpath", counting)
    qjs.watch(watched)
    assert calls.count(str(watched)) == 1


# -- one event per logical change -------------------------------------------------------------------
def test_new_file_rewrite_and_atomic_save_are_one_event_each(qjs: TestRuntime,
                                                             watched: Path) -> None:
    (watched / "existing.txt").write_text("old")
    (watched / "doc.txt").write_text("v1")
    w = qjs.watch(watched)
    with open(watched / "new.txt", "w") as f:
        f.write("a")
        f.flush()
        f.write("b")
    with open(watched / "existing.txt", "w") as f:
        for i in range(10):
            f.write(str(i))
            f.flush()
    (watched / "doc.txt.tmp").write_text("v2")
    os.replace(watched / "doc.txt.tmp", watched / "doc.txt")
    w.settle()
    new = w.matching(path="new.txt")
    assert [e["op"] for e in new] == ["CREATE|WRITE"]
    rewrite = w.matching(path="existing.txt")
    assert [e["op"] for e in rewrite] == ["WRITE"]  # the kernel may merge repeated MODIFYs
    target = w.matching(path="doc.txt")
    assert len(target) == 1 and target[0]["write"] and target[0]["oldRelativeName"] == "doc.txt.tmp"


def test_a_written_file_is_reported_when_its_writer_closes_it(qjs: TestRuntime,
                                                              watched: Path) -> None:
    w = qjs.watch(watched)
    (watched / "before").write_text("x")
    with open(watched / "big.txt", "w") as f:
        for _ in range(20):
            f.write("x" * 1000)
            f.flush()
        (watched / "during").write_text("x")  # reported while big.txt is still open
        w.wait_for(path="during")
        assert w.matching(path="big.txt") == []
    ev = w.wait_for(path="big.txt")
    assert ev["op"] == "CREATE|WRITE"
    w.settle()
    assert len(w.matching(path="big.txt")) == 1


def test_a_file_that_stays_open_is_still_reported(qjs: TestRuntime, watched: Path) -> None:
    w = qjs.watch(watched)
    with open(watched / "app.log", "w") as f:
        f.write("line 1\n")
        f.flush()
        ev = w.wait_for(path="app.log")  # while the writer keeps it open
        assert ev["create"]
        f.write("line 2\n")
        f.flush()
        w.wait_until(lambda w: len(w.matching(path="app.log")) == 2, what="the second write")
        assert w.matching(path="app.log")[1]["op"] == "WRITE"


def test_raw_keeps_kernel_events(qjs: TestRuntime, watched: Path) -> None:
    w = qjs.watch(watched, raw=True)
    (watched / "f.txt").write_text("x")
    w.wait_until(lambda w: [e["op"] for e in w.matching(path="f.txt")] == ["CREATE", "WRITE"],
                 what="CREATE then WRITE")


@pytest.mark.parametrize("backend", ["inotify", "polling"])
def test_files_that_appear_complete_are_create_write_unless_empty(
        qjs_policy: Policy, watched: Path, tmp_path: Path, backend: str) -> None:
    # moved in from outside (alone, or inside a directory that is then scanned): no writer is
    # seen, yet the name holds contents, as after a create+write+close
    rt = qjs_policy(allow_polling=True, min_poll_interval=0.02)
    opts: dict[str, Any] = {"poll": {"intervalMs": 50}} if backend == "polling" else {}
    w = rt.watch(watched, recursive=True, **opts)
    outside = tmp_path / "outside"
    (outside / "tree" / "sub").mkdir(parents=True)
    (outside / "moved.txt").write_text("contents")
    (outside / "empty.txt").touch()
    (outside / "tree" / "sub" / "inner.txt").write_text("x")
    (outside / "tree" / "blank.txt").touch()
    for name in ("moved.txt", "empty.txt", "tree"):
        os.rename(outside / name, watched / name)
    expected = {"moved.txt": "CREATE|WRITE", "empty.txt": "CREATE", "tree": "CREATE",
                "tree/sub": "CREATE", "tree/sub/inner.txt": "CREATE|WRITE",
                "tree/blank.txt": "CREATE"}
    w.wait_until(lambda w: set(expected) <= {e["relativeName"] for e in w.events},
                 what="every moved-in entry")
    w.settle()
    assert {path: [e["op"] for e in w.matching(path=path)] for path in expected} == \
        {path: [op] for path, op in expected.items()}


# -- ready and initial -------------------------------------------------------------------------
def test_ready_promise_and_event(qjs_policy: Policy, watched: Path) -> None:
    rt = qjs_policy()
    rt.eval('globalThis.order = []; em.on("ready", (r) => order.push(["event", r.watchPath]));')
    w = rt.watch(watched, emitter="em")
    rt.eval(f'{w.connection_js}.ready.then(() => order.push(["promise"]))')
    wait_for(lambda: len(rt.eval("order")) == 2, message="ready")
    assert rt.eval("order") == [["event", str(watched)], ["promise"]]


def test_initial_scan_reports_everything_once_before_ready(qjs: TestRuntime,
                                                           watched: Path) -> None:
    (watched / "a").mkdir()
    (watched / "a" / "one.txt").write_text("1")
    (watched / "two.js").write_text("2")
    (watched / "skip.tmp").write_text("x")
    w = qjs.watch(watched, recursive=True, initial=True, exclude=["*.tmp"])
    w.wait_until(lambda w: w.readies, what="ready")
    initial = before_ready(w)
    assert {(e["relativeName"], e["op"], e["initial"], e["isDir"]) for e in initial} == {
        ("a", "CREATE", True, True), ("a/one.txt", "CREATE", True, False),
        ("two.js", "CREATE", True, False)}
    assert len(initial) == 3


def test_initial_scan_racing_changes_loses_and_repeats_nothing(qjs: TestRuntime,
                                                               watched: Path) -> None:
    for i in range(3000):
        (watched / f"old{i:04d}").write_text("x")
    w = qjs.watch(watched, initial=True)
    for i in range(300):  # while the scan runs
        (watched / f"new{i:03d}").write_text("x")
    w.wait_until(lambda w: len(w.events) >= 3300
                 and len(w.matching(lambda e: e["create"])) >= 3300,
                 timeout=30, what="every file")
    w.settle()
    creates = [e["relativeName"] for e in w.matching(lambda e: e["create"])]
    assert len(creates) == len(set(creates)) == 3300


def test_ready_resolves_when_closed_first(qjs: TestRuntime, watched: Path) -> None:
    w = qjs.watch(watched, initial=True)
    conn = w.connection_js
    qjs.eval(f"{conn}.close(); globalThis.done = false; {conn}.ready.then(() => {{ done = true; }})")
    wait_for(lambda: qjs.eval("done"), message="ready after close")


# -- depth ----------------------------------------------------------------------------------
def test_depth_limits_events_and_os_watches(qjs: TestRuntime, watched: Path) -> None:
    deep = watched / "a" / "b" / "c"
    deep.mkdir(parents=True)
    before = inotify_watches()
    w = qjs.watch(watched, recursive=True, depth=1)
    assert inotify_watches() - before == 2  # the root and a; not a/b, a/b/c
    (deep / "deep.txt").write_text("x")
    (watched / "a" / "b" / "edge.txt").write_text("x")  # depth 2: not reported
    (watched / "a" / "ok.txt").write_text("x")  # depth 1
    (watched / "top.txt").write_text("x")  # depth 0
    w.wait_for(path="top.txt")
    w.wait_for(path="a/ok.txt")
    assert not any(e["relativeName"].startswith("a/b/") for e in w.events)


def test_depth_zero_is_the_direct_children(qjs: TestRuntime, watched: Path) -> None:
    (watched / "sub").mkdir()
    w = qjs.watch(watched, recursive=True, depth=0)
    (watched / "sub" / "inner.txt").write_text("x")
    (watched / "sub2").mkdir()
    w.wait_for(path="sub2")
    (watched / "top.txt").write_text("x")
    w.wait_for(path="top.txt")
    assert not any("/" in e["relativeName"] for e in w.events)


@pytest.mark.parametrize("value", ["-1", "1.5", "1001", "'x'"])
def test_bad_depth_is_refused(qjs_policy: Policy, watched: Path, value: str) -> None:
    assert "depth must be an integer" in throws(
        qjs_policy(), f"fswatch.watch({json.dumps(str(watched))}, em, {{depth: {value}}})")


# -- awaitWriteFinish -----------------------------------------------------------------------
def test_await_write_finish_waits_for_a_writer_that_reopens(qjs: TestRuntime,
                                                            watched: Path) -> None:
    w = qjs.watch(watched, awaitWriteFinish={"stabilityMs": 300, "pollMs": 20})
    target = watched / "copy.bin"
    started = time.monotonic()
    for i in range(5):  # a copy tool that closes and reopens between chunks
        with open(target, "a") as f:
            f.write("x" * 100)
        time.sleep(0.05)  # the copy tool's pause between chunks, part of the case under test
    finished = time.monotonic()
    ev = w.wait_for(path="copy.bin")
    arrived = time.monotonic()
    assert arrived - finished >= 0.25 and arrived - started >= 0.5
    assert ev["create"] and ev["write"]
    w.settle()
    assert len(w.matching(path="copy.bin")) == 1


def test_await_write_finish_defaults(qjs_policy: Policy, watched: Path) -> None:
    rt = qjs_policy()
    conn = rt.eval(f"fswatch.watch({json.dumps(str(watched))}, em, "
                   "{awaitWriteFinish: true}).path")
    assert conn == str(watched)
    assert "awaitWriteFinish must be" in throws(
        rt, f"fswatch.watch({json.dumps(str(watched))}, em, {{awaitWriteFinish: 5}})")


# -- polling ------------------------------------------------------------------------------
def test_poll_needs_host_permission(qjs_policy: Policy, watched: Path) -> None:
    assert "polling watches are not allowed" in throws(
        qjs_policy(), f"fswatch.watch({json.dumps(str(watched))}, em, {{poll: true}})")


def test_poll_interval_has_a_host_minimum(qjs_policy: Policy, watched: Path) -> None:
    rt = qjs_policy(allow_polling=True, min_poll_interval=0.05)
    assert "below the minimum of 50ms" in throws(
        rt, f"fswatch.watch({json.dumps(str(watched))}, em, {{poll: {{intervalMs: 1}}}})")


@pytest.mark.parametrize("how", ["option", "environment", "statfs"])
def test_polling_backend_reports_the_edit_patterns(
        qjs_policy: Policy, watched: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, how: str) -> None:
    rt = qjs_policy(allow_polling=True, min_poll_interval=0.02)
    options: dict[str, Any] = {"recursive": True}
    if how == "option":
        options["poll"] = {"intervalMs": 50}
    elif how == "environment":
        monkeypatch.setenv("QJSBRIDGE_FORCE_POLLING", "1")
    else:
        monkeypatch.setattr(polling, "filesystem_type", lambda path: "nfs")
    (watched / "doc.txt").write_text("v1")
    (watched / "old.txt").write_text("x")
    (watched / "gone.txt").write_text("x")
    with caplog.at_level(logging.WARNING, logger="qjsbridge.fswatch.helper"):
        w = rt.watch(watched, **options)
    assert w.connection["backend"] == "polling"
    if how == "statfs":
        assert any("nfs" in r.getMessage() and "polling" in r.getMessage() for r in caplog.records)
    (watched / "new.txt").write_text("x")
    w.wait_for(path="new.txt")
    (watched / "doc.txt.tmp").write_text("v2 longer")
    os.replace(watched / "doc.txt.tmp", watched / "doc.txt")
    (watched / "old.txt").rename(watched / "renamed.txt")
    (watched / "gone.txt").unlink()
    (watched / "newdir").mkdir()
    (watched / "newdir" / "inner.txt").write_text("x")
    w.wait_for(path="newdir/inner.txt")
    w.wait_for(path="renamed.txt")
    w.wait_for(path="gone.txt")
    doc = w.wait_for(path="doc.txt")
    assert doc["write"] and doc["source"] == "polling"
    renamed = w.matching(path="renamed.txt")
    assert len(renamed) == 1 and renamed[0]["rename"] and renamed[0]["oldRelativeName"] == "old.txt"
    assert [e["op"] for e in w.matching(path="gone.txt")] == ["REMOVE"]
    assert [e["op"] for e in w.matching(path="newdir")] == ["CREATE"]
    assert len(w.matching(path="new.txt")) == 1 and len(w.matching(path="doc.txt")) == 1


def test_polling_burst_into_new_subdirectories(qjs_policy: Policy, watched: Path) -> None:
    rt = qjs_policy(allow_polling=True, min_poll_interval=0.02)
    w = rt.watch(watched, recursive=True, poll={"intervalMs": 100}, initial=True)
    expected = set()
    for i in range(5000):
        d = watched / f"d{i // 100:02d}"
        if i % 100 == 0:
            d.mkdir()
        (d / f"f{i:04d}.txt").write_text("x")
        expected.add(f"d{i // 100:02d}/f{i:04d}.txt")
    w.wait_until(lambda w: len(w.events) >= 5000
                 and len(w.matching(lambda e: not e["isDir"])) >= 5000,
                 timeout=60, what="every file")
    w.settle()
    files = w.matching(lambda e: not e["isDir"])
    creates = [e["relativeName"] for e in files if e["create"]]
    assert set(creates) == expected and len(creates) == 5000
    # a poll may catch a file between its creation and its write: then one WRITE follows
    writes = [e["relativeName"] for e in files if not e["create"]]
    assert all(e["op"] == "WRITE" for e in files if not e["create"])
    assert len(writes) == len(set(writes))


def test_polling_initial_and_ready(qjs_policy: Policy, watched: Path) -> None:
    rt = qjs_policy(allow_polling=True)
    (watched / "here.txt").write_text("x")
    w = rt.watch(watched, poll=True, initial=True)
    rt.eval(f"globalThis.ok = false; {w.connection_js}.ready.then(() => {{ ok = true; }})")
    wait_for(lambda: rt.eval("ok"), message="ready")
    assert [(e["relativeName"], e["initial"]) for e in w.events] == [("here.txt", True)]


def test_polling_reports_a_removed_root(qjs_policy: Policy, watched: Path) -> None:
    rt = qjs_policy(allow_polling=True, min_poll_interval=0.02)
    sub = watched / "sub"
    sub.mkdir()
    w = rt.watch(sub, poll={"intervalMs": 30})
    sub.rmdir()
    w.wait_until(lambda w: len(w.closes) == 1, what="close")
    assert w.errors[0]["code"] == "ENOENT"


@pytest.mark.parametrize(("magic", "mounted", "want"), [
    (0x6969, None, "nfs"), (0xFF534D42, None, "cifs"), (0x01021997, None, "9p"),
    (0x65735546, "fuse.sshfs", "fuse.sshfs"), (0xEF53, None, None)])
def test_network_file_systems_are_recognised(monkeypatch: pytest.MonkeyPatch, magic: int,
                                             mounted: str | None, want: str | None) -> None:
    monkeypatch.setattr(polling, "_statfs_magic", lambda path: magic)
    monkeypatch.setattr(polling, "_mount_type", lambda path: mounted)
    assert polling.needs_polling("/somewhere") == want


def test_statfs_reads_this_machines_file_system(tmp_path: Path) -> None:
    # the real call: whatever tmp_path is on, it has a name and needs no polling
    assert polling._statfs_magic(str(tmp_path)) is not None
    assert polling.needs_polling(str(tmp_path)) is None


def test_cli_poll_flag(qjs_run: Callable[..., RunResult], tmp_path: Path) -> None:
    (tmp_path / "p.js").write_text("const EventEmitter = require('events');\n"
                                   "const c = fswatch.watch('.', new EventEmitter());\n"
                                   "console.log(c.backend); c.close();\n")
    result = qjs_run("p.js", cli_args=["--poll"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "polling"


def test_polling_when_inotify_is_unavailable(qjs: TestRuntime, watched: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    import errno

    from qjsbridge.fswatch import inotify

    def no_inotify() -> Any:
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(inotify, "_make_observer", no_inotify)
    with caplog.at_level(logging.WARNING, logger="qjsbridge.fswatch.helper"):
        w = qjs.watch(watched)
    assert w.connection["backend"] == "polling"
    assert any("inotify is unavailable" in r.getMessage() for r in caplog.records)
    (watched / "f.txt").write_text("x")
    assert w.wait_for(path="f.txt")["source"] == "polling"


def test_watchdog_is_imported_at_the_first_watch(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = f"""
import sys
from qjsbridge import jsevents
from qjsbridge.engine.runtime import RuntimeFactoryBuilder
from qjsbridge.fswatch import FSWatchHelper, FSWatchOptions
rt = (RuntimeFactoryBuilder().with_runtime_initializers(
    jsevents.install(), FSWatchHelper(FSWatchOptions(root={str(tmp_path)!r}))).build().new_runtime())
before = "watchdog" in sys.modules
rt.eval("typeof fswatch.watch")
rt.close()
print(before)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
