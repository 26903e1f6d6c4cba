"""FSWatchHelper: the runtime initializer that gives JavaScript ``fswatch.watch``.

    factory = (RuntimeFactoryBuilder()
               .with_runtime_initializers(
                   jsevents.install(),
                   FSWatchHelper(FSWatchOptions(root="/srv/project", allow_recursive=True,
                                                max_debounce=1.0)))
               .build())

Host options always win over what a script asks for. Paths are checked after resolving ``..``
and symlinks: a path that leaves ``root`` either way is refused. With neither ``root`` nor
``allow_path`` set, every path is refused (the library default is strict; the command line allows
every path unless ``--root`` is given). When the runtime has ``RuntimeOptions.permissions``, a
watched path also needs read permission (``ERR_ACCESS_DENIED``). See ``qjsbridge help fswatch``.
"""

from __future__ import annotations

import errno
import itertools
import json
import logging
import os
import stat
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qjsbridge.engine._resources import package_text
from qjsbridge.engine.context import Context
from qjsbridge.engine.errors import HostError
from qjsbridge.engine.runtime import SetupContext
from qjsbridge.jsevents import Manager

from .debounce import Debouncer
from .globs import GlobSet, GlobSetError
from .pipeline import FileWatch, Filters, WriteFinish, is_watch_limit_error, watch_limit_message
from .polling import DEFAULT_INTERVAL, PollingPool, needs_polling

__all__ = ["FORCE_POLLING_ENV", "FSWatchHelper", "FSWatchOptions", "HELPER_ID",
           "MAX_DURATION_MS", "MAX_PATH_LENGTH"]

log = logging.getLogger(__name__)

HELPER_ID = "jsevents.fswatch-helper"
_MAX_MESSAGE_PATH = 200

#: The largest value any duration option (debounceMs, poll.intervalMs, awaitWriteFinish.*) takes.
MAX_DURATION_MS = 3_600_000
#: Paths longer than this (characters, and bytes once encoded) are refused at once (Linux PATH_MAX).
MAX_PATH_LENGTH = 4096
#: Deepest ``depth`` a script may ask for.
MAX_DEPTH = 1000
#: Set to 1 (or true/yes) to make every watch poll, like watchfiles' WATCHFILES_FORCE_POLLING.
FORCE_POLLING_ENV = "QJSBRIDGE_FORCE_POLLING"


@dataclass(frozen=True)
class FSWatchOptions:
    """Host policy for ``fswatch.watch`` (every default is the strict one).

    * ``root``: sandbox directory; relative paths resolve against it; leaving it (through ``..``
      or a symlink) is refused.
    * ``allow_path(path) -> bool``: a further check on the normalised path.
    * ``allow_recursive``: whether scripts may ask for ``recursive: true``.
    * ``max_debounce``: the largest ``debounceMs`` a script may ask for, in seconds (None: no cap).
    * ``ignore_path(path) -> bool``: paths (absolute, real) whose events are never reported and,
      for directories, never watched.
    * ``allow_polling``: whether scripts may ask for ``poll`` (the host's own choices, the
      environment variable and the automatic fallback for network file systems, always poll).
    * ``min_poll_interval``: the shortest polling interval, in seconds, whoever asks.
    * ``force_polling``: every watch polls (the command line's ``--poll``).
    * ``global_name``: the JS global that holds ``watch``.
    * ``root_hint``: appended to the "escapes root" refusal, to say how the user can widen the
      root (the command line names its ``--root`` flag).
    """

    root: str | os.PathLike[str] | None = None
    allow_path: Callable[[str], bool] | None = None
    allow_recursive: bool = False
    max_debounce: float | None = None
    ignore_path: Callable[[str], bool] | None = None
    allow_polling: bool = False
    min_poll_interval: float = 0.1
    force_polling: bool = False
    global_name: str = "fswatch"
    root_hint: str | None = None


def _q(path: str) -> str:
    """Quote a path for an error message (like Go's %q), shortening very long ones."""
    if len(path) > _MAX_MESSAGE_PATH:
        path = path[:_MAX_MESSAGE_PATH] + "..."
    return json.dumps(path, ensure_ascii=False)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def force_polling() -> bool:
    """Whether the environment asks every watch to poll."""
    return os.environ.get(FORCE_POLLING_ENV, "").strip().lower() in ("1", "true", "yes", "on")


