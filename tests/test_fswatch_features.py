"""fswatch round 2: the hostile-input defects, one event per logical change, ready/initial,
depth, awaitWriteFinish, .gitignore and the polling backend.

Negative checks wait for a later event (a sentinel) instead of sleeping.
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
from tests.conftest import wait_for
from tests.test_fswatch import Rig, make_rig, named, rig  # noqa: F401  (fixtures)


def inotify_watch_count() -> int:
    """Inotify watches held by this process (every inotify descriptor's fdinfo)."""
    total = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") != "anon_inode:inotify":
                continue
            with open(f"/proc/self/fdinfo/{fd}") as f:
                total += sum(1 for line in f if line.startswith("inotify wd:"))
        except OSError:
            continue
    return total


def throws(rig: Rig, js: str) -> str:
    with pytest.raises(JSError) as info:
        rig.rt.eval(js)
    return str(info.value)


def events_for(rig: Rig, rel: str) -> list[dict[str, Any]]:
    return [e for e in rig.events() if e["relativeName"] == rel]


# -- item 7: defects ----------------------------------------------------------------------------
def test_host_policy_is_checked_in_option_order(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(allow_recursive=False, max_debounce=0.1)
    d = json.dumps(str(rig.dir))
    assert "recursive watches are not allowed" in throws(
        rig, f"fswatch.watch({d}, em, {{recursive: true, debounceMs: -1}})")
    assert "recursive watches are not allowed" in throws(
        rig, f"fswatch.watch({d}, em, {{recursive: true, exclude: 5}})")
    assert "exceeds maximum of 100ms" in throws(
        rig, f"fswatch.watch({d}, em, {{debounceMs: 500, exclude: 5}})")
    # the unknown-option check comes last, as documented
    assert "exclude must be an array" in throws(rig, f"fswatch.watch({d}, em, {{bogus: 1, exclude: 5}})")
    assert 'unknown option "bogus"' in throws(rig, f"fswatch.watch({d}, em, {{bogus: 1}})")


@pytest.mark.parametrize("value", ["Number.MAX_VALUE", "1e21", "2**53", "2**53 - 1", "Infinity",
                                   "3600001"])
def test_huge_durations_are_refused(rig: Rig, value: str) -> None:
    d = json.dumps(str(rig.dir))
    for option in (f"{{debounceMs: {value}}}", f"{{poll: {{intervalMs: {value}}}}}",
                   f"{{awaitWriteFinish: {{stabilityMs: {value}}}}}"):
        message = throws(rig, f"fswatch.watch({d}, em, {option})")
        assert "RangeError" in message and "at most 3600000 ms" in message, message
        assert "ValueError" not in message


def test_the_largest_debounce_does_not_break_other_watches(rig: Rig, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    rig.watch(rig.dir, {"debounceMs": 3_600_000})
    rig.rt.eval(f"fswatch.watch({json.dumps(str(other))}, sentinelEm, {{debounceMs: 10}})")
    (rig.dir / "slow.txt").write_text("x")
    time.sleep(0.05)
    (other / "fast.txt").write_text("x")
    rig.wait_event(named("fast.txt"), into="s")


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
def test_a_non_emitter_is_refused_without_running_user_code(rig: Rig, value: str) -> None:
    rig.rt.eval("globalThis.ran = false")
    message = throws(rig, f"fswatch.watch({json.dumps(str(rig.dir))}, {value})")
    assert "TypeError" in message and "not an events.EventEmitter" in message, message
    assert rig.rt.eval("globalThis.ran") is False


def test_an_overlong_path_is_refused_at_once(rig: Rig) -> None:
    started = time.monotonic()
    message = throws(rig, "fswatch.watch('x/'.repeat(1 << 19), em)")
    assert time.monotonic() - started < 5
    assert "longer than 4096" in message and "RangeError" in message
    code = rig.rt.eval("(() => { try { fswatch.watch('x/'.repeat(1 << 19), em) } "
                       "catch (e) { return e.code } })()")
    assert code == "ENAMETOOLONG"


def test_a_path_is_resolved_once_per_watch(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = os.path.realpath

    def counting(path: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(helper_mod.os.path, "realpath", counting)
    rig.watch(rig.dir)
    assert calls.count(str(rig.dir)) == 1


# -- one event per logical change -------------------------------------------------------------------
def test_new_file_rewrite_and_atomic_save_are_one_event_each(rig: Rig) -> None:
    (rig.dir / "existing.txt").write_text("old")
    (rig.dir / "doc.txt").write_text("v1")
    rig.watch(rig.dir)
    with open(rig.dir / "new.txt", "w") as f:
        f.write("a")
        f.flush()
        f.write("b")
    with open(rig.dir / "existing.txt", "w") as f:
        for i in range(10):
            f.write(str(i))
            f.flush()
    (rig.dir / "doc.txt.tmp").write_text("v2")
    os.replace(rig.dir / "doc.txt.tmp", rig.dir / "doc.txt")
    (rig.dir / "sentinel").write_text("x")
    rig.wait_event(named("sentinel"))
    new = events_for(rig, "new.txt")
    assert [e["op"] for e in new] == ["CREATE|WRITE"]
    rewrite = events_for(rig, "existing.txt")
    assert [e["op"] for e in rewrite] == ["WRITE"]  # the kernel may merge repeated MODIFYs
    target = events_for(rig, "doc.txt")
    assert len(target) == 1 and target[0]["write"] and target[0]["oldRelativeName"] == "doc.txt.tmp"


def test_a_written_file_is_reported_when_its_writer_closes_it(rig: Rig) -> None:
    rig.watch(rig.dir)
    (rig.dir / "before").write_text("x")
    with open(rig.dir / "big.txt", "w") as f:
        for _ in range(20):
            f.write("x" * 1000)
            f.flush()
        (rig.dir / "during").write_text("x")  # reported while big.txt is still open
        rig.wait_event(named("during"))
        assert events_for(rig, "big.txt") == []
    ev = rig.wait_event(named("big.txt"))
    assert ev["op"] == "CREATE|WRITE"
    (rig.dir / "sentinel").write_text("x")
    rig.wait_event(named("sentinel"))
    assert len(events_for(rig, "big.txt")) == 1


def test_a_file_that_stays_open_is_still_reported(rig: Rig) -> None:
    rig.watch(rig.dir)
    with open(rig.dir / "app.log", "w") as f:
        f.write("line 1\n")
        f.flush()
        ev = rig.wait_event(named("app.log"))  # while the writer keeps it open
        assert ev["create"]
        f.write("line 2\n")
        f.flush()
        wait_for(lambda: len(events_for(rig, "app.log")) == 2, message="the second write")
        assert events_for(rig, "app.log")[1]["op"] == "WRITE"


def test_raw_keeps_kernel_events(rig: Rig) -> None:
    rig.watch(rig.dir, {"raw": True})
    (rig.dir / "f.txt").write_text("x")
    wait_for(lambda: [e["op"] for e in events_for(rig, "f.txt")] == ["CREATE", "WRITE"],
             message="CREATE then WRITE")


# -- ready and initial -------------------------------------------------------------------------
def test_ready_promise_and_event(rig: Rig) -> None:
    rig.rt.eval('globalThis.order = []; em.on("ready", (r) => order.push(["event", r.watchPath]));')
    rig.watch(rig.dir)
    rig.rt.eval('conn.ready.then(() => order.push(["promise"]))')
    wait_for(lambda: len(rig.rt.eval("order")) == 2, message="ready")
    assert rig.rt.eval("order") == [["event", str(rig.dir)], ["promise"]]


def test_initial_scan_reports_everything_once_before_ready(rig: Rig) -> None:
    (rig.dir / "a").mkdir()
    (rig.dir / "a" / "one.txt").write_text("1")
    (rig.dir / "two.js").write_text("2")
    (rig.dir / "skip.tmp").write_text("x")
    rig.rt.eval('em.on("ready", () => { globalThis.atReady = w.events.length; });')
    rig.watch(rig.dir, {"recursive": True, "initial": True, "exclude": ["*.tmp"]})
    wait_for(lambda: rig.rt.eval("globalThis.atReady !== undefined"), message="ready")
    initial = rig.events()[: rig.rt.eval("atReady")]
    assert {(e["relativeName"], e["op"], e["initial"], e["isDir"]) for e in initial} == {
        ("a", "CREATE", True, True), ("a/one.txt", "CREATE", True, False),
        ("two.js", "CREATE", True, False)}
    assert len(initial) == 3


def test_initial_scan_racing_changes_loses_and_repeats_nothing(rig: Rig) -> None:
    for i in range(3000):
        (rig.dir / f"old{i:04d}").write_text("x")
    rig.watch(rig.dir, {"initial": True})
    for i in range(300):  # while the scan runs
        (rig.dir / f"new{i:03d}").write_text("x")
    wait_for(lambda: rig.rt.eval("w.events.filter((e) => e.create).length") >= 3300, timeout=30,
             message="every file")
    (rig.dir / "sentinel").write_text("x")
    rig.wait_event(named("sentinel"))
    creates = [e["relativeName"] for e in rig.events() if e["create"]]
    assert len(creates) == len(set(creates)) == 3301


def test_ready_resolves_when_closed_first(rig: Rig) -> None:
    rig.watch(rig.dir, {"initial": True})
    rig.rt.eval("conn.close(); globalThis.done = false; conn.ready.then(() => { done = true; })")
    wait_for(lambda: rig.rt.eval("done"), message="ready after close")


# -- depth ----------------------------------------------------------------------------------
def test_depth_limits_events_and_os_watches(rig: Rig) -> None:
    deep = rig.dir / "a" / "b" / "c"
    deep.mkdir(parents=True)
    before = inotify_watch_count()
    rig.watch(rig.dir, {"recursive": True, "depth": 1})
    assert inotify_watch_count() - before == 2  # the root and a; not a/b, a/b/c
    (deep / "deep.txt").write_text("x")
    (rig.dir / "a" / "b" / "edge.txt").write_text("x")  # depth 2: not reported
    (rig.dir / "a" / "ok.txt").write_text("x")  # depth 1
    (rig.dir / "top.txt").write_text("x")  # depth 0
    rig.wait_event(named("top.txt"))
    rig.wait_event(named("a/ok.txt"))
    assert not any(e["relativeName"].startswith("a/b/") for e in rig.events())


def test_depth_zero_is_the_direct_children(rig: Rig) -> None:
    (rig.dir / "sub").mkdir()
    rig.watch(rig.dir, {"recursive": True, "depth": 0})
    (rig.dir / "sub" / "inner.txt").write_text("x")
    (rig.dir / "sub2").mkdir()
    rig.wait_event(named("sub2"))
    (rig.dir / "top.txt").write_text("x")
    rig.wait_event(named("top.txt"))
    assert not any("/" in e["relativeName"] for e in rig.events())


@pytest.mark.parametrize("value", ["-1", "1.5", "1001", "'x'"])
def test_bad_depth_is_refused(rig: Rig, value: str) -> None:
    assert "depth must be an integer" in throws(
        rig, f"fswatch.watch({json.dumps(str(rig.dir))}, em, {{depth: {value}}})")


# -- awaitWriteFinish -----------------------------------------------------------------------
def test_await_write_finish_waits_for_a_writer_that_reopens(rig: Rig) -> None:
    rig.watch(rig.dir, {"awaitWriteFinish": {"stabilityMs": 300, "pollMs": 20}})
    target = rig.dir / "copy.bin"
    started = time.monotonic()
    for i in range(5):  # a copy tool that closes and reopens between chunks
        with open(target, "a") as f:
            f.write("x" * 100)
        time.sleep(0.05)
    finished = time.monotonic()
    ev = rig.wait_event(named("copy.bin"))
    arrived = time.monotonic()
    assert arrived - finished >= 0.25 and arrived - started >= 0.5
    assert ev["create"] and ev["write"]
    (rig.dir / "sentinel").write_text("x")
    rig.wait_event(named("sentinel"))
    assert len(events_for(rig, "copy.bin")) == 1


def test_await_write_finish_defaults(rig: Rig) -> None:
    conn = rig.rt.eval(f"fswatch.watch({json.dumps(str(rig.dir))}, em, "
                       "{awaitWriteFinish: true}).path")
    assert conn == str(rig.dir)
    assert "awaitWriteFinish must be" in throws(
        rig, f"fswatch.watch({json.dumps(str(rig.dir))}, em, {{awaitWriteFinish: 5}})")


# -- polling ------------------------------------------------------------------------------
def test_poll_needs_host_permission(rig: Rig) -> None:
    assert "polling watches are not allowed" in throws(
        rig, f"fswatch.watch({json.dumps(str(rig.dir))}, em, {{poll: true}})")


def test_poll_interval_has_a_host_minimum(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(allow_polling=True, min_poll_interval=0.05)
    assert "below the minimum of 50ms" in throws(
        rig, f"fswatch.watch({json.dumps(str(rig.dir))}, em, {{poll: {{intervalMs: 1}}}})")


@pytest.mark.parametrize("how", ["option", "environment", "statfs"])
def test_polling_backend_reports_the_edit_patterns(
        make_rig: Callable[..., Rig], monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, how: str) -> None:
    rig = make_rig(allow_polling=True, min_poll_interval=0.02)
    options: dict[str, Any] = {"recursive": True}
    if how == "option":
        options["poll"] = {"intervalMs": 50}
    elif how == "environment":
        monkeypatch.setenv("QJSBRIDGE_FORCE_POLLING", "1")
    else:
        monkeypatch.setattr(polling, "filesystem_type", lambda path: "nfs")
    (rig.dir / "doc.txt").write_text("v1")
    (rig.dir / "old.txt").write_text("x")
    (rig.dir / "gone.txt").write_text("x")
    with caplog.at_level(logging.WARNING, logger="qjsbridge.fswatch.helper"):
        conn = rig.watch(rig.dir, options)
    assert conn["backend"] == "polling"
    if how == "statfs":
        assert any("nfs" in r.getMessage() and "polling" in r.getMessage() for r in caplog.records)
    (rig.dir / "new.txt").write_text("x")
    rig.wait_event(named("new.txt"))
    (rig.dir / "doc.txt.tmp").write_text("v2 longer")
    os.replace(rig.dir / "doc.txt.tmp", rig.dir / "doc.txt")
    (rig.dir / "old.txt").rename(rig.dir / "renamed.txt")
    (rig.dir / "gone.txt").unlink()
    (rig.dir / "newdir").mkdir()
    (rig.dir / "newdir" / "inner.txt").write_text("x")
    rig.wait_event(named("newdir/inner.txt"))
    rig.wait_event(named("renamed.txt"))
    rig.wait_event(named("gone.txt"))
    doc = rig.wait_event(named("doc.txt"))
    assert doc["write"] and doc["source"] == "polling"
    renamed = events_for(rig, "renamed.txt")
    assert len(renamed) == 1 and renamed[0]["rename"] and renamed[0]["oldRelativeName"] == "old.txt"
    assert [e["op"] for e in events_for(rig, "gone.txt")] == ["REMOVE"]
    assert [e["op"] for e in events_for(rig, "newdir")] == ["CREATE"]
    assert len(events_for(rig, "new.txt")) == 1 and len(events_for(rig, "doc.txt")) == 1


def test_polling_burst_into_new_subdirectories(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(allow_polling=True, min_poll_interval=0.02)
    rig.watch(rig.dir, {"recursive": True, "poll": {"intervalMs": 100}, "initial": True})
    expected = set()
    for i in range(5000):
        d = rig.dir / f"d{i // 100:02d}"
        if i % 100 == 0:
            d.mkdir()
        (d / f"f{i:04d}.txt").write_text("x")
        expected.add(f"d{i // 100:02d}/f{i:04d}.txt")
    wait_for(lambda: rig.rt.eval("w.events.filter((e) => !e.isDir).length") >= 5000, timeout=60,
             message="every file")
    (rig.dir / "sentinel").write_text("x")
    rig.wait_event(named("sentinel"))
    files = [e for e in rig.events() if not e["isDir"] and e["relativeName"] != "sentinel"]
    creates = [e["relativeName"] for e in files if e["create"]]
    assert set(creates) == expected and len(creates) == 5000
    # a poll may catch a file between its creation and its write: then one WRITE follows
    writes = [e["relativeName"] for e in files if not e["create"]]
    assert all(e["op"] == "WRITE" for e in files if not e["create"])
    assert len(writes) == len(set(writes))


def test_polling_initial_and_ready(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(allow_polling=True)
    (rig.dir / "here.txt").write_text("x")
    rig.watch(rig.dir, {"poll": True, "initial": True})
    rig.rt.eval("globalThis.ok = false; conn.ready.then(() => { ok = true; })")
    wait_for(lambda: rig.rt.eval("ok"), message="ready")
    assert [(e["relativeName"], e["initial"]) for e in rig.events()] == [("here.txt", True)]


def test_polling_reports_a_removed_root(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(allow_polling=True, min_poll_interval=0.02)
    sub = rig.dir / "sub"
    sub.mkdir()
    rig.watch(sub, {"poll": {"intervalMs": 30}})
    sub.rmdir()
    wait_for(lambda: rig.rt.eval("w.closes.length") == 1, message="close")
    assert rig.errors()[0]["code"] == "ENOENT"


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


def test_cli_poll_flag(tmp_path: Path) -> None:
    from qjsbridge.cli import main

    script = tmp_path / "p.js"
    script.write_text("const EventEmitter = require('events');\n"
                      "const c = fswatch.watch('.', new EventEmitter());\n"
                      "console.log(c.backend); c.close();\n")
    import contextlib
    import io
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(out):
            assert main(["run", "--poll", str(script)]) == 0
    finally:
        os.chdir(cwd)
    assert out.getvalue().strip() == "polling"


def test_polling_when_inotify_is_unavailable(rig: Rig, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    import errno

    from qjsbridge.fswatch import inotify

    def no_inotify() -> Any:
        raise OSError(errno.EMFILE, "Too many open files")

    monkeypatch.setattr(inotify, "_make_observer", no_inotify)
    with caplog.at_level(logging.WARNING, logger="qjsbridge.fswatch.helper"):
        conn = rig.watch(rig.dir)
    assert conn["backend"] == "polling"
    assert any("inotify is unavailable" in r.getMessage() for r in caplog.records)
    (rig.dir / "f.txt").write_text("x")
    assert rig.wait_event(named("f.txt"))["source"] == "polling"


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
