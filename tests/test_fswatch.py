"""fswatch: the Go fswatch tests ported by behaviour, plus the cases issue 4 names.

Negative checks ("nothing was delivered") use a sentinel: a second watch (or a later file) whose
event proves the pipeline has caught up, so no test relies on a bare sleep.
"""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qjsbridge import jsevents
from qjsbridge.engine.builtins import NodeGlobals
from qjsbridge.engine.errors import BuilderError, JSError
from qjsbridge.engine.runtime import Runtime, RuntimeFactoryBuilder, RuntimeOptions
from qjsbridge.fswatch import FSWatchHelper, FSWatchOptions
from tests.conftest import ConsoleCapture, wait_for

SETUP = """
const EventEmitter = require("events");
globalThis.EventEmitter = EventEmitter;
globalThis.listen = (em, into) => {
  into.events = []; into.errors = []; into.closes = []; into.rescans = [];
  em.on("event", (ev) => into.events.push(ev));
  em.on("error", (e) => into.errors.push(e));
  em.on("close", (c) => into.closes.push(c));
  em.on("rescan", (r) => into.rescans.push(r));
  return em;
};
globalThis.w = {};
globalThis.em = listen(new EventEmitter(), w);
globalThis.s = {};
globalThis.sentinelEm = listen(new EventEmitter(), s);
"""


class Rig:
    """A runtime with jsevents + fswatch, and helpers to watch and read what JS received."""

    def __init__(self, tmp_path: Path, console: ConsoleCapture, **options: Any) -> None:
        self.dir = tmp_path / "watched"
        self.dir.mkdir()
        scripts = tmp_path / "scripts"
        scripts.mkdir()
        (scripts / "setup.js").write_text(SETUP)
        self.handler_errors: list[Exception] = []
        options.setdefault("allow_recursive", True)
        options.setdefault("root", str(tmp_path))
        self.rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[scripts], node_globals=NodeGlobals(),
                                                        console=console))
                   .with_runtime_initializers(jsevents.install(self.handler_errors.append),
                                              FSWatchHelper(FSWatchOptions(**options)))
                   .build().new_runtime())
        self.rt.run_main(scripts / "setup.js")

    def watch(self, path: str | Path, options: dict[str, Any] | None = None, target: str = "em") -> dict[str, Any]:
        conn = self.rt.eval(f"globalThis.conn = fswatch.watch({json.dumps(str(path))}, {target}, "
                            f"{json.dumps(options or {})}); conn")
        assert isinstance(conn, dict)
        return conn

    def sentinel(self, path: Path) -> None:
        """Watch ``path`` on a second emitter: its events prove delivery has caught up."""
        self.rt.eval(f"globalThis.sconn = fswatch.watch({json.dumps(str(path))}, sentinelEm, {{}})")

    def events(self, into: str = "w") -> list[dict[str, Any]]:
        result = self.rt.eval(f"{into}.events")
        assert isinstance(result, list)
        return result

    def errors(self) -> list[dict[str, Any]]:
        result = self.rt.eval("w.errors")
        assert isinstance(result, list)
        return result

    def wait_event(self, predicate: Callable[[dict[str, Any]], bool], into: str = "w",
                   timeout: float = 10.0) -> dict[str, Any]:
        def find() -> dict[str, Any] | None:
            return next((e for e in self.events(into) if predicate(e)), None)

        found = wait_for(find, timeout=timeout, message="a matching file event")
        assert isinstance(found, dict)
        return found

    def close(self) -> None:
        self.rt.close()


@pytest.fixture
def make_rig(tmp_path: Path, console: ConsoleCapture) -> Iterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(**options: Any) -> Rig:
        rig = Rig(tmp_path, console, **options)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.close()


@pytest.fixture
def rig(make_rig: Callable[..., Rig]) -> Rig:
    return make_rig()


def named(rel: str) -> Callable[[dict[str, Any]], bool]:
    return lambda e: e["relativeName"] == rel


