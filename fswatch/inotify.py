"""The inotify backend: watchdog's observer (watchdog 7.1 internals, pinned below 8), extended.

One :class:`ObserverPool` per runtime owns one watchdog observer (one inotify descriptor and
reader thread on Linux), created at the first watch; this module, and watchdog with it, is only
imported then. Each JS watch is its own :class:`WatchSpec`-keyed emitter, so closing one never
disturbs another watch of the same path.

On Linux the inotify layer is extended:

* excluded (and ignored, and too deep) directories get no inotify watch at all;
* a directory that cannot be watched because the inotify watch limit is reached (``ENOSPC``) is
  reported instead of being skipped silently;
* a kernel queue overflow is reported (watchdog only rebuilds its watches);
* ``IN_OPEN``/``IN_CLOSE_NOWRITE`` are not requested (reads cost nothing), ``IN_CLOSE_WRITE`` is:
  the pipeline reports a written file when its writer closes it;
* files found by scanning a new directory are marked, so the pipeline knows their CREATE did not
  come from the kernel;
* events reach the pipeline on the thread that read them from the kernel (:class:`_MoveGrouper`):
  watchdog's own path hands each one through two more threads (its emitter's move-pairing queue,
  then the observer's event queue), a lock round and a thread wake-up per hop. Only a move's
  first half (``IN_MOVED_FROM``) still waits, up to 0.5 s, for its second half, and events behind
  it wait with it, in order, exactly as watchdog's queue holds them; the emitter thread is the timer
  for that. The reader thread makes no event object for a file's create, write and close-write
  (three kernel events per new file): it hands the kernel's fields on.

Elsewhere the stock observer is used; those extras are then unavailable.
"""

from __future__ import annotations

