"""The event pipeline every backend feeds: naming, filters, folding, debouncing, delivery.

A backend (``inotify.py``, ``polling.py``) turns what it sees into :class:`RawChange` objects and
hands them to :meth:`FileWatch.on_change`. The pipeline then

1. names the change relative to the watch and drops what the filters refuse (host
   ``ignore_path``, ``depth``, ``.gitignore`` rules, include/exclude globs);
2. unless the watch is ``raw``, *folds* kernel events into one event per logical change: a file
   that is being written is held until its writer closes it (``IN_CLOSE_WRITE``), so a new file
   written once is one ``CREATE|WRITE`` event and a rewrite is one ``WRITE`` event; a file that
   stays open (a growing log) is still reported :data:`OPEN_HOLD` seconds after a write;
3. optionally holds ``CREATE``/``WRITE`` until the file's size and mtime are stable
   (``awaitWriteFinish``);
4. debounces per path (``debounceMs``), then emits to JavaScript.

Thread use: :meth:`FileWatch.on_change` runs on the backend's thread, timers fire on the
runtime's debounce thread, :meth:`FileWatch.stop` runs anywhere.
"""

from __future__ import annotations

import errno
import logging
import math
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .debounce import Debouncer, Pending
from .events import CHMOD, CREATE, REMOVE, RENAME, WRITE, RawChange, event_payload

__all__ = ["OPEN_HOLD", "SCAN_HOLD", "FileWatch", "Filters", "WriteFinish", "is_watch_limit_error",
           "watch_limit_message"]

log = logging.getLogger(__name__)

#: Seconds a written file that is not closed (a log that stays open) is held at most.
OPEN_HOLD = 0.5
#: Seconds an entry found by scanning a new directory is held for its writer to close it.
SCAN_HOLD = 0.02

Emit = Callable[[str, dict[str, Any]], None]
"""``emit(event_name, payload)``: deliver to JavaScript (raises once the connection closed)."""


@dataclass(frozen=True)
class WriteFinish:
    """``awaitWriteFinish``: report CREATE/WRITE once size and mtime held still this long."""

    stability: float  # seconds
    poll: float  # seconds between checks


class Filters:
    """What a watch reports and where it looks: host ignore_path, depth, gitignore, globs.

    ``allows(path, rel, is_dir)`` decides about a change; ``descends(path, rel)`` whether a
    directory is watched (and scanned) at all. Any thread.
    """

    def __init__(self, *, root: str, allows: Callable[[str], bool],
                 descends: Callable[[str], bool], ignore_path: Callable[[str], bool] | None,
                 depth: int | None, gitignore: Any | None) -> None:
        self._root = root
        self._prefix = root if root.endswith(os.sep) else root + os.sep
        self._allows = allows
        self._descends = descends
        self._ignore_path = ignore_path
        self.depth = depth
        self.gitignore = gitignore
        self._ignored_dirs: dict[str, bool] = {}

    def descends(self, path: str, rel: str) -> bool:
        """Whether directory ``path`` (relative name ``rel``) should be watched and scanned."""
        if rel and self.depth is not None and rel.count("/") + 1 > self.depth:
            return False
        if self._ignore_path is not None and self._ignore_path(path):
            return False
        if self.gitignore is not None and rel and self.gitignore.ignored(rel, True):
            return False
        return self._descends(rel)

    def allows(self, path: str, rel: str, is_dir: bool) -> bool:
        """Whether a change to ``path`` (relative name ``rel``) is reported."""
        if self.depth is not None and rel.count("/") > self.depth:
            return False
        if self._ignore_path is not None and self._host_ignored(path):
            return False
        if self.gitignore is not None and rel and self.gitignore.ignored(rel, is_dir):
            return False
        return self._allows(rel)

    def _host_ignored(self, path: str) -> bool:
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


