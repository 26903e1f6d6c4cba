"""FSWatchHelper: the runtime initializer that gives JavaScript ``fswatch.watch``.

    factory = (RuntimeFactoryBuilder()
               .with_runtime_initializers(
                   jsevents.install(),
                   FSWatchHelper(FSWatchOptions(root="/srv/project", allow_recursive=True,
                                                max_debounce=1.0)))
               .build())

Host options always win over what a script asks for. Paths are checked after resolving ``..``
and symlinks: a path that leaves ``root`` either way is refused. With neither ``root`` nor
``allow_path`` set, every path is refused (the library default is strict; the command line sets
``root`` to the current directory). See ``qjsbridge help fswatch``.
"""

from __future__ import annotations

import errno
import itertools
import json
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from qjsbridge.engine.context import Context
from qjsbridge.engine.errors import HostError
from qjsbridge.engine.runtime import SetupContext
from qjsbridge.jsevents import Manager

from .debounce import Debouncer
from .globs import GlobSet, GlobSetError
from .watcher import EventHandler, FileWatch, ObserverPool, is_watch_limit_error, watch_limit_message

__all__ = ["FSWatchHelper", "FSWatchOptions", "HELPER_ID"]

HELPER_ID = "jsevents.fswatch-helper"
_MAX_MESSAGE_PATH = 200


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
    * ``global_name``: the JS global that holds ``watch``.
    """

    root: str | os.PathLike[str] | None = None
    allow_path: Callable[[str], bool] | None = None
    allow_recursive: bool = False
    max_debounce: float | None = None
    ignore_path: Callable[[str], bool] | None = None
    global_name: str = "fswatch"


def _q(path: str) -> str:
    """Quote a path for an error message (like Go's %q), shortening very long ones."""
    if len(path) > _MAX_MESSAGE_PATH:
        path = path[:_MAX_MESSAGE_PATH] + "..."
    return json.dumps(path, ensure_ascii=False)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class FSWatchHelper:
    """The runtime initializer (ID ``jsevents.fswatch-helper``); add it after ``jsevents.install()``."""

    def __init__(self, options: FSWatchOptions | None = None) -> None:
        self.options = options or FSWatchOptions()
        if not self.options.global_name.isidentifier():
            raise ValueError(f"FSWatchOptions.global_name {self.options.global_name!r} is not an identifier")
        if self.options.max_debounce is not None and self.options.max_debounce < 0:
            raise ValueError("FSWatchOptions.max_debounce must be >= 0 seconds")

    @property
    def id(self) -> str:
        return HELPER_ID if self.options.global_name == "fswatch" else f"{HELPER_ID}:{self.options.global_name}"

    def init_runtime(self, setup: SetupContext) -> None:
        """Install the global; no filesystem work happens until ``watch`` is called."""
        manager = Manager.from_setup(setup, "FSWatchHelper")
        FSWatchRuntime(setup, manager, self.options)


class FSWatchRuntime:
    """The per-runtime state of one helper: its observer, debouncer and open watches."""

    def __init__(self, setup: SetupContext, manager: Manager, options: FSWatchOptions) -> None:
        self._manager = manager
        self._options = options
        self._root = os.path.abspath(os.fspath(options.root)) if options.root is not None else None
        self._root_real = os.path.realpath(self._root) if self._root is not None else None
        self._pool = ObserverPool()
        self._debouncer: Debouncer | None = None
        self._lock = threading.Lock()
        self._watches: dict[int, tuple[FileWatch, Any]] = {}
        self._tokens = itertools.count(1)
        prefix = f"fswatch.{options.global_name}"
        setup.vm.register(f"{prefix}.checkPath", self._check_path)
        setup.vm.register(f"{prefix}.watch", self._watch)
        setup.vm.register(f"{prefix}.close", self._close_watch)
        text = resources.files("qjsbridge.fswatch").joinpath("js").joinpath("fswatch.js").read_text("utf-8")
        setup.install_js(text, "qjsbridge:fswatch.js")
        setup.vm.call_op("fswatch.install",
                         json.dumps({"prefix": prefix, "globalName": options.global_name}))
        setup.add_closer(self.close)

    # -- path policy --------------------------------------------------------------------------------
    def normalize(self, raw: str) -> tuple[str, str]:
        """(the path as shown to JS, its real path); HostError if the host policy refuses it."""
        path = raw.strip()
        if "\x00" in path:
            raise HostError("fswatch: path must not contain NUL characters", name="TypeError")
        try:
            os.fsencode(path)
        except UnicodeEncodeError:
            raise HostError(f"fswatch: path {_q(path)} is not a valid file name", name="TypeError") from None
        if self._root is not None:
            assert self._root_real is not None
            candidate = path if os.path.isabs(path) else os.path.join(self._root, path)
            shown = os.path.normpath(candidate)
            if not _inside(shown, self._root):
                raise HostError(f"fswatch: path {_q(path)} escapes root {_q(self._root)}")
            real = os.path.realpath(shown)
            if not _inside(real, self._root_real):
                raise HostError(f"fswatch: path {_q(path)} escapes root {_q(self._root)} through a symlink")
        else:
            shown = os.path.normpath(path)
            real = os.path.realpath(shown)
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
        self.normalize(_expect_str(raw, "path"))

    def _watch(self, raw: object, opts: object, emitter: object) -> dict[str, Any]:
        # The JS shim normalised the options; check them again here, since a script can change
        # what reaches Python (toJSON hooks), and host limits must not depend on JS code.
        shown, real = self.normalize(_expect_str(raw, "path"))
        if not isinstance(opts, dict):
            raise HostError("fswatch: options must be an object", name="TypeError")
        recursive = opts.get("recursive")
        debounce_ms = opts.get("debounceMs")
        if not isinstance(recursive, bool):
            raise HostError("fswatch: recursive must be a boolean", name="TypeError")
        if isinstance(debounce_ms, bool) or not isinstance(debounce_ms, int) or debounce_ms < 0:
            raise HostError("fswatch: debounceMs must be a finite non-negative number",
                            name="RangeError")
        include = _patterns(opts.get("include"), "include")
        exclude = _patterns(opts.get("exclude"), "exclude")
        if recursive and not self._options.allow_recursive:
            raise HostError("fswatch: recursive watches are not allowed")
        max_debounce = self._options.max_debounce
        if max_debounce is not None and debounce_ms > max_debounce * 1000:
            raise HostError(f"fswatch: debounceMs exceeds maximum of {round(max_debounce * 1000)}ms",
                            name="RangeError")
        try:
            globs = GlobSet(include, exclude)
        except GlobSetError as exc:
            raise HostError(f"fswatch: {exc}") from None
        ref = self._manager.adopt_emitter_on_owner(emitter)
        try:
            return self._start(ref, shown, real, recursive, debounce_ms, globs)
        except BaseException:
            ref.close()
            raise

    def _start(self, ref: Any, shown: str, real: str, recursive: bool, debounce_ms: int,
               globs: GlobSet) -> dict[str, Any]:
        try:
            is_dir = stat.S_ISDIR(os.stat(real).st_mode)
        except OSError as exc:
            raise HostError(f"fswatch: stat {_q(shown)}: {exc.strerror or exc}",
                            code=_errno_name(exc)) from None
        ignore = self._options.ignore_path
        if ignore is not None and ignore(real):
            raise HostError(f"fswatch: path {_q(shown)} is ignored")
        if debounce_ms > 0 and self._debouncer is None:
            self._debouncer = Debouncer()
        token = next(self._tokens)
        watch = FileWatch(
            watch_id=ref.id,
            watch_path=shown,
            real_root=real if is_dir else os.path.dirname(real),
            target=None if is_dir else real,
            recursive=recursive,
            debounce=debounce_ms / 1000.0,
            allows=globs.allows,
            descends=globs.should_descend,
            ignore_path=ignore,
            emit=ref.emit,
            end=lambda: self._ended(token),
            debouncer=self._debouncer,
        )
        try:
            self._pool.schedule(watch.spec, EventHandler(watch.on_event))
        except OSError as exc:
            watch.stop()
            if is_watch_limit_error(exc):
                raise HostError(f"fswatch: watch {_q(shown)}: {watch_limit_message(real)}",
                                code="ENOSPC") from None
            raise HostError(f"fswatch: watch {_q(shown)}: {exc.strerror or exc}",
                            code=_errno_name(exc)) from None
        limit_errors = [p for p, e in watch.add_errors if is_watch_limit_error(e)]
        if limit_errors:
            self._stop_watch(watch)
            raise HostError(f"fswatch: watch {_q(shown)}: {watch_limit_message(limit_errors[0])}",
                            code="ENOSPC")
        ref.set_cancel(lambda: self._stop_watch(watch))
        with self._lock:
            self._watches[token] = (watch, ref)
        return {"token": token, "id": ref.id, "path": shown, "recursive": recursive,
                "debounceMs": debounce_ms, "include": [g.pattern for g in globs.include],
                "exclude": [g.pattern for g in globs.exclude]}

    def _close_watch(self, token: int) -> bool:
        with self._lock:
            entry = self._watches.pop(token, None)
        if entry is not None:
            entry[1].close()
        return True

    # -- stopping -----------------------------------------------------------------------------------
    def _stop_watch(self, watch: FileWatch) -> None:
        watch.stop()
        self._pool.unschedule(watch.spec)

    def _ended(self, token: int) -> None:  # the watched root went away (observer thread)
        with self._lock:
            entry = self._watches.pop(token, None)
        if entry is not None:
            watch, ref = entry
            self._stop_watch(watch)
            ref.close_after_queued()

    def close(self, ctx: Context) -> None:
        """Runtime closer: stop every watch, the observer and the debounce thread."""
        with self._lock:
            entries = list(self._watches.values())
            self._watches.clear()
        for watch, ref in entries:
            watch.stop()
            ref.close()
        self._pool.close()
        if self._debouncer is not None:
            self._debouncer.close()


MAX_PATTERNS = 10_000
MAX_PATTERN_LENGTH = 4096


def _expect_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise HostError(f"fswatch: {what} must be a string", name="TypeError")
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
