"""Go-style cancellation contexts.

A :class:`Context` carries a cancellation signal (``done``, a ``threading.Event``), the reason it
ended (``err()``), an optional deadline and request-scoped values. Contexts form a tree: cancelling
a parent cancels every descendant. They are immutable and safe to share between threads.

``after_func(ctx, fn)`` registers ``fn`` to run once when ``ctx`` ends. Callbacks run on the thread
that cancels the context (or on the shared deadline thread for timeouts), after all locks are
released, so they must be quick and must not block.

Deadlines are served by one lazily started daemon thread that exits when no deadline is pending,
so a program that stops using timeouts is left with no extra thread.
"""

from __future__ import annotations

import abc
import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from .errors import Canceled, ContextError, DeadlineExceeded

__all__ = [
    "Canceled",
    "CancelFunc",
    "Context",
    "ContextError",
    "DeadlineExceeded",
    "after_func",
    "background",
    "with_cancel",
    "with_deadline",
    "with_timeout",
    "with_value",
]

log = logging.getLogger(__name__)

CancelFunc = Callable[[], None]


class Context(abc.ABC):
    """A cancellation signal plus values; see the module docstring."""

    __slots__ = ()

    @property
    @abc.abstractmethod
    def done(self) -> threading.Event:
        """Set once the context has ended. Wait on it; never set it yourself."""

    @abc.abstractmethod
    def err(self) -> ContextError | None:
        """``None`` while live; afterwards the :class:`Canceled` or :class:`DeadlineExceeded`."""

    def deadline(self) -> float | None:
        """The ``time.monotonic()`` instant at which the context expires, if any."""
        return None

    def value(self, key: object) -> Any:
        """The value stored under ``key`` by :func:`with_value` here or in an ancestor, else None."""
        return None

    def is_done(self) -> bool:
        """Whether the context has ended."""
        return self.done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the context ends or ``timeout`` seconds pass; True if it ended."""
        return self.done.wait(timeout)

    # -- internal: cancellation fan-out -------------------------------------------------------
    @abc.abstractmethod
    def _on_done(self, fn: Callable[[], None]) -> object | None:
        """Register ``fn`` to run when the context ends.

        Returns a token for :meth:`_remove_on_done`, or None when ``fn`` will never run (a context
        that cannot end) or has already run (the context had ended).
        """

    def _remove_on_done(self, token: object) -> bool:
        """Unregister; True if ``fn`` had not run and now never will."""
        return False


_NEVER = threading.Event()  # never set: the done event of contexts that cannot end


class _Background(Context):
    __slots__ = ()

    @property
    def done(self) -> threading.Event:
        return _NEVER

    def err(self) -> ContextError | None:
        return None

    def _on_done(self, fn: Callable[[], None]) -> object | None:
        return None

    def __repr__(self) -> str:
        return "context.background()"


_BACKGROUND = _Background()


def background() -> Context:
    """The root context: never cancelled, no deadline, no values."""
    return _BACKGROUND


class _ValueContext(Context):
    __slots__ = ("_parent", "_key", "_val")

    def __init__(self, parent: Context, key: object, val: Any) -> None:
        self._parent = parent
        self._key = key
        self._val = val

    @property
    def done(self) -> threading.Event:
        return self._parent.done

    def err(self) -> ContextError | None:
        return self._parent.err()

    def deadline(self) -> float | None:
        return self._parent.deadline()

    def value(self, key: object) -> Any:
        ctx: Context = self
        while isinstance(ctx, (_ValueContext, _CancelContext)):
            if isinstance(ctx, _ValueContext) and ctx._key == key:
                return ctx._val
            ctx = ctx._parent
        return ctx.value(key)

    def _on_done(self, fn: Callable[[], None]) -> object | None:
        return self._parent._on_done(fn)

    def _remove_on_done(self, token: object) -> bool:
        return self._parent._remove_on_done(token)

    def __repr__(self) -> str:
        return f"{self._parent!r}.with_value({self._key!r})"


class _CancelContext(Context):
    __slots__ = ("_parent", "_done", "_lock", "_err", "_callbacks", "_parent_token", "_deadline",
                 "_timer_seq")

    def __init__(self, parent: Context, deadline: float | None = None) -> None:
        self._parent = parent
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._err: ContextError | None = None
        self._callbacks: dict[int, Callable[[], None]] | None = {}
        self._timer_seq: int | None = None
        parent_deadline = parent.deadline()
        if deadline is None or (parent_deadline is not None and parent_deadline < deadline):
            deadline = parent_deadline
        self._deadline = deadline
        self._parent_token = parent._on_done(self._cancel_from_parent)

    @property
    def done(self) -> threading.Event:
        return self._done

    def err(self) -> ContextError | None:
        return self._err

    def deadline(self) -> float | None:
        return self._deadline

    def value(self, key: object) -> Any:
        return self._parent.value(key)

    def _cancel_from_parent(self) -> None:
        self._cancel(self._parent.err() or Canceled(), from_parent=True)

    def _cancel(self, err: ContextError, *, from_parent: bool = False) -> None:
        with self._lock:
            if self._callbacks is None:
                return
            self._err = err
            callbacks = list(self._callbacks.values())
            self._callbacks = None
            self._done.set()
        if self._timer_seq is not None:
            _DEADLINES.unschedule(self._timer_seq)
        if not from_parent and self._parent_token is not None:
            self._parent._remove_on_done(self._parent_token)
        for fn in callbacks:
            try:
                fn()
            except Exception:  # a callback must not stop the fan-out to the others
                log.exception("context callback %r failed", fn)

    def _on_done(self, fn: Callable[[], None]) -> object | None:
        with self._lock:
            if self._callbacks is not None:
                token = next(_TOKENS)
                self._callbacks[token] = fn
                return token
        fn()
        return None

    def _remove_on_done(self, token: object) -> bool:
        with self._lock:
            if self._callbacks is None or not isinstance(token, int):
                return False
            return self._callbacks.pop(token, None) is not None

    def __repr__(self) -> str:
        state = f"done: {self._err}" if self._done.is_set() else "live"
        return f"<Context {state}>"


_TOKENS = itertools.count(1)


class _DeadlineScheduler:
    """One daemon thread that cancels contexts whose deadline passed; exits when idle."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int]] = []
        self._live: dict[int, _CancelContext] = {}
        self._seq = itertools.count(1)
        self._thread: threading.Thread | None = None

    def schedule(self, ctx: _CancelContext, when: float) -> int:
        with self._cond:
            seq = next(self._seq)
            self._live[seq] = ctx
            heapq.heappush(self._heap, (when, seq))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="qjsbridge-deadlines", daemon=True
                )
                self._thread.start()
            else:
                self._cond.notify()
            return seq

    def unschedule(self, seq: int) -> None:
        with self._cond:
            if self._live.pop(seq, None) is not None and not self._live:
                self._cond.notify()

    def _run(self) -> None:  # runs on the deadline thread
        while True:
            due: list[_CancelContext] = []
            with self._cond:
                while True:
                    while self._heap and self._heap[0][1] not in self._live:
                        heapq.heappop(self._heap)
                    if not self._heap:
                        self._thread = None
                        return
                    when, seq = self._heap[0]
                    now = time.monotonic()
                    if when <= now:
                        break
                    self._cond.wait(when - now)
                while self._heap and self._heap[0][0] <= now:
                    _, seq = heapq.heappop(self._heap)
                    ctx = self._live.pop(seq, None)
                    if ctx is not None:
                        due.append(ctx)
            for ctx in due:
                ctx._cancel(DeadlineExceeded())


