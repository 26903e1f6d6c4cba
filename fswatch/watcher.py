"""watchdog observers, and the mapping from watchdog events to qjsbridge file events.

One :class:`ObserverPool` per runtime owns one watchdog observer (one inotify descriptor and
reader thread on Linux), created at the first watch. Each JS watch is its own
:class:`WatchSpec`-keyed emitter, so closing one never disturbs another watch of the same path.

On Linux the inotify layer is extended (watchdog 7.1 internals, pinned below 8):

* excluded directories get no inotify watch at all (a large ``node_modules`` costs nothing);
* a directory that cannot be watched because the inotify watch limit is reached (``ENOSPC``) is
  reported instead of being skipped silently;
* a kernel queue overflow is reported (watchdog only rebuilds its watches).

Elsewhere the stock observer is used; those three extras are then unavailable.
"""

from __future__ import annotations

import errno
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from watchdog.events import (
    DirAttribEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch

__all__ = [
    "CHMOD",
    "CREATE",
    "REMOVE",
    "RENAME",
    "WRITE",
    "FileWatchEvent",
    "ObserverPool",
    "RawChange",
    "WatchHooks",
    "WatchSpec",
    "changes_from",
    "op_string",
]

log = logging.getLogger(__name__)

CREATE, REMOVE, WRITE, RENAME, CHMOD = 1, 2, 4, 8, 16
_OP_NAMES = ((CREATE, "CREATE"), (REMOVE, "REMOVE"), (WRITE, "WRITE"), (RENAME, "RENAME"),
             (CHMOD, "CHMOD"))


def op_string(ops: int) -> str:
    """``"CREATE|WRITE"``: the set ops in the fixed order CREATE, REMOVE, WRITE, RENAME, CHMOD."""
    return "|".join(name for bit, name in _OP_NAMES if ops & bit) or "[no events]"


@dataclass(frozen=True)
class RawChange:
    """One change as watchdog reported it. ``path`` is the destination for moves."""

    ops: int
    path: str
    is_dir: bool
    old_path: str | None = None


def changes_from(event: FileSystemEvent) -> list[RawChange]:
    """Fold watchdog's vocabulary into the five ops.

    Opened/closed events carry no change and directory "modified" events only echo a child's
    change, so both are dropped: a new file written once yields CREATE then WRITE, nothing more.
    A move with both ends known is one RENAME naming both; a move out of the watch is a RENAME
    of the old name; a move into it is a CREATE.
    """
    src = os.fsdecode(event.src_path)
    if isinstance(event, (FileCreatedEvent, DirCreatedEvent)):
        return [RawChange(CREATE, src, event.is_directory)]
    if isinstance(event, FileModifiedEvent):
        return [RawChange(WRITE, src, False)]
    if isinstance(event, (FileDeletedEvent, DirDeletedEvent)):
        return [RawChange(REMOVE, src, event.is_directory)]
    if isinstance(event, (FileAttribEvent, DirAttribEvent)):
        return [RawChange(CHMOD, src, event.is_directory)]
    if isinstance(event, (FileMovedEvent, DirMovedEvent)):
        dest = os.fsdecode(event.dest_path)
        if src and dest:
            return [RawChange(RENAME, dest, event.is_directory, old_path=src)]
        if src:
            return [RawChange(RENAME, src, event.is_directory)]
        return [RawChange(CREATE, dest, event.is_directory)]
    return []  # opened, closed, closed-no-write, directory modified


@dataclass(frozen=True)
class FileWatchEvent:
    """The ``event`` payload JavaScript receives (see ``qjsbridge help fswatch``)."""

    watch_path: str
    name: str
    relative_name: str
    ops: int
    recursive: bool
    debounced: bool
    count: int
    is_dir: bool
    old_name: str | None = None
    old_relative_name: str | None = None
    source: str = "watchdog"

    @property
    def op(self) -> str:
        """The ops as a string, e.g. ``"CREATE|WRITE"``."""
        return op_string(self.ops)

    def to_payload(self) -> dict[str, Any]:
        """The JSON object delivered to listeners."""
        payload: dict[str, Any] = {
            "source": self.source,
            "watchPath": self.watch_path,
            "name": self.name,
            "relativeName": self.relative_name,
            "op": self.op,
            "create": bool(self.ops & CREATE),
            "write": bool(self.ops & WRITE),
            "remove": bool(self.ops & REMOVE),
            "rename": bool(self.ops & RENAME),
            "chmod": bool(self.ops & CHMOD),
            "recursive": self.recursive,
            "debounced": self.debounced,
            "count": self.count,
            "isDir": self.is_dir,
        }
        if self.old_name is not None:
            payload["oldName"] = self.old_name
            payload["oldRelativeName"] = self.old_relative_name
        return payload


class WatchHooks(Protocol):
    """What the inotify layer asks of, and reports to, the watch it serves (any thread)."""

    def descend(self, path: str) -> bool:
        """Whether directory ``path`` (absolute) should be watched."""
        ...

    def add_failed(self, path: str, error: OSError) -> None:
        """A subdirectory could not be watched."""
        ...

    def overflowed(self) -> None:
        """The kernel dropped events."""
        ...

    def attach_group(self, group: Any) -> None:
        """The inotify watch group serving this watch (Linux only)."""
        ...

    def internal_error(self, error: Exception) -> None:
        """Handling an inotify event failed; events may have been lost."""
        ...


class WatchSpec(ObservedWatch):
    """A watch with identity equality (watchdog's compares by path) and its hooks."""

    def __init__(self, path: str, *, recursive: bool, hooks: WatchHooks) -> None:
        super().__init__(path, recursive=recursive)
        self.hooks = hooks

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def __hash__(self) -> int:
        return id(self)


def _make_linux_observer() -> BaseObserver:
    from dataclasses import dataclass as _dataclass

    from watchdog.observers.inotify import InotifyFullEmitter, InotifyObserver, InotifyWatchGroup
    from watchdog.observers.inotify_c import InotifyEvent

    @_dataclass
    class PrunedWatchGroup(InotifyWatchGroup):
        hooks: Any = None

        def __post_init__(self) -> None:
            self._inodes: dict[bytes, int] = {}  # watched directory -> inode when watched
            self._paths: dict[int, bytes] = {}  # and back
            if self.hooks is not None:
                self.hooks.attach_group(self)
            super().__post_init__()

        def forget_subtree(self, path: bytes) -> None:
            """Stop watching ``path`` and everything below it (it moved out of the watch).

            This runs ~0.5 s after the move (when watchdog gives up pairing it), so a directory
            now at ``path`` may be the same one moved back, or a new one that is already watched:
            watches whose path still holds the inode they were made for are kept.
            """
            prefix = path + b"/"
            with self._lock:
                stale = []
                for wd, p in list(self._active_callbacks_by_watch.items()):
                    if (p == path or p.startswith(prefix)) and not self._same_inode(p):
                        stale.append(wd)
                self._remove_callbacks(stale)

        def _same_inode(self, path: bytes) -> bool:
            try:
                return os.stat(path, follow_symlinks=False).st_ino == self._inodes.get(path)
            except OSError:
                return False

        # watchdog's bookkeeping can hold a path whose wd it already dropped (mkdir a; mv a b;
        # mkdir a in quick succession); a KeyError here would kill the shared reader thread and
        # with it every watch of the runtime, so removals tolerate missing entries.
        def _remove_watch_internally(self, wd: Any) -> None:
            path = self._active_callbacks_by_watch.pop(wd, None)
            if path is None:
                return
            if self._active_callbacks_by_path.get(path) == wd:
                del self._active_callbacks_by_path[path]
                inode = self._inodes.pop(path, None)
                if inode is not None and self._paths.get(inode) == path:
                    del self._paths[inode]

        def _remove_callbacks(self, wds: list[Any]) -> None:
            known = [wd for wd in wds if wd in self._active_callbacks_by_watch]
            self._inotify_fd.remove_callbacks([(wd, self._id) for wd in known])
            for wd in known:
                self._remove_watch_internally(wd)

        def _move_watches(self, move_src_path: bytes, move_dst_path: bytes) -> bool:
            moved: bool = super()._move_watches(move_src_path, move_dst_path)
            if moved:  # inodes follow the move, like the paths do
                prefix = move_src_path + b"/"
                for p in [p for p in self._inodes if p == move_src_path or p.startswith(prefix)]:
                    inode = self._inodes.pop(p)
                    new_path = move_dst_path + p[len(move_src_path):]
                    self._inodes[new_path] = inode
                    self._paths[inode] = new_path
            return moved

        def on_event(self, event: InotifyEvent) -> None:
            try:
                super().on_event(event)
            except Exception as exc:  # never let the shared reader thread die
                log.exception("fswatch: handling an inotify event failed")
                self.hooks.internal_error(exc)

        def on_watch_deleted(self, wd: Any) -> None:
            try:
                super().on_watch_deleted(wd)
            except Exception as exc:
                log.exception("fswatch: handling a removed inotify watch failed")
                self.hooks.internal_error(exc)

        def _descend(self, path: bytes) -> bool:
            return path == self.path or bool(self.hooks.descend(os.fsdecode(path)))

        def _add_all_callbacks(self, path: bytes) -> None:
            if not self._descend(path):
                return
            is_dir = os.path.isdir(path)
            self._add_callback(path)
            if not (is_dir and self.is_recursive):
                return
            # A scandir walk (not os.walk): entries carry their inode, so no stat per directory.
            pending = [path]
            while pending:
                directory = pending.pop()
                try:
                    entries = list(os.scandir(directory))
                except OSError:
                    continue  # gone or unreadable: its own events (or add errors) report it
                for entry in entries:
                    try:
                        if not entry.is_dir(follow_symlinks=False):
                            continue  # files, and symlinks, which are never followed
                    except OSError:
                        continue
                    full = os.fsencode(entry.path)
                    if not self._descend(full):
                        continue
                    self._add_callback(full, entry.inode())
                    pending.append(full)

        def _add_callback(self, path: bytes, inode: int | None = None) -> None:
            if inode is None:
                try:
                    inode = os.stat(path, follow_symlinks=False).st_ino
                except OSError:
                    inode = -1
            old_wd = self._active_callbacks_by_path.get(path)
            if old_wd is not None:
                if self._inodes.get(path) == inode:
                    # Already watched: after `mkdir -p a/b`, a's creation walks and watches a/b
                    # before a/b's own creation event arrives. Re-adding would only warn.
                    return
                # A different directory now has this name (the old one moved away): its watch
                # still points at the old directory, so drop it and watch the new one.
                if self._active_callbacks_by_watch.get(old_wd) == path:
                    self._remove_callbacks([old_wd])
                else:  # a stale path entry only
                    del self._active_callbacks_by_path[path]
            elsewhere = self._paths.get(inode) if inode >= 0 else None
            if elsewhere is not None and elsewhere != path and elsewhere in self._inodes:
                # Already watched under its old name: a rename we have not processed yet. Its
                # event re-paths the watch; adding it again would only make watchdog warn.
                return
            try:
                wd = self._inotify_fd.add_callback(path, self.event_mask, self._callback, self._id)
            except OSError as exc:
                if path == self.path:
                    raise
                if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
                    # gone again already: its removal or rename is reported as an event
                    self.hooks.add_failed(os.fsdecode(path), exc)
                return
            self._active_callbacks_by_path[path] = wd
            self._active_callbacks_by_watch[wd] = path
            self._inodes[path] = inode
            if inode >= 0:
                self._paths[inode] = path

        def _recursive_simulate(self, src_path: bytes) -> list[InotifyEvent]:
            if not self._descend(src_path):
                return []
            result: list[InotifyEvent] = super()._recursive_simulate(src_path)
            return result

        def on_queue_overflow(self) -> None:
            super().on_queue_overflow()
            if self.is_active:
                self.hooks.overflowed()

    class PrunedEmitter(InotifyFullEmitter):
        def on_thread_start(self) -> None:
            watch = self.watch
            self._inotify = PrunedWatchGroup(
                self._inotify_fd,
                os.fsencode(watch.path),
                is_recursive=watch.is_recursive,
                event_mask=self.get_event_mask_from_filter(),
                follow_symlink=False,
                hooks=watch.hooks if isinstance(watch, WatchSpec) else None,
            )

    observer = InotifyObserver(generate_full_events=True)
    observer._emitter_class = PrunedEmitter
    return observer


def _make_observer() -> BaseObserver:
    if sys.platform.startswith("linux"):
        return _make_linux_observer()
    from watchdog.observers import Observer

    observer: BaseObserver = Observer()
    return observer


class ObserverPool:
    """The runtime's watchdog observer; thread-safe. Started lazily, stopped by :meth:`close`."""

    def __init__(self, name: str = "qjsbridge-fswatch") -> None:
        self._name = name
        self._lock = threading.Lock()
        self._observer: BaseObserver | None = None
        self._closed = False

    def schedule(self, spec: WatchSpec, handler: FileSystemEventHandler) -> None:
        """Start watching; returns once the OS watches are in place. Raises OSError."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the file watcher pool is closed")
            if self._observer is None:
                observer = _make_observer()
                observer.name = self._name
                observer.start()
                self._observer = observer
            observer = self._observer
        # BaseObserver.schedule would build its own (path-keyed) ObservedWatch; add ours instead.
        with observer._lock:
            emitter = observer._emitter_class(observer.event_queue, spec, timeout=observer.timeout,
                                              event_filter=None, **observer._emitter_kwargs)
            emitter.start()  # adds the inotify watches synchronously; raises if the root fails
            observer._add_emitter(emitter)
            observer._add_handler_for_watch(handler, spec)
            observer._watches.add(spec)

    def unschedule(self, spec: WatchSpec) -> None:
        """Stop watching ``spec`` (its emitter thread is joined). Idempotent."""
        observer = self._observer
        if observer is None:
            return
        with observer._lock:
            if spec in observer._emitter_for_watch:
                observer.unschedule(spec)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the observer and every watch; no thread or descriptor outlives this."""
        with self._lock:
            self._closed = True
            observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            if observer is not threading.current_thread():
                observer.join(timeout)


def is_watch_limit_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the inotify watch (or instance) limit was reached."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EMFILE)


Handler = Callable[[FileSystemEvent], None]


class EventHandler(FileSystemEventHandler):
    """Forwards every watchdog event to a callable (on the observer thread)."""

    def __init__(self, on_event: Handler) -> None:
        self._on_event = on_event

    def dispatch(self, event: FileSystemEvent) -> None:
        self._on_event(event)



Emit = Callable[[str, dict[str, Any]], None]
"""``emit(event_name, payload)``: deliver to JavaScript (raises once the connection closed)."""


class FileWatch:
    """One JS watch: filters, de-duplicates and debounces raw changes, then emits them.

    Thread use: :meth:`on_event` runs on the observer thread, flushes on the debounce thread,
    the hooks on the inotify thread, :meth:`stop` anywhere.
    """

    _DEDUPE_WINDOW = 2.0  # seconds within which a second CREATE of one path is a duplicate

    def __init__(
        self,
        *,
        watch_id: str,
        watch_path: str,
        real_root: str,
        target: str | None,
        recursive: bool,
        debounce: float,
        allows: Callable[[str], bool],
        descends: Callable[[str], bool],
        ignore_path: Callable[[str], bool] | None,
        emit: Emit,
        end: Callable[[], None],
        debouncer: Any | None,
    ) -> None:
        self.id = watch_id
        self.watch_path = watch_path
        self._root = real_root  # the directory inotify watches (the parent, for a file watch)
        self._target = target  # the watched file's real path, for a file watch
        self.recursive = recursive
        self.debounce = debounce
        self._allows = allows
        self._descends = descends
        self._ignore_path = ignore_path
        self._emit = emit
        self._end = end
        self._debouncer = debouncer
        self._closed = False
        self._created: dict[str, float] = {}
        self._ignored_dirs: dict[str, bool] = {}
        self._group: Any = None
        self._prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
        self.add_errors: list[tuple[str, OSError]] = []
        self.spec = WatchSpec(real_root, recursive=recursive and target is None, hooks=self)

    # -- naming ---------------------------------------------------------------------------------
    def relative(self, path: str) -> str | None:
        """The relative name of ``path`` with "/" separators, or None if it is not ours."""
        if self._target is not None:
            return os.path.basename(self._target) if path == self._target else None
        if path == self._root:
            return ""
        if path.startswith(self._prefix):
            rel = path[len(self._prefix):]
            return rel if os.sep == "/" else rel.replace(os.sep, "/")
        return None

    def display_name(self, rel: str) -> str:
        """What ``name`` shows: the watched path as given, joined with the relative name."""
        if self._target is not None or not rel:
            return self.watch_path
        return f"{self.watch_path.rstrip('/')}/{rel}" if self.watch_path != "/" else f"/{rel}"

    # -- WatchHooks (inotify thread) ----------------------------------------------------------------
    def descend(self, path: str) -> bool:
        rel = self.relative(path)
        if rel is None:
            return False
        if self._ignore_path is not None and self._ignore_path(path):
            return False
        return self._descends(rel)

    def attach_group(self, group: Any) -> None:
        self._group = group

    def add_failed(self, path: str, error: OSError) -> None:
        self.add_errors.append((path, error))
        if self._closed:
            return
        if is_watch_limit_error(error):
            self._send("error", self._error_payload(watch_limit_message(path), "ENOSPC"))
        else:  # e.g. a directory we may not read: its changes cannot be reported
            self._send("error", self._error_payload(
                f"cannot watch {path!r}: {error.strerror or error}",
                errno.errorcode.get(error.errno or 0)))

    def internal_error(self, error: Exception) -> None:
        if self._closed:
            return
        self._send("error", self._error_payload(
            f"internal error while handling a file event ({type(error).__name__}: {error}); "
            "events may have been lost", "EINTERNAL"))
        self._send("rescan", {"source": "watchdog", "watchPath": self.watch_path,
                              "reason": "error"})

    def overflowed(self) -> None:
        if self._closed:
            return
        self._send("error", self._error_payload(
            "the inotify event queue overflowed; events were lost (raise "
            "fs.inotify.max_queued_events, or rescan)", "EOVERFLOW"))
        self._send("rescan", {"source": "watchdog", "watchPath": self.watch_path,
                              "reason": "overflow"})

    # -- events (observer thread) -------------------------------------------------------------------
    def on_event(self, event: FileSystemEvent) -> None:
        if self._closed:
            return
        if (isinstance(event, DirDeletedEvent) and os.fsdecode(event.src_path) == self._root):
            self._root_removed()
            return
        if isinstance(event, DirMovedEvent) and event.src_path and not event.dest_path:
            self._moved_out(os.fsdecode(event.src_path))
        if event.is_synthetic and isinstance(event, (FileMovedEvent, DirMovedEvent)):
            # watchdog's per-child copy of a directory move; when the directory came from a place
            # we did not watch, it has already reported the children as created
            seen = self._created.get(os.fsdecode(event.dest_path))
            if seen is not None and time.monotonic() - seen < self._DEDUPE_WINDOW:
                return
        for change in changes_from(event):
            self._handle(change)

    def _moved_out(self, path: str) -> None:
        # A directory left the watch: stop watching it at its new place, where its events
        # would otherwise still be reported under the old name.
        if self._group is not None:
            self._group.forget_subtree(os.fsencode(path))
        self._forget_created_below(path)

    def _forget_created_below(self, path: str) -> None:
        prefix = path + os.sep
        for p in [p for p in self._created if p.startswith(prefix)]:
            del self._created[p]

    def _handle(self, change: RawChange) -> None:
        rel = self.relative(change.path)
        if rel == "" and self._target is None:
            return  # the watched directory itself: its own changes are not child events
        ok = rel is not None and self._passes(change.path, rel)
        if not ok:
            old = change.old_path
            old_rel = self.relative(old) if old is not None else None
            if old is None or old_rel is None or not self._passes(old, old_rel):
                return
            # Moved to a name we do not report: to the listener the old name went away.
            change = RawChange(RENAME, old, change.is_dir)
        if change.ops & CREATE and self._is_duplicate_create(change.path):
            return
        if change.ops & (REMOVE | RENAME):
            self._created.pop(change.path, None)
            if change.old_path is not None:
                self._created.pop(change.old_path, None)
            if change.is_dir:
                self._forget_created_below(change.old_path or change.path)
        if self.debounce <= 0 or self._debouncer is None:
            self._send("event", self._payload(change, change, change.ops, 1, False))
        else:
            self._debouncer.add((self.id, change.path), change.ops, change, self.debounce, self._flush)

    def _passes(self, path: str, rel: str) -> bool:
        if self._ignore_path is not None and self._ignored(path):
            return False
        return self._allows(rel)

    def _ignored(self, path: str) -> bool:
        """ignore_path for ``path`` or any directory between the watch root and it (a watch
        follows renames, so an ignored directory can be reached by a path the host never saw)."""
        assert self._ignore_path is not None
        if self._ignore_path(path):
            return True
        parent = os.path.dirname(path)
        chain = []
        while parent != self._root and parent.startswith(self._prefix):
            cached = self._ignored_dirs.get(parent)
            if cached is not None:
                if cached:
                    return True
                break
            chain.append(parent)
            parent = os.path.dirname(parent)
        ignored = False
        for d in reversed(chain):  # from the top down: an ignored ancestor hides the rest
            ignored = ignored or bool(self._ignore_path(d))
            if len(self._ignored_dirs) > 4096:
                self._ignored_dirs.clear()
            self._ignored_dirs[d] = ignored
        return ignored

    def _is_duplicate_create(self, path: str) -> bool:
        # watchdog reports the contents of a directory it just started watching (mkdir -p a/b
        # && touch a/b/f) and may then see the same creation from inotify too.
        now = time.monotonic()
        seen = self._created.get(path)
        self._created[path] = now
        if len(self._created) > 10_000:
            cutoff = now - self._DEDUPE_WINDOW
            self._created = {p: t for p, t in self._created.items() if t >= cutoff}
        return seen is not None and now - seen < self._DEDUPE_WINDOW

    def _flush(self, key: object, pending: Any) -> None:  # debounce thread
        if self._closed:
            return
        self._send("event", self._payload(pending.latest, pending.first_change, pending.ops,
                                          pending.count, True))

    def _payload(self, latest: RawChange, first: RawChange, ops: int, count: int,
                 debounced: bool) -> dict[str, Any]:
        rel = self.relative(latest.path) or ""
        old_path = latest.old_path or first.old_path
        old_rel = self.relative(old_path) if old_path is not None else None
        old_name = None
        if old_path is not None:  # a move whose old name lies outside the watch keeps the real path
            old_name = self.display_name(old_rel) if old_rel is not None else old_path
        return FileWatchEvent(
            watch_path=self.watch_path,
            name=self.display_name(rel),
            relative_name=rel,
            ops=ops,
            recursive=self.recursive,
            debounced=debounced,
            count=count,
            is_dir=latest.is_dir,
            old_name=old_name,
            old_relative_name=old_rel,
        ).to_payload()

    def _error_payload(self, message: str, code: str | None) -> dict[str, Any]:
        return {"source": "watchdog", "path": self.watch_path, "message": message, "code": code}

    def _root_removed(self) -> None:
        self._closed = True
        if self._debouncer is not None:
            self._debouncer.cancel(lambda key: isinstance(key, tuple) and key[0] == self.id)
        what = "file's directory" if self._target is not None else "directory"
        self._send("error", self._error_payload(f"the watched {what} was removed", "ENOENT"),
                   even_if_closed=True)
        self._send("close", {"source": "watchdog", "watchPath": self.watch_path,
                             "reason": "removed"}, even_if_closed=True)
        self._end()

    def _send(self, name: str, payload: dict[str, Any], even_if_closed: bool = False) -> None:
        if self._closed and not even_if_closed:
            return
        try:
            self._emit(name, payload)
        except Exception as exc:  # closed connection, or closed runtime: nobody is listening
            log.debug("fswatch %s: dropped %s event: %s", self.id, name, exc)

    # -- stopping ---------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop delivering now (pending debounced events are dropped). Idempotent."""
        self._closed = True
        if self._debouncer is not None:
            self._debouncer.cancel(lambda key: isinstance(key, tuple) and key[0] == self.id)


def watch_limit_message(path: str) -> str:
    """The explanation for ENOSPC from inotify_add_watch."""
    return (f"cannot watch {path!r}: the inotify watch limit is reached (ENOSPC); raise it with "
            "`sudo sysctl fs.inotify.max_user_watches=524288` (add it to /etc/sysctl.conf to keep "
            "it), or exclude large directories such as node_modules")
