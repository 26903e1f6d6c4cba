"""engine.services: the Go runtimebridge tests, ported by behaviour."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from qjsbridge.engine import context as c
from qjsbridge.engine import services
from qjsbridge.engine.errors import QJSBridgeError
from qjsbridge.engine.services import RuntimeServices

T = TypeVar("T")


class InlineOwner:
    """Runs every call and post inline, pushing the call context like the real owner."""

    def __init__(self, vm: object) -> None:
        self.vm = vm
        self.post_errors: list[BaseException] = []

    def call(self, ctx: c.Context | None, op: str, fn: Callable[[c.Context, Any], T]) -> T:
        ctx = ctx or c.background()
        if ctx.is_done():
            raise QJSBridgeError("canceled")
        with services.with_call_context(self.vm, ctx):
            return fn(ctx, self.vm)

    def post(self, ctx: c.Context | None, op: str, fn: Callable[[c.Context, Any], None]) -> None:
        self.call(ctx, op, fn)


@pytest.fixture
def vm() -> Iterator[object]:
    vm = object()
    yield vm
    services.delete(vm)


def test_current_owner_context_falls_back_to_lifetime(vm: object) -> None:
    life = c.with_value(c.background(), "life", 1)
    services.store(vm, RuntimeServices(life, None, InlineOwner(vm)))
    assert services.current_owner_context(vm) is life
    assert services.current_owner_context(object()) is c.background()
    assert services.current_owner_context(None) is c.background()


def test_with_call_context_pushes_and_restores_nested(vm: object) -> None:
    outer = c.with_value(c.background(), "k", "outer")
    inner = c.with_value(c.background(), "k", "inner")
    with services.with_call_context(vm, outer):
        with services.with_call_context(vm, inner):
            assert services.current_owner_context(vm).value("k") == "inner"
        assert services.current_owner_context(vm).value("k") == "outer"


def test_call_with_custom_context_cancels_when_lifetime_cancels(vm: object) -> None:
    life, cancel_life = c.with_cancel(c.background())
    owner = InlineOwner(vm)
    svc = RuntimeServices(life, None, owner)
    custom = c.with_value(c.background(), "req", "r1")

    def fn(ctx: c.Context, _vm: Any) -> tuple[Any, bool, bool]:
        before = ctx.is_done()
        cancel_life()
        return ctx.value("req"), before, ctx.is_done()

    assert svc.call_with_custom_context(custom, "op", fn) == ("r1", False, True)


def test_call_with_custom_context_cancels_linked_context_after_call(vm: object) -> None:
    life, _ = c.with_cancel(c.background())
    svc = RuntimeServices(life, None, InlineOwner(vm))
    captured: list[c.Context] = []
    svc.call_with_custom_context(c.background(), "op", lambda ctx, _vm: captured.append(ctx))
    assert captured[0].is_done()


def test_post_with_nil_context_uses_lifetime(vm: object) -> None:
    life = c.with_value(c.background(), "life", "L")
    svc = RuntimeServices(life, None, InlineOwner(vm))
    seen: list[Any] = []
    svc.post_with_custom_context(None, "op", lambda ctx, _vm: seen.append(ctx.value("life")))
    assert seen == ["L"]


def test_with_call_context_pops_after_exception(vm: object) -> None:
    life = c.with_value(c.background(), "life", 1)
    services.store(vm, RuntimeServices(life, None, InlineOwner(vm)))
    with pytest.raises(RuntimeError):
        with services.with_call_context(vm, c.with_value(c.background(), "x", 2)):
            raise RuntimeError("boom")
    assert services.current_owner_context(vm) is life


# -- more behaviour ---------------------------------------------------------------------------
def test_lookup_store_delete(vm: object) -> None:
    svc = RuntimeServices(None, None, None)
    services.store(vm, svc)
    assert services.lookup(vm) is svc
    assert services.lifetime_context(vm) is c.background()
    services.delete(vm)
    assert services.lookup(vm) is None


def test_missing_owner_is_an_error(vm: object) -> None:
    svc = RuntimeServices()
    with pytest.raises(QJSBridgeError, match="runtime services: missing owner"):
        svc.call_with_lifetime_context("op", lambda ctx, _vm: None)


def test_post_with_custom_context_stays_linked_until_callback_ran(vm: object) -> None:
    life, cancel_life = c.with_cancel(c.background())
    queued: list[Callable[[], None]] = []

    class QueueingOwner(InlineOwner):
        def post(self, ctx: c.Context | None, op: str, fn: Callable[[c.Context, Any], None]) -> None:
            queued.append(lambda: fn(ctx or c.background(), self.vm))

    svc = RuntimeServices(life, None, QueueingOwner(vm))
    seen: list[bool] = []
    svc.post_with_custom_context(c.background(), "op", lambda ctx, _vm: seen.append(ctx.is_done()))
    queued.pop()()
    assert seen == [False]
    # After the callback ran, the lifetime hook is detached: cancelling the lifetime later does
    # not reach back into the (finished) linked context's callbacks.
    cancel_life()


def test_lifetime_cancel_reaches_queued_post(vm: object) -> None:
    life, cancel_life = c.with_cancel(c.background())
    queued: list[tuple[c.Context, Callable[[c.Context, Any], None]]] = []

    class QueueingOwner(InlineOwner):
        def post(self, ctx: c.Context | None, op: str, fn: Callable[[c.Context, Any], None]) -> None:
            queued.append((ctx or c.background(), fn))

    svc = RuntimeServices(life, None, QueueingOwner(vm))
    svc.post_with_custom_context(c.background(), "op", lambda ctx, _vm: None)
    linked, _ = queued[0]
    assert not linked.is_done()
    cancel_life()
    assert linked.is_done()


def test_call_stack_is_per_vm_not_per_thread(vm: object) -> None:
    inner = c.with_value(c.background(), "k", "v")
    seen: list[Any] = []
    with services.with_call_context(vm, inner):
        t = threading.Thread(target=lambda: seen.append(services.current_owner_context(vm).value("k")))
        t.start()
        t.join()
    assert seen == ["v"]