class FSWatchHelper:
    """The runtime initializer (ID ``jsevents.fswatch-helper``); add it after ``jsevents.install()``."""

    def __init__(self, options: FSWatchOptions | None = None) -> None:
        self.options = options or FSWatchOptions()
        if not self.options.global_name.isidentifier():
            raise ValueError(f"FSWatchOptions.global_name {self.options.global_name!r} is not an identifier")
        if self.options.max_debounce is not None and self.options.max_debounce < 0:
            raise ValueError("FSWatchOptions.max_debounce must be >= 0 seconds")
        if not 0.001 <= self.options.min_poll_interval <= MAX_DURATION_MS / 1000:
            raise ValueError("FSWatchOptions.min_poll_interval must be between 0.001 and "
                             f"{MAX_DURATION_MS // 1000} seconds")

    @property
    def id(self) -> str:
        return HELPER_ID if self.options.global_name == "fswatch" else f"{HELPER_ID}:{self.options.global_name}"

    def init_runtime(self, setup: SetupContext) -> None:
        """Install the global; no filesystem work happens until ``watch`` is called."""
        manager = Manager.from_setup(setup, "FSWatchHelper")
        FSWatchRuntime(setup, manager, self.options)


class _Started:
    """One open watch: its pipeline, emitter ref and backend."""

    def __init__(self, watch: FileWatch, ref: Any, backend: str, handle: Any) -> None:
        self.watch = watch
        self.ref = ref
        self.backend = backend
        self.handle = handle  # the InotifyWatch, for the inotify backend
        self.scanner: threading.Thread | None = None


