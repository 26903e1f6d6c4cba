"""Trailing, per-path debouncing of file events, on one timer thread per runtime.

A change to a path starts (or extends) a quiet period of ``delay`` seconds; when it passes with no
further change, one merged event is emitted: its ops are the union of the raw events' ops and its
``count`` says how many raw events it stands for. A path that never goes quiet is still flushed
``MAX_WAIT_FACTOR`` x ``delay`` after its first pending change, so continuous writers cannot
starve listeners. Different paths debounce independently.
"""

from __future__ import annotations

import heapq
import math
import itertools
import logging
import threading
import time
from collections.abc import Callable, Hashable

__all__ = ["Debouncer", "MAX_WAIT_FACTOR", "Pending"]

log = logging.getLogger(__name__)

#: A pending path is flushed at most this many debounce periods after its first change.
MAX_WAIT_FACTOR = 10


class Pending:
    """The merged state of one path's changes since its last flush. (A plain class, not a
    dataclass: making a dataclass costs about half a millisecond of start-up.)"""

    _FIELDS = ("ops", "count", "first", "deadline", "latest", "first_change", "generation", "extra")

    def __init__(self, ops: int, count: int, first: float, deadline: float, latest: object,
                 first_change: object, generation: int = 0,
                 extra: dict[str, object] | None = None) -> None:
        self.ops = ops
        self.count = count
        self.first = first
        self.deadline = deadline
        self.latest = latest  # the most recent raw change (the owner decides what it is)
        self.first_change = first_change  # the first raw change (keeps e.g. a rename's old name)
        self.generation = generation
        self.extra: dict[str, object] = {} if extra is None else extra

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"Pending({fields})"


Flush = Callable[[Hashable, Pending], None]


class Debouncer:
    """Schedules flushes for many watches; thread-safe. Stopped by :meth:`close`."""

    def __init__(self, name: str = "qjsbridge-fswatch-debounce") -> None:
        self._name = name
        self._cond = threading.Condition()
        self._pending: dict[Hashable, tuple[Pending, Flush]] = {}
        self._heap: list[tuple[float, int, Hashable, int]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._wake_at = math.inf  # when the timer thread will next look at the heap by itself

    def add(self, key: Hashable, ops: int, change: object, delay: float, flush: Flush, *,
            count: int = 1, max_delay: float | None = None) -> None:
        """Record a change standing for ``count`` raw events for ``key``.

        ``flush(key, pending)`` runs on the timer thread once ``key`` has been quiet for
        ``delay`` seconds, and at most ``max_delay`` (default ``MAX_WAIT_FACTOR * delay``)
        after its first pending change.
        """
        now = time.monotonic()
        cap = MAX_WAIT_FACTOR * delay if max_delay is None else max_delay
        with self._cond:
            if self._closed:
                return
            entry = self._pending.get(key)
            if entry is None:
                pending = Pending(ops=ops, count=count, first=now, deadline=now + min(delay, cap),
                                  latest=change, first_change=change)
                self._pending[key] = (pending, flush)
            else:
                pending = entry[0]
                pending.ops |= ops
                pending.count += count
                pending.latest = change
                pending.deadline = min(now + delay, pending.first + cap)
                pending.generation += 1
            heapq.heappush(self._heap, (pending.deadline, next(self._seq), key, pending.generation))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            elif pending.deadline < self._wake_at:  # due before the timer would look: wake it
                self._cond.notify()

    def call_at(self, key: Hashable, when: float, flush: Flush) -> None:
        """Run ``flush(key, pending)`` on the timer thread at monotonic time ``when``, or earlier if
        ``key`` is already due earlier (a timer entry that is not a debounce: no ops, no merging).
        """
        with self._cond:
            if self._closed:
                return
            entry = self._pending.get(key)
            if entry is None:
                pending = Pending(ops=0, count=0, first=when, deadline=when, latest=None,
                                  first_change=None)
                self._pending[key] = (pending, flush)
            else:
                pending = entry[0]
                if pending.deadline <= when:
                    return
                pending.deadline = when
                pending.generation += 1
            heapq.heappush(self._heap, (when, next(self._seq), key, pending.generation))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            elif when < self._wake_at:
                self._cond.notify()

    def take(self, key: Hashable) -> Pending | None:
        """Remove ``key``'s pending state without flushing it, and return it (None if none)."""
        with self._cond:
            entry = self._pending.pop(key, None)
            return entry[0] if entry is not None else None

    def has(self, key: Hashable) -> bool:
        """Whether ``key`` has a pending change."""
        with self._cond:
            return key in self._pending

    def cancel(self, predicate: Callable[[Hashable], bool]) -> int:
        """Drop every pending key for which ``predicate(key)`` is true; returns how many."""
        with self._cond:
            keys = [k for k in self._pending if predicate(k)]
            for k in keys:
                del self._pending[k]
            return len(keys)

    def close(self, timeout: float = 5.0) -> None:
        """Drop everything pending and stop the timer thread."""
        with self._cond:
            self._closed = True
            self._pending.clear()
            self._heap.clear()
            thread, self._thread = self._thread, None
            self._cond.notify()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:  # the timer thread
        while True:
            due: list[tuple[Hashable, Pending, Flush]] = []
            with self._cond:
                while not self._closed:
                    now = time.monotonic()
                    while self._heap and self._heap[0][0] <= now:
                        _, _, key, generation = heapq.heappop(self._heap)
                        entry = self._pending.get(key)
                        if entry is not None and entry[0].generation == generation:
                            del self._pending[key]
                            due.append((key, entry[0], entry[1]))
                    if due:
                        break
                    # capped, so no deadline can overflow the wait (the timer thread serves every watch)
                    self._wake_at = self._heap[0][0] if self._heap else math.inf
                    self._cond.wait(min(self._heap[0][0] - now, 60.0) if self._heap else None)
                    self._wake_at = -math.inf  # awake: adds need not notify
                if self._closed:
                    return
            for key, pending, flush in due:
                try:
                    flush(key, pending)
                except Exception:
                    log.exception("fswatch: flushing a debounced event failed")
