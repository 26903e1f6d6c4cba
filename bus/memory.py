"""InMemoryBus: the embedded default backend, with the semantics of the JetStream one.

Topics that share a first token live in one stream (limits-based retention, like JetStream: the
oldest messages are discarded, with a warning, beyond ``max_messages``/``max_bytes``/``max_age``).
A group is a durable consumer that starts at the oldest retained message; a subscription without
a group is an ephemeral consumer that starts with the next published message. Each consumer has
one delivery thread: a slow handler only delays its own consumer.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from qjsbridge.engine.errors import BusClosedError, BusError

from .message import (
    NONBLOCKING_ATTR,
    Delivery,
    ErrorCallback,
    Handler,
    MemberBase,
    Message,
    PublishCallback,
    SubscribeOptions,
)
from .topics import (
    POISON_SUFFIX,
    subject_matches,
    validate_group,
    validate_metadata,
    validate_topic,
)

__all__ = ["InMemoryBus"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Entry:
    subject: str
    message: Message
    size: int
    stored: float


class _Stream:
    def __init__(self, name: str) -> None:
        self.name = name
        self.entries: dict[int, _Entry] = {}
        self.first_seq = 1
        self.last_seq = 0
        self.bytes = 0
        self.dedup: dict[str, float] = {}
        self.consumers: list[_Consumer] = []


class _Pending:
    __slots__ = ("member", "deadline", "delivery")

    def __init__(self, member: _Member, deadline: float, delivery: Delivery) -> None:
        self.member = member
        self.deadline = deadline
        self.delivery = delivery


_NEVER = float("inf")
_HANDOVER = 0.002  # seconds the delivery thread leaves the delivering to settles (see _run)


class _Member(MemberBase):
    """One subscription (a member of a consumer)."""

    kind = "InMemorySubscription"

    def __init__(self, bus: InMemoryBus, consumer: _Consumer, sub_id: str, topic: str,
                 options: SubscribeOptions, handler: Handler, on_error: ErrorCallback | None,
                 on_close: Callable[[], None] | None) -> None:
        super().__init__(sub_id, topic, options, handler, on_error, on_close)
        self._bus = bus
        self._consumer = consumer

    def close(self) -> None:
        """Stop delivery; this member's unsettled messages go back to the group at once."""
        self._bus._close_member(self, ended=False)