class FSWatchRuntime:
    """The per-runtime state of one helper: its backends, timer thread and open watches."""

    def __init__(self, setup: SetupContext, manager: Manager, options: FSWatchOptions) -> None:
        self._manager = manager
        self._options = options
        #: the runtime's permission model, when the host gave one: watching needs read permission
        self._permissions = setup.runtime.options.permissions
        self._root = os.path.abspath(os.fspath(options.root)) if options.root is not None else None
        self._root_real = os.path.realpath(self._root) if self._root is not None else None
        self._pool: Any = None  # inotify.ObserverPool, made (and watchdog imported) at first use
        self._polling: PollingPool | None = None
        self._timers: Debouncer | None = None
        self._lock = threading.Lock()
        self._watches: dict[int, _Started] = {}
        self._tokens = itertools.count(1)
        self._checked: tuple[str, str, str] | None = None  # the last checkPath: raw, shown, real
        self._closed = False
        self._prefix = prefix = f"fswatch.{options.global_name}"
        setup.vm.register(f"{prefix}.checkPath", self._check_path)
        setup.vm.register(f"{prefix}.watch", self._watch)
        setup.vm.register(f"{prefix}.close", self._close_watch)
        text = package_text("qjsbridge.fswatch", "js", "fswatch.js")
        setup.install_js(text, "qjsbridge:fswatch.js")
        setup.vm.call_op("fswatch.install", json.dumps({
            "prefix": prefix, "globalName": options.global_name, "limits": self.limits()}))
        setup.add_closer(self.close)

    def limits(self) -> dict[str, Any]:
        """The host limits the JS shim checks in order (Python checks them again)."""
        o = self._options
        return {
            "allowRecursive": o.allow_recursive,
            "maxDebounceMs": round(o.max_debounce * 1000) if o.max_debounce is not None else None,
            "allowPolling": o.allow_polling,
            "minPollMs": self._min_poll_ms(),
            "defaultPollMs": max(round(DEFAULT_INTERVAL * 1000), self._min_poll_ms()),
            "maxDurationMs": MAX_DURATION_MS,
            "maxPathLength": MAX_PATH_LENGTH,
        }

    def _min_poll_ms(self) -> int:
        return max(1, round(self._options.min_poll_interval * 1000))

    # -- path policy --------------------------------------------------------------------------------
    def normalize(self, raw: str) -> tuple[str, str]:
        """(the path as shown to JS, its real path); HostError if the host policy refuses it."""
        if len(raw) > MAX_PATH_LENGTH:
            raise HostError(f"fswatch: path is longer than {MAX_PATH_LENGTH} characters",
                            name="RangeError", code="ENAMETOOLONG")
        path = raw.strip()
        if "\x00" in path:
            raise HostError("fswatch: path must not contain NUL characters", name="TypeError")
        try:
            encoded = os.fsencode(path)
        except UnicodeEncodeError:
            raise HostError(f"fswatch: path {_q(path)} is not a valid file name", name="TypeError") from None
        if len(encoded) > MAX_PATH_LENGTH:
            raise HostError(f"fswatch: path is longer than {MAX_PATH_LENGTH} bytes",
                            name="RangeError", code="ENAMETOOLONG")
        if self._root is not None:
            assert self._root_real is not None
            candidate = path if os.path.isabs(path) else os.path.join(self._root, path)
            shown = os.path.normpath(candidate)
            hint = f"; {self._options.root_hint}" if self._options.root_hint else ""
            if not _inside(shown, self._root):
                raise HostError(f"fswatch: path {_q(path)} escapes root {_q(self._root)}{hint}")
            real = os.path.realpath(shown)
            if not _inside(real, self._root_real):
                raise HostError(
                    f"fswatch: path {_q(path)} escapes root {_q(self._root)} through a symlink{hint}")
        else:
            shown = os.path.normpath(path)
            real = os.path.realpath(shown)
        permissions = self._permissions
        if permissions is not None and not (permissions.can_read(shown) and permissions.can_read(real)):
            raise HostError(f"fswatch: path {_q(shown)}: Access to this API has been restricted "
                            "(no read permission)", code="ERR_ACCESS_DENIED")
        allow = self._options.allow_path
        if allow is not None:
            # both the path as given and where it really leads (symlinks resolved)
            if not (allow(shown) and allow(real)):
                raise HostError(f"fswatch: path {_q(shown)} is not allowed")
        elif self._root is None:
            raise HostError(f"fswatch: path {_q(shown)} is not allowed (the host set neither a root "
                            "nor an allow_path policy)")
        return shown, real

    # -- host functions (owner thread, called from JS) ---------------------------------------------
    def _check_path(self, raw: object) -> None:
        text = _expect_str(raw, "path")
        shown, real = self.normalize(text)
        self._checked = (text, shown, real)  # watch() right after reuses it: resolved once

    def _watch(self, raw: object, opts: object, emitter: object) -> dict[str, Any]:
        # The JS shim normalised and checked the options; check them again here, since host
        # limits must not depend on JS code. Same order as the shim: host limits right after
        # each option's shape, the emitter after the options.
        text = _expect_str(raw, "path")
        checked, self._checked = self._checked, None
        if checked is not None and checked[0] == text:
            shown, real = checked[1], checked[2]
        else:
            shown, real = self.normalize(text)
        if not isinstance(opts, dict):
            raise HostError("fswatch: options must be an object", name="TypeError")
        o = self._options
        recursive = opts.get("recursive")
        if not isinstance(recursive, bool):
            raise HostError("fswatch: recursive must be a boolean", name="TypeError")
        if recursive and not o.allow_recursive:
            raise HostError("fswatch: recursive watches are not allowed")
        debounce_ms = _duration(opts.get("debounceMs"), "debounceMs")
        if o.max_debounce is not None and debounce_ms > o.max_debounce * 1000:
            raise HostError(f"fswatch: debounceMs exceeds maximum of {round(o.max_debounce * 1000)}ms",
                            name="RangeError")
        include = _patterns(opts.get("include"), "include")
        exclude = _patterns(opts.get("exclude"), "exclude")
        depth = opts.get("depth")
        if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int)
                                  or not 0 <= depth <= MAX_DEPTH):
            raise HostError(f"fswatch: depth must be an integer from 0 to {MAX_DEPTH}",
                            name="RangeError")
        flags = {}
        for name in ("initial", "raw", "gitignore"):
            value = opts.get(name)
            if not isinstance(value, bool):
                raise HostError(f"fswatch: {name} must be a boolean", name="TypeError")
            flags[name] = value
        awf = opts.get("awaitWriteFinish")
        write_finish = None
        if awf is not None:
            if not isinstance(awf, dict):
                raise HostError("fswatch: awaitWriteFinish must be a boolean or {stabilityMs, pollMs}",
                                name="TypeError")
            stability = _duration(awf.get("stabilityMs"), "awaitWriteFinish.stabilityMs")
            poll_ms = _duration(awf.get("pollMs"), "awaitWriteFinish.pollMs")
            if poll_ms < 1:
                raise HostError("fswatch: awaitWriteFinish.pollMs must be at least 1 ms", name="RangeError")
            write_finish = WriteFinish(stability / 1000.0, poll_ms / 1000.0)
        poll = opts.get("poll")
        poll_ms_asked: int | None = None
        if poll is not None:
            poll_ms_asked = _duration(poll, "poll.intervalMs")
            if not o.allow_polling:
                raise HostError("fswatch: polling watches are not allowed")
            if poll_ms_asked < self._min_poll_ms():
                raise HostError(f"fswatch: poll.intervalMs is below the minimum of {self._min_poll_ms()}ms",
                                name="RangeError")
        try:
            globs = GlobSet(include, exclude)
        except GlobSetError as exc:
            raise HostError(f"fswatch: {exc}") from None
        gitignore = None
        ref = self._manager.adopt_emitter_on_owner(emitter)
        try:
            try:
                is_dir = stat.S_ISDIR(os.stat(real).st_mode)
            except OSError as exc:
                raise HostError(f"fswatch: stat {_q(shown)}: {exc.strerror or exc}",
                                code=_errno_name(exc)) from None
            ignore = o.ignore_path
            if ignore is not None and ignore(real):
                raise HostError(f"fswatch: path {_q(shown)} is ignored")
            root = real if is_dir else os.path.dirname(real)
            if flags["gitignore"]:
                from .gitignore import GitIgnoreTree
                gitignore = GitIgnoreTree(root)
            filters = Filters(root=root, allows=globs.allows, descends=globs.should_descend,
                              ignore_path=ignore, depth=depth if isinstance(depth, int) else None,
                              gitignore=gitignore)
            return self._start(ref, shown, real, is_dir, recursive, debounce_ms, globs, filters,
                               flags, write_finish, poll_ms_asked)
        except BaseException:
            ref.close()
            raise

    def _choose_backend(self, root: str, poll_ms: int | None) -> tuple[str, float | None]:
        """("inotify"/"native"/"polling", the polling interval in seconds or None)."""
        default = max(DEFAULT_INTERVAL, self._min_poll_ms() / 1000.0)
        if poll_ms is not None:
            return "polling", poll_ms / 1000.0
        if self._options.force_polling or force_polling():
            return "polling", default
        if sys.platform.startswith("linux"):
            fstype = needs_polling(root)
            if fstype is not None:
                log.warning("fswatch: %s is on a %s file system, which inotify cannot watch; "
                            "polling it every %g s instead", root, fstype, default)
                return "polling", default
            return "inotify", None
        return "native", None

    def _start(self, ref: Any, shown: str, real: str, is_dir: bool, recursive: bool,
               debounce_ms: int, globs: GlobSet, filters: Filters, flags: dict[str, bool],
               write_finish: WriteFinish | None, poll_ms: int | None) -> dict[str, Any]:
        root = real if is_dir else os.path.dirname(real)
        backend, interval = self._choose_backend(root, poll_ms)
        timers = self._timers
        if timers is None:
            timers = self._timers = Debouncer()
        token = next(self._tokens)
        watch = FileWatch(
            watch_id=ref.id,
            watch_path=shown,
            real_root=root,
            target=None if is_dir else real,
            recursive=recursive,
            debounce=debounce_ms / 1000.0,
            filters=filters,
            emit=ref.emit,
            end=lambda: self._ended(token),
            timers=timers,
            raw=flags["raw"],
            write_finish=write_finish,
            source="polling" if backend == "polling" else "watchdog",
        )
        handle: Any = None
        try:
            if backend == "polling":
                assert interval is not None
                if self._polling is None:
                    self._polling = PollingPool()
                self._polling.schedule(watch, interval)
            else:
                try:
                    handle = self._schedule_inotify(watch)
                except OSError as exc:
                    if type(exc).__name__ != "InotifyUnavailable":
                        raise
                    interval = max(DEFAULT_INTERVAL, self._min_poll_ms() / 1000.0)
                    log.warning("fswatch: inotify is unavailable (%s); polling %s every %g s "
                                "instead", exc.strerror or exc, root, interval)
                    backend = "polling"
                    watch.source = "polling"
                    if self._polling is None:
                        self._polling = PollingPool()
                    self._polling.schedule(watch, interval)
            gitignore = filters.gitignore
            if gitignore is not None:
                def changed() -> None:  # backend thread
                    gitignore.invalidate()
                    if handle is not None:
                        handle.rewatch()
                watch.gitignore_changed = changed
        except OSError as exc:
            watch.stop()
            if is_watch_limit_error(exc) and exc.errno == errno.ENOSPC:
                raise HostError(f"fswatch: watch {_q(shown)}: {watch_limit_message(real)}",
                                code="ENOSPC") from None
            raise HostError(f"fswatch: watch {_q(shown)}: {exc.strerror or exc}",
                            code=_errno_name(exc)) from None
        started = _Started(watch, ref, backend, handle)
        limit_errors = [p for p, e in watch.add_errors if is_watch_limit_error(e)]
        if limit_errors:
            self._stop_watch(started)
            raise HostError(f"fswatch: watch {_q(shown)}: {watch_limit_message(limit_errors[0])}",
                            code="ENOSPC")
        ref.set_cancel(lambda: self._stop_watch(started))
        with self._lock:
            self._watches[token] = started
        if flags["initial"]:
            scanner = threading.Thread(target=self._scan, args=(started, token),
                                       name="qjsbridge-fswatch-scan", daemon=True)
            started.scanner = scanner
            scanner.start()
        else:
            self._ready(started, token)
        return {"token": token, "id": ref.id, "path": shown, "recursive": recursive,
                "debounceMs": debounce_ms, "include": [g.pattern for g in globs.include],
                "exclude": [g.pattern for g in globs.exclude], "backend": backend}

    def _schedule_inotify(self, watch: FileWatch) -> Any:
        from .inotify import InotifyWatch, ObserverPool  # watchdog is imported at the first watch

        with self._lock:
            if self._pool is None:
                self._pool = ObserverPool()
            pool = self._pool
        handle = InotifyWatch(watch)
        pool.schedule(handle.spec, handle.handler)
        return handle

    # -- initial scan and ready -------------------------------------------------------------------
    def _scan(self, started: _Started, token: int) -> None:  # the scan thread
        watch = started.watch
        try:
            if watch.target is not None:
                if os.path.lexists(watch.target):
                    watch.scanned(watch.target, os.path.isdir(watch.target))
            else:
                pending = [watch.root]
                while pending and not watch.closed:
                    directory = pending.pop()
                    try:
                        with os.scandir(directory) as it:
                            entries = sorted(it, key=lambda e: e.name)
                    except OSError:
                        continue
                    subdirs = []
                    for entry in entries:
                        try:
                            is_dir = entry.is_dir(follow_symlinks=False)
                        except OSError:
                            continue
                        watch.scanned(entry.path, is_dir)
                        if is_dir and watch.recursive and watch.descend(entry.path):
                            subdirs.append(entry.path)
                    pending.extend(reversed(subdirs))
        except Exception as exc:
            log.exception("fswatch: the initial scan of %s failed", watch.watch_path)
            watch.internal_error(exc)
        self._ready(started, token)

    def _ready(self, started: _Started, token: int) -> None:  # any thread
        if started.watch.closed:
            return
        started.watch.send_ready()
        op = f"fswatch.ready.{self._prefix}"
        try:
            self._manager.owner.post(None, "fswatch.ready",
                                     lambda c, vm: vm.call_op(op, token))
        except Exception as exc:  # the runtime is closing
            log.debug("fswatch: ready not delivered: %s", exc)

    def _close_watch(self, token: int) -> bool:
        with self._lock:
            started = self._watches.pop(token, None)
        if started is not None:
            started.ref.close()
        return True

    # -- stopping -----------------------------------------------------------------------------------
    def _stop_watch(self, started: _Started) -> None:
        started.watch.stop()
        if started.backend == "polling":
            if self._polling is not None:
                self._polling.unschedule(started.watch)
        elif self._pool is not None and started.handle is not None:
            self._pool.unschedule(started.handle.spec)

    def _ended(self, token: int) -> None:  # the watched root went away (backend thread)
        with self._lock:
            started = self._watches.pop(token, None)
        if started is not None:
            self._stop_watch(started)
            started.ref.close_after_queued()

    def close(self, ctx: Context) -> None:
        """Runtime closer: stop every watch, the backends and the timer thread."""
        with self._lock:
            entries = list(self._watches.values())
            self._watches.clear()
            self._closed = True
        for started in entries:
            started.watch.stop()
            started.ref.close()
        if self._pool is not None:
            self._pool.close()
        if self._polling is not None:
            self._polling.close()
        if self._timers is not None:
            self._timers.close()
        for started in entries:
            if started.scanner is not None:
                started.scanner.join(5.0)


MAX_PATTERNS = 10_000
MAX_PATTERN_LENGTH = 4096


def _expect_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise HostError(f"fswatch: {what} must be a string", name="TypeError")
    return value


def _duration(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise HostError(f"fswatch: {name} must be a finite non-negative number", name="RangeError")
    if value > MAX_DURATION_MS:
        raise HostError(f"fswatch: {name} must be at most {MAX_DURATION_MS} ms (got {value})",
                        name="RangeError")
    return value


def _patterns(value: object, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise HostError(f"fswatch: {name} must be an array of non-empty strings", name="TypeError")
    if len(value) > MAX_PATTERNS:
        raise HostError(f"fswatch: {name} has {len(value)} patterns; at most {MAX_PATTERNS} are "
                        "allowed", name="RangeError")
    for i, p in enumerate(value):
        if len(p) > MAX_PATTERN_LENGTH:
            raise HostError(f"fswatch: {name}[{i}] is longer than {MAX_PATTERN_LENGTH} characters",
                            name="RangeError")
    return [p.strip() for p in value]


def _errno_name(exc: OSError) -> str | None:
    return errno.errorcode.get(exc.errno or 0)
