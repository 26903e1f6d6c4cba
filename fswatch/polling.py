"""The polling backend: stat the watched tree every interval and report the differences.

For trees the kernel cannot watch for us: network and FUSE file systems (nfs, cifs/smb, sshfs,
9p), systems without inotify, or when asked (``poll: true``, ``QJSBRIDGE_FORCE_POLLING=1``).
One thread per runtime polls every polling watch. A snapshot maps each path to its inode, type,
size, mtime and mode; comparing two snapshots gives the same vocabulary as the inotify backend:
new paths are ``CREATE`` (``CREATE|WRITE`` for a file with contents), vanished ones ``REMOVE``,
changed size/mtime/inode ``WRITE``, changed mode/owner ``CHMOD``, and a vanished path whose
inode reappears under a new name is one ``RENAME`` naming both. Each difference is already one
logical change (a poll never sees a half-open file twice), so the pipeline does not fold them.
Directories the filters exclude are not scanned at all.
"""

from __future__ import annotations

import ctypes
import heapq
import itertools
import logging
import os
import stat as stat_mod
import threading
import time
from typing import NamedTuple

from .events import CHMOD, CREATE, REMOVE, RENAME, WRITE, RawChange
from .pipeline import FileWatch

__all__ = ["DEFAULT_INTERVAL", "NETWORK_FILESYSTEMS", "PollingPool", "filesystem_type",
           "needs_polling", "snapshot"]

log = logging.getLogger(__name__)

#: Seconds between two polls of one watch unless the script asks otherwise.
DEFAULT_INTERVAL = 1.0

#: File-system types whose changes inotify does not see (made elsewhere, or not at all).
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "9p", "fuse.sshfs", "afs", "ceph",
})

# statfs(2) f_type magic numbers (linux/magic.h) for the types above.
_MAGIC = {
    0x6969: "nfs",
    0xFF534D42: "cifs",
    0x517B: "smb",
    0xFE534D42: "smb2",
    0x01021997: "9p",
    0x5346414F: "afs",
    0x00C36400: "ceph",
    0x65735546: "fuse",
    0xEF53: "ext4",
    0x01021994: "tmpfs",
    0x794C7630: "overlay",
    0x58465342: "xfs",
    0x9123683E: "btrfs",
}


class Entry(NamedTuple):
    """What a poll remembers about one path."""

    ino: int
    is_dir: bool
    size: int
    mtime_ns: int
    mode: int
    owner: tuple[int, int]


Snapshot = dict[str, Entry]


def _statfs_magic(path: str) -> int | None:
    """statfs(2)'s f_type for ``path`` (Linux), or None."""
    import ctypes  # here, not at import (start-up time)

    try:
        # the C library the interpreter is linked with: no find_library, which runs ldconfig
        libc = ctypes.CDLL(None, use_errno=True)
        if not hasattr(libc, "statfs"):
            import ctypes.util  # loads tempfile, shutil, random... and runs ldconfig

            libc_name = ctypes.util.find_library("c")
            if libc_name is None:
                return None
            libc = ctypes.CDLL(libc_name, use_errno=True)
        buf = ctypes.create_string_buffer(256)  # struct statfs; f_type is its first long
        if libc.statfs(os.fsencode(path), buf) != 0:
            return None
        return int(ctypes.c_ulong.from_buffer(buf).value) & 0xFFFFFFFF
    except (OSError, AttributeError):
        return None