def _has_contents(path: str) -> bool:
    """Whether ``path`` is a regular file that is not empty (no symlink is followed)."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size > 0


class _Hold:
    """What is held for one file being written: the merged changes since the first."""

    __slots__ = ("count", "deadline", "first_change", "latest", "ops", "since")

    def __init__(self, change: RawChange, since: float, deadline: float) -> None:
        self.ops = change.ops
        self.count = 1
        self.first_change = change
        self.latest = change
        self.since = since  # when the first change came
        self.deadline = deadline


class FileWatch:
    """One JS watch: names, filters, folds, debounces and emits the changes a backend reports."""

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
        filters: Filters,
        emit: Emit,
        end: Callable[[], None],
        timers: Debouncer | None,
        raw: bool = False,
        write_finish: WriteFinish | None = None,
        source: str = "watchdog",
    ) -> None:
        self.id = watch_id
        self.watch_path = watch_path
        self.root = real_root  # the directory the backend watches (the parent, for a file watch)
        self.target = target  # the watched file's real path, for a file watch
        self.recursive = recursive
        self.debounce = debounce
        self.filters = filters
        self.raw = raw
        self.write_finish = write_finish
        self.source = source
        self._emit = emit
        self._end = end
        self._timers = timers
        self._closed = False
        self._created: dict[str, float] = {}  # path -> when its CREATE was reported
        self._created_lock = threading.Lock()  # the scan thread and the backend's both use it
        self._settling: dict[str, tuple[tuple[int, int] | None, float]] = {}  # awaitWriteFinish
        self._holds: dict[str, _Hold] = {}  # files being written, by path (see _fold)
        self._holds_lock = threading.Lock()  # the backend's thread and the timer thread
        self._scan_holds: deque[tuple[float, str, _Hold]] = deque()  # SCAN_HOLD, oldest first
        self._open_holds: deque[tuple[float, str, _Hold]] = deque()  # OPEN_HOLD, oldest first
        self._sweep_at = math.inf  # when the timer is armed to sweep the holds
        self._prefix = real_root if real_root.endswith(os.sep) else real_root + os.sep
        self.add_errors: list[tuple[str, OSError]] = []
        self.moved_out: Callable[[str], None] | None = None  # set by the inotify backend
        self.gitignore_changed: Callable[[], None] | None = None

    # -- naming ---------------------------------------------------------------------------------
    def relative(self, path: str) -> str | None:
        """The relative name of ``path`` with "/" separators, or None if it is not ours."""
        if self.target is not None:
            return os.path.basename(self.target) if path == self.target else None
        if path == self.root:
            return ""
        if path.startswith(self._prefix):
            rel = path[len(self._prefix):]
            return rel if os.sep == "/" else rel.replace(os.sep, "/")
        return None

    def display_name(self, rel: str) -> str:
        """What ``name`` shows: the watched path as given, joined with the relative name."""
        if self.target is not None or not rel:
            return self.watch_path
        return f"{self.watch_path.rstrip('/')}/{rel}" if self.watch_path != "/" else f"/{rel}"

    # -- what backends ask (their threads) --------------------------------------------------------
    def descend(self, path: str) -> bool:
        """Whether directory ``path`` (absolute) should be watched."""
        if self.target is not None:
            return path == self.root
        rel = self.relative(path)
        if rel is None:
            return False
        return self.filters.descends(path, rel)

    def add_failed(self, path: str, error: OSError) -> None:
        """A subdirectory could not be watched."""
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
        """Handling a backend event failed; events may have been lost."""
        if self._closed:
            return
        self._send("error", self._error_payload(
            f"internal error while handling a file event ({type(error).__name__}: {error}); "
            "events may have been lost", "EINTERNAL"))
        self._send("rescan", {"source": self.source, "watchPath": self.watch_path,
                              "reason": "error"})

    def overflowed(self) -> None:
        """The kernel dropped events."""
        if self._closed:
            return
        self._send("error", self._error_payload(
            "the inotify event queue overflowed; events were lost (raise "
            "fs.inotify.max_queued_events, or rescan)", "EOVERFLOW"))
        self._send("rescan", {"source": self.source, "watchPath": self.watch_path,
                              "reason": "overflow"})

    def is_duplicate_dir_move(self, dest: str) -> bool:
        """Whether a synthetic per-child move event repeats a CREATE reported moments ago."""
        seen = self._created.get(dest)
        return seen is not None and time.monotonic() - seen < self._DEDUPE_WINDOW

    def forget_created_below(self, path: str) -> None:
        """A directory left: its children's CREATE records no longer apply."""
        prefix = path + os.sep
        with self._created_lock:
            for p in [p for p in self._created if p.startswith(prefix)]:
                del self._created[p]

    def on_change(self, change: RawChange, *, logical: bool = False) -> None:
        """One change from the backend. ``logical``: already one logical change (polling)."""
        if self._closed:
            return
        if self.gitignore_changed is not None and not change.is_dir and (
                os.path.basename(change.path) == ".gitignore"
                or (change.old_path and os.path.basename(change.old_path) == ".gitignore")
                or change.path.endswith(os.sep.join(("", ".git", "info", "exclude")))):
            self.gitignore_changed()
        if change.closed:  # the writer closed the file: what is held for it goes out (or nothing)
            if not self.raw and not logical:
                self._fold(change)
            return
        if change.ops == WRITE and change.path in self._holds and not self.raw and not logical:
            self._fold(change)  # joins the hold an allowed change made: the filters passed it
            return
        rel = self.relative(change.path)
        if rel == "" and self.target is None:
            return  # the watched directory itself: its own changes are not child events
        ok = rel is not None and self.filters.allows(change.path, rel, change.is_dir)
        if not ok:
            old = change.old_path
            old_rel = self.relative(old) if old is not None else None
            if old is None or old_rel is None or not self.filters.allows(old, old_rel, change.is_dir):
                if change.ops & (REMOVE | RENAME):
                    self._release(change.path)
                return
            # Moved to a name we do not report: to the listener the old name went away.
            self._release(old)
            change = RawChange(RENAME, old, change.is_dir)
            self._deliver(change, change, RENAME, 1)
            return
        if change.ops & CREATE:
            with self._created_lock:
                duplicate = self._is_duplicate_create(change.path)
            if duplicate and (self.raw or logical or not self._held(change.path)):
                return
        if change.ops & (REMOVE | RENAME):
            with self._created_lock:
                self._created.pop(change.path, None)
                if change.old_path is not None:
                    self._created.pop(change.old_path, None)
            if change.is_dir:
                self.forget_created_below(change.old_path or change.path)
        if self.raw:
            self._deliver(change, change, change.ops, 1)
        elif logical:
            self._deliver(change, change, change.ops, 1)
        else:
            self._fold(change)

    def scanned(self, path: str, is_dir: bool) -> bool:
        """An entry found by the initial scan; reported unless an event already did. Returns
        whether it was reported."""
        if self._closed:
            return False
        rel = self.relative(path)
        if not rel or not self.filters.allows(path, rel, is_dir):
            return False
        with self._created_lock:  # checked and marked at once: a racing CREATE sees the mark
            if path in self._created or self._held(path):
                return False
            self._created[path] = time.monotonic()
        change = RawChange(CREATE, path, is_dir)
        self._send("event", self._payload(change, change, CREATE, 1, False, initial=True))
        return True

    # -- folding (one event per logical change) ----------------------------------------------------
    # A file being written is held here, not on the shared timer: a new file is a CREATE, a WRITE
    # and a close within microseconds, and a hold per file on the timer's heap would cost a lock
    # round, a heap entry and a timer wake-up each. Holds of one kind come due in the order they
    # were made (their deadline is fixed at the first change), so a FIFO per kind and one timer
    # entry per watch, armed for the oldest live hold, serve any number of them.
    def _held(self, path: str) -> bool:
        return path in self._holds

    def _fold(self, change: RawChange) -> None:
        if change.is_dir or change.ops & (REMOVE | RENAME):
            self._release(change.path)
            ops = change.ops
            if change.old_path is not None:
                self._release(change.old_path)
                if not change.is_dir and ops & RENAME:
                    ops |= WRITE  # the destination name now holds other contents
            self._deliver(change, change, ops, 1)
            return
        path = change.path
        if change.closed:
            with self._holds_lock:
                held = self._holds.pop(path, None)
            if held is not None:
                self._deliver_held(held)
            return
        timers = self._timers
        if timers is None or (change.ops == CHMOD and path not in self._holds):
            self._deliver(change, change, change.ops, 1)
            return
        delay = SCAN_HOLD if change.synthetic else OPEN_HOLD
        arm = 0.0
        with self._holds_lock:
            held = self._holds.get(path)
            if held is None:
                now = time.monotonic()
                held = self._holds[path] = _Hold(change, now, now + delay)
            else:
                held.ops |= change.ops
                held.count += 1
                held.latest = change
                deadline = held.since + delay
                if deadline == held.deadline:
                    return
                held.deadline = deadline
            (self._scan_holds if change.synthetic else self._open_holds).append(
                (held.deadline, path, held))
            if held.deadline < self._sweep_at:
                arm = self._sweep_at = held.deadline
        if arm:
            timers.call_at((self.id, "holds"), arm, self._sweep_holds)

    def _release(self, path: str) -> None:
        """Deliver what is held for ``path`` now (it is being removed or renamed)."""
        with self._holds_lock:
            held = self._holds.pop(path, None)
        if held is not None:
            self._deliver_held(held)

    def _sweep_holds(self, key: object, pending: Pending) -> None:  # debounce thread
        """Deliver the holds that came due; arm the timer for the next one."""
        due = []
        now = time.monotonic()
        with self._holds_lock:
            holds = self._holds
            next_at = math.inf
            for queue in (self._scan_holds, self._open_holds):
                while queue:
                    deadline, path, held = queue[0]
                    if holds.get(path) is not held or held.deadline != deadline:
                        queue.popleft()  # delivered already, or its deadline moved
                    elif deadline <= now:
                        queue.popleft()
                        del holds[path]
                        due.append(held)
                    else:
                        next_at = min(next_at, deadline)
                        break
            self._sweep_at = next_at
        for held in due:
            if not self._closed:
                self._deliver_held(held)
        if next_at != math.inf and not self._closed and self._timers is not None:
            self._timers.call_at(key, next_at, self._sweep_holds)

    def _deliver_held(self, held: _Hold) -> None:
        ops = held.ops
        if held.first_change.synthetic and not ops & (WRITE | REMOVE | RENAME) \
                and _has_contents(held.latest.path):
            # Found complete (by a scan, or moved in): with contents it is CREATE|WRITE, as when
            # the kernel showed it being written; whether it did depends on a race with the scan.
            ops |= WRITE
        self._deliver(held.latest, held.first_change, ops, held.count)

    # -- awaitWriteFinish, debounce, emit ----------------------------------------------------------
    def _deliver(self, latest: RawChange, first: RawChange, ops: int, count: int) -> None:
        if self._closed:
            return
        if (self.write_finish is not None and ops & (CREATE | WRITE)
                and not ops & (REMOVE | RENAME) and not latest.is_dir and self._timers is not None):
            self._await_finish(latest, ops, count)
            return
        self._debounced(latest, first, ops, count)

    @staticmethod
    def _signature(path: str) -> tuple[int, int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def _await_finish(self, latest: RawChange, ops: int, count: int) -> None:
        """Hold a CREATE/WRITE until size and mtime have not changed for ``stability`` s."""
        assert self.write_finish is not None and self._timers is not None
        if latest.path not in self._settling:
            self._settling[latest.path] = (self._signature(latest.path), time.monotonic())
        poll = self.write_finish.poll
        self._timers.add((self.id, "finish", latest.path), ops, latest, poll, self._check_finish,
                         count=count, max_delay=poll)

    def _check_finish(self, key: object, pending: Pending) -> None:  # debounce thread
        if self._closed or self.write_finish is None or self._timers is None:
            return
        change = pending.latest
        assert isinstance(change, RawChange)
        sig = self._signature(change.path)
        now = time.monotonic()
        before, since = self._settling.get(change.path, (None, now))
        if sig is None or (sig == before and now - since >= self.write_finish.stability):
            self._settling.pop(change.path, None)
            self._debounced(change, change, pending.ops, pending.count)  # stable, or gone
            return
        if sig != before:
            self._settling[change.path] = (sig, now)
        poll = self.write_finish.poll
        self._timers.add(key, pending.ops, change, poll, self._check_finish, count=pending.count,
                         max_delay=poll)

    def _debounced(self, latest: RawChange, first: RawChange, ops: int, count: int) -> None:
        if self.debounce <= 0 or self._timers is None:
            self._send("event", self._payload(latest, first, ops, count, False))
        else:
            self._timers.add((self.id, latest.path), ops, latest, self.debounce, self._flush,
                             count=count)

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

    def _flush(self, key: object, pending: Pending) -> None:  # debounce thread
        if self._closed:
            return
        latest, first = pending.latest, pending.first_change
        assert isinstance(latest, RawChange) and isinstance(first, RawChange)
        self._send("event", self._payload(latest, first, pending.ops, pending.count, True))

    def _payload(self, latest: RawChange, first: RawChange, ops: int, count: int,
                 debounced: bool, initial: bool = False) -> dict[str, Any]:
        rel = self.relative(latest.path) or ""
        old_path = latest.old_path or first.old_path
        old_rel = old_name = None
        if old_path is not None:  # a move whose old name lies outside the watch keeps the real path
            old_rel = self.relative(old_path)
            old_name = self.display_name(old_rel) if old_rel is not None else old_path
        return event_payload(self.source, self.watch_path, self.display_name(rel), rel, ops,
                             self.recursive, debounced, count, latest.is_dir, old_name, old_rel,
                             initial)

    def _error_payload(self, message: str, code: str | None) -> dict[str, Any]:
        return {"source": self.source, "path": self.watch_path, "message": message, "code": code}

    def root_removed(self) -> None:
        """The watched directory went away: final ``error`` and ``close``, then end."""
        if self._closed:
            return
        self._cancel_timers()
        self._closed = True
        what = "file's directory" if self.target is not None else "directory"
        self._send("error", self._error_payload(f"the watched {what} was removed", "ENOENT"),
                   even_if_closed=True)
        self._send("close", {"source": self.source, "watchPath": self.watch_path,
                             "reason": "removed"}, even_if_closed=True)
        self._end()

    def send_ready(self) -> None:
        """The ``ready`` event: watches in place and the initial scan (if any) delivered."""
        self._send("ready", {"source": self.source, "watchPath": self.watch_path})

    def _send(self, name: str, payload: dict[str, Any], even_if_closed: bool = False) -> None:
        if self._closed and not even_if_closed:
            return
        try:
            self._emit(name, payload)
        except Exception as exc:  # closed connection, or closed runtime: nobody is listening
            log.debug("fswatch %s: dropped %s event: %s", self.id, name, exc)

    @property
    def closed(self) -> bool:
        """Whether the watch stopped delivering."""
        return self._closed

    def _cancel_timers(self) -> None:
        with self._holds_lock:
            self._holds.clear()
            self._scan_holds.clear()
            self._open_holds.clear()
        if self._timers is not None:
            self._timers.cancel(lambda key: isinstance(key, tuple) and key[0] == self.id)

    # -- stopping ---------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop delivering now (pending debounced events are dropped). Idempotent."""
        self._closed = True
        self._cancel_timers()


def is_watch_limit_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the inotify watch (or instance) limit was reached."""
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EMFILE)


def watch_limit_message(path: str) -> str:
    """The explanation for ENOSPC from inotify_add_watch."""
    return (f"cannot watch {path!r}: the inotify watch limit is reached (ENOSPC); raise it with "
            "`sudo sysctl fs.inotify.max_user_watches=524288` (add it to /etc/sysctl.conf to keep "
            "it), or exclude large directories such as node_modules")
