"""engine.owner.RuntimeOwner: the Go runtimeowner tests, ported by behaviour, plus extras."""

from __future__ import annotations

import queue
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from qjsbridge.engine import context as c
from qjsbridge.engine import services
from qjsbridge.engine.errors import (
    CallCanceledError,
    CallbackError,
    OwnerClosedError,
    OwnerDeadlockError,
    ScheduleRejectedError,
)
from qjsbridge.engine.owner import OwnerOptions, RuntimeOwner, owner_context
from tests.conftest import wait_for

Job = Callable[[Any], None]


class FakeVM:
    """Stands in for the VM: the owner only passes it through."""


class QueueScheduler:
    """Runs jobs FIFO on one worker thread (like the real loop)."""

    def __init__(self) -> None:
        self.vm = FakeVM()
        self._q: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (job := self._q.get()) is not None:
            job(self.vm)

    def run_on_loop(self, fn: Job, on_drop: Callable[[], None] | None = None) -> bool:
        self._q.put(fn)
        return True

    def stop(self) -> None:
        self._q.put(None)
        self.thread.join()


class ManualScheduler:
    """Stores jobs; the test runs them."""

    def __init__(self) -> None:
        self.vm = FakeVM()
        self.jobs: list[Job] = []

    def run_on_loop(self, fn: Job, on_drop: Callable[[], None] | None = None) -> bool:
        self.jobs.append(fn)
        return True

    def run_all(self) -> None:
        jobs, self.jobs = self.jobs, []
        for job in jobs:
            job(self.vm)


class RejectScheduler:
    def run_on_loop(self, fn: Job, on_drop: Callable[[], None] | None = None) -> bool:
        return False


@pytest.fixture
def qs() -> Any:
    s = QueueScheduler()
    yield s
    s.stop()


def make_owner(s: Any, **opts: Any) -> RuntimeOwner:
    return RuntimeOwner(s.vm if hasattr(s, "vm") else FakeVM(), s, OwnerOptions(**opts),
                        owner_thread=getattr(getattr(s, "thread", None), "ident", None))


# -- the Go tests -----------------------------------------------------------------------------
def test_owner_context_allows_reentrant_call(qs: QueueScheduler) -> None:
    owner = make_owner(qs)

    def outer(ctx: c.Context, vm: Any) -> int:
        return owner.call(owner_context(owner, ctx), "inner", lambda ctx2, vm2: 42)

    assert owner.call(c.background(), "outer", outer) == 42


def test_call_success(qs: QueueScheduler) -> None:
    assert make_owner(qs).call(c.background(), "ok", lambda ctx, vm: 42) == 42