class _Consumer:
    """A durable group (or one ephemeral subscription) reading one filter of one stream."""

    def __init__(self, bus: InMemoryBus, stream: _Stream, topic: str, group: str | None,
                 start_seq: int) -> None:
        self.bus = bus
        self.stream = stream
        self.topic = topic
        self.group = group
        self.next_seq = start_seq
        self.pending: dict[int, _Pending] = {}
        self.delayed: list[tuple[float, int, int, _Member | None]] = []  # (due, tie, seq, member)
        self.deadlines: list[tuple[float, int, int]] = []  # (deadline, tie, seq); stale ones skipped
        self.ready: list[int] = []  # seqs to redeliver, oldest first
        self.deliveries: dict[int, int] = {}
        self.members: list[_Member] = []
        self.rr = 0
        self.cond = threading.Condition(bus._lock)
        self.stopped = False
        self.thread: threading.Thread | None = None
        self._tie = itertools.count()
        self.waiting = False      # the delivery thread sleeps on cond, until wake_at
        self.wake_at = _NEVER
        self.dispatching = False  # a thread is calling handlers (see _dispatch)
        self.missed = False       # something changed while it did: it must look again
        self.inline = False       # every member's handler is non-blocking (see _run)

    def _members_changed(self) -> None:  # under the lock
        self.missed = True
        self.inline = bool(self.members) and all(
            getattr(m.handler, NONBLOCKING_ATTR, False) for m in self.members)

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, daemon=True,
                                       name=f"qjsbridge-bus-memory-{self.topic}")
        self.thread.start()

    # -- under the bus lock ----------------------------------------------------------------------
    def _free_member(self) -> _Member | None:
        n = len(self.members)
        for i in range(n):
            m = self.members[(self.rr + i) % n]
            if m.inflight < m.options.max_in_flight and not m.closed:
                self.rr = (self.rr + i + 1) % n
                return m
        return None

    def _next_seq(self) -> int | None:
        stream = self.stream
        while self.ready:
            seq = heapq.heappop(self.ready)
            if seq in stream.entries:
                return seq
            self._lost(seq)
        if self.next_seq < stream.first_seq:
            self.next_seq = stream.first_seq
        while self.next_seq <= stream.last_seq:
            seq = self.next_seq
            self.next_seq += 1
            entry = stream.entries.get(seq)
            if entry is not None and subject_matches(self.topic, entry.subject):
                return seq
        return None

    def _lost(self, seq: int) -> None:
        self.deliveries.pop(seq, None)
        log.warning("bus: message %d of stream %s was discarded by the stream limits before "
                    "consumer %s settled it", seq, self.stream.name, self.group or self.topic)

    def _timers(self, now: float) -> float | None:
        """Release due delays and expired deliveries; return the next deadline."""
        nearest: float | None = None
        while self.delayed and self.delayed[0][0] <= now:
            _, _, seq, member = heapq.heappop(self.delayed)
            if member is not None and member.inflight > 0:
                member.inflight -= 1
            heapq.heappush(self.ready, seq)
        if self.delayed:
            nearest = self.delayed[0][0]
        deadlines = self.deadlines
        while deadlines:
            deadline, _, seq = deadlines[0]
            p = self.pending.get(seq)
            if p is None or p.deadline != deadline:  # settled, or pushed back by in_progress
                heapq.heappop(deadlines)
                continue
            if deadline > now:
                if nearest is None or deadline < nearest:
                    nearest = deadline
                break
            heapq.heappop(deadlines)
            del self.pending[seq]
            p.member.inflight -= 1
            heapq.heappush(self.ready, seq)
        return nearest

    # -- delivering ----------------------------------------------------------------------------------
    # One thread at a time calls the handlers of a consumer (``dispatching``), which keeps the
    # order. Usually it is the consumer's delivery thread; but when a settle frees a slot and
    # every member's handler is marked non-blocking (the JavaScript bridge's is), the settling
    # thread delivers the next messages itself instead of waking the delivery thread: the owner
    # thread of a runtime that acks then feeds itself, with no thread switch per message.
    def _run(self) -> None:  # the delivery thread
        cond = self.cond
        handed_over = False
        while True:
            with cond:
                while True:
                    if self.stopped:
                        return
                    wake_at: float | None = None
                    if handed_over:
                        # settles deliver now; look again soon in case none come (a script
                        # that holds its messages), or at once when something is published
                        handed_over = False
                        wake_at = time.monotonic() + _HANDOVER
                    elif not self.dispatching:
                        jobs, wake_at = self._collect(time.monotonic())
                        if jobs:
                            self.dispatching = True
                            break
                    else:
                        self.missed = True  # woken (or due) while another thread delivers
                    self.wake_at = _NEVER if wake_at is None else wake_at
                    self.waiting = True
                    cond.wait(None if wake_at is None else max(0.0, wake_at - time.monotonic()))
                    self.waiting = False
            handed_over = self._dispatch(jobs, handover=True)

    def _dispatch(self, jobs: list[tuple[bool, _Member, Delivery]], handover: bool = False) -> bool:
        """Run ``jobs`` without the lock, then any that became due meanwhile; the caller set
        ``dispatching``, and this clears it. With ``handover`` (the delivery thread), stop after
        the first batch if settles can take over (see _run); returns whether it did."""
        while True:
            for poison, member, delivery in jobs:
                if poison:
                    self.bus._poison(self, member, delivery)
                    continue
                try:
                    member.handler(delivery)
                except Exception:
                    log.exception("bus: subscription handler of %s failed; the message is nacked",
                                  member.id)
                    delivery.nack()
            with self.cond:
                if self.stopped:
                    self.dispatching = False
                    return False
                if handover and self.inline and self.pending:
                    # Messages are in flight and their settles deliver on the settling thread:
                    # this thread stepping back avoids two threads taking turns per message.
                    self.dispatching = False
                    return True
                if not (handover or self.missed):
                    self.dispatching = False  # nothing changed since the batch was collected
                    return False
                self.missed = False
                jobs, wake_at = self._collect(time.monotonic())
                if not jobs:
                    self.dispatching = False
                    self._poke(wake_at)
                    return False

    def _poke(self, wake_at: float | None) -> None:  # under the lock
        # wake the delivery thread only if it sleeps past the next timer
        if self.waiting and wake_at is not None and wake_at < self.wake_at:
            self.cond.notify()

    def _after_settle(self) -> list[tuple[bool, _Member, Delivery]] | None:  # under the lock
        """What to deliver on the settling thread now (then set ``dispatching``), or None."""
        if self.dispatching or self.stopped:
            self.missed = True  # the dispatcher looks again when it is done
            return None
        if not self.inline:
            if self.waiting:
                self.cond.notify()
            return None
        jobs, wake_at = self._collect(time.monotonic())
        if jobs:
            self.dispatching = True
            return jobs
        self._poke(wake_at)
        return None

    def _collect(self, now: float) -> tuple[list[tuple[bool, _Member, Delivery]], float | None]:
        """(the deliveries due now, the next timer); under the lock."""
        wake_at = self._timers(now)
        jobs: list[tuple[bool, _Member, Delivery]] = []
        entries = self.stream.entries
        while True:
            member = self._free_member()
            if member is None:
                break
            seq = self._next_seq()
            if seq is None:
                break
            entry = entries[seq]
            count = self.deliveries.get(seq, 0) + 1
            self.deliveries[seq] = count
            delivery = Delivery(entry.message, entry.subject, count, member.id, self.bus,
                                (self, seq))
            opts = member.options
            if count > opts.max_deliver:
                del self.deliveries[seq]
                jobs.append((True, member, delivery))
                continue
            member.inflight += 1
            deadline = now + opts.ack_wait
            self.pending[seq] = _Pending(member, deadline, delivery)
            heapq.heappush(self.deadlines, (deadline, next(self._tie), seq))
            jobs.append((False, member, delivery))
            if wake_at is None or deadline < wake_at:
                wake_at = deadline
        return jobs, wake_at