_DEADLINES = _DeadlineScheduler()


def with_cancel(parent: Context) -> tuple[Context, CancelFunc]:
    """A child of ``parent`` plus the function that cancels it (idempotent)."""
    ctx = _CancelContext(parent)
    return ctx, lambda: ctx._cancel(Canceled())


def with_deadline(parent: Context, deadline: float) -> tuple[Context, CancelFunc]:
    """A child that ends at ``deadline`` (a ``time.monotonic()`` instant) or when cancelled."""
    ctx = _CancelContext(parent, deadline)
    if not ctx.is_done() and ctx._deadline is not None:
        if ctx._deadline <= time.monotonic():
            ctx._cancel(DeadlineExceeded())
        elif ctx._deadline == deadline:  # else the parent's earlier deadline cancels us
            ctx._timer_seq = _DEADLINES.schedule(ctx, ctx._deadline)
            if ctx.is_done():  # cancelled by the parent while we were scheduling
                _DEADLINES.unschedule(ctx._timer_seq)
    return ctx, lambda: ctx._cancel(Canceled())


def with_timeout(parent: Context, seconds: float) -> tuple[Context, CancelFunc]:
    """A child that ends after ``seconds`` or when cancelled."""
    return with_deadline(parent, time.monotonic() + seconds)


def with_value(parent: Context, key: object, value: Any) -> Context:
    """A child carrying ``value`` under ``key``; cancellation and deadline are the parent's."""
    return _ValueContext(parent, key, value)


def after_func(ctx: Context, fn: Callable[[], None]) -> Callable[[], bool]:
    """Run ``fn`` once ``ctx`` ends; returns ``stop``.

    ``stop()`` unregisters ``fn`` and returns True if that prevented the call, False if ``fn``
    already ran (or is running). If ``ctx`` has already ended, ``fn`` runs right away, in the
    calling thread.
    """
    token = ctx._on_done(fn)

    def stop() -> bool:
        if token is None:
            return False
        return ctx._remove_on_done(token)

    return stop
