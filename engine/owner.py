"""RuntimeOwner: serialized access to the VM from any thread.

``call(ctx, op, fn)`` runs ``fn(ctx, vm)`` on the owner thread and returns its result; ``post``
schedules it and returns at once. Both hand ``fn`` an *owner context*: the caller's context marked
with this owner and the owner thread. Passing that context back (directly, or through
``services.current_owner_context(vm)``) from the owner thread runs a nested call **inline**, which
is how host code called from JS calls back into JS without deadlocking. A marked context leaked
to another thread does not bypass scheduling.

Errors: :class:`~qjsbridge.engine.errors.OwnerClosedError` after shutdown,
:class:`~qjsbridge.engine.errors.ScheduleRejectedError` when the loop is stopping,
:class:`~qjsbridge.engine.errors.CallCanceledError` when the context ends first, and
:class:`~qjsbridge.engine.errors.CallbackError` when ``fn`` raises an unexpected exception. Unlike
the Go original, a blocking ``call`` from the owner thread with an unmarked context fails at once
with :class:`~qjsbridge.engine.errors.OwnerDeadlockError` instead of deadlocking.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from . import services
from .context import Context, after_func, background, with_timeout, with_value
from .errors import (
    CallCanceledError,
    CallbackError,
    OwnerClosedError,
    OwnerDeadlockError,
    QJSBridgeError,
    ScheduleRejectedError,
)

__all__ = [
    "CallFunc",
    "ItemFunc",
    "OwnerChannel",
    "OwnerOptions",
    "PostFunc",
    "RuntimeOwner",
    "Scheduler",
    "is_owner_context",
    "owner_context",
    "wait_interruptibly",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
CallFunc = Callable[[Context, Any], T]
PostFunc = Callable[[Context, Any], None]
PostErrorHook = Callable[[BaseException, str], None]
ItemFunc = Callable[[Context, Any, Any], None]


class Scheduler(Protocol):
    """What the owner needs from an event loop (``engine.loop.EventLoop`` implements it)."""

    def run_on_loop(self, fn: Callable[[Any], None],
                    on_drop: Callable[[], None] | None = None) -> bool:
        """Queue ``fn(vm)``; False if rejected. ``on_drop`` runs if the job is discarded."""
        ...


@dataclass(frozen=True)
class OwnerOptions:
    """``max_wait``: seconds a blocking ``call`` may wait when its context has no deadline (0:
    unlimited); ``post`` never blocks, so it does not apply there.

    ``wrap_callback_errors``: wrap exceptions that are not JS/qjsbridge errors in
    :class:`CallbackError` (with the traceback text when ``include_callback_traceback``).
    """

    name: str = "runtime"
    max_wait: float = 0.0
    wrap_callback_errors: bool = True
    include_callback_traceback: bool = False


class _OwnerMark(tuple[Any, int]):
    """(owner, thread ident): a tuple subclass because a mark is made for every queued job."""

    __slots__ = ()


class _OwnerKey:
    def __repr__(self) -> str:
        return "<owner context>"


_OWNER_KEY = _OwnerKey()


def owner_context(owner: RuntimeOwner, ctx: Context | None) -> Context:
    """Mark ``ctx`` as an owner context of ``owner`` on the calling thread.

    Only for known owner-thread entry points; everything else gets the mark from ``call``/``post``.
    """
    return with_value(ctx or background(), _OWNER_KEY, _OwnerMark((owner, threading.get_ident())))


def is_owner_context(owner: RuntimeOwner, ctx: Context | None) -> bool:
    """True if ``ctx`` is marked for ``owner`` and the calling thread is the marked thread."""
    if ctx is None:
        return False
    mark = ctx.value(_OWNER_KEY)
    return (isinstance(mark, _OwnerMark) and mark[0] is owner
            and mark[1] == threading.get_ident())


class _Result:
    __slots__ = ("event", "done", "value", "exc")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.done = False
        self.value: Any = None
        self.exc: BaseException | None = None

    def succeed(self, value: Any) -> None:
        self.value, self.done = value, True
        self.event.set()

    def fail(self, exc: BaseException) -> None:
        self.exc, self.done = exc, True
        self.event.set()


class RuntimeOwner:
    """Serialized access to ``vm`` through ``scheduler``; see the module docstring.

    ``owner_thread`` (the loop thread's ident) enables deadlock detection; ``on_post_error``
    receives exceptions raised by ``post`` callbacks (they cannot be returned to anyone).
    """

    def __init__(
        self,
        vm: Any,
        scheduler: Scheduler,
        options: OwnerOptions | None = None,
        *,
        owner_thread: int | None = None,
        on_post_error: PostErrorHook | None = None,
    ) -> None:
        if vm is None or scheduler is None:
            raise ValueError("runtime owner: vm and scheduler are required")
        self.vm = vm
        self._scheduler = scheduler
        self.options = options or OwnerOptions()
        self._owner_thread = owner_thread
        self._on_post_error = on_post_error
        self._closed = False
        self._active = 0
        self._idle = threading.Condition()  # wait_idle sleeps on it; see _invoke
        self._idle_waiters = 0
        self._last_mark: tuple[Context, int, Context] | None = None

    @property
    def name(self) -> str:
        """The owner's name, used in logs."""
        return self.options.name

    # -- public API ---------------------------------------------------------------------------
    def call(self, ctx: Context | None, op: str, fn: CallFunc[T]) -> T:
        """Run ``fn(owner_ctx, vm)`` on the owner thread and return its result.

        Raises :class:`OwnerClosedError` after shutdown, :class:`ScheduleRejectedError` if the
        loop refuses the job, :class:`CallCanceledError` if ``ctx`` ends first (a call cancelled
        while queued never runs; one cancelled while running finishes, its result discarded),
        :class:`CallbackError` for non-JS exceptions when ``wrap_callback_errors``. JS errors and
        qjsbridge errors raised by ``fn`` pass through unchanged.
        """
        if fn is None:
            raise QJSBridgeError(f"runtime owner {op}: fn must be a callable, not None")
        if self._closed:
            raise OwnerClosedError()
        if ctx is None:
            ctx = background()
        cancel = None
        if self.options.max_wait > 0 and ctx.deadline() is None:
            ctx, cancel = with_timeout(ctx, self.options.max_wait)
        try:
            if is_owner_context(self, ctx):
                return self._invoke(ctx, op, fn, self.vm)
            if self._owner_thread is not None and threading.get_ident() == self._owner_thread:
                raise OwnerDeadlockError(
                    f"runtime owner {op}: called from the owner thread "
                    "with a context that is not an owner context, which would deadlock; pass "
                    "the context your callback received or services.current_owner_context(vm)"
                )
            return self._call_queued(ctx, op, fn)
        finally:
            if cancel is not None:
                cancel()

    def post(self, ctx: Context | None, op: str, fn: PostFunc) -> None:
        """Schedule ``fn(owner_ctx, vm)`` on the owner thread; never blocks.

        With an owner context on the owner thread, ``fn`` runs right away (inline). Raises
        :class:`CallCanceledError` if ``ctx`` has already ended (nothing is queued). If ``ctx``
        ends while the job is queued, ``fn`` is skipped. Exceptions from ``fn`` go to
        ``on_post_error``.
        """
        if fn is None:
            raise QJSBridgeError(f"runtime owner {op}: fn must be a callable, not None")
        if self._closed:
            raise OwnerClosedError()
        if ctx is None:
            ctx = background()
        # No max_wait here: it bounds how long a *caller blocks*, and post never blocks. (The Go
        # original applies it anyway, so a busy owner silently drops late posts, e.g. events.)
        if ctx.is_done():
            raise CallCanceledError(f"runtime owner {op}: call canceled: {ctx.err()}")
        # Only the owner thread can hold a valid owner context: skip the lookup elsewhere.
        if threading.get_ident() == self._owner_thread and is_owner_context(self, ctx):
            self._invoke_post(ctx, op, fn, self.vm)
            return
        queued_ctx = ctx

        def job(vm: Any) -> None:  # owner thread
            if not queued_ctx.is_done():
                self._invoke_post(self._mark(queued_ctx), op, fn, vm)

        if not self._scheduler.run_on_loop(job):
            raise ScheduleRejectedError(f"runtime owner {op}: the event loop rejected the job (it is stopping)")

    def channel(self, ctx: Context, op: str, fn: ItemFunc, *,
                after_run: Callable[[], None] | None = None) -> OwnerChannel:
        """A cheap repeated :meth:`post` of one callback: ``channel.post(item)`` schedules
        ``fn(owner_ctx, vm, item)`` on the owner thread, as its own task, from any thread.

        For streams of small jobs (events): items posted back to back share one loop entry, so
        a burst costs one dequeue on the owner and no closure per item. Order is FIFO with
        every other :meth:`post`. ``ctx`` is fixed for the channel; items still queued when it
        ends are skipped. Exceptions from ``fn`` go to ``on_post_error``.

        ``after_run`` (owner thread) is called once after each run of items, before the loop
        takes its next job: the place to flush what the items produced (under a scheduler
        without runs, after every item).
        """
        if fn is None:
            raise QJSBridgeError(f"runtime owner {op}: fn must be a callable, not None")
        return OwnerChannel(self, ctx, op, fn, after_run)

    def wait_idle(self, ctx: Context | None) -> None:
        """Block until no owner callback is running; raises CallCanceledError if ``ctx`` ends."""
        ctx = ctx or background()
        if self._active <= 0:
            return
        stop = after_func(ctx, self._notify_idle)
        try:
            with self._idle:
                # Counted before _active is read: _invoke decrements, then reads the count, so
                # either this thread sees zero or the owner notifies (no polling).
                self._idle_waiters += 1
                try:
                    while self._active > 0:
                        if ctx.is_done():
                            raise CallCanceledError(
                                f"runtime owner wait idle: call canceled: {ctx.err()}")
                        self._idle.wait()
                finally:
                    self._idle_waiters -= 1
        finally:
            stop()

    def _notify_idle(self) -> None:  # any thread: the last callback ended, or a ctx ended
        with self._idle:
            self._idle.notify_all()

    def shutdown(self, ctx: Context | None = None) -> None:
        """Refuse all further calls and posts (:class:`OwnerClosedError`)."""
        self._closed = True

    def is_closed(self) -> bool:
        """Whether :meth:`shutdown` was called."""
        return self._closed

    @property
    def active(self) -> int:
        """How many owner callbacks are running right now (nested inline calls count)."""
        return self._active

    # -- internals ----------------------------------------------------------------------------
    def _mark(self, ctx: Context) -> Context:  # on the thread that runs the job
        # Marking the same context on the same thread always gives an equivalent context, and
        # most jobs (every emit) carry the runtime lifetime context: reuse the last one.
        last = self._last_mark
        thread = threading.get_ident()
        if last is not None and last[0] is ctx and last[1] == thread:
            return last[2]
        marked = with_value(ctx, _OWNER_KEY, _OwnerMark((self, thread)))
        self._last_mark = (ctx, thread, marked)
        return marked

    def _call_queued(self, ctx: Context, op: str, fn: CallFunc[T]) -> T:
        result = _Result()

        def job(vm: Any) -> None:  # owner thread
            if ctx.is_done():
                return  # cancelled while queued: never invoke
            try:
                result.succeed(self._invoke(self._mark(ctx), op, fn, vm))
            except BaseException as exc:
                result.fail(exc)

        def dropped() -> None:
            result.fail(OwnerClosedError())

        if not self._scheduler.run_on_loop(job, dropped):
            raise ScheduleRejectedError(f"runtime owner {op}: the event loop rejected the job (it is stopping)")
        stop = after_func(ctx, result.event.set)
        try:
            wait_interruptibly(result.event)
        finally:
            stop()
        if result.done:
            if result.exc is not None:
                raise result.exc
            value: T = result.value
            return value
        err = ctx.err()
        raise CallCanceledError(f"runtime owner {op}: call canceled: {err}") from err

    def _invoke(self, ctx: Context, op: str, fn: CallFunc[T], vm: Any) -> T:
        # Invocations run one at a time on the owner thread (inline ones nest there), so the
        # counter needs no lock; wait_idle only reads it.
        self._active += 1
        stack = services._call_stack(vm)
        stack.append(ctx)
        try:
            return fn(ctx, vm)
        except QJSBridgeError:
            raise
        except BaseException as exc:
            if not self.options.wrap_callback_errors:
                raise
            msg = f"runtime owner {op}: callback raised {type(exc).__name__}: {exc}"
            if self.options.include_callback_traceback:
                msg += "\n" + traceback.format_exc() + "".join(traceback.format_stack())
            raise CallbackError(msg) from exc
        finally:
            stack.pop()
            self._active -= 1
            if self._idle_waiters and self._active == 0:
                self._notify_idle()

    def _post_error(self, exc: BaseException, op: str) -> None:  # owner thread
        if self._on_post_error is not None:
            self._on_post_error(exc, f"post:{op}")
        else:
            log.error("runtime owner %s: posted callback raised: %s", op, exc, exc_info=exc)

    def _invoke_post(self, ctx: Context, op: str, fn: PostFunc, vm: Any) -> None:
        try:
            self._invoke(ctx, op, fn, vm)
        except BaseException as exc:
            if self._on_post_error is not None:
                self._on_post_error(exc, f"post:{op}")
            else:
                log.error("runtime owner %s: posted callback raised: %s", op, exc, exc_info=exc)


_SIGNAL_CHECK = 0.1  # seconds between the main thread's checks for signals while it waits


def wait_interruptibly(event: threading.Event) -> None:
    """``event.wait()``, but on the main thread in slices, so that signal handlers (Ctrl-C) run
    while it waits. CPython runs them only on the main thread, between bytecodes: a signal that
    the kernel gives another thread (one running JavaScript, say), or that arrives just before
    the wait begins, would otherwise wait for the event, possibly for ever."""
    if threading.current_thread() is not threading.main_thread():
        event.wait()
        return
    while not event.wait(_SIGNAL_CHECK):
        pass


class OwnerChannel:
    """Made by :meth:`RuntimeOwner.channel`: posts items to one owner callback."""

    __slots__ = ("_owner", "_ctx", "_ended", "_op", "_fn", "_after_run", "_batched", "_marked")

    def __init__(self, owner: RuntimeOwner, ctx: Context, op: str, fn: ItemFunc,
                 after_run: Callable[[], None] | None = None) -> None:
        self._owner = owner
        self._ctx = ctx
        self._ended = ctx.done.is_set  # ctx.is_done, one call instead of three
        self._op = op
        self._fn = fn
        self._after_run = after_run
        # An event loop queues items in runs (engine.loop.EventLoop.run_batched); any other
        # scheduler gets one job per item.
        self._batched = getattr(owner._scheduler, "run_batched", None)
        self._marked: tuple[int, Context] | None = None

    def post(self, item: Any) -> None:
        """Schedule ``fn(owner_ctx, vm, item)``; never blocks, never runs inline. Any thread.

        Raises :class:`OwnerClosedError` after shutdown, :class:`CallCanceledError` if the
        channel's context has ended, :class:`ScheduleRejectedError` if the loop is stopping.
        """
        owner = self._owner
        if owner._closed:
            raise OwnerClosedError()
        if self._ended():
            raise CallCanceledError(f"runtime owner {self._op}: call canceled: {self._ctx.err()}")
        batched = self._batched
        if batched is not None:
            accepted = batched(self, item)
        else:
            accepted = owner._scheduler.run_on_loop(lambda vm: self._run_alone(vm, item))
        if not accepted:
            raise ScheduleRejectedError(
                f"runtime owner {self._op}: the event loop rejected the job (it is stopping)")

    def run_item(self, vm: Any, item: Any) -> None:  # owner thread: one task
        if self._ended():
            return
        thread = threading.get_ident()
        marked = self._marked
        if marked is None or marked[0] != thread:
            marked = self._marked = (thread, self._owner._mark(self._ctx))
        owner = self._owner
        # RuntimeOwner._invoke + _invoke_post, inlined: this runs once per event of a burst.
        owner._active += 1
        stack = services._call_stack(vm)
        stack.append(marked[1])
        try:
            self._fn(marked[1], vm, item)
        except BaseException as exc:
            if not isinstance(exc, QJSBridgeError) and owner.options.wrap_callback_errors:
                msg = f"runtime owner {self._op}: callback raised {type(exc).__name__}: {exc}"
                if owner.options.include_callback_traceback:
                    msg += "\n" + traceback.format_exc() + "".join(traceback.format_stack())
                wrapped = CallbackError(msg)
                wrapped.__cause__ = exc
                exc = wrapped
            owner._post_error(exc, self._op)
        finally:
            stack.pop()
            owner._active -= 1
            if owner._idle_waiters and owner._active == 0:
                owner._notify_idle()

    def _run_alone(self, vm: Any, item: Any) -> None:  # owner thread: a run of one item
        try:
            self.run_item(vm, item)
        finally:
            self.end_run()

    def end_run(self) -> None:  # owner thread: after a run of items
        after_run = self._after_run
        if after_run is None:
            return
        try:
            after_run()
        except BaseException as exc:
            self._owner._post_error(exc, self._op)

    def drop_items(self, items: list[Any]) -> None:  # owner thread: the loop stopped first
        log.debug("runtime owner %s: %d queued item(s) dropped: the event loop stopped",
                  self._op, len(items))
