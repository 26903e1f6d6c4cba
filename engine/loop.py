"""The owner thread's event loop.

One :class:`EventLoop` owns one thread (started with a large C stack so deep JS recursion throws
instead of crashing) and the :class:`~engine.vm.VM` created on it. It runs libuv-style phases:

1. **timers** whose deadline passed, in deadline order (ties in creation order);
2. **posted jobs** (:meth:`EventLoop.run_on_loop` and :meth:`EventLoop.run_batched`, callable
   from any thread), FIFO;
3. **immediates**, those queued before the phase began;

and then sleeps until the next timer or post. Every timer callback, job and immediate is its own
*task*, and after every task the VM's microtasks are drained completely (``process.nextTick``
queue, then promise jobs, repeatedly): Node >= 11 semantics, which is what lets
``await once(emitter, "event")`` loops see every event of a burst.

Handles are ref-counted like libuv's: ref'd timers, ref'd immediates and :class:`LoopHold`
objects keep the loop *alive*. :attr:`EventLoop.idle` is set whenever nothing alive is left, which
is how a runner tells "finished" from "waiting for a watcher". The loop itself never exits on
idle; only :meth:`EventLoop.stop` ends it.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

from .vm import VM

__all__ = ["EventLoop", "LoopHold", "Timer", "DEFAULT_STACK_SIZE", "Task", "ErrorHook", "BatchSink"]

log = logging.getLogger(__name__)

#: C stack of the owner thread. Virtual memory only; pages are touched as recursion deepens.
DEFAULT_STACK_SIZE = 256 * 1024 * 1024

Task = Callable[[VM], None]
ErrorHook = Callable[[BaseException, str], None]

_stack_size_lock = threading.Lock()  # threading.stack_size is process-wide


def _log_error(exc: BaseException, origin: str) -> None:
    log.error("uncaught error in event loop (%s): %s", origin, getattr(exc, "stack", "") or exc)


class BatchSink(Protocol):
    """Where :meth:`EventLoop.run_batched` items go: ``run_item(vm, item)`` runs one item as
    one task (owner thread); ``end_run()`` follows the last item of a run (items queued back
    to back), before the loop takes its next job; ``drop_items(items)`` gets the items the loop
    discards when it stops before running them (owner thread)."""

    def run_item(self, vm: VM, item: Any) -> None:
        """Run one item; exceptions are reported like a task's."""
        ...

    def end_run(self) -> None:
        """A run of items is over (a place to flush what the items produced, once per run)."""
        ...

    def drop_items(self, items: list[Any]) -> None:
        """The loop stopped before running ``items``."""
        ...


class _Batch:
    """Items queued back to back for one sink (a run of emits): one queue entry, one task per
    item. Producers append only while it is the queue's tail, holding the loop's lock."""

    __slots__ = ("sink", "items")

    def __init__(self, sink: BatchSink, item: Any) -> None:
        self.sink = sink
        self.items = [item]


_Job = tuple[Task, "Callable[[], None] | None"]


class LoopHold:
    """Keeps the loop alive until released (a libuv ref'd handle). Thread-safe, idempotent."""

    __slots__ = ("_loop", "_released", "reason")

    def __init__(self, loop: EventLoop, reason: str) -> None:
        self._loop = loop
        self._released = False
        self.reason = reason

    def release(self) -> None:
        """Stop keeping the loop alive. Safe to call from any thread, more than once."""
        with self._loop._cond:
            if self._released:
                return
            self._released = True
            self._loop._change_refs(-1)

    @property
    def released(self) -> bool:
        """Whether :meth:`release` has been called."""
        return self._released


