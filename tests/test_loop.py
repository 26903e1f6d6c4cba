"""engine.loop.EventLoop directly: batched items (run_batched) against posted jobs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from qjsbridge.engine.loop import EventLoop
from qjsbridge.engine.vm import VM
from tests.conftest import wait_for


class Sink:
    """Records items; an item "stop" stops the loop from inside its task."""

    def __init__(self, loop: EventLoop, log: list[Any]) -> None:
        self.loop = loop
        self.log = log
        self.dropped: list[Any] = []
        self.ends: list[Any] = []  # the last item run before each end_run

    def end_run(self) -> None:
        items = [x for x in self.log if not isinstance(x, tuple) and x != "job"]
        self.ends.append(items[-1] if items else None)

    def run_item(self, vm: VM, item: Any) -> None:
        self.log.append(item)
        # A promise job per item: it must run before the next item (one task per item).
        vm.eval(f"Promise.resolve().then(() => {{ globalThis.jobs = (globalThis.jobs || 0) + 1; }})")
        self.log.append(("jobs before", vm.eval("globalThis.jobs || 0")))
        if item == "stop":
            self.loop.stop()
        if item == "raise":
            raise ValueError("bad item")

    def drop_items(self, items: list[Any]) -> None:
        self.dropped.extend(items)


@pytest.fixture
def loop() -> Iterator[EventLoop]:
    errors: list[tuple[BaseException, str]] = []
    lp = EventLoop(VM, on_error=lambda e, origin: errors.append((e, origin)))
    lp.errors = errors  # type: ignore[attr-defined]
    lp.start()
    yield lp
    lp.stop()
    assert lp.join(10)


def blocked(loop: EventLoop) -> threading.Event:
    """Occupy the owner until the returned event is set, so that what follows queues up."""
    gate, entered = threading.Event(), threading.Event()
    loop.run_on_loop(lambda vm: (entered.set(), gate.wait(10)) and None)
    entered.wait(10)
    return gate


def test_batched_items_are_one_task_each_in_fifo_order_with_other_jobs(loop: EventLoop) -> None:
    log: list[Any] = []
    sink, other = Sink(loop, log), Sink(loop, log)
    gate = blocked(loop)
    for item in (1, 2):
        assert loop.run_batched(sink, item)
    loop.run_on_loop(lambda vm: log.append("job"))
    assert loop.run_batched(sink, 3)
    assert loop.run_batched(other, "other")
    assert loop.run_batched(sink, 4)
    gate.set()
    wait_for(lambda: len(log) == 11, message="every item and the job")
    assert log == [1, ("jobs before", 0), 2, ("jobs before", 1), "job", 3, ("jobs before", 2),
                   "other", ("jobs before", 3), 4, ("jobs before", 4)]
    wait_for(loop.idle.is_set, message="the loop to go idle")
    assert sink.ends == [2, 3, 4] and other.ends == ["other"]  # once per run, after its items


def test_an_item_that_raises_is_reported_and_the_batch_goes_on(loop: EventLoop) -> None:
    log: list[Any] = []
    sink = Sink(loop, log)
    gate = blocked(loop)
    for item in ("raise", 2):
        loop.run_batched(sink, item)
    gate.set()
    wait_for(lambda: 2 in log, message="the item after the failing one")
    errors = loop.errors  # type: ignore[attr-defined]
    assert [(str(e), origin) for e, origin in errors] == [("bad item", "task")]


def test_items_left_when_the_loop_stops_go_to_drop_items(loop: EventLoop) -> None:
    log: list[Any] = []
    sink = Sink(loop, log)
    gate = blocked(loop)
    for item in (1, "stop", 3, 4):
        loop.run_batched(sink, item)
    gate.set()
    assert loop.join(10)
    assert [x for x in log if not isinstance(x, tuple)] == [1, "stop"]
    assert sink.dropped == [3, 4]
    assert sink.ends == ["stop"]  # the run ended early, and still ended
    assert not loop.run_batched(sink, 5)


def test_an_end_run_that_raises_is_reported_and_the_loop_goes_on(loop: EventLoop) -> None:
    log: list[Any] = []
    sink = Sink(loop, log)

    def fail() -> None:
        raise ValueError("bad end")

    sink.end_run = fail  # type: ignore[method-assign]
    loop.run_batched(sink, 1)
    loop.run_on_loop(lambda vm: log.append("job"))
    wait_for(lambda: "job" in log, message="the job after the run")
    errors = loop.errors  # type: ignore[attr-defined]
    assert [(str(e), origin) for e, origin in errors] == [("bad end", "task")]
