"""BusHelper: the runtime initializer that gives JavaScript the global ``bus``.

    factory = (RuntimeFactoryBuilder()
               .with_runtime_initializers(
                   jsevents.install(),
                   BusHelper(BusOptions(bus=InMemoryBus(), allow_topic=lambda t: t.startswith("jobs"))))
               .build())

JavaScript calls ``bus.connect(topic, emitter, options)`` and ``bus.publish(topic, payload,
options)``. Host options always win: ``allow_topic`` (what scripts may subscribe to),
``allow_publish`` (what they may publish to) and ``allow_wildcards``. The bus itself belongs to
the embedder: closing the runtime closes the runtime's subscriptions, not a bus it was given. See
``qjsbridge help bus``.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from qjsbridge.engine._resources import package_text
from qjsbridge.engine.context import Context
from qjsbridge.engine.errors import (
    BusError,
    EmitterClosedError,
    HostError,
    JSError,
    ListenerError,
    QJSBridgeError,
    TopicError,
)
from qjsbridge.engine.loop import LoopHold
from qjsbridge.engine.runtime import SetupContext
from qjsbridge.engine.vm import VM, encode_json
from qjsbridge.jsevents import EmitterRef, Manager

from .memory import InMemoryBus
from .message import (
    MAX_NACK_DELAY,
    Bus,
    Delivery,
    Message,
    SubscribeOptions,
    Subscription,
    new_uuid,
    nonblocking_handler,
)
from .topics import validate_group, validate_metadata, validate_topic

__all__ = ["HELPER_ID", "BusHelper", "BusOptions"]

log = logging.getLogger(__name__)

HELPER_ID = "jsevents.bus-helper"
MAX_PAYLOAD_CHARS = 64 * 1024 * 1024


@dataclass(frozen=True)
class BusOptions:
    """Host policy for the JavaScript ``bus`` global.

    * ``bus``: the backend (an :class:`InMemoryBus`, a :class:`JetStreamBus`, ...). None: a
      private ``InMemoryBus`` that lives and dies with the runtime. A bus you pass is yours to
      close; the runtime only closes its own subscriptions.
    * ``allow_topic(topic) -> bool``: which topics scripts may subscribe to (None: all).
    * ``allow_publish(topic) -> bool``: which topics scripts may publish to (None: all).
    * ``allow_wildcards``: whether ``connect`` may use ``*`` and ``>``.
    * ``close_bus``: close ``bus`` too when the runtime closes (the command line does).
    * ``global_name``: the JS global that holds ``connect`` and ``publish``.
    """

    bus: Bus | None = None
    allow_topic: Callable[[str], bool] | None = None
    allow_publish: Callable[[str], bool] | None = None
    allow_wildcards: bool = False
    close_bus: bool = False
    global_name: str = "bus"


class BusHelper:
    """The runtime initializer (ID ``jsevents.bus-helper``); add it after ``jsevents.install()``."""

    def __init__(self, options: BusOptions | None = None) -> None:
        self.options = options or BusOptions()
        if not self.options.global_name.isidentifier():
            raise ValueError(f"BusOptions.global_name {self.options.global_name!r} is not an identifier")

    @property
    def id(self) -> str:
        """``jsevents.bus-helper`` (with ``:<global_name>`` for a non-default global)."""
        return HELPER_ID if self.options.global_name == "bus" else f"{HELPER_ID}:{self.options.global_name}"

    def init_runtime(self, setup: SetupContext) -> None:
        """Install the global; nothing is subscribed until ``connect`` is called."""
        manager = Manager.from_setup(setup, "BusHelper")
        BusRuntime(setup, manager, self.options)


class _Sub:
    """One JavaScript subscription: the backend subscription, its ref, its unsettled deliveries."""

    def __init__(self, token: int, topic: str, ref: EmitterRef, ack_wait: float) -> None:
        self.token = token
        self.ack_wait = ack_wait
        self.inserts = 0
        self.topic = topic
        self.ref = ref
        self.subscription: Subscription | None = None
        self.deliveries: dict[int, Delivery] = {}
        self.closed = False


class BusRuntime:
    """The per-runtime state of one helper: its subscriptions and pending publishes."""

    def __init__(self, setup: SetupContext, manager: Manager, options: BusOptions) -> None:
        self._manager = manager
        self._options = options
        self._own_bus = options.bus is None or options.close_bus
        self.bus: Bus = options.bus if options.bus is not None else InMemoryBus()
        self._services = setup.services
        # every delivery is one item on this channel: a burst is one run on the owner's queue
        self._deliveries = manager.owner.channel(manager.context, "bus.deliver",
                                                 self._run_delivery, after_run=self._end_run)
        # A backend that can hold back the acks of a run of deliveries sends them together.
        self._hold_settles: Callable[[], None] | None = getattr(self.bus, "hold_settles", None)
        self._release_settles: Callable[[], None] | None = getattr(self.bus, "release_settles",
                                                                  None)
        self._holding = False
        self._loop = setup.loop
        self._lock = threading.Lock()
        self._subs: dict[int, _Sub] = {}
        self._tokens = itertools.count(1)
        self._delivery_ids = itertools.count(1)
        self._closed = False
        prefix = self._prefix = f"bus.{options.global_name}"
        self._deliver_op = f"{prefix}.deliver"
        self._settle_publishes_op = f"{prefix}.settlePublishes"
        self._publish_nowait = getattr(self.bus, "publish_nowait", None)
        self._pubs_pending = 0
        self._pub_hold: LoopHold | None = None
        self._pub_results: list[tuple[int, dict[str, str] | None]] = []
        self._pub_flush = False
        setup.vm.register(f"{prefix}.connect", self._connect)
        setup.vm.register(f"{prefix}.close", self._close_sub)
        setup.vm.register(f"{prefix}.settle", self._settle)
        setup.vm.register(f"{prefix}.publish", self._publish)
        setup.vm.register(f"{prefix}.publishBatch", self._publish_batch)
        setup.vm.register(f"{prefix}.listenerFailed", self._listener_failed)
        text = package_text("qjsbridge.bus", "js", "bus.js")
        setup.install_js(text, "qjsbridge:bus.js")
        setup.vm.call_op("bus.install", json.dumps({"prefix": prefix,
                                                    "globalName": options.global_name}))
        setup.add_closer(self.close)

    # -- connect (owner thread, called from JS) ---------------------------------------------------
    def _connect(self, topic: object, opts: object, emitter: object) -> dict[str, Any]:
        topic = _checked(lambda: validate_topic(topic, wildcards=self._options.allow_wildcards))
        assert isinstance(topic, str)
        if not isinstance(opts, dict):
            raise HostError("bus: options must be an object", name="TypeError",
                            code="ERR_INVALID_ARG_TYPE")
        group = _checked(lambda: validate_group(opts.get("group")), "group")
        poison = opts.get("poisonTopic")
        if poison is not None:
            _checked(lambda: validate_topic(poison, what="poisonTopic"))
            self._check_allowed(self._options.allow_publish, str(poison), "poisonTopic")
        try:
            sub_options = SubscribeOptions(
                group=group if isinstance(group, str) else None,
                max_in_flight=_int(opts.get("maxInFlight"), "maxInFlight"),
                ack_wait=_int(opts.get("ackWaitMs"), "ackWaitMs") / 1000.0,
                max_deliver=_int(opts.get("maxDeliver"), "maxDeliver"),
                poison_topic=poison if isinstance(poison, str) else None,
            )
        except ValueError as exc:
            raise HostError(f"bus: {exc}", name="RangeError", code="ERR_OUT_OF_RANGE") from None
        self._check_allowed(self._options.allow_topic, topic, "topic")
        if self._closed:
            raise HostError("bus: the runtime is closing", code="ERR_BUS_CLOSED")
        ref = self._manager.adopt_emitter_on_owner(emitter)
        token = next(self._tokens)
        sub = _Sub(token, topic, ref, sub_options.ack_wait)
        try:
            sub.subscription = self.bus.subscribe(
                topic, nonblocking_handler(lambda d: self._deliver(sub, d)), sub_options,
                on_error=lambda e: self._backend_error(sub, e),
                on_close=lambda: self._ended(sub))
        except BusError as exc:
            ref.close()
            raise HostError(str(exc), code=exc.code) from None
        except BaseException:
            ref.close()
            raise
        ref.set_cancel(lambda: self._stop(sub))
        with self._lock:
            self._subs[token] = sub
        return {"token": token, "id": ref.id, "topic": topic, "group": sub_options.group}

    @staticmethod
    def _check_allowed(policy: Callable[[str], bool] | None, topic: str, what: str) -> None:
        if policy is None:
            return
        try:
            ok = bool(policy(topic))
        except Exception:
            log.exception("bus: the host's topic policy failed on %r", topic)
            ok = False
        if not ok:
            raise HostError(f"bus: {what} {json.dumps(topic)} is not allowed",
                            code="ERR_BUS_TOPIC_NOT_ALLOWED")

    # -- delivery (a backend thread) ----------------------------------------------------------------
    def _deliver(self, sub: _Sub, delivery: Delivery) -> None:
        delivery_id = next(self._delivery_ids)
        with self._lock:
            if sub.closed:
                closed = True
            else:
                closed = False
                sub.deliveries[delivery_id] = delivery
                sub.inserts += 1
                if sub.inserts % 256 == 0:
                    self._prune(sub)
        if closed:
            delivery.nack(0)
            return
        msg = delivery.message
        text = encode_json({
            "t": delivery_id,
            "uuid": msg.uuid,
            "topic": delivery.topic,
            "payload": msg.payload.decode("utf-8", "replace"),
            "metadata": msg.metadata if type(msg.metadata) is dict else dict(msg.metadata),
            "deliveryCount": delivery.delivery_count,
        }, "bus message")
        # Its own owner task, queued behind the ref's earlier events (the same owner queue).
        try:
            self._deliveries.post((sub, delivery_id, text))
        except QJSBridgeError:  # the runtime is closing
            with self._lock:
                sub.deliveries.pop(delivery_id, None)
            delivery.nack(0)

    def _run_delivery(self, c: Context, vm: VM, item: tuple[_Sub, int, str]) -> None:
        # owner thread: one task per message (the loop drains microtasks after it)
        sub, delivery_id, text = item
        if sub.closed:
            return  # closing gave back what was unsettled
        if not self._holding and self._hold_settles is not None:
            self._holding = True
            self._hold_settles()
        try:
            result = vm.call_op(self._deliver_op, sub.token, text)
        except JSError as exc:
            if not exc.interrupted:
                self._manager._report(ListenerError(sub.ref.id, "message", exc))
            return
        if result is None:
            return
        # settled while it was being delivered (bus.js returns it instead of a host call)
        with self._lock:
            delivery = sub.deliveries.pop(delivery_id, None)
        if delivery is None:
            return
        if result is True:
            delivery.ack()
        elif result is False:
            delivery.nack()
        elif isinstance(result, (int, float)) and 0 <= result <= MAX_NACK_DELAY * 1000:
            delivery.nack(result / 1000.0)
        else:  # bus.js checks delays: this would be a bug
            log.error("bus: the delivery of %s returned %r", sub.ref.id, result)
            delivery.nack()

    def _end_run(self) -> None:  # owner thread: after a run of deliveries
        if self._holding:
            self._holding = False
            assert self._release_settles is not None
            self._release_settles()

    @staticmethod
    def _prune(sub: _Sub) -> None:  # under the lock
        # Deliveries JavaScript never settled were redelivered long ago (after ack_wait); a very
        # late ack of one of them then returns false instead of keeping the entry forever.
        cutoff = time.monotonic() - max(4 * sub.ack_wait, 60.0)
        stale = [k for k, d in sub.deliveries.items() if d.settled or d.received_at < cutoff]
        for k in stale:
            del sub.deliveries[k]

    def _backend_error(self, sub: _Sub, exc: BusError) -> None:  # a backend thread
        try:
            sub.ref.emit("error", {"source": "bus", "topic": sub.topic, "code": exc.code,
                                   "message": str(exc)})
        except EmitterClosedError:
            pass

    def _ended(self, sub: _Sub) -> None:  # the bus closed by itself (a backend thread)
        with self._lock:
            self._subs.pop(sub.token, None)
            sub.closed = True
        try:
            sub.ref.emit("close")
        except EmitterClosedError:
            return
        sub.ref.close_after_queued()

    # -- settling (owner thread, called from JS) ------------------------------------------------------
    def _settle(self, sub_token: int, delivery_id: int, kind: str, delay_ms: object) -> bool:
        with self._lock:
            sub = self._subs.get(sub_token)
            table = sub.deliveries if sub is not None else None
            delivery = table.get(delivery_id) if table is not None else None
            if delivery is not None and kind != "progress" and table is not None:
                del table[delivery_id]
        if delivery is None:
            return False
        if kind == "ack":
            return delivery.ack()
        if kind == "nack":
            if delay_ms is None:
                return delivery.nack()
            if isinstance(delay_ms, bool) or not isinstance(delay_ms, (int, float)) \
                    or not 0 <= delay_ms <= MAX_NACK_DELAY * 1000:
                raise HostError("bus: delayMs must be a number between 0 and 86400000",
                                name="RangeError", code="ERR_OUT_OF_RANGE")
            return delivery.nack(delay_ms / 1000.0)
        return delivery.in_progress()

    def _listener_failed(self, ref_id: str, error: object) -> None:  # owner thread, from JS
        err = JSError.from_envelope(error)
        self._manager._report(ListenerError(ref_id, "message", err))

    # -- publishing (owner thread, called from JS) ----------------------------------------------------
    def _publish(self, request: int, topic: object, payload: object, metadata: object,
                 uuid: object) -> None:
        topic = _checked(lambda: validate_topic(topic))
        assert isinstance(topic, str)
        meta = _checked(lambda: validate_metadata(metadata), "metadata")
        if not isinstance(payload, str):
            raise HostError("bus: payload must be a string", name="TypeError",
                            code="ERR_INVALID_ARG_TYPE")
        if uuid is not None and (not isinstance(uuid, str) or not 0 < len(uuid) <= 256):
            raise HostError("bus: uuid must be a non-empty string of at most 256 characters",
                            name="TypeError", code="ERR_INVALID_ARG_VALUE")
        self._check_allowed(self._options.allow_publish, topic, "topic")
        message = Message(payload.encode("utf-8", "surrogatepass"), meta,
                          uuid if isinstance(uuid, str) else new_uuid())
        self._count_publish()

        def done(error: BusError | None) -> None:  # a backend thread, or here
            self._published(request, error)

        try:
            if self._publish_nowait is not None:
                self._publish_nowait(topic, message, done)
            else:
                self.bus.publish_async(topic, message).add_done_callback(
                    lambda f: done(_future_error(f)))
        except BusError as exc:
            done(exc)

    def _publish_batch(self, text: object) -> None:  # owner thread, from JS
        """Publishes bus.js queued: [[id, topic, payload, uuid], ...] (no metadata). Each one
        that is refused rejects its own promise; nothing is thrown back."""
        try:
            items = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            items = None
        if not isinstance(items, list):
            log.error("bus: a malformed publish batch from bus.js")
            return
        for item in items:
            try:
                request, topic, payload, uuid = item
                self._publish(request, topic, payload, None, uuid)
            except (HostError, BusError) as exc:  # refused before it reached the bus
                self._reject_queued(request, BusError(str(exc), exc.code or "ERR_BUS"))
            except Exception:
                log.exception("bus: a queued publish failed")
                if isinstance(item, list) and item and isinstance(item[0], int):
                    self._reject_queued(item[0], BusError("bus: publish failed", "ERR_BUS"))

    def _reject_queued(self, request: int, error: BusError) -> None:  # owner thread
        self._count_publish()  # counted like an accepted one: its result settles it
        self._published(request, error)

    def _count_publish(self) -> None:  # owner thread: a publish whose result is to come
        with self._lock:
            self._pubs_pending += 1
            if self._pub_hold is None:  # one hold while any publish is unsettled
                self._pub_hold = self._loop.hold("bus publish")

    def _published(self, request: int, error: BusError | None) -> None:  # any thread
        result = (request, None if error is None else {"message": str(error), "code": error.code})
        with self._lock:
            self._pub_results.append(result)
            if self._pub_flush:
                return  # the owner task already queued settles this one too
            self._pub_flush = True
        # One owner task settles every publish acknowledged meanwhile (as one socket read
        # settles many in Node), in order.
        try:
            self._services.post_with_lifetime_context("bus.publish.settle", self._flush_published)
        except QJSBridgeError:  # the runtime is closing: the promises never settle
            with self._lock:
                self._pub_results.clear()
                self._pubs_pending = 0
                hold, self._pub_hold = self._pub_hold, None
            if hold is not None:
                hold.release()

    def _flush_published(self, c: Context, vm: VM) -> None:  # owner thread
        with self._lock:
            results, self._pub_results = self._pub_results, []
            self._pub_flush = False
            self._pubs_pending -= len(results)
            hold = None
            if self._pubs_pending <= 0:
                self._pubs_pending = 0
                hold, self._pub_hold = self._pub_hold, None
        try:
            vm.call_op(self._settle_publishes_op, encode_json(results, "bus publish results"))
        finally:
            if hold is not None:
                hold.release()

    # -- closing ------------------------------------------------------------------------------------------
    def _close_sub(self, token: int) -> bool:  # owner thread, from JS
        with self._lock:
            sub = self._subs.pop(token, None)
        if sub is None:
            return False
        self._stop(sub)
        try:
            sub.ref.emit("close")
        except EmitterClosedError:
            return True
        sub.ref.close_after_queued()
        return True

    def _stop(self, sub: _Sub) -> None:
        with self._lock:
            sub.closed = True
            self._subs.pop(sub.token, None)
            unsettled = list(sub.deliveries.values())
            sub.deliveries.clear()
        if sub.subscription is not None:
            sub.subscription.close()  # gives the backend's unsettled messages back at once
        for d in unsettled:
            d.nack(0)

    def close(self, ctx: Context) -> None:
        """Runtime closer: close every subscription (and the private bus, if there is one)."""
        with self._lock:
            self._closed = True
            subs = list(self._subs.values())
            self._subs.clear()
        for sub in subs:
            sub.ref.close()  # runs _stop through the cancel function
            self._stop(sub)
        if self._own_bus:
            self.bus.close()


def _future_error(future: Future[None]) -> BusError | None:
    exc = future.exception()
    if exc is None or isinstance(exc, BusError):
        return exc
    log.error("bus: publish failed", exc_info=exc)
    return BusError("bus: publish failed", "ERR_BUS")


def _checked(fn: Callable[[], Any], what: str = "topic") -> Any:
    try:
        return fn()
    except TopicError as exc:
        raise HostError(str(exc), name="TypeError", code="ERR_INVALID_ARG_VALUE") from None


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise HostError(f"bus: {name} must be an integer", name="TypeError",
                        code="ERR_INVALID_ARG_TYPE")
    return int(value)