# -- the Go tests ---------------------------------------------------------------------------------
def test_emits_file_events(rig: Rig) -> None:
    conn = rig.watch(rig.dir)
    (rig.dir / "hello.txt").write_text("hi")
    ev = rig.wait_event(named("hello.txt"))
    assert ev["source"] == "watchdog" and ev["watchPath"] == str(rig.dir)
    assert ev["name"] == str(rig.dir / "hello.txt")
    # created, written and closed: one event (count: the kernel's CREATE and MODIFY)
    assert (ev["recursive"], ev["debounced"], ev["count"], ev["isDir"]) == (False, False, 2, False)
    assert ev["op"] == "CREATE|WRITE" and ev["initial"] is False
    assert rig.errors() == []
    assert conn == {"id": "emitter-1", "path": str(rig.dir), "recursive": False, "debounceMs": 0,
                    "include": [], "exclude": [], "backend": "inotify", "ready": {}}


def test_close_stops_future_delivery(rig: Rig, tmp_path: Path) -> None:
    rig.watch(rig.dir)
    (tmp_path / "other").mkdir()
    rig.sentinel(tmp_path / "other")
    assert rig.rt.eval("[conn.close(), conn.close()]") == [True, True]
    (rig.dir / "after-close.txt").write_text("x")
    (tmp_path / "other" / "sentinel.txt").write_text("x")
    rig.wait_event(named("sentinel.txt"), into="s")
    assert rig.events() == []
    assert rig.rt.eval("em.listenerCount('event')") == 1  # listeners stay