def test_call_sets_current_owner_context(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    ctx = c.with_value(c.background(), "k", "abc")

    def fn(cb_ctx: c.Context, vm: Any) -> tuple[Any, Any]:
        return cb_ctx.value("k"), services.current_owner_context(vm).value("k")

    assert owner.call(ctx, "ctx", fn) == ("abc", "abc")


def test_call_canceled_while_running(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    ctx, _ = c.with_timeout(c.background(), 0.01)
    with pytest.raises(CallCanceledError, match="call canceled: context deadline exceeded"):
        owner.call(ctx, "slow", lambda ctx, vm: time.sleep(0.1))


def test_call_schedule_rejected() -> None:
    owner = RuntimeOwner(FakeVM(), RejectScheduler())
    with pytest.raises(ScheduleRejectedError, match="runtime owner x: the event loop rejected the job"):
        owner.call(c.background(), "x", lambda ctx, vm: 1)


def test_call_panic_recovered_includes_stack_when_enabled(qs: QueueScheduler) -> None:
    owner = make_owner(qs, include_callback_traceback=True)

    def test_panicking_callback(ctx: c.Context, vm: Any) -> None:
        raise ValueError("boom")

    with pytest.raises(CallbackError) as info:
        owner.call(c.background(), "p", test_panicking_callback)
    msg = str(info.value)
    assert "callback raised ValueError: boom" in msg
    assert "test_panicking_callback" in msg and "Traceback" in msg


def test_call_panic_recovered(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    with pytest.raises(CallbackError) as info:
        owner.call(c.background(), "p", lambda ctx, vm: 1 / 0)
    assert "callback raised ZeroDivisionError: division by zero" in str(info.value)
    assert "Traceback" not in str(info.value)
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_shutdown(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    owner.shutdown()
    assert owner.is_closed()
    with pytest.raises(OwnerClosedError, match="^runtime owner closed$"):
        owner.call(c.background(), "x", lambda ctx, vm: 1)
    with pytest.raises(OwnerClosedError):
        owner.post(c.background(), "x", lambda ctx, vm: None)


def test_post_runs(qs: QueueScheduler) -> None:
    done = threading.Event()
    make_owner(qs).post(c.background(), "p", lambda ctx, vm: done.set())
    assert done.wait(1.0)


def test_wait_idle_waits_for_active_call(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    release, started = threading.Event(), threading.Event()

    def busy(ctx: c.Context, vm: Any) -> None:
        started.set()
        release.wait(5)

    owner.post(c.background(), "busy", busy)
    assert started.wait(1)
    short, _ = c.with_timeout(c.background(), 0.02)
    with pytest.raises(CallCanceledError, match="wait idle"):
        owner.wait_idle(short)
    release.set()
    owner.wait_idle(c.with_timeout(c.background(), 2)[0])


def test_call_skips_canceled_queued_invocation() -> None:
    s = ManualScheduler()
    owner = RuntimeOwner(s.vm, s)
    ran: list[int] = []
    ctx, _ = c.with_timeout(c.background(), 0.01)
    with pytest.raises(CallCanceledError):
        owner.call(ctx, "queued", lambda ctx, vm: ran.append(1))
    s.run_all()
    assert ran == []


def test_post_keeps_timeout_context_alive_until_queued_execution() -> None:
    s = ManualScheduler()
    owner = RuntimeOwner(s.vm, s, OwnerOptions(max_wait=0.02))
    seen: list[Any] = []
    owner.post(None, "p", lambda ctx, vm: seen.append(ctx.err()))
    time.sleep(0.05)  # longer than max_wait: a post is still not dropped (it never blocked anyone)
    s.run_all()
    assert seen == [None]


def test_call_with_leaked_owner_context_still_schedules(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    leaked: list[c.Context] = []
    owner.call(c.background(), "capture", lambda ctx, vm: leaked.append(ctx))
    release = threading.Event()
    order: list[str] = []

    def outer(ctx: c.Context, vm: Any) -> None:
        release.wait(5)
        order.append("outer")

    owner.post(c.background(), "outer", outer)
    result: list[Any] = []
    t = threading.Thread(target=lambda: result.append(
        owner.call(leaked[0], "inner", lambda ctx, vm: order.append("inner") or "ran")))
    t.start()
    time.sleep(0.05)
    assert result == []  # it queued behind `outer` instead of running inline on this thread
    release.set()
    t.join(5)
    assert result == ["ran"] and order == ["outer", "inner"]


def test_post_with_leaked_owner_context_still_schedules(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    leaked: list[c.Context] = []
    owner.call(c.background(), "capture", lambda ctx, vm: leaked.append(ctx))
    threads: list[int] = []
    done = threading.Event()
    owner.post(leaked[0], "p", lambda ctx, vm: (threads.append(threading.get_ident()), done.set()))
    assert done.wait(1)
    assert threads == [qs.thread.ident]


def test_concurrent_call_stress(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    counter = {"n": 0}

    def incr(ctx: c.Context, vm: Any) -> None:
        n = counter["n"]  # deliberately unsynchronised: the owner serialises
        time.sleep(0)
        counter["n"] = n + 1

    threads = [threading.Thread(target=owner.call, args=(c.background(), "inc", incr))
               for _ in range(500)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert counter["n"] == 500


# -- behaviour the Go original leaves untested -------------------------------------------------
def test_unmarked_call_from_owner_thread_fails_fast_instead_of_deadlocking(qs: QueueScheduler) -> None:
    owner = make_owner(qs)

    def outer(ctx: c.Context, vm: Any) -> str:
        with pytest.raises(OwnerDeadlockError, match="would deadlock"):
            owner.call(c.background(), "inner", lambda ctx2, vm2: 1)
        with pytest.raises(OwnerDeadlockError) as info:  # with a deadline too; not a cancellation
            owner.call(c.with_timeout(c.background(), 1)[0], "inner", lambda ctx2, vm2: 1)
        assert not isinstance(info.value, CallCanceledError)
        return "survived"

    start = time.monotonic()
    assert owner.call(c.background(), "outer", outer) == "survived"
    assert time.monotonic() - start < 0.5


def test_post_with_owner_context_runs_inline(qs: QueueScheduler) -> None:
    owner = make_owner(qs)

    def outer(ctx: c.Context, vm: Any) -> list[str]:
        order: list[str] = []
        owner.post(ctx, "inline", lambda ctx2, vm2: order.append("posted"))
        order.append("after post")
        return order

    assert owner.call(c.background(), "outer", outer) == ["posted", "after post"]


def test_post_with_done_context_is_rejected_synchronously() -> None:
    s = ManualScheduler()
    owner = RuntimeOwner(s.vm, s)
    ctx, cancel = c.with_cancel(c.background())
    cancel()
    with pytest.raises(CallCanceledError, match="runtime owner p: call canceled: context canceled"):
        owner.post(ctx, "p", lambda ctx, vm: None)
    assert s.jobs == []


def test_post_skipped_when_context_ends_while_queued() -> None:
    s = ManualScheduler()
    owner = RuntimeOwner(s.vm, s)
    ctx, cancel = c.with_cancel(c.background())
    ran: list[int] = []
    owner.post(ctx, "p", lambda ctx, vm: ran.append(1))
    cancel()
    s.run_all()
    assert ran == []


def test_post_errors_reach_the_hook(qs: QueueScheduler) -> None:
    seen: list[tuple[str, str]] = []
    done = threading.Event()

    def hook(exc: BaseException, origin: str) -> None:
        seen.append((str(exc), origin))
        done.set()

    owner = RuntimeOwner(qs.vm, qs, on_post_error=hook)
    owner.post(c.background(), "bad", lambda ctx, vm: 1 / 0)
    assert done.wait(1)
    assert seen and "division by zero" in seen[0][0] and seen[0][1] == "post:bad"


def test_call_dropped_by_stopping_loop_raises_closed() -> None:
    class DroppingScheduler:
        def run_on_loop(self, fn: Job, on_drop: Callable[[], None] | None = None) -> bool:
            assert on_drop is not None
            threading.Timer(0.01, on_drop).start()
            return True

    owner = RuntimeOwner(FakeVM(), DroppingScheduler())
    with pytest.raises(OwnerClosedError):
        owner.call(c.background(), "x", lambda ctx, vm: 1)


def test_max_wait_bounds_calls_without_deadline(qs: QueueScheduler) -> None:
    owner = make_owner(qs, max_wait=0.02)
    with pytest.raises(CallCanceledError, match="deadline exceeded"):
        owner.call(None, "slow", lambda ctx, vm: time.sleep(0.2))
    wait_for(lambda: owner.active == 0, message="slow call to finish")


def test_nil_function_is_an_error(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    with pytest.raises(Exception, match="fn must be a callable, not None"):
        owner.call(None, "x", None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        RuntimeOwner(None, qs)


# -- channels ---------------------------------------------------------------------------------
def test_channel_runs_items_in_order_with_the_owner_context(qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    ctx = c.with_value(c.background(), "k", "v")
    got: list[tuple[Any, Any, Any]] = []
    chan = owner.channel(ctx, "items", lambda cb_ctx, vm, item: got.append(
        (item, cb_ctx.value("k"), services.current_owner_context(vm).value("k"))))
    for i in range(100):
        chan.post(i)
    owner.call(None, "sync", lambda ctx, vm: None)
    assert got == [(i, "v", "v") for i in range(100)]


def test_channel_after_run_follows_each_item_under_a_scheduler_without_runs(
        qs: QueueScheduler) -> None:
    owner = make_owner(qs)
    log: list[Any] = []
    chan = owner.channel(c.background(), "items", lambda ctx, vm, item: log.append(item),
                         after_run=lambda: log.append("end"))
    for i in range(3):
        chan.post(i)
    owner.call(None, "sync", lambda ctx, vm: None)
    assert log == [0, "end", 1, "end", 2, "end"]


def test_channel_after_run_errors_reach_the_hook(qs: QueueScheduler) -> None:
    errors: list[tuple[BaseException, str]] = []
    owner = RuntimeOwner(qs.vm, qs, on_post_error=lambda e, op: errors.append((e, op)))
    ran: list[int] = []

    def after_run() -> None:
        raise ValueError("boom")

    chan = owner.channel(c.background(), "items", lambda ctx, vm, item: ran.append(item),
                         after_run=after_run)
    chan.post(1)
    chan.post(2)
    owner.call(None, "sync", lambda ctx, vm: None)
    assert ran == [1, 2]
    assert [(str(e), op) for e, op in errors] == [("boom", "post:items")] * 2


def test_channel_errors_reach_the_hook_and_later_items_still_run(qs: QueueScheduler) -> None:
    errors: list[tuple[BaseException, str]] = []
    owner = RuntimeOwner(qs.vm, qs, on_post_error=lambda e, op: errors.append((e, op)))
    ran: list[int] = []

    def fn(ctx: c.Context, vm: Any, item: int) -> None:
        if item == 1:
            raise ValueError("boom")
        ran.append(item)

    chan = owner.channel(c.background(), "items", fn)
    for i in range(3):
        chan.post(i)
    owner.call(None, "sync", lambda ctx, vm: None)
    assert ran == [0, 2]
    assert [(type(e).__name__, op) for e, op in errors] == [("CallbackError", "post:items")]
    assert "callback raised ValueError: boom" in str(errors[0][0])
    assert isinstance(errors[0][0].__cause__, ValueError)


def test_channel_refuses_after_shutdown_and_once_its_context_ended() -> None:
    s = ManualScheduler()
    owner = make_owner(s)
    ctx, cancel = c.with_cancel(c.background())
    ran: list[int] = []
    chan = owner.channel(ctx, "items", lambda cb_ctx, vm, item: ran.append(item))
    chan.post(1)
    cancel()
    s.run_all()  # queued before the context ended: skipped
    with pytest.raises(CallCanceledError, match="runtime owner items: call canceled"):
        chan.post(2)
    owner.shutdown()
    with pytest.raises(OwnerClosedError):
        owner.channel(c.background(), "other", lambda cb_ctx, vm, item: None).post(3)
    with pytest.raises(ScheduleRejectedError, match="runtime owner items: the event loop rejected"):
        RuntimeOwner(FakeVM(), RejectScheduler()).channel(
            c.background(), "items", lambda cb_ctx, vm, item: None).post(4)
    assert ran == []


def test_a_signal_reaches_the_main_thread_waiting_for_a_call(tmp_path: Any) -> None:
    # CPython runs signal handlers on the main thread, between bytecodes. Here the kernel gives
    # SIGINT to the owner thread (running JavaScript): only a main thread that wakes up to check
    # sees it. (In a child process: without the check, it waits for ever.)
    script = tmp_path / "sigint.py"
    script.write_text(textwrap.dedent("""
        import signal, threading, time
        from qjsbridge.engine.builtins import NodeGlobals
        from qjsbridge.engine.runtime import RuntimeFactoryBuilder, RuntimeOptions
        rt = RuntimeFactoryBuilder(RuntimeOptions(node_globals=NodeGlobals())).build().new_runtime()

        def kick():
            while not rt.loop.task_running:
                time.sleep(0.01)
            signal.pthread_kill(rt.loop.thread_ident, signal.SIGINT)

        threading.Thread(target=kick, daemon=True).start()
        try:
            rt.eval("for (;;) {}")
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            rt.loop.interrupt()
        rt.close()
        print("closed", flush=True)
    """))
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60)
    assert (proc.stdout, proc.returncode) == ("interrupted\nclosed\n", 0), proc.stderr