import errno
import logging
import os
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from watchdog.events import (
    DirAttribEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch

from .events import CHMOD, CREATE, REMOVE, RENAME, WRITE, RawChange
from .pipeline import FileWatch

__all__ = ["InotifyUnavailable", "InotifyWatch", "ObserverPool", "WatchSpec", "changes_from"]

log = logging.getLogger(__name__)


class InotifyUnavailable(OSError):
    """The OS watcher could not be created at all (no inotify, or the instance limit)."""


def changes_from(event: FileSystemEvent, scanned: bool = False) -> list[RawChange]:
    """Fold watchdog's vocabulary into the five ops (plus the writer's close).

    Opened events carry no change and directory "modified" events only echo a child's change,
    so both are dropped. A close after writing is a ``closed`` change. A move with both ends
    known is one RENAME naming both; a move out of the watch is a RENAME of the old name; a move
    into it is a CREATE of a complete entry (``synthetic``: no writer will close it).
    """
    src = os.fsdecode(event.src_path)
    if isinstance(event, (FileCreatedEvent, DirCreatedEvent)):
        return [RawChange(CREATE, src, event.is_directory, synthetic=scanned)]
    if isinstance(event, FileModifiedEvent):
        return [RawChange(WRITE, src, False)]
    if isinstance(event, FileClosedEvent):
        return [RawChange(0, src, False, closed=True)]
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
        return [RawChange(CREATE, dest, event.is_directory, synthetic=True)]
    return []  # opened, closed without writing, directory modified


#: :meth:`WatchHooks.on_file` kinds: a file was created, written, closed after writing.
FILE_CREATED, FILE_WRITTEN, FILE_CLOSED = 0, 1, 2


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

    def note_scanned(self, path: str) -> None:
        """watchdog found file ``path`` by scanning a new directory (its CREATE is synthetic)."""
        ...

    def on_event(self, event: FileSystemEvent) -> None:
        """One watchdog event for this watch, in order (one thread at a time)."""
        ...

    def on_file(self, kind: int, path: str) -> None:
        """A file was created, written or closed after writing (``FILE_*``); in order with
        :meth:`on_event`."""
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
    from watchdog.events import DirModifiedEvent
    from watchdog.observers.inotify import InotifyFullEmitter, InotifyObserver, InotifyWatchGroup
    from watchdog.observers.inotify_c import (
        DEFAULT_EVENT_BUFFER_SIZE,
        WATCHDOG_ALL_EVENTS,
        InotifyConstants,
        InotifyEvent,
        InotifyFD,
    )
    from watchdog.observers.inotify_move_event_grouper import PathedInotifyEvent

    # Opening and reading files reports nothing: skip those kernel events altogether.
    from watchdog.observers.inotify_c import Mask

    _EVENT_MASK = Mask(WATCHDOG_ALL_EVENTS & ~(InotifyConstants.IN_OPEN | InotifyConstants.IN_CLOSE_NOWRITE))
    # a file's (not a directory's) event masks that WatchHooks.on_file takes as they are
    _FILE_KINDS = {int(InotifyConstants.IN_CREATE): FILE_CREATED,
                   int(InotifyConstants.IN_MODIFY): FILE_WRITTEN,
                   int(InotifyConstants.IN_CLOSE_WRITE): FILE_CLOSED}

    class PrunedWatchGroup(InotifyWatchGroup):
        # not a @dataclass itself: making one costs milliseconds, at the first watch
        def __init__(self, inotify_fd: Any, path: bytes, *, event_mask: Any, is_recursive: bool,
                     follow_symlink: bool, hooks: Any, sink: Any, file_sink: Any) -> None:
            self.hooks = hooks
            self.sink = sink  # dispatch(grouped event): the emitter's, on whichever thread drains
            self.file_sink = file_sink  # WatchHooks.on_file, for file events skipping the grouper
            super().__init__(inotify_fd, path, event_mask=event_mask, is_recursive=is_recursive,
                             follow_symlink=follow_symlink)

        def __post_init__(self) -> None:
            self._inodes: dict[bytes, int] = {}  # watched directory -> inode when watched
            self._paths: dict[int, bytes] = {}  # and back
            self._move_event_grouper = self.grouper = _MoveGrouper(self._dispatch)  # type: ignore[assignment]
            if self.hooks is not None:
                self.hooks.attach_group(self)
            super().__post_init__()

        def _dispatch(self, grouped: Any) -> None:  # the thread draining the grouper
            try:
                self.sink(grouped)
            except Exception as exc:  # never let the reader thread die
                log.exception("fswatch: handling an inotify event failed")
                if self.hooks is not None:
                    self.hooks.internal_error(exc)

        def rewatch(self) -> None:
            """Watch directories that the filters refused before (a .gitignore changed)."""
            with self._lock:
                if self.is_active and self.is_recursive:
                    self._add_all_callbacks(self.path)

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

        def on_file_event(self, wd: Any, mask: Any, cookie: int, name: bytes) -> None:
            """A file's create/write/close-write, before any event object is made (reader
            thread). Nothing waiting in the grouper and nobody draining it: straight to the
            watch (only this thread queues, so it stays that way meanwhile)."""
            if self.file_sink is None or not self.grouper.idle():
                self.on_event(InotifyEvent(wd, mask, cookie, name))
                return
            with self._lock:
                watched = self._active_callbacks_by_watch.get(wd) if self._is_active else None
            if watched is not None:
                try:
                    self.file_sink(_FILE_KINDS[mask],
                                   os.fsdecode(os.path.join(watched, name) if name else watched))
                except Exception as exc:  # never let the reader thread die
                    log.exception("fswatch: handling an inotify event failed")
                    self.hooks.internal_error(exc)

        def on_event(self, event: InotifyEvent) -> None:  # the inotify reader thread
            try:
                super().on_event(event)  # pairs moves and queues, under the group's lock
            except Exception as exc:  # never let the shared reader thread die
                log.exception("fswatch: handling an inotify event failed")
                self.hooks.internal_error(exc)
            # outside the group's lock: handlers may take it (forget_subtree)
            self.grouper.drain()

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
            if self.hooks is not None:  # these CREATEs come from a scan, not from the kernel
                for ev in result:
                    if not ev.is_directory:
                        wd_path = self._active_callbacks_by_watch.get(ev.wd)
                        if wd_path is not None:
                            self.hooks.note_scanned(os.fsdecode(os.path.join(wd_path, ev.name)))
            return result

        def on_queue_overflow(self) -> None:
            super().on_queue_overflow()
            if self.is_active:
                self.hooks.overflowed()

    class PrunedEmitter(InotifyFullEmitter):
        """Builds watchdog events and hands them straight to the watch (no observer queue).

        Its own thread is only the timer for moves waiting for their second half.
        """

        def on_thread_start(self) -> None:
            watch = self.watch
            hooks = watch.hooks if isinstance(watch, WatchSpec) else None
            self._handler: Any = hooks.on_event if hooks is not None else None
            self._on_file: Any = hooks.on_file if hooks is not None else None
            self._inotify = PrunedWatchGroup(
                self._inotify_fd,
                os.fsencode(watch.path),
                is_recursive=watch.is_recursive,
                event_mask=_EVENT_MASK,
                follow_symlink=False,
                hooks=hooks,
                sink=self._sink,
                file_sink=self._on_file,
            )

        def queue_events(self, timeout: float, *, full_events: bool = False) -> None:  # emitter thread
            group = self._inotify
            if group is None:
                time.sleep(min(timeout, 0.05))  # stopping: run() checks should_keep_running
                return
            assert isinstance(group, PrunedWatchGroup)
            if group.grouper.wait_due():
                group.grouper.drain()

        def _sink(self, grouped: Any) -> None:  # whichever thread drains the grouper
            # A file's creation, write and close (every written file makes all three) go to the
            # watch as they are; watchdog would make two event objects of each (one only naming
            # the parent directory as modified), which the watch would take apart again.
            if type(grouped) is PathedInotifyEvent and self._on_file is not None:
                kind = _FILE_KINDS.get(grouped.ev.mask)
                if kind is not None:
                    self._on_file(kind, os.fsdecode(grouped.path))
                    return
            self.build_and_queue_event(grouped)

        def queue_event(self, event: FileSystemEvent) -> None:
            # (watchdog's observer queue drops an event equal to the one before it while that one
            # is still queued; handed over at once, nothing is ever still queued)
            if self._handler is None:
                super().queue_event(event)
            elif type(event) is not DirModifiedEvent:  # it only echoes a child's change
                self._handler(event)

    class _MoveGrouper:
        """watchdog's move pairing, drained by whichever thread has events due.

        Like ``InotifyMoveEventGrouper``: an ``IN_MOVED_FROM`` waits up to :attr:`delay` seconds
        for its ``IN_MOVED_TO`` (then both leave as one pair, where the second one was queued),
        and everything queued behind a waiting one waits too, so the order never changes. What
        is not held back is dispatched at once by the inotify reader thread after each event; the
        emitter thread waits for held-back moves to come due. One thread dispatches at a time
        (``_busy``), so the pipeline sees events one by one and in order.
        """

        delay = 0.5

        def __init__(self, dispatch: Callable[[Any], None]) -> None:
            self._dispatch = dispatch
            self._cond = threading.Condition(threading.Lock())
            self._queue: deque[tuple[Any, float]] = deque()  # (grouped event, due; 0: now)
            self._busy = False
            self._closed = False

        def put_event(self, event: Any) -> None:  # reader thread, under the group's lock
            if event.ev.is_moved_to:
                grouped = self._pair(event)
                due = 0.0
            elif event.ev.is_moved_from:
                grouped, due = event, time.monotonic() + self.delay
            else:
                grouped, due = event, 0.0
            with self._cond:
                self._queue.append((grouped, due))
                if due:
                    self._cond.notify()  # the emitter thread times it

        def _index(self, cookie: int) -> int:
            for i, (ev, _) in enumerate(self._queue):
                if isinstance(ev, PathedInotifyEvent) and ev.ev.is_moved_from and ev.ev.cookie == cookie:
                    return i
            return -1

        def _pair(self, to_event: Any) -> Any:
            with self._cond:
                i = self._index(to_event.ev.cookie)
                if i < 0:
                    return to_event
                from_event = self._queue[i][0]
                del self._queue[i]
            return (from_event, to_event)

        def get_queued_moved_from_event(self, cookie: int) -> Any:
            with self._cond:
                i = self._index(cookie)
                return self._queue[i][0] if i >= 0 else None

        def read_event(self) -> Any:
            raise RuntimeError("events are dispatched by drain(), not read")

        def idle(self) -> bool:  # the reader thread
            """Nothing queued and nobody dispatching (then the reader thread may dispatch).

            No lock: only the reader thread queues, and the emitter thread only becomes busy
            with something queued, so an idle grouper stays idle while the reader dispatches.
            """
            return not self._queue and not self._busy and not self._closed

        def discard_pending_events(self) -> None:
            with self._cond:
                self._queue.clear()

        def close(self) -> None:
            with self._cond:
                self._closed = True
                self._queue.clear()
                self._cond.notify_all()

        def drain(self) -> None:  # any thread: dispatch, in order, every event that is due
            with self._cond:
                if self._busy or self._closed or not self._queue:
                    return
                self._busy = True
            try:
                while True:
                    batch = []
                    with self._cond:
                        queue = self._queue
                        if not self._closed:
                            now = 0.0
                            while queue:
                                due = queue[0][1]
                                if due:
                                    now = now or time.monotonic()
                                    if due > now:
                                        break
                                batch.append(queue.popleft()[0])
                        if not batch:
                            self._busy = False
                            if queue:
                                self._cond.notify()  # a move waits: the emitter thread times it
                            return
                    for grouped in batch:
                        self._dispatch(grouped)
            except BaseException:
                with self._cond:
                    self._busy = False
                raise

        def wait_due(self) -> bool:  # emitter thread: until something is due and nobody drains
            with self._cond:
                while not self._closed:
                    if self._queue and not self._busy:
                        due = self._queue[0][1]
                        left = due - time.monotonic() if due else 0.0
                        if left <= 0:
                            return True
                        self._cond.wait(left)
                    else:
                        self._cond.wait()
                return False

    class ReaderFD(InotifyFD):
        """watchdog's inotify reader, minus an event object per file event: a file's create,
        write and close-write (three kernel events per new file) go to the watch groups'
        ``on_file_event`` as the kernel's fields; everything else is handled as watchdog does."""

        def run(self) -> None:  # the inotify reader thread
            unpack = struct.unpack_from
            file_kinds = _FILE_KINDS
            overflow = int(InotifyConstants.IN_Q_OVERFLOW)
            while self.should_keep_running():
                buf = self._read_event_buffer(DEFAULT_EVENT_BUFFER_SIZE)
                i, end = 0, len(buf)
                while i + 16 <= end:
                    wd, mask, cookie, length = unpack("iIII", buf, i)
                    name = buf[i + 16:i + 16 + length].rstrip(b"\0")
                    i += 16 + length
                    if mask in file_kinds:
                        with self._lock:
                            watch = self._watch_for_wd.get(wd)
                            callbacks = list(watch.callbacks.values()) if watch is not None else ()
                        for callback in callbacks:
                            if isinstance(callback, PrunedWatchGroup):
                                callback.on_file_event(wd, mask, cookie, name)
                            else:
                                callback.on_event(InotifyEvent(wd, mask, cookie, name))
                    elif wd != -1 or mask & overflow:
                        self.handle_event(InotifyEvent(wd, Mask(mask), cookie, name))

    class PrunedObserver(InotifyObserver):
        def __init__(self) -> None:  # InotifyObserver's, with our reader and emitter
            self._inotify_fd = ReaderFD()
            self._inotify_fd.start()
            BaseObserver.__init__(self, PrunedEmitter, inotify_fd=self._inotify_fd)

    return PrunedObserver()


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
                try:
                    observer = _make_observer()
                except OSError as exc:  # inotify_init failed: no inotify, or no instance left
                    raise InotifyUnavailable(exc.errno, exc.strerror) from exc
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


Handler = Callable[[FileSystemEvent], None]

_EVENT_KINDS: dict[type, int] = {FileCreatedEvent: FILE_CREATED, FileModifiedEvent: FILE_WRITTEN,
                                 FileClosedEvent: FILE_CLOSED}


class EventHandler(FileSystemEventHandler):
    """Forwards every watchdog event to a callable (on the observer thread)."""

    def __init__(self, on_event: Handler) -> None:
        self._on_event = on_event

    def dispatch(self, event: FileSystemEvent) -> None:
        self._on_event(event)





class InotifyWatch:
    """Connects one :class:`FileWatch` to the observer: the watchdog hooks and event handler."""

    def __init__(self, watch: FileWatch) -> None:
        self.watch = watch
        self._group: Any = None
        self._scanned: set[str] = set()
        self._lock = threading.Lock()
        recursive = watch.recursive and watch.target is None
        self.spec = WatchSpec(watch.root, recursive=recursive, hooks=self)
        self.handler = EventHandler(self.on_event)

    # -- WatchHooks (inotify thread) ----------------------------------------------------------
    def descend(self, path: str) -> bool:
        return self.watch.descend(path)

    def add_failed(self, path: str, error: OSError) -> None:
        self.watch.add_failed(path, error)

    def overflowed(self) -> None:
        self.watch.overflowed()

    def attach_group(self, group: Any) -> None:
        self._group = group

    def internal_error(self, error: Exception) -> None:
        self.watch.internal_error(error)

    def rewatch(self) -> None:
        """Add watches for directories the filters now let through (any thread)."""
        if self._group is not None:
            self._group.rewatch()

    def note_scanned(self, path: str) -> None:
        with self._lock:
            if len(self._scanned) > 100_000:
                self._scanned.clear()
            self._scanned.add(path)

    # -- events (the thread draining the watch group: one at a time, in order) -------------------
    def on_file(self, kind: int, path: str) -> None:
        if not self.watch.closed:
            self._file(kind, path, False)

    def _file(self, kind: int, path: str, synthetic: bool) -> None:
        if kind == FILE_WRITTEN:
            self.watch.on_change(RawChange(WRITE, path, False))
        elif kind == FILE_CLOSED:
            self.watch.on_change(RawChange(0, path, False, closed=True))
        else:
            if self._scanned:
                with self._lock:
                    if path in self._scanned:
                        self._scanned.discard(path)
                        synthetic = True
            self.watch.on_change(RawChange(CREATE, path, False, synthetic=synthetic))

    def on_event(self, event: FileSystemEvent) -> None:
        watch = self.watch
        if watch.closed:
            return
        kind = type(event)
        if kind is FileCreatedEvent or kind is FileModifiedEvent or kind is FileClosedEvent:
            src = event.src_path
            self._file(_EVENT_KINDS[kind], src if type(src) is str else os.fsdecode(src),
                       event.is_synthetic)
            return
        if isinstance(event, DirDeletedEvent) and os.fsdecode(event.src_path) == watch.root:
            watch.root_removed()
            return
        if isinstance(event, DirMovedEvent) and event.src_path and not event.dest_path:
            # A directory left the watch: stop watching it at its new place, where its events
            # would otherwise still be reported under the old name.
            path = os.fsdecode(event.src_path)
            if self._group is not None:
                self._group.forget_subtree(os.fsencode(path))
            watch.forget_created_below(path)
        if event.is_synthetic and isinstance(event, (FileMovedEvent, DirMovedEvent)):
            # watchdog's per-child copy of a directory move; when the directory came from a place
            # we did not watch, it has already reported the children as created
            if watch.is_duplicate_dir_move(os.fsdecode(event.dest_path)):
                return
        for change in changes_from(event):
            watch.on_change(change)