class Timer:
    """A timer or immediate scheduled on the loop. Owner thread only."""

    __slots__ = ("_loop", "_callback", "_interval", "_delay", "_active", "_ref", "_seq", "_when",
                 "_immediate")

    def __init__(self, loop: EventLoop, callback: Task, delay: float, interval: bool,
                 immediate: bool, ref: bool) -> None:
        self._loop = loop
        self._callback = callback
        self._delay = delay
        self._interval = interval
        self._immediate = immediate
        self._active = True
        self._ref = ref
        self._seq = 0
        self._when = 0.0

    @property
    def active(self) -> bool:
        """Whether the timer will still fire."""
        return self._active

    def cancel(self) -> None:
        """Stop the timer; it will not fire again."""
        if self._active:
            self._active = False
            if self._ref:
                self._loop._locked_change_refs(-1)

    def set_ref(self, ref: bool) -> None:
        """``ref(True)``: keep the loop alive while active; ``ref(False)``: do not (Node's unref)."""
        if ref != self._ref:
            self._ref = ref
            if self._active:
                self._loop._locked_change_refs(1 if ref else -1)

    def refresh(self) -> None:
        """Restart the countdown from now with the same delay (reactivating a fired timer)."""
        if self._immediate or self._loop._halted:
            return
        if not self._active:
            self._active = True
            if self._ref:
                self._loop._locked_change_refs(1)
        self._loop._push_timer(self)