def test_rejects_disallowed_path(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(allow_path=lambda p: False)
    with pytest.raises(JSError, match="not allowed"):
        rig.watch(rig.dir)


def test_rejects_root_escape(make_rig: Callable[..., Rig], tmp_path: Path) -> None:
    rig = make_rig(root=str(tmp_path / "watched"))
    with pytest.raises(JSError, match='fswatch: path "../outside" escapes root'):
        rig.watch("../outside")
    with pytest.raises(JSError, match="escapes root"):
        rig.watch("/etc")
    assert rig.watch(".")["path"] == str(tmp_path / "watched")  # the root itself is fine


def test_rejects_invalid_emitter(rig: Rig) -> None:
    for bad in ("{}", "{on() {}, emit() {}}", "null", "'em'"):
        with pytest.raises(JSError, match="value is not an events.EventEmitter") as info:
            rig.rt.eval(f"fswatch.watch({json.dumps(str(rig.dir))}, {bad})")
        assert info.value.name == "TypeError"


def test_rejects_recursive_when_not_allowed(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(allow_recursive=False)
    with pytest.raises(JSError, match="fswatch: recursive watches are not allowed"):
        rig.watch(rig.dir, {"recursive": True})
    rig.watch(rig.dir, {"recursive": False})


def test_throws_when_the_path_cannot_be_watched(rig: Rig) -> None:
    with pytest.raises(JSError, match='fswatch: stat ".*missing": No such file or directory') as info:
        rig.watch(rig.dir / "missing")
    assert info.value.code == "ENOENT"


def test_recursive_watches_existing_nested_directories(rig: Rig) -> None:
    (rig.dir / "src" / "components").mkdir(parents=True)
    rig.watch(rig.dir, {"recursive": True})
    (rig.dir / "src" / "components" / "view.js").write_text("x")
    ev = rig.wait_event(named("src/components/view.js"))
    assert ev["recursive"] is True
    assert ev["name"] == str(rig.dir / "src" / "components" / "view.js")


def test_recursive_adds_new_directories(rig: Rig) -> None:
    rig.watch(rig.dir, {"recursive": True})
    (rig.dir / "generated").mkdir()
    rig.wait_event(named("generated"))
    (rig.dir / "generated" / "later.js").write_text("x")
    rig.wait_event(named("generated/later.js"))
    assert next(e for e in rig.events() if e["relativeName"] == "generated")["isDir"] is True


def test_glob_include_exclude_filters_events(rig: Rig) -> None:
    (rig.dir / "node_modules").mkdir()
    rig.watch(rig.dir, {"recursive": True, "include": ["**/*.js"],
                        "exclude": ["**/node_modules/**"]})
    (rig.dir / "ignored.txt").write_text("x")
    (rig.dir / "node_modules" / "ignored.js").write_text("x")
    (rig.dir / "allowed.js").write_text("x")
    rig.wait_event(lambda e: e["relativeName"] == "allowed.js" and e["write"])
    assert {e["relativeName"] for e in rig.events()} == {"allowed.js"}


def test_glob_filters_a_watched_file_by_basename(rig: Rig) -> None:
    target = rig.dir / "watched.js"
    target.write_text("v1")
    rig.watch(target, {"include": ["**/*.js"]})
    (rig.dir / "neighbour.js").write_text("not watched")
    target.write_text("v2")
    ev = rig.wait_event(named("watched.js"))
    assert ev["name"] == str(target) and ev["watchPath"] == str(target)
    assert {e["relativeName"] for e in rig.events()} == {"watched.js"}


def test_rejects_invalid_glob_options(rig: Rig) -> None:
    with pytest.raises(JSError, match="fswatch: invalid include glob at index 0: syntax error in pattern"):
        rig.watch(rig.dir, {"include": ["["]})
    with pytest.raises(JSError, match="fswatch: invalid exclude glob at index 1"):
        rig.watch(rig.dir, {"exclude": ["ok", "[a-]"]})


def test_debounces_events(rig: Rig) -> None:
    rig.watch(rig.dir, {"debounceMs": 100})
    path = rig.dir / "busy.txt"
    for i in range(5):
        path.write_text(f"write {i}")
    ev = rig.wait_event(named("busy.txt"))
    assert ev["debounced"] is True and ev["count"] > 1
    assert ev["op"] == "CREATE|WRITE" and ev["create"] and ev["write"]
    time.sleep(0.3)  # the stream settles: no further events for a quiet file
    assert len(rig.events()) == 1


def test_close_stops_pending_debounce(rig: Rig, tmp_path: Path) -> None:
    rig.watch(rig.dir, {"debounceMs": 500})
    (tmp_path / "other").mkdir()
    (rig.dir / "pending.txt").write_text("x")
    time.sleep(0.05)
    rig.rt.eval("conn.close()")
    rig.sentinel(tmp_path / "other")
    time.sleep(0.6)  # past the 500 ms debounce the closed watch would have flushed at
    (tmp_path / "other" / "sentinel.txt").write_text("x")
    rig.wait_event(named("sentinel.txt"), into="s")
    assert rig.events() == []


def test_rejects_debounce_above_host_limit(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(max_debounce=0.025)
    with pytest.raises(JSError, match="fswatch: debounceMs exceeds maximum of 25ms") as info:
        rig.watch(rig.dir, {"debounceMs": 100})
    assert info.value.name == "RangeError"
    rig.watch(rig.dir, {"debounceMs": 25})


def test_requires_the_manager() -> None:
    with pytest.raises(BuilderError, match="manager is not installed; add jsevents.install"):
        (RuntimeFactoryBuilder().with_runtime_initializers(FSWatchHelper(FSWatchOptions(root="/tmp")))
         .build().new_runtime())


# -- changes issue 4 names ---------------------------------------------------------------------------
def test_rename_inside_the_watch_is_one_event(rig: Rig) -> None:
    (rig.dir / "old.txt").write_text("x")
    rig.watch(rig.dir)
    (rig.dir / "old.txt").rename(rig.dir / "new.txt")
    ev = rig.wait_event(named("new.txt"))
    # the new name now holds other contents: write is set too
    assert ev["op"] == "WRITE|RENAME" and ev["oldRelativeName"] == "old.txt"
    assert ev["oldName"] == str(rig.dir / "old.txt")
    time.sleep(0.1)
    assert [e["op"] for e in rig.events()] == ["WRITE|RENAME"]  # not REMOVE + CREATE


def test_atomic_save_reports_the_target(rig: Rig) -> None:
    target = rig.dir / "config.json"
    target.write_text("{}")
    rig.watch(rig.dir, {"include": ["*.json"]})
    tmp = rig.dir / ".config.json.tmp"
    tmp.write_text('{"v": 2}')
    os.replace(tmp, target)
    ev = rig.wait_event(named("config.json"))
    assert ev["op"] == "WRITE|RENAME" and ev["oldRelativeName"] == ".config.json.tmp"
    assert {e["relativeName"] for e in rig.events()} == {"config.json"}


def test_atomic_save_on_a_watched_file_keeps_watching(rig: Rig) -> None:
    target = rig.dir / "settings.ini"
    target.write_text("a=1")
    rig.watch(target)
    for i in range(2):
        tmp = rig.dir / f"settings.ini.{i}"
        tmp.write_text(f"a={i}")
        os.replace(tmp, target)
        wait_for(lambda: len([e for e in rig.events() if e["rename"]]) == i + 1,
                 message=f"replace {i}")
    target.write_text("a=3")
    rig.wait_event(lambda e: e["op"] == "WRITE")


def test_delete_and_chmod(rig: Rig) -> None:
    f = rig.dir / "doomed.txt"
    f.write_text("x")
    rig.watch(rig.dir)
    f.chmod(0o600)
    rig.wait_event(lambda e: e["op"] == "CHMOD" and e["chmod"])
    f.unlink()
    ev = rig.wait_event(lambda e: e["op"] == "REMOVE")
    assert ev["remove"] and ev["relativeName"] == "doomed.txt"


def test_mkdir_p_and_file_are_reported(rig: Rig) -> None:
    rig.watch(rig.dir, {"recursive": True})
    deep = rig.dir / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (deep / "f").write_text("x")
    rig.wait_event(named("a/b/c/f"))
    wait_for(lambda: {"a", "a/b", "a/b/c"} <= {e["relativeName"] for e in rig.events()},
             message="the directories")
    creates = [e["relativeName"] for e in rig.events() if e["create"]]
    assert len(creates) == len(set(creates)), "no duplicate CREATE for one change"


def test_symlink_escaping_the_root_is_refused(make_rig: Callable[..., Rig], tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    rig = make_rig(root=str(tmp_path / "watched"))
    (rig.dir / "link").symlink_to(outside)
    with pytest.raises(JSError, match='path "link" escapes root .* through a symlink'):
        rig.watch("link")
    (rig.dir / "inner").mkdir()
    (rig.dir / "inner-link").symlink_to(rig.dir / "inner")
    rig.watch("inner-link")  # a symlink that stays inside the root is fine


def test_ignore_path(make_rig: Callable[..., Rig], tmp_path: Path) -> None:
    rig = make_rig(ignore_path=lambda p: os.path.basename(p).startswith("secret"))
    (rig.dir / "secrets").mkdir()
    rig.watch(rig.dir, {"recursive": True})
    (rig.dir / "secret.key").write_text("x")
    (rig.dir / "secrets" / "a.txt").write_text("x")
    (rig.dir / "public.txt").write_text("x")
    rig.wait_event(lambda e: e["relativeName"] == "public.txt" and e["write"])
    assert {e["relativeName"] for e in rig.events()} == {"public.txt"}
    with pytest.raises(JSError, match="is ignored"):
        rig.watch(rig.dir / "secrets")


def inotify_watch_count() -> int:
    """How many inotify watches this process holds (from /proc/self/fdinfo)."""
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


@pytest.mark.skipif(not os.path.isdir("/proc/self/fdinfo"), reason="needs Linux /proc")
def test_excluded_directories_produce_no_events_and_cost_no_watches(rig: Rig) -> None:
    for i in range(40):
        (rig.dir / "node_modules" / f"pkg{i}" / "lib").mkdir(parents=True)
    (rig.dir / "build" / "out").mkdir(parents=True)
    (rig.dir / "src").mkdir()
    before = inotify_watch_count()
    rig.watch(rig.dir, {"recursive": True, "exclude": ["build", "**/node_modules"]})
    assert inotify_watch_count() - before == 2  # the root and src, nothing below the excludes
    (rig.dir / "build" / "out" / "x.js").write_text("x")
    (rig.dir / "node_modules" / "pkg1" / "lib" / "y.js").write_text("x")
    (rig.dir / "build" / "new").mkdir()
    (rig.dir / "src" / "z.js").write_text("x")
    rig.wait_event(lambda e: e["relativeName"] == "src/z.js" and e["write"])
    assert {e["relativeName"] for e in rig.events()} == {"src/z.js"}


def test_continuous_writes_still_flush(rig: Rig) -> None:
    rig.watch(rig.dir, {"debounceMs": 50})
    path = rig.dir / "log.txt"
    stop = threading.Event()

    def writer() -> None:
        with open(path, "a") as f:
            while not stop.is_set():
                f.write("line\n")
                f.flush()
                time.sleep(0.01)

    t = threading.Thread(target=writer)
    t.start()
    try:
        # max wait is 10 x 50 ms: the writer never pauses 50 ms, yet events keep coming
        wait_for(lambda: len(rig.events()) >= 2, timeout=10, message="two flushes during the stream")
        assert all(e["debounced"] for e in rig.events())
    finally:
        stop.set()
        t.join()


def test_close_during_a_burst(rig: Rig, tmp_path: Path) -> None:
    rig.watch(rig.dir)
    stop = threading.Event()

    def burst() -> None:
        i = 0
        while not stop.is_set():
            (rig.dir / f"f{i}").write_text("x")
            i += 1

    t = threading.Thread(target=burst)
    t.start()
    try:
        wait_for(lambda: len(rig.events()) > 20, message="the burst to start arriving")
        rig.rt.eval("conn.close()")
        seen = len(rig.events())
    finally:
        stop.set()
        t.join()
    (tmp_path / "other").mkdir()
    rig.sentinel(tmp_path / "other")
    (tmp_path / "other" / "s.txt").write_text("x")
    rig.wait_event(named("s.txt"), into="s")
    assert len(rig.events()) == seen


def proc_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_runtime_close_releases_threads_and_descriptors(tmp_path: Path, console: ConsoleCapture) -> None:
    threads_before = {t.ident for t in threading.enumerate()}
    fds_before = proc_fds()
    rig = Rig(tmp_path, console)
    rig.watch(rig.dir, {"recursive": True, "debounceMs": 20})
    rig.rt.eval(f"fswatch.watch({json.dumps(str(rig.dir))}, new EventEmitter(), {{}})")
    (rig.dir / "x.txt").write_text("x")
    rig.wait_event(named("x.txt"))
    assert len(threading.enumerate()) > len(threads_before)
    rig.close()
    wait_for(lambda: {t.ident for t in threading.enumerate()} <= threads_before,
             message="every watcher thread to end")
    assert proc_fds() <= fds_before


def test_root_removed_delivers_error_and_close(rig: Rig) -> None:
    sub = rig.dir / "sub"
    sub.mkdir()
    rig.watch(sub)
    sub.rmdir()
    wait_for(lambda: rig.rt.eval("w.closes.length") == 1, message="the close event")
    assert rig.rt.eval("w.closes[0].reason") == "removed"
    assert rig.errors()[0]["code"] == "ENOENT"
    assert rig.rt.eval("em.listenerCount('event')") == 1


def test_overflow_is_reported_as_error_and_rescan(rig: Rig) -> None:
    from watchdog.observers.inotify_c import InotifyConstants, InotifyEvent

    if not hasattr(InotifyConstants, "IN_Q_OVERFLOW"):
        pytest.skip("not inotify")
    rig.watch(rig.dir, {"recursive": True})
    helper_state = rig.rt.call(lambda c, vm: None)  # make sure the watch is fully set up
    assert helper_state is None
    observers = [t for t in threading.enumerate() if t.name == "qjsbridge-fswatch"]
    assert observers, "the runtime's observer"
    inotify_fd = observers[0]._inotify_fd  # type: ignore[attr-defined]
    # What the kernel sends when its queue overflows (wd -1, IN_Q_OVERFLOW):
    inotify_fd.handle_event(InotifyEvent(-1, InotifyConstants.IN_Q_OVERFLOW, 0, b""))
    wait_for(lambda: rig.rt.eval("w.rescans.length") == 1, message="the rescan event")
    err = rig.errors()[0]
    assert err["code"] == "EOVERFLOW" and "overflowed" in err["message"]
    (rig.dir / "after.txt").write_text("x")  # and the watch keeps working
    rig.wait_event(named("after.txt"))


def test_watch_limit_is_explained(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    from watchdog.observers.inotify_c import InotifyFD

    (rig.dir / "sub").mkdir()
    real_add = InotifyFD.add_callback

    def limited(self: Any, path: bytes, *args: Any) -> Any:
        if path.endswith(b"/sub"):
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        return real_add(self, path, *args)

    monkeypatch.setattr(InotifyFD, "add_callback", limited)
    with pytest.raises(JSError, match="fs.inotify.max_user_watches") as info:
        rig.watch(rig.dir, {"recursive": True})
    assert info.value.code == "ENOSPC"


# -- the 5,000-file burst -------------------------------------------------------------------------
@pytest.mark.parametrize("layout", ["flat", "subdirectories"])
def test_five_thousand_files_all_reported_once(rig: Rig, layout: str) -> None:
    rig.watch(rig.dir, {"recursive": True})
    expected = set()
    for i in range(5000):
        if layout == "flat":
            rel = f"f{i:04d}.txt"
        else:
            d = rig.dir / f"d{i // 100:02d}"
            if i % 100 == 0:
                d.mkdir()
            rel = f"d{i // 100:02d}/f{i:04d}.txt"
        with open(rig.dir / rel, "w") as f:
            f.write("x")
        expected.add(rel)

    def created() -> set[str]:
        names = rig.rt.eval("w.events.filter((e) => e.create && !e.isDir).map((e) => e.relativeName)")
        assert isinstance(names, list)
        return set(names)

    wait_for(lambda: created() >= expected, timeout=60, message="all 5,000 creations")
    events = [e for e in rig.events() if not e["isDir"]]
    creates = [e["relativeName"] for e in events if e["create"]]
    assert len(creates) == len(set(creates)) == 5000, "one CREATE per file"
    if layout == "flat":  # created, written, closed: exactly one event each
        assert len(events) == 5000
    else:  # a file may be found by the scan of its new directory while still open
        writes = [e["relativeName"] for e in events if not e["create"]]
        assert len(writes) == len(set(writes)), "at most one further WRITE per file"
    assert rig.errors() == []


# -- validation order and hostile input --------------------------------------------------------------
def test_validation_messages_and_order(rig: Rig) -> None:
    cases = {
        "fswatch.watch()": "fswatch: path is required",
        "fswatch.watch('  ', em)": "fswatch: path is empty",
        "fswatch.watch(Symbol('x'), em)": "fswatch: path must be a string",
        # the path is checked before the options, the options before the emitter
        "fswatch.watch('/etc', {}, {debounceMs: -1})": "escapes root",
        "fswatch.watch(DIR, {}, {debounceMs: NaN})": "debounceMs must be a finite non-negative number",
        "fswatch.watch(DIR, {}, {include: 5})": "include must be an array of strings",
        "fswatch.watch(DIR, {}, {include: [null]})": "include[0] must be a string",
        "fswatch.watch(DIR, {}, {exclude: ['ok', ' ']})": "exclude[1] must not be empty",
        "fswatch.watch(DIR, {}, {debounce: 100})": 'unknown option "debounce"',
        "fswatch.watch(DIR, em, 42)": "options must be an object",
        "fswatch.watch(DIR, {}, {recursive: true})": "value is not an events.EventEmitter",
    }
    for src, message in cases.items():
        with pytest.raises(JSError) as info:
            rig.rt.eval(src.replace("DIR", json.dumps(str(rig.dir))))
        assert message in info.value.message, (src, info.value.message)


def test_hostile_input_ends_in_errors_or_working_watches(rig: Rig) -> None:
    d = json.dumps(str(rig.dir))
    hostile = {
        "long path": (f"fswatch.watch({d} + '/' + 'x'.repeat(10000), em)", "longer than 4096 characters"),
        "NUL byte": (f"fswatch.watch({d} + '/a\\u0000b', em)", "must not contain NUL"),
        "lone surrogate": (f"fswatch.watch({d} + '/\\ud800', em)", "is not a valid file name"),
        "throwing getter": (f"fswatch.watch({d}, em, {{ get recursive() {{ throw new Error('getter boom') }} }})",
                            "getter boom"),
        "proxy": (f"fswatch.watch({d}, em, new Proxy({{}}, {{ ownKeys() {{ throw new Error('trap boom') }} }}))",
                  "trap boom"),
        "huge pattern list": (f"fswatch.watch({d}, em, {{include: Array(20000).fill('*')}})",
                              "at most 10000"),
    }
    for label, (src, message) in hostile.items():
        start = time.monotonic()
        with pytest.raises(JSError) as info:
            rig.rt.eval(src)
        assert message in info.value.message, (label, info.value.message)
        assert time.monotonic() - start < 5, label
    # Thousands of patterns and a regex-pathological glob still make a working watch, quickly.
    start = time.monotonic()
    rig.rt.eval(f"fswatch.watch({d}, em, {{include: Array.from({{length: 5000}}, (_, i) => 'p' + i + '/*'"
                f").concat(['{'*a' * 30}b', '*.txt'])}})")
    name = "a" * 200 + ".txt"
    (rig.dir / name).write_text("x")
    rig.wait_event(named(name))
    assert time.monotonic() - start < 20
    assert rig.rt.eval("'still alive'") == "still alive"


def test_files_with_undecodable_names(rig: Rig) -> None:
    rig.watch(rig.dir)
    raw = os.fsencode(str(rig.dir)) + b"/caf\xe9.txt"  # Latin-1, not UTF-8
    with open(raw, "w") as f:
        f.write("x")
    ev = rig.wait_event(lambda e: e["relativeName"].startswith("caf"))
    assert ev["relativeName"] == "caf\udce9.txt"
    assert os.fsencode(ev["name"]) == raw  # the surrogateescape'd name round-trips


def test_two_watches_of_one_directory_are_independent(rig: Rig) -> None:
    rig.rt.eval(f"globalThis.a = {{}}; globalThis.ea = listen(new EventEmitter(), a);"
                f"globalThis.ca = fswatch.watch({json.dumps(str(rig.dir))}, ea, {{}})")
    rig.watch(rig.dir)
    rig.rt.eval("ca.close()")
    (rig.dir / "still.txt").write_text("x")
    rig.wait_event(named("still.txt"))
    assert rig.rt.eval("a.events.length") == 0


def test_watches_keep_the_runner_alive(rig: Rig) -> None:
    rig.watch(rig.dir)
    assert not rig.rt.loop.idle.wait(0.1)
    rig.rt.eval("conn.close()")
    assert rig.rt.wait_until_idle(2)


# -- second review ----------------------------------------------------------------------------------
def test_a_directory_moved_out_and_replaced(rig: Rig, tmp_path: Path) -> None:
    rig.watch(rig.dir, {"recursive": True})
    d = rig.dir / "d"
    d.mkdir()
    (d / "f").write_text("old")
    rig.wait_event(named("d/f"))
    d.rename(tmp_path / "away")  # leaves the watch (like "move to trash")
    rig.wait_event(lambda e: e["relativeName"] == "d" and e["op"] == "RENAME")
    time.sleep(0.7)  # the unpaired move is only known after watchdog's 0.5 s pairing window
    d.mkdir()
    (d / "f").write_text("new")  # the same names again: must be reported, not deduplicated
    (tmp_path / "away" / "ghost").write_text("x")  # outside the watch now: must not be reported
    def creates_of_f() -> int:
        return [e["relativeName"] for e in rig.events() if e["create"]].count("d/f")

    wait_for(lambda: creates_of_f() == 2, message="the new d/f to be reported")
    (d / "g").write_text("x")
    rig.wait_event(named("d/g"))
    assert not any("ghost" in e["relativeName"] for e in rig.events())


def test_allow_path_sees_where_a_symlink_leads(make_rig: Callable[..., Rig], tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    allowed = tmp_path / "watched"
    rig = make_rig(root=None, allow_path=lambda p: p.startswith(str(allowed)))
    (allowed / "link").symlink_to(secret)
    with pytest.raises(JSError, match="is not allowed"):
        rig.watch(allowed / "link")
    rig.watch(allowed)  # the real directory itself is fine


def test_ignore_path_applies_to_ancestors_after_a_rename(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(ignore_path=lambda p: os.path.basename(p) == "secret")
    (rig.dir / "b").mkdir()
    rig.watch(rig.dir, {"recursive": True})
    (rig.dir / "b").rename(rig.dir / "secret")  # the watch on b follows the rename
    (rig.dir / "secret" / "key.pem").write_text("x")
    (rig.dir / "visible.txt").write_text("x")
    rig.wait_event(lambda e: e["relativeName"] == "visible.txt" and e["write"])
    assert not any(e["relativeName"].startswith("secret") for e in rig.events())


def test_an_excluded_directory_moved_into_view_reports_each_file_once(rig: Rig) -> None:
    (rig.dir / "build" / "x" / "y").mkdir(parents=True)
    (rig.dir / "build" / "x" / "y" / "h.txt").write_text("x")
    rig.watch(rig.dir, {"recursive": True, "exclude": ["build"]})
    (rig.dir / "build").rename(rig.dir / "out")
    rig.wait_event(named("out/x/y/h.txt"))
    time.sleep(0.2)
    names = [e["relativeName"] for e in rig.events()]
    assert names.count("out/x/y/h.txt") == 1, names


def test_unwatchable_subdirectories_are_reported(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    from watchdog.observers.inotify_c import InotifyFD

    (rig.dir / "locked").mkdir()
    real_add = InotifyFD.add_callback

    def denied(self: Any, path: bytes, *args: Any) -> Any:
        if path.endswith(b"/locked"):
            raise OSError(errno.EACCES, "Permission denied")
        return real_add(self, path, *args)

    monkeypatch.setattr(InotifyFD, "add_callback", denied)
    rig.watch(rig.dir, {"recursive": True})
    wait_for(lambda: rig.errors(), message="an error event")
    err = rig.errors()[0]
    assert err["code"] == "EACCES" and "locked" in err["message"]


def test_watching_the_filesystem_root_names_paths_correctly() -> None:
    from qjsbridge.fswatch.pipeline import FileWatch, Filters

    filters = Filters(root="/", allows=lambda r: True, descends=lambda r: True, ignore_path=None,
                      depth=None, gitignore=None)
    fw = FileWatch(watch_id="w", watch_path="/", real_root="/", target=None, recursive=True,
                   debounce=0, filters=filters, emit=lambda n, p: None, end=lambda: None,
                   timers=None)
    assert fw.relative("/etc/hosts") == "etc/hosts" and fw.relative("/") == ""
    assert fw.display_name("etc/hosts") == "/etc/hosts"


def test_directory_churn_never_kills_the_watcher(rig: Rig) -> None:
    # mkdir a; mv a b; mkdir a in quick succession leaves watchdog's bookkeeping inconsistent;
    # nothing may raise in the shared inotify thread, and short-lived directories are not errors.
    rig.watch(rig.dir, {"recursive": True})
    for i in range(30):
        a, b = rig.dir / f"a{i}", rig.dir / f"b{i}"
        a.mkdir()
        a.rename(b)
        a.mkdir()
        a.rmdir()
        b.rename(rig.dir / f"c{i}")
        (rig.dir / f"c{i}").rename(b)
    (rig.dir / "probe.txt").write_text("x")
    rig.wait_event(named("probe.txt"))  # the watcher survived the churn
    assert rig.errors() == []


def test_a_directory_moved_out_and_straight_back_stays_watched(rig: Rig, tmp_path: Path) -> None:
    rig.watch(rig.dir, {"recursive": True})
    d = rig.dir / "d"
    d.mkdir()
    rig.wait_event(named("d"))
    d.rename(tmp_path / "away")
    (tmp_path / "away").rename(d)
    time.sleep(0.8)  # past the pairing window after which watchdog reports the move out
    (d / "after.txt").write_text("x")
    rig.wait_event(named("d/after.txt"))