class InMemoryBus:
    """The embedded message bus (zero dependencies): groups, ack/nack with delay, ack deadlines,
    max deliveries with a poison topic, deduplication by UUID. Thread-safe.

    Limits per stream (topics sharing a first token): ``max_messages``, ``max_bytes``,
    ``max_age`` seconds (None: no limit); ``max_payload`` bytes per message;
    ``duplicate_window`` seconds during which a repeated UUID is ignored.
    """

    def __init__(self, *, max_messages: int = 100_000, max_bytes: int = 256 * 1024 * 1024,
                 max_age: float | None = None, max_payload: int = 1024 * 1024,
                 duplicate_window: float = 120.0) -> None:
        self._lock = threading.Lock()
        self._streams: dict[str, _Stream] = {}
        self._groups: dict[tuple[str, str], _Consumer] = {}
        self._closed = False
        self._ids = itertools.count(1)
        self.max_messages = max_messages
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.max_payload = max_payload
        self.duplicate_window = duplicate_window
        self.discarded = 0  # messages dropped by the limits (each one logged)

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._closed

    def describe(self) -> str:
        """``"memory"``."""
        return "memory"

    def __repr__(self) -> str:
        return f"<InMemoryBus{' closed' if self._closed else ''}>"

    # -- publishing ----------------------------------------------------------------------------------
    def publish(self, topic: str, *messages: Message, timeout: float | None = None) -> None:
        """Store the messages in order (under one lock); raises BusError/TopicError at the first
        one refused, after storing the ones before it."""
        validate_topic(topic)
        ready: list[tuple[Message, int]] = []
        error: BaseException | None = None
        for message in messages:
            try:
                ready.append(self._prepare(message))
            except BaseException as exc:
                error = exc
                break
        if ready:
            self._store(topic, ready)
        if error is not None:
            raise error

    def publish_async(self, topic: str, message: Message) -> Future[None]:
        """Store the message; the returned future is already resolved (or failed)."""
        fut: Future[None] = Future()
        try:
            validate_topic(topic)
            self._store(topic, [self._prepare(message)])
        except BusError as exc:
            fut.set_exception(exc)
        else:
            fut.set_result(None)
        return fut

    def publish_nowait(self, topic: str, message: Message, done: PublishCallback) -> None:
        """Store the message, then call ``done(None)`` (here, at once); raises what
        :meth:`publish` raises for a message it refuses."""
        validate_topic(topic)
        self._store(topic, [self._prepare(message)])
        done(None)

    def _stream(self, topic: str) -> _Stream:  # under the lock
        name = topic.split(".", 1)[0]
        stream = self._streams.get(name)
        if stream is None:
            stream = self._streams[name] = _Stream(name)
        return stream

    def _prepare(self, message: Message) -> tuple[Message, int]:
        """(the message as stored, with a checked copy of its metadata; its size)."""
        if not isinstance(message, Message):
            raise TypeError("bus: publish takes Message objects")
        metadata = validate_metadata(message.metadata)
        size = len(message.payload)
        if size > self.max_payload:
            raise BusError(f"bus: message of {size} bytes exceeds the maximum "
                           f"payload of {self.max_payload} bytes", "ERR_BUS_TOO_LARGE")
        if metadata:
            size += sum(len(k) + len(v) for k, v in metadata.items())
        return Message(message.payload, metadata, message.uuid), size

    def _store(self, topic: str, ready: list[tuple[Message, int]]) -> None:
        with self._lock:
            if self._closed:
                raise BusClosedError()
            stream = self._stream(topic)
            now = time.monotonic()
            dedup = stream.dedup
            window = self.duplicate_window
            if dedup:
                # expiry times grow with insertion order: the expired entries are at the front;
                # a few per message stored: O(1) each, and never falls behind
                budget = 4 * len(ready)
                expired: list[str] = []
                for key, expiry in dedup.items():
                    if expiry > now or len(expired) >= budget:
                        break
                    expired.append(key)
                for key in expired:
                    del dedup[key]
            entries = stream.entries
            seq = stream.last_seq
            added = 0
            for message, size in ready:
                if window > 0:
                    if dedup.get(message.uuid, 0.0) > now:
                        continue  # a duplicate within the window: accepted, stored once
                    dedup[message.uuid] = now + window
                seq += 1
                entries[seq] = _Entry(topic, message, size, now)
                added += size
            if seq == stream.last_seq:
                return
            stream.last_seq = seq
            stream.bytes += added
            if (len(entries) > self.max_messages or stream.bytes > self.max_bytes
                    or self.max_age is not None):
                self._trim(stream, now)
            for consumer in stream.consumers:
                if consumer.dispatching:
                    consumer.missed = True
                elif consumer.waiting and subject_matches(consumer.topic, topic):
                    consumer.cond.notify()

    def _trim(self, stream: _Stream, now: float) -> None:  # under the lock
        dropped = 0
        while stream.entries:
            first = stream.entries.get(stream.first_seq)
            if first is None:
                stream.first_seq += 1
                continue
            over = (len(stream.entries) > self.max_messages or stream.bytes > self.max_bytes
                    or (self.max_age is not None and now - first.stored > self.max_age))
            if not over:
                break
            del stream.entries[stream.first_seq]
            stream.bytes -= first.size
            stream.first_seq += 1
            dropped += 1
        if dropped:
            self.discarded += dropped
            log.warning("bus: stream %s is over its limits; discarded its %d oldest message(s)",
                        stream.name, dropped)

    # -- subscribing ---------------------------------------------------------------------------------
    def subscribe(self, topic: str, handler: Handler, options: SubscribeOptions | None = None,
                  *, on_error: ErrorCallback | None = None,
                  on_close: Callable[[], None] | None = None) -> _Member:
        """Start a subscription (see :class:`~qjsbridge.bus.message.Subscriber`)."""
        options = options or SubscribeOptions()
        validate_topic(topic, wildcards=True)
        validate_group(options.group)
        if options.poison_topic is not None:
            validate_topic(options.poison_topic, what="poison topic")
        start: _Consumer | None = None
        with self._lock:
            if self._closed:
                raise BusClosedError()
            stream = self._stream(topic)
            group = options.group
            consumer = self._groups.get((group, topic)) if group is not None else None
            if consumer is None:
                consumer = _Consumer(self, stream, topic, group,
                                     stream.first_seq if group is not None else stream.last_seq + 1)
                stream.consumers.append(consumer)
                if group is not None:
                    self._groups[(group, topic)] = consumer
            if consumer.thread is None or consumer.stopped:
                consumer.stopped = False
                start = consumer
            member = _Member(self, consumer, f"sub-{next(self._ids)}", topic, options, handler,
                             on_error, on_close)
            consumer.members.append(member)
            consumer._members_changed()
            consumer.cond.notify()
        if start is not None:
            start.start()
        return member

    def _close_member(self, member: _Member, *, ended: bool) -> None:
        thread: threading.Thread | None = None
        with self._lock:
            if member._closed:
                return
            member._closed = True
            consumer = member._consumer
            if member in consumer.members:
                consumer.members.remove(member)
                consumer._members_changed()
            for seq, p in list(consumer.pending.items()):
                if p.member is member:  # given back to the group at once
                    del consumer.pending[seq]
                    heapq.heappush(consumer.ready, seq)
            for i, (due, tie, seq, m) in enumerate(consumer.delayed):
                if m is member:
                    consumer.delayed[i] = (due, tie, seq, None)
            member.inflight = 0
            if not consumer.members:
                consumer.stopped = True
                thread = consumer.thread
                consumer.thread = None
                if consumer.group is None and consumer in consumer.stream.consumers:
                    consumer.stream.consumers.remove(consumer)
            consumer.cond.notify_all()
        if thread is not None and thread is not threading.current_thread():
            thread.join(5.0)

    # -- settling (any thread) -------------------------------------------------------------------------
    def _settle(self, delivery: Delivery, ack: bool, delay: float) -> None:
        token = delivery._token
        assert isinstance(token, tuple)
        consumer, seq = token
        with self._lock:
            p = consumer.pending.get(seq)
            current = p is not None and p.delivery is delivery
            if ack:
                if p is not None:
                    del consumer.pending[seq]
                    p.member.inflight -= 1
                if current or p is None:
                    consumer.deliveries.pop(seq, None)
                # a late ack of an expired delivery still completes the message
                if p is None and seq in consumer.ready:
                    consumer.ready.remove(seq)
                    heapq.heapify(consumer.ready)
                    consumer.deliveries.pop(seq, None)
            else:
                if not current:
                    return  # the delivery already expired and was handed out again
                assert p is not None
                del consumer.pending[seq]
                if delay < 0:
                    delay = p.member.options.backoff(delivery.delivery_count)
                if delay == 0 or p.member.closed:
                    p.member.inflight -= 1
                    heapq.heappush(consumer.ready, seq)
                else:  # the subscription's slot stays taken until the redelivery is due
                    due = time.monotonic() + delay
                    heapq.heappush(consumer.delayed, (due, next(consumer._tie), seq, p.member))
                    consumer._poke(due)
            jobs = consumer._after_settle()
        if jobs:
            consumer._dispatch(jobs)

    def _touch(self, delivery: Delivery) -> None:
        token = delivery._token
        assert isinstance(token, tuple)
        consumer, seq = token
        with self._lock:
            p = consumer.pending.get(seq)
            if p is not None and p.delivery is delivery:
                p.deadline = time.monotonic() + p.member.options.ack_wait
                heapq.heappush(consumer.deadlines, (p.deadline, next(consumer._tie), seq))
                consumer._poke(p.deadline)

    def _poison(self, consumer: _Consumer, member: _Member, delivery: Delivery) -> None:
        # delivery thread: the message has been delivered max_deliver times
        message = delivery.message
        opts = member.options
        if "topic_poisoned" in message.metadata:
            err = BusError(f"bus: poisoned message {message.uuid} on {delivery.topic!r} failed "
                           f"{opts.max_deliver} more deliveries; dropped", "ERR_BUS_POISON_DROPPED")
            log.error("%s", err)
            if member.on_error is not None:
                member.on_error(err)
            return
        target = opts.poison_topic or delivery.topic + POISON_SUFFIX
        meta = dict(message.metadata)
        meta.update(reason_poisoned=f"max deliveries ({opts.max_deliver}) reached",
                    topic_poisoned=delivery.topic,
                    subscriber_poisoned=opts.group or member.id)
        try:
            self.publish(target, Message(message.payload, meta, message.uuid + "-poison"))
        except BusError as exc:
            log.error("bus: could not move message %s to poison topic %r: %s", message.uuid,
                      target, exc)
            if member.on_error is not None:
                member.on_error(BusError(f"bus: could not move message {message.uuid} to poison "
                                         f"topic {target!r}: {exc}", "ERR_BUS_POISON_FAILED"))

    # -- closing ---------------------------------------------------------------------------------------
    def close(self) -> None:
        """Close every subscription (calling their ``on_close``); later calls raise BusClosedError."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            members = [m for s in self._streams.values() for c in s.consumers for m in c.members]
        for m in members:
            self._close_member(m, ended=True)
            if m.on_close is not None:
                try:
                    m.on_close()
                except Exception:
                    log.exception("bus: on_close of %s failed", m.id)