def _mount_type(path: str) -> str | None:
    """The type /proc/self/mounts gives for the mount holding ``path`` (e.g. ``fuse.sshfs``)."""
    best, best_type = "", None
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="surrogateescape") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 3:
                    continue
                point = parts[1].replace("\\040", " ")
                if (path == point or path.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
                    best, best_type = point, parts[2]
    except OSError:
        return None
    return best_type


def filesystem_type(path: str) -> str | None:
    """The file-system type of ``path``: a name from statfs(2)'s magic number, refined through
    ``/proc/self/mounts`` for FUSE (``fuse.sshfs``); None when unknown."""
    magic = _statfs_magic(path)
    name = _MAGIC.get(magic) if magic is not None else None
    if name is None or name == "fuse":
        mounted = _mount_type(path)
        return mounted if mounted is not None else name
    return name


def needs_polling(path: str) -> str | None:
    """The file-system type if inotify cannot see changes under ``path``, else None."""
    fstype = filesystem_type(path)
    return fstype if fstype in NETWORK_FILESYSTEMS else None


def _entry(st: os.stat_result) -> Entry:
    return Entry(st.st_ino, stat_mod.S_ISDIR(st.st_mode), st.st_size, st.st_mtime_ns,
                 stat_mod.S_IMODE(st.st_mode), (st.st_uid, st.st_gid))


def snapshot(watch: FileWatch) -> Snapshot | None:
    """Stat everything the watch covers; None when its root is gone."""
    snap: Snapshot = {}
    if watch.target is not None:
        try:
            os.stat(watch.root)
        except OSError:
            return None
        try:
            snap[watch.target] = _entry(os.stat(watch.target, follow_symlinks=False))
        except OSError:
            pass
        return snap
    try:
        root_stat = os.stat(watch.root)
    except OSError:
        return None
    if not stat_mod.S_ISDIR(root_stat.st_mode):
        return None
    pending = [watch.root]
    recursive = watch.recursive
    while pending:
        directory = pending.pop()
        try:
            it = os.scandir(directory)
        except OSError:
            continue
        with it:
            for entry in it:
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                e = _entry(st)
                snap[entry.path] = e
                if e.is_dir and recursive and watch.descend(entry.path):
                    pending.append(entry.path)
    return snap


def diff(old: Snapshot, new: Snapshot) -> list[RawChange]:
    """The changes that turn ``old`` into ``new``, renames paired by inode."""
    gone = [p for p in old if p not in new]
    born = [p for p in new if p not in old]
    changes: list[RawChange] = []
    # A rename keeps the inode, size and mtime; a new file that reuses a freed inode does not
    # keep the other two, so it is not mistaken for a rename.
    born_by_ino: dict[tuple[int, bool, int, int], list[str]] = {}
    for p in born:
        e = new[p]
        born_by_ino.setdefault((e.ino, e.is_dir, e.size, e.mtime_ns), []).append(p)
    renamed_to: set[str] = set()
    removes: list[RawChange] = []
    for p in sorted(gone):
        e = old[p]
        candidates = born_by_ino.get((e.ino, e.is_dir, e.size, e.mtime_ns))
        if candidates:
            dest = candidates.pop(0)
            renamed_to.add(dest)
            changes.append(RawChange(RENAME, dest, e.is_dir, old_path=p))
        else:
            removes.append(RawChange(REMOVE, p, e.is_dir))
    changes.extend(reversed(removes))  # children before their directory
    for p in sorted(born):
        if p not in renamed_to:
            e = new[p]  # a new file with contents: CREATE|WRITE, as the inotify backend says
            changes.append(RawChange(CREATE | WRITE if not e.is_dir and e.size else CREATE, p,
                                     e.is_dir))
    for p, e in new.items():
        before = old.get(p)
        if before is None or before == e:
            continue
        if before.is_dir != e.is_dir:
            changes.append(RawChange(REMOVE, p, before.is_dir))
            changes.append(RawChange(CREATE, p, e.is_dir))
        elif not e.is_dir and (before.ino != e.ino or before.size != e.size
                               or before.mtime_ns != e.mtime_ns):
            changes.append(RawChange(WRITE, p, False))
        elif before.mode != e.mode or before.owner != e.owner:
            changes.append(RawChange(CHMOD, p, e.is_dir))
    return changes


class _Polled:
    __slots__ = ("interval", "snap", "watch")

    def __init__(self, watch: FileWatch, interval: float, snap: Snapshot) -> None:
        self.watch = watch
        self.interval = interval
        self.snap = snap


class PollingPool:
    """The runtime's polling thread and its watches; thread-safe. Stopped by :meth:`close`."""

    def __init__(self, name: str = "qjsbridge-fswatch-poll") -> None:
        self._name = name
        self._cond = threading.Condition()
        self._watches: dict[int, _Polled] = {}
        self._heap: list[tuple[float, int, int]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False

    def schedule(self, watch: FileWatch, interval: float) -> None:
        """Take the first snapshot (so later changes are reported) and start polling.

        Raises FileNotFoundError if the watched directory is gone already.
        """
        snap = snapshot(watch)
        if snap is None:
            raise FileNotFoundError(2, "No such file or directory", watch.root)
        with self._cond:
            if self._closed:
                raise RuntimeError("the polling pool is closed")
            key = id(watch)
            self._watches[key] = _Polled(watch, interval, snap)
            heapq.heappush(self._heap, (time.monotonic() + interval, next(self._seq), key))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            else:
                self._cond.notify()

    def unschedule(self, watch: FileWatch) -> None:
        """Stop polling ``watch``. Idempotent."""
        with self._cond:
            self._watches.pop(id(watch), None)

    def close(self, timeout: float = 5.0) -> None:
        """Stop polling everything; the thread is joined."""
        with self._cond:
            self._closed = True
            self._watches.clear()
            self._heap.clear()
            thread, self._thread = self._thread, None
            self._cond.notify()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:  # the polling thread
        while True:
            polled: _Polled | None = None
            key = 0
            with self._cond:
                while not self._closed:
                    now = time.monotonic()
                    if self._heap and self._heap[0][0] <= now:
                        _, _, key = heapq.heappop(self._heap)
                        polled = self._watches.get(key)
                        if polled is not None:
                            break
                        continue
                    self._cond.wait(min(self._heap[0][0] - now, 60.0) if self._heap else None)
                if self._closed or polled is None:
                    return
            try:
                self._poll(polled)
            except Exception as exc:  # never let the shared thread die
                log.exception("fswatch: polling %s failed", polled.watch.watch_path)
                polled.watch.internal_error(exc)
            with self._cond:
                if key in self._watches and not self._closed:
                    heapq.heappush(self._heap, (time.monotonic() + polled.interval,
                                                next(self._seq), key))

    def _poll(self, polled: _Polled) -> None:
        watch = polled.watch
        new = snapshot(watch)
        if new is None:
            with self._cond:
                self._watches.pop(id(watch), None)
            watch.root_removed()
            return
        old, polled.snap = polled.snap, new
        for change in diff(old, new):
            if watch.closed:
                return
            watch.on_change(change, logical=True)
