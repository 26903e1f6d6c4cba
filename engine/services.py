"""RuntimeServices: what native modules use to reach the owner thread.

A runtime stores one :class:`RuntimeServices` per VM (:func:`store`/:func:`lookup`/:func:`delete`).
Module code uses its helpers, which make the *context* of each owner entry explicit:

=============================================  ==============================================
situation                                       helper
=============================================  ==============================================
host code on the owner calls back into JS       :meth:`RuntimeServices.call_with_current_context`
host code on the owner schedules a follow-up    :meth:`RuntimeServices.post_with_current_context`
runtime-owned background work (a watcher)       :meth:`RuntimeServices.post_with_lifetime_context`
an external request with its own context        :meth:`RuntimeServices.call_with_custom_context`
=============================================  ==============================================

Custom contexts are *linked* to the runtime lifetime: closing the runtime cancels any call or
post in flight. Every owner entry pushes its context on a per-VM stack, so
:func:`current_owner_context` tells host code which context the running callback belongs to.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .context import CancelFunc, Context, after_func, background, with_cancel
from .errors import QJSBridgeError

if TYPE_CHECKING:
    from .loop import EventLoop

# store/delete (the registry keyed by id(vm)) and the call-context stack are for the runtime and
# the owner only; they are not part of the public API.
__all__ = [
    "Owner",
    "RuntimeServices",
    "current_owner_context",
    "lifetime_context",
    "lookup",
]

T = TypeVar("T")


class Owner(Protocol):
    """The part of :class:`engine.owner.RuntimeOwner` the services need."""

    def call(self, ctx: Context | None, op: str, fn: Callable[[Context, Any], T]) -> T:
        """Run ``fn(ctx, vm)`` on the owner and return its result."""
        ...

    def post(self, ctx: Context | None, op: str, fn: Callable[[Context, Any], None]) -> None:
        """Schedule ``fn(ctx, vm)`` on the owner."""
        ...


@dataclass
class RuntimeServices:
    """The owner, the loop and the runtime lifetime context of one VM."""

    lifetime_context: Context | None = None
    loop: EventLoop | None = None
    owner: Owner | None = None

    def lifetime(self) -> Context:
        """The runtime-owned lifetime context (ended by ``Runtime.close``); Background if unset."""
        return self.lifetime_context if self.lifetime_context is not None else background()

    def _require_owner(self) -> Owner:
        if self.owner is None:
            raise QJSBridgeError("runtime services: missing owner")
        return self.owner

    # -- current context ----------------------------------------------------------------------
    def call_with_current_context(self, vm: object, op: str, fn: Callable[[Context, Any], T]) -> T:
        """``owner.call`` with the context of the running owner callback (inline on the owner)."""
        return self._require_owner().call(current_owner_context(vm), op, fn)

    def post_with_current_context(self, vm: object, op: str,
                                  fn: Callable[[Context, Any], None]) -> None:
        """``owner.post`` with the current owner context (on the owner: runs right away)."""
        self._require_owner().post(current_owner_context(vm), op, fn)

    # -- lifetime context ---------------------------------------------------------------------
    def call_with_lifetime_context(self, op: str, fn: Callable[[Context, Any], T]) -> T:
        """``call_with_custom_context`` with the lifetime context."""
        return self.call_with_custom_context(self.lifetime(), op, fn)

    def post_with_lifetime_context(self, op: str, fn: Callable[[Context, Any], None]) -> None:
        """``post_with_custom_context`` with the lifetime context."""
        self.post_with_custom_context(self.lifetime(), op, fn)

    # -- custom context -----------------------------------------------------------------------
    def call_with_custom_context(self, ctx: Context | None, op: str,
                                 fn: Callable[[Context, Any], T]) -> T:
        """``owner.call`` with ``ctx`` linked to the lifetime; the link is cancelled afterwards."""
        owner = self._require_owner()
        linked, cancel = self._link(ctx)
        try:
            return owner.call(linked, op, fn)
        finally:
            cancel()

    def post_with_custom_context(self, ctx: Context | None, op: str,
                                 fn: Callable[[Context, Any], None]) -> None:
        """``owner.post`` with ``ctx`` linked to the lifetime until the callback has run."""
        if fn is None:
            raise QJSBridgeError("runtime services: fn must be a callable, not None")
        owner = self._require_owner()
        linked, cancel = self._link(ctx)

        def run(c: Context, vm: Any) -> None:
            try:
                fn(c, vm)
            finally:
                # Detach from the lifetime and release the linked context: keeping it would
                # leave one registration on the caller's context per post, forever.
                cancel()

        try:
            owner.post(linked, op, run)
        except BaseException:
            cancel()
            raise

    def _link(self, ctx: Context | None) -> tuple[Context, CancelFunc]:
        """(``ctx`` linked to the lifetime, cancel: detach and cancel); see the module docstring."""
        life = self.lifetime()
        if ctx is None or ctx is life or life.is_done():
            return life, _noop
        linked, cancel_linked = with_cancel(ctx)
        stop_hook = after_func(life, cancel_linked)

        def cancel() -> None:
            stop_hook()
            cancel_linked()

        return linked, cancel


def _noop() -> None:
    return None


# -- the per-VM registries ------------------------------------------------------------------
_lock = threading.Lock()
_services: dict[int, RuntimeServices] = {}
_call_stacks: dict[int, list[Context]] = {}


def store(vm: object, services: RuntimeServices) -> None:
    """Register ``services`` for ``vm``."""
    if vm is None:
        return
    with _lock:
        _services[id(vm)] = services


def lookup(vm: object) -> RuntimeServices | None:
    """The services registered for ``vm``, or None."""
    if vm is None:
        return None
    with _lock:
        return _services.get(id(vm))


def delete(vm: object) -> None:
    """Remove the services and the call-context stack of ``vm``."""
    if vm is None:
        return
    with _lock:
        _services.pop(id(vm), None)
        _call_stacks.pop(id(vm), None)


def lifetime_context(vm: object) -> Context:
    """The lifetime context registered for ``vm``, or Background."""
    services = lookup(vm)
    return services.lifetime() if services is not None else background()


def current_owner_context(vm: object) -> Context:
    """The context of the owner callback running now for ``vm``; else its lifetime context."""
    if vm is None:
        return background()
    stack = _call_stacks.get(id(vm))
    if stack:
        try:
            return stack[-1]
        except IndexError:  # popped by the owner thread between the check and the read
            pass
    return lifetime_context(vm)


def _push_call_context(vm: object, ctx: Context) -> None:
    """Make ``ctx`` the current owner context of ``vm``; pair with :func:`_pop_call_context`.

    Only the owner thread pushes and pops (list operations are atomic), so no lock is taken:
    this runs for every owner invocation.
    """
    stack = _call_stacks.get(id(vm))
    if stack is None:
        _call_stacks[id(vm)] = [ctx]
    else:
        stack.append(ctx)


def _call_stack(vm: object) -> list[Context]:
    """The owner-context stack of ``vm`` (owner thread): push with ``append``, pop with ``pop``,
    for invocations that want one lookup instead of two."""
    stack = _call_stacks.get(id(vm))
    if stack is None:
        stack = _call_stacks[id(vm)] = []
    return stack


def _pop_call_context(vm: object) -> None:
    """Undo the latest :func:`_push_call_context` for ``vm``."""
    stack = _call_stacks.get(id(vm))
    if stack:
        stack.pop()


@contextmanager
def with_call_context(vm: object, ctx: Context | None) -> Iterator[Context]:
    """Make ``ctx`` the current owner context of ``vm`` for the ``with`` block (re-entrant)."""
    if vm is None:
        raise QJSBridgeError("runtime services: vm is None")
    if ctx is None:
        ctx = current_owner_context(vm)
    _push_call_context(vm, ctx)
    try:
        yield ctx
    finally:
        _pop_call_context(vm)
