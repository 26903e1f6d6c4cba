"""engine.context: Go-style cancellation contexts."""

from __future__ import annotations

import threading
import time

import pytest

from qjsbridge.engine import context as c
from tests.conftest import wait_for


def test_background_never_ends() -> None:
    bg = c.background()
    assert bg.err() is None and not bg.is_done() and bg.deadline() is None
    assert not bg.wait(0.01)


def test_cancel_propagates_to_descendants_but_not_parents() -> None:
    parent, cancel_parent = c.with_cancel(c.background())
    child, cancel_child = c.with_cancel(parent)
    grandchild = c.with_value(child, "k", 1)
    cancel_child()
    assert isinstance(child.err(), c.Canceled) and grandchild.is_done()
    assert not parent.is_done()
    other, _ = c.with_cancel(parent)
    cancel_parent()
    assert isinstance(other.err(), c.Canceled)
    assert str(other.err()) == "context canceled"


def test_child_of_done_parent_is_done_at_once() -> None:
    parent, cancel = c.with_cancel(c.background())
    cancel()
    child, _ = c.with_cancel(parent)
    assert child.is_done()


def test_timeout_expires_with_deadline_exceeded() -> None:
    ctx, cancel = c.with_timeout(c.background(), 0.05)
    deadline = ctx.deadline()
    assert deadline is not None and deadline > time.monotonic()
    assert ctx.wait(2.0)
    assert isinstance(ctx.err(), c.DeadlineExceeded)
    assert isinstance(ctx.err(), TimeoutError)
    assert str(ctx.err()) == "context deadline exceeded"
    cancel()  # idempotent after expiry
    assert isinstance(ctx.err(), c.DeadlineExceeded)


def test_child_inherits_the_earlier_deadline() -> None:
    parent, _ = c.with_timeout(c.background(), 0.05)
    child, _ = c.with_timeout(parent, 60)
    assert child.deadline() == parent.deadline()
    assert child.wait(2.0)
    assert isinstance(child.err(), c.DeadlineExceeded)


def test_expired_deadline_is_done_immediately() -> None:
    ctx, _ = c.with_deadline(c.background(), time.monotonic() - 1)
    assert isinstance(ctx.err(), c.DeadlineExceeded)


def test_values_are_found_through_cancel_contexts() -> None:
    base = c.with_value(c.background(), "a", 1)
    ctx, _ = c.with_cancel(c.with_value(base, "b", 2))
    assert ctx.value("a") == 1 and ctx.value("b") == 2 and ctx.value("c") is None
    shadow = c.with_value(ctx, "a", 3)
    assert shadow.value("a") == 3


def test_after_func_runs_once_on_cancel_and_stop_prevents_it() -> None:
    ctx, cancel = c.with_cancel(c.background())
    calls: list[str] = []
    c.after_func(ctx, lambda: calls.append("a"))
    stop_b = c.after_func(ctx, lambda: calls.append("b"))
    assert stop_b() is True
    assert stop_b() is False
    cancel()
    cancel()
    assert calls == ["a"]


def test_after_func_on_done_context_runs_immediately() -> None:
    ctx, cancel = c.with_cancel(c.background())
    cancel()
    calls: list[int] = []
    stop = c.after_func(ctx, lambda: calls.append(1))
    assert calls == [1] and stop() is False


def test_after_func_runs_on_deadline_thread() -> None:
    ctx, _ = c.with_timeout(c.background(), 0.02)
    seen: list[str] = []
    c.after_func(ctx, lambda: seen.append(threading.current_thread().name))
    wait_for(lambda: seen, message="after_func")
    assert seen == ["qjsbridge-deadlines"]


def test_deadline_thread_exits_when_no_deadline_is_pending() -> None:
    ctx, cancel = c.with_timeout(c.background(), 30)
    assert any(t.name == "qjsbridge-deadlines" for t in threading.enumerate())
    cancel()
    wait_for(lambda: not any(t.name == "qjsbridge-deadlines" for t in threading.enumerate()),
             message="deadline thread to exit")


def test_many_timeouts_fire_in_order() -> None:
    order: list[int] = []
    lock = threading.Lock()
    base = time.monotonic() + 0.05  # absolute deadlines: creation order must not matter
    for i in reversed(range(20)):
        ctx, _ = c.with_deadline(c.background(), base + i * 0.002)
        c.after_func(ctx, lambda i=i: (lock.acquire(), order.append(i), lock.release()))
    wait_for(lambda: len(order) == 20, message="all timeouts")
    assert order == sorted(order)


def test_callback_error_does_not_stop_other_callbacks(caplog: pytest.LogCaptureFixture) -> None:
    ctx, cancel = c.with_cancel(c.background())
    seen: list[int] = []

    def boom() -> None:
        raise RuntimeError("boom")

    c.after_func(ctx, boom)
    c.after_func(ctx, lambda: seen.append(1))
    cancel()
    assert seen == [1]
    assert "boom" in caplog.text