class EventLoop:
    """The owner thread and its task queue; see the module docstring.

    ``vm_factory`` runs on the new thread to create the VM. ``on_error(exc, origin)`` receives
    every exception that escapes a task (a timer callback that threw, an error in a microtask, an
    unhandled rejection); the default logs it.
    """

    def __init__(
        self,
        vm_factory: Callable[[], VM],
        *,
        name: str = "qjsbridge-owner",
        stack_size: int = DEFAULT_STACK_SIZE,
        on_error: ErrorHook | None = None,
    ) -> None:
        self._vm_factory = vm_factory
        self._name = name
        self._stack_size = stack_size
        self.on_error: ErrorHook = on_error or _log_error
        # run_on_loop takes _lock directly (a C-level context manager, cheaper than the
        # Condition's Python-level __enter__); _cond shares it for sleeping and notifying.
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        # wait_task_idle sleeps on its own condition (same lock), so that run_on_loop's notify()
        # always reaches the owner; _task_waiters counts the sleepers (see _run_task).
        self._task_done = threading.Condition(self._lock)
        self._task_waiters = 0
        self._queue: deque[_Job | _Batch] = deque()
        self._timers: list[tuple[float, int, Timer]] = []
        self._immediates: deque[Timer] = deque()
        self._seq = itertools.count()
        self._refs = 0
        self._waiting = False
        self._stopping = False
        self._halted = False
        self._task_running = False
        self._worked = False  # a task ran since the loop last ran out of work
        #: Script-runner hooks (owner-thread tasks; None: the loop just goes idle). When the loop
        #: runs out of ref'd work, ``before_exit`` runs (Node's ``beforeExit``: it may schedule
        #: more); if the loop is still out of work afterwards, ``at_exit`` runs (``exit``).
        self.before_exit: Task | None = None
        self.at_exit: Task | None = None
        self._thread: threading.Thread | None = None
        self._vm: VM | None = None
        self._start_error: BaseException | None = None
        self._started = threading.Event()
        self._stopped = threading.Event()
        #: Set while nothing keeps the loop alive (no ref'd timer/immediate/hold, no queued job).
        self.idle = threading.Event()

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> VM:
        """Start the owner thread, create the VM on it and return it (raises what creation raised)."""
        if self._thread is not None:
            raise RuntimeError("event loop already started")
        with _stack_size_lock:
            old = threading.stack_size(self._stack_size)
            try:
                self._thread = threading.Thread(target=self._main, name=self._name, daemon=True)
                self._thread.start()
            finally:
                threading.stack_size(old)
        self._started.wait()
        if self._start_error is not None:
            self._thread.join()
            raise self._start_error
        assert self._vm is not None
        return self._vm

    @property
    def vm(self) -> VM | None:
        """The VM, or None once the loop has stopped. Only use it on the owner thread."""
        return self._vm

    @property
    def thread_ident(self) -> int | None:
        """The owner thread's ``threading.get_ident()``."""
        return self._thread.ident if self._thread is not None else None

    def is_owner_thread(self) -> bool:
        """Whether the caller runs on the owner thread."""
        return self._thread is not None and threading.get_ident() == self._thread.ident

    def stop(self) -> None:
        """Ask the loop to stop after the running task; queued jobs are dropped. Any thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()

    def halt(self) -> None:
        """Cancel every timer and immediate, now and in future, and stop draining microtasks;
        posted jobs still run. Any thread.

        Used when the script exits or the runtime closes: no JS callback fires afterwards (no
        timer, immediate, nextTick callback or promise job), but owner calls (closers cleaning
        up) keep working.
        """
        with self._cond:
            self._halted = True
            if self._waiting:
                self._cond.notify()

    def set_exit_hooks(self, before_exit: Task | None, at_exit: Task | None) -> None:
        """Arm :attr:`before_exit` and :attr:`at_exit` (a script runner does this once its main
        module has run); they run as soon as the loop is out of ref'd work. Any thread."""
        with self._cond:
            self.before_exit = before_exit
            self.at_exit = at_exit
            self._worked = True
            if self._waiting:
                self._cond.notify()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the owner thread to finish; True if it did."""
        if self._thread is None:
            return True
        if self.is_owner_thread():
            raise RuntimeError("the owner thread cannot join itself")
        self._thread.join(timeout)
        return not self._thread.is_alive()

    # -- scheduling from any thread -----------------------------------------------------------
    def run_on_loop(self, fn: Task, on_drop: Callable[[], None] | None = None) -> bool:
        """Queue ``fn(vm)`` as a task. Any thread, never blocks.

        Returns False if the loop is stopping (nothing queued). If the loop stops before the job
        runs, ``on_drop()`` is called instead (on the owner thread).
        """
        with self._lock:
            if self._stopping:  # also set when the loop failed to start or ended
                return False
            self._queue.append((fn, on_drop))
            if self.idle.is_set():  # Event.clear() takes a lock; most posts find it clear
                self.idle.clear()
            if self._waiting:
                self._cond.notify()
                self._waiting = False  # one wake-up is enough: later posts skip notify()
        return True

    def run_batched(self, sink: BatchSink, item: Any) -> bool:
        """Queue ``sink.run_item(vm, item)`` as a task. Any thread, never blocks.

        The same as :meth:`run_on_loop` for ordering (one FIFO with every other posted job) and
        for task semantics (each item is its own task, microtasks drained after it), but items
        queued back to back for one sink share one queue entry: a burst costs the owner one
        dequeue and the producer no allocation beyond its item. Returns False if the loop is
        stopping; items it discards when it stops go to ``sink.drop_items``.
        """
        with self._lock:
            if self._stopping:  # also set when the loop failed to start or ended
                return False
            queue = self._queue
            tail = queue[-1] if queue else None
            if tail.__class__ is _Batch and tail.sink is sink:
                tail.items.append(item)
                return True
            queue.append(_Batch(sink, item))
            if self.idle.is_set():
                self.idle.clear()
            if self._waiting:
                self._cond.notify()
                self._waiting = False  # one wake-up is enough: later posts skip notify()
        return True

    def hold(self, reason: str = "") -> LoopHold:
        """A handle that keeps the loop alive (``idle`` unset) until released. Any thread."""
        with self._cond:
            self._change_refs(1)
        return LoopHold(self, reason)

    @property
    def task_running(self) -> bool:
        """Whether a task is executing right now."""
        return self._task_running

    def wait_task_idle(self, timeout: float | None) -> bool:
        """Wait until no task is executing; True if that happened in time. Any thread but the
        owner. Sleeps on a condition the owner notifies when a task ends (no polling)."""
        if not self._task_running:
            return True
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._task_done:
            # Counted before _task_running is read: the owner clears the flag, then reads the
            # count, so either this thread sees the flag clear or the owner sees the count.
            self._task_waiters += 1
            try:
                while self._task_running:
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        return False
                    self._task_done.wait(left)
            finally:
                self._task_waiters -= 1
        return True

    def interrupt(self) -> bool:
        """Interrupt the JavaScript of the running task, if any. Any thread."""
        vm = self._vm
        return vm.interrupt() if vm is not None else False

    # -- timers (owner thread) ----------------------------------------------------------------
    def call_later(self, delay: float, callback: Task, *, repeat: bool = False,
                   ref: bool = True) -> Timer:
        """Run ``callback(vm)`` as a task after ``delay`` seconds (every ``delay`` if repeat)."""
        timer = Timer(self, callback, max(0.0, delay), repeat, False, ref)
        if self._halted:
            timer._active = False
            return timer
        if ref:
            self._locked_change_refs(1)
        self._push_timer(timer)
        return timer

    def call_immediate(self, callback: Task, *, ref: bool = True) -> Timer:
        """Run ``callback(vm)`` as a task in the next check phase (Node's setImmediate)."""
        timer = Timer(self, callback, 0.0, False, True, ref)
        if self._halted:
            timer._active = False
            return timer
        with self._cond:
            if ref:
                self._change_refs(1)
            self._immediates.append(timer)
        return timer

    # -- internals ----------------------------------------------------------------------------
    def _change_refs(self, delta: int) -> None:  # caller holds self._cond
        self._refs += delta
        if self._refs > 0:
            self.idle.clear()
        elif self._waiting:
            self._cond.notify()  # let the owner re-evaluate idleness

    def _locked_change_refs(self, delta: int) -> None:
        with self._cond:
            self._change_refs(delta)

    def _push_timer(self, timer: Timer) -> None:
        timer._seq = next(self._seq)
        timer._when = time.monotonic() + timer._delay
        heapq.heappush(self._timers, (timer._when, timer._seq, timer))

    def _main(self) -> None:  # the owner thread
        try:
            self._vm = self._vm_factory()
        except BaseException as exc:
            self._start_error = exc
            self._stopping = True
            self._stopped.set()
            self._started.set()
            return
        self._started.set()
        try:
            self._run(self._vm)
        except BaseException:  # pragma: no cover - _run_task catches everything
            log.exception("event loop crashed")
        finally:
            self._shutdown()

    def _shutdown(self) -> None:  # owner thread
        with self._cond:
            self._stopping = True
            dropped = list(self._queue)
            self._queue.clear()
            self._immediates.clear()
            self._timers.clear()
        for entry in dropped:
            try:
                if isinstance(entry, _Batch):
                    entry.sink.drop_items(entry.items)
                elif entry[1] is not None:
                    entry[1]()
            except Exception:
                log.exception("on_drop callback failed")
        vm, self._vm = self._vm, None
        if vm is not None:
            try:
                vm.dispose()
            except Exception:
                log.exception("disposing the VM failed")
        self._stopped.set()

    def _run(self, vm: VM) -> None:  # owner thread
        timers, queue, immediates = self._timers, self._queue, self._immediates
        waited = False  # whether the loop blocked with immediates pending
        while True:
            alive = self._refs > 0  # Node checks liveness once, at the top of an iteration
            if self._halted and (timers or immediates):
                self._cancel_timers()
            if timers:
                now = time.monotonic()
                while timers and timers[0][0] <= now:
                    _, seq, timer = heapq.heappop(timers)
                    if seq != timer._seq or not timer._active or self._halted:
                        continue
                    self._run_task(vm, self._timer_task(timer))
                    if self._stopping:
                        return
            n = len(queue)
            while n:
                n -= 1
                entry = queue.popleft()
                if entry.__class__ is _Batch:
                    if self._run_batch(vm, entry):
                        return
                    continue
                self._run_task(vm, entry[0])  # type: ignore[index]
                if self._stopping:
                    return
            # Like Node's check phase: unref'd immediates alone do not make the loop skip its
            # wait; they run after it in an iteration that something ref'd keeps alive (or
            # never, when nothing does).
            n = len(immediates) if self._ref_immediate_pending() or (waited and alive) else 0
            waited = False
            while n:
                n -= 1
                with self._cond:
                    timer = immediates.popleft()
                if timer._active and not self._halted:
                    self._run_task(vm, self._timer_task(timer))
                    if self._stopping:
                        return
            hook: Task | None = None
            with self._cond:
                if self._stopping:
                    return
                # A poll that finds work ready skips the wait but is a poll all the same: the
                # next iteration runs the unref'd immediates after that work, as after a wait
                # (Node's check phase follows every poll), or they would wait forever once it
                # is done.
                if queue or (immediates and self._ref_immediate_pending()):
                    waited = bool(immediates)
                    continue
                timeout = None
                if timers:
                    timeout = max(0.0, timers[0][0] - time.monotonic())
                    if timeout == 0.0:
                        waited = bool(immediates)
                        continue
                if self._refs <= 0:
                    hook = self._exit_hook()
                    if hook is None:
                        self.idle.set()
                if hook is None:
                    self._waiting = True
                    self._cond.wait(timeout)
                    self._waiting = False
                    waited = bool(immediates)
            if hook is not None:
                self._run_task(vm, hook)
                if self._stopping:
                    return

    def _ref_immediate_pending(self) -> bool:  # owner thread
        return any(t._ref and t._active for t in self._immediates)

    def _exit_hook(self) -> Task | None:  # owner thread, holding _cond: out of ref'd work
        if self._halted:
            return None
        if self._worked and self.before_exit is not None:
            self._worked = False
            return self.before_exit
        if self.at_exit is not None:
            hook, self.at_exit, self.before_exit = self.at_exit, None, None
            return hook
        return None

    def _timer_task(self, timer: Timer) -> Task:
        return lambda vm: self._fire(vm, timer)

    def _cancel_timers(self) -> None:  # owner thread
        for _, _, timer in self._timers:
            timer.cancel()
        for timer in self._immediates:
            timer.cancel()
        self._timers.clear()
        with self._cond:
            self._immediates.clear()

    def _fire(self, vm: VM, timer: Timer) -> None:  # owner thread, inside a task
        if not timer._interval:
            timer.cancel()  # one-shot: done before the callback runs (it may refresh() it)
            timer._callback(vm)
            return
        try:
            timer._callback(vm)
        finally:  # a callback that throws is reported; the interval keeps running (like Node)
            if timer._active:
                self._push_timer(timer)

    def _run_task(self, vm: VM, fn: Task) -> None:  # owner thread
        self._task_running = True
        if fn is not self.before_exit:
            self._worked = True
        vm.begin_task()
        try:
            try:
                fn(vm)
            except BaseException as exc:
                self._report(exc, "task")
            # After halt() (the script exited, the runtime is closing) nothing queued runs: no
            # nextTick callback, no promise job.
            if not self._halted:
                try:
                    vm.run_microtasks()
                except BaseException as exc:
                    self._report(exc, "microtask")
        finally:
            vm.end_task()
            self._task_running = False
            if self._task_waiters:
                with self._task_done:
                    self._task_done.notify_all()
        if vm.has_uncaught:
            for err in vm.take_uncaught():
                self._report(err, err.origin or "uncaughtException")

    def _run_batch(self, vm: VM, batch: _Batch) -> bool:  # owner thread; True: stop the loop
        with self._lock:  # a producer that found the batch as the tail has finished appending
            items = batch.items
        run_item = batch.sink.run_item
        # _run_task, unrolled for one sink: the per-item cost is what a burst of events costs.
        for i, item in enumerate(items):
            self._task_running = self._worked = True
            vm.begin_task()
            try:
                try:
                    run_item(vm, item)
                except BaseException as exc:
                    self._report(exc, "task")
                if not self._halted:
                    try:
                        vm.run_microtasks()
                    except BaseException as exc:
                        self._report(exc, "microtask")
            finally:
                vm.end_task()
                self._task_running = False
                if self._task_waiters:
                    with self._task_done:
                        self._task_done.notify_all()
            if vm.has_uncaught:
                for err in vm.take_uncaught():
                    self._report(err, err.origin or "uncaughtException")
            if self._stopping:
                rest = items[i + 1:]
                if rest:
                    batch.items = rest
                    self._queue.appendleft(batch)  # _shutdown hands them to drop_items
                self._end_run(batch.sink)
                return True
        self._end_run(batch.sink)
        return False

    def _end_run(self, sink: BatchSink) -> None:  # owner thread
        try:
            sink.end_run()
        except BaseException as exc:
            self._report(exc, "task")

    def _report(self, exc: BaseException, origin: str) -> None:
        try:
            self.on_error(exc, origin)
        except Exception:
            log.exception("event loop error hook failed while reporting %r", exc)
