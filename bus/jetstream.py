"""JetStreamBus: the message bus on NATS JetStream, through nats-py.

nats-py is asyncio; it runs on a thread of its own (one per bus, named
``qjsbridge-bus-nats``). Every public method is thread-safe and hands its work to that thread;
subscription handlers are called on it and must return quickly (the JavaScript bridge only queues
an owner task). Topics map onto NATS as follows (see ``qjsbridge help bus``):

* a topic is the subject; topics that share a first token live in one stream,
  ``<stream_prefix><first token>`` (default ``QJSB_``), with subjects ``tok`` and ``tok.>``;
* a group is a durable pull consumer ``<group>_<10 hex digits of the topic>``; a subscription
  without a group gets an ephemeral consumer (deleted on close, by the server 60 s after a crash);
* the message UUID travels as ``Nats-Msg-Id`` (deduplication within ``duplicate_window``),
  metadata as the other headers.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import re
import threading
import time
import uuid as uuid_module
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import nats
import orjson
import nats.errors
import nats.js.errors
from nats.aio.msg import Msg
from nats.js import api

from qjsbridge.engine.errors import BusClosedError, BusError

from .connection import (
    TLSClient,
    check_creds,
    connect_error,
    creds_callbacks,
    quiet_ssl_eof_warning,
    redact,
    tls_context,
    url_secrets,
)
from .message import (
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
    durable_name,
    stream_name,
    validate_group,
    validate_metadata,
    validate_topic,
)

__all__ = ["JetStreamBus", "redact"]

log = logging.getLogger(__name__)

_FETCH_WAIT = 0.5      # seconds a pull request waits for messages
_SWEEP_EVERY = 0.05    # seconds between checks of ack deadlines and publish timeouts
_PUB_WINDOW = 4000     # publishes awaiting their acknowledgement, at most
_HELD_SETTLES_MAX = 64  # settles hold_settles() keeps back, at most
_NO_RESPONDERS_GRACE = 3.0  # seconds of 503 answers to pulls before they are reported


def _description(headers: dict[str, str] | None) -> str:
    """A status reply's description, its first line only: nats-py leaves the next header line
    in an empty description."""
    return (headers.get("Description", "") if headers else "").split("\n", 1)[0].strip()


class _Member(MemberBase):
    """One subscription on a JetStream pull consumer."""

    kind = "JetStreamSubscription"

    def __init__(self, bus: JetStreamBus, sub_id: str, topic: str, options: SubscribeOptions,
                 handler: Handler, on_error: ErrorCallback | None,
                 on_close: Callable[[], None] | None) -> None:
        super().__init__(sub_id, topic, options, handler, on_error, on_close)
        self._bus = bus
        # loop-thread state
        self.pending: dict[int, list[Any]] = {}  # id(delivery) -> [delivery, deadline]
        self.slot: asyncio.Event | None = None
        self.task: asyncio.Task[None] | None = None
        self.sub: Any = None       # the core NATS subscription on this member's inbox
        self.inbox = ""
        self.next_subject = ""     # where pull requests go
        self.pull = 0              # the current pull request (its reply is inbox.<pull>)
        self.expected = 0          # messages the current pull may still bring
        self.pulled: asyncio.Event | None = None  # set when the current pull is over
        self.stream = ""
        self.durable = ""
        self.ephemeral = options.group is None
        self.last_error = 0.0
        self.no_responders_since = 0.0  # when pulls began to be answered 503 (0.0: they are not)
        self.pause_pulls = False   # the last pull was answered 503: wait before the next one
        # Pull again once this many slots are free (half of max_in_flight): a pull request per
        # settled message would be a round trip per message.
        self.refill = max(1, options.max_in_flight // 2)

    def close(self) -> None:
        """Stop delivery; unsettled messages are nacked so the group gets them back at once."""
        self._bus._close_member(self)


class JetStreamBus:
    """A message bus on NATS JetStream (see the module docstring for the mapping).

    Connection: ``url`` (``nats://`` or ``tls://``, several separated by commas; user and
    password may be in the URL), ``token``, ``creds`` (a NATS ``.creds`` file), ``tls_ca`` /
    ``tls_cert`` / ``tls_key`` (PEM files). The client reconnects by itself; subscriptions get
    ``ERR_BUS_DISCONNECTED`` errors meanwhile. No secret appears in an error or a log line.

    Streams are created on first use with ``storage`` (``"file"`` or ``"memory"``) and the
    limits ``max_age`` (seconds, default 7 days), ``max_bytes`` (default 1 GiB per stream),
    ``max_msg_size`` (default 1 MiB), ``max_messages`` (default unlimited) and
    ``duplicate_window`` (seconds, default 120); the oldest messages are discarded beyond them.
    Streams that already exist are used as they are.
    """

    def __init__(self, url: str = "nats://127.0.0.1:4222", *, token: str | None = None,
                 creds: str | None = None, tls_ca: str | None = None, tls_cert: str | None = None,
                 tls_key: str | None = None, storage: str = "file",
                 max_age: float | None = 7 * 86400.0, max_bytes: int = 1024**3,
                 max_msg_size: int = 1024 * 1024, max_messages: int | None = None,
                 duplicate_window: float = 120.0, replicas: int = 1,
                 stream_prefix: str = "QJSB_", connect_timeout: float = 5.0,
                 publish_timeout: float = 10.0, name: str = "qjsbridge") -> None:
        if storage not in ("file", "memory"):
            raise ValueError("JetStreamBus storage must be 'file' or 'memory'")
        if re.fullmatch(r"[A-Za-z0-9_-]{1,32}", stream_prefix) is None:
            raise ValueError("JetStreamBus stream_prefix must be 1-32 letters, digits, '_' or '-'")
        self.url = url
        self._secrets = tuple(s for s in (token, *url_secrets(url)) if s)
        self._token = token
        self._creds = creds
        self._tls_ca, self._tls_cert, self._tls_key = tls_ca, tls_cert, tls_key
        servers = [u.strip() for u in url.split(",") if u.strip()]
        # TLS is required (never plain text) with a tls:// URL or a CA/certificate file
        self._require_tls = bool(tls_ca or tls_cert or
                                 any(u.lower().startswith("tls://") for u in servers))
        if creds is not None:
            check_creds(creds)
        self._tls: Any = tls_context(tls_ca, tls_cert, tls_key) if self._require_tls else None
        self._connect_failures: list[BusError] = []
        self._connect_fatal: asyncio.Future[BusError] | None = None
        self._reconnect_trouble = ""
        self.storage = storage
        self.max_age = max_age
        self.max_bytes = max_bytes
        self.max_msg_size = max_msg_size
        self.max_messages = max_messages
        self.duplicate_window = duplicate_window
        self.replicas = replicas
        self.stream_prefix = stream_prefix
        self.connect_timeout = connect_timeout
        self.publish_timeout = publish_timeout
        self._client_name = name
        self._closed = False
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._members: dict[str, _Member] = {}
        self._outbox: collections.deque[tuple[str, bytes, dict[str, str], PublishCallback]] = \
            collections.deque()
        self._ready_topics: set[str] = set()  # topics whose stream is known to exist
        self._outbox_scheduled = False
        self._settles: collections.deque[tuple[Delivery, str, float]] = collections.deque()
        self._settles_scheduled = False
        # threads whose settles wait for release_settles() -> how many of theirs are queued
        self._settles_held: dict[int, int] = {}
        # publishes awaiting their acknowledgement: reply token -> (done, deadline), in order
        self._pubs: dict[str, tuple[PublishCallback, float]] = {}
        self._pub_inbox = ""
        self._pub_tokens = itertools.count(1)
        self._pub_room: asyncio.Event | None = None  # set while fewer than _PUB_WINDOW wait
        self._streams: dict[str, asyncio.Future[str]] = {}
        self._connected = False
        self._nc: Any = None
        self._js: Any = None
        self._sweeper: asyncio.Task[None] | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, daemon=True,
                                        name="qjsbridge-bus-nats")
        self._thread.start()
        try:
            self._call(self._connect(), connect_timeout + 2)
        except BaseException:
            self._stop_loop()
            raise

    # -- the asyncio thread ------------------------------------------------------------------------
    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()
        self._loop.close()

    def _stop_loop(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        if threading.current_thread() is not self._thread:
            self._thread.join(10)

    def _call(self, coro: Any, timeout: float) -> Any:
        if threading.current_thread() is self._thread:
            coro.close()
            raise BusError("bus: a blocking JetStreamBus call was made from the bus's own thread "
                           "(inside a subscription handler)", "ERR_BUS_DEADLOCK")
        fut = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return fut.result(timeout)
        except TimeoutError:
            fut.cancel()
            raise BusError("bus: the NATS server did not answer in time", "ERR_BUS_TIMEOUT") from None

    def describe(self) -> str:
        """The server URL(s) without credentials."""
        return redact(self.url, self._secrets)

    def __repr__(self) -> str:
        return f"<JetStreamBus {self.describe()}{' closed' if self._closed else ''}>"

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._closed

    def _error(self, exc: BaseException, what: str) -> BusError:
        if isinstance(exc, BusError):
            return exc
        text = redact(str(exc) or type(exc).__name__, self._secrets)
        low = text.lower()
        if isinstance(exc, (nats.errors.TimeoutError, asyncio.TimeoutError, TimeoutError)):
            code = "ERR_BUS_TIMEOUT"
        elif "permission" in low or "authorization" in low:
            code = "ERR_BUS_PERMISSION"
        elif isinstance(exc, (nats.errors.ConnectionClosedError, nats.errors.NoServersError,
                              nats.errors.ConnectionReconnectingError, OSError)):
            code = "ERR_BUS_UNREACHABLE"
        elif "maximum payload" in low or "message size" in low:
            code = "ERR_BUS_TOO_LARGE"
        else:
            code = "ERR_BUS"
        return BusError(f"bus: {what} failed: {text}", code)

    async def _connect(self) -> None:
        opts: dict[str, Any] = {
            "name": self._client_name,
            "connect_timeout": self.connect_timeout,
            "allow_reconnect": True,
            "max_reconnect_attempts": -1,
            "reconnect_time_wait": 0.25,
            "error_cb": self._on_nats_error,
            "disconnected_cb": self._on_disconnected,
            "reconnected_cb": self._on_reconnected,
        }
        if self._token:
            opts["token"] = self._token
        if self._creds:
            opts["user_jwt_cb"], opts["signature_cb"] = creds_callbacks(self._creds)
        servers = [u.strip() for u in self.url.split(",") if u.strip()]
        if self._tls is not None:
            opts["tls"] = self._tls
        quiet_ssl_eof_warning()  # also for nats:// URLs: nats-py upgrades when the server says so
        # nats-py retries forever (max_reconnect_attempts=-1) and tells us each failure through
        # error_cb: a failure retrying cannot fix (TLS, credentials) ends the wait at once
        nc = TLSClient()
        nc.require_tls = self._require_tls
        self._connect_fatal = self._loop.create_future()
        attempt: asyncio.Future[Any] = asyncio.ensure_future(nc.connect(servers, **opts))
        waiting: list[asyncio.Future[Any]] = [attempt, self._connect_fatal]
        try:
            await asyncio.wait(waiting, timeout=self.connect_timeout,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            fatal, self._connect_fatal = self._connect_fatal, None
        if attempt.done() and not attempt.cancelled() and attempt.exception() is None:
            self._nc = nc
        else:
            attempt.cancel()
            try:
                await asyncio.wait_for(nc.close(), 2)
            except BaseException:
                pass
            if fatal.done():
                raise fatal.result()
            if attempt.done() and not attempt.cancelled() and attempt.exception() is not None:
                exc = attempt.exception()
                assert exc is not None
                raise self._connect_error(exc) or self._error(
                    exc, f"connecting to {self.describe()}") from None
            raise BusError(f"bus: cannot reach the NATS server at {self.describe()}",
                           "ERR_BUS_UNREACHABLE")
        self._connected = True
        self._js = self._nc.jetstream()  # (streams, consumers, poison publishes)
        # Publishes get their acknowledgements on an inbox of their own (what nats-py's
        # publish_async does, without its Future, semaphore and reply parsing per message).
        self._pub_inbox = self._nc.new_inbox() + "."
        self._pub_room = asyncio.Event()
        self._pub_room.set()
        await self._nc.subscribe(self._pub_inbox + "*", cb=self._on_puback)

    def _connect_error(self, exc: BaseException) -> BusError | None:
        return connect_error(exc, self.describe(), tls_asked=self._require_tls, ca=self._tls_ca,
                             creds=self._creds, token=bool(self._token),
                             userinfo=any(url_secrets(self.url)))

    async def _on_nats_error(self, exc: Exception) -> None:
        fatal = self._connect_fatal
        if fatal is not None:  # still connecting: a failure retrying cannot fix ends it
            err = self._connect_error(exc)
            log.debug("bus: connecting: %s", redact(str(exc) or type(exc).__name__,
                                                     self._secrets))
            if err is not None and not fatal.done():
                self._connect_failures.append(err)
                # with several servers, give each a chance (the pool is shuffled)
                if len(self._connect_failures) >= max(1, len(self.url.split(","))):
                    fatal.set_result(err)
            return
        fatal_later = self._connect_error(exc)
        if fatal_later is not None:  # on a reconnection: say (once) why it keeps failing
            if str(fatal_later) != self._reconnect_trouble:
                self._reconnect_trouble = str(fatal_later)
                log.warning("%s", fatal_later)
                self._broadcast(fatal_later)
            return
        if isinstance(exc, (nats.errors.UnexpectedEOF, nats.errors.StaleConnectionError,
                            nats.errors.ConnectionClosedError, nats.errors.NoServersError,
                            OSError)):
            # the connection dropped: disconnected_cb reports it once, reconnecting is automatic
            log.debug("bus: connection trouble: %s", redact(str(exc), self._secrets))
            return
        err = self._error(exc, "the NATS connection")
        log.warning("%s", err)
        self._broadcast(err)

    async def _on_disconnected(self) -> None:
        if self._closed or not self._connected:
            return
        self._connected = False
        err = BusError(f"bus: lost the connection to the NATS server at {self.describe()}; "
                       "reconnecting", "ERR_BUS_DISCONNECTED")
        log.warning("%s", err)
        self._broadcast(err)

    async def _on_reconnected(self) -> None:
        self._connected = True
        # The server may have come back without the streams (memory storage, a new server):
        # each is looked up, and made again if need be, at its next use.
        self._streams.clear()
        self._ready_topics.clear()
        self._reconnect_trouble = ""
        log.info("bus: reconnected to the NATS server at %s", self.describe())

    def _broadcast(self, err: BusError) -> None:
        for m in list(self._members.values()):
            self._report(m, err)

    @staticmethod
    def _report(member: _Member, err: BusError) -> None:
        if member.on_error is not None and not member.closed:
            try:
                member.on_error(err)
            except Exception:
                log.exception("bus: on_error of %s failed", member.id)

    # -- streams -------------------------------------------------------------------------------------
    async def _ensure_stream(self, topic: str) -> str:
        name = stream_name(topic, self.stream_prefix)
        fut = self._streams.get(name)
        if fut is not None and fut.done() and fut.exception() is None:
            return fut.result()  # the common case: no task, no shield
        if fut is None or (fut.done() and fut.exception() is not None):
            fut = self._streams[name] = asyncio.ensure_future(
                self._create_stream(name, topic.split(".", 1)[0]))
        return await asyncio.shield(fut)

    async def _create_stream(self, name: str, first: str) -> str:
        jsm = self._js
        try:
            await jsm.stream_info(name)
            return name
        except nats.js.errors.NotFoundError:
            pass
        config = api.StreamConfig(
            name=name, subjects=[first, first + ".>"],
            storage=api.StorageType.FILE if self.storage == "file" else api.StorageType.MEMORY,
            discard=api.DiscardPolicy.OLD, max_age=self.max_age, max_bytes=self.max_bytes,
            max_msg_size=self.max_msg_size, max_msgs=self.max_messages,
            duplicate_window=self.duplicate_window, num_replicas=self.replicas)
        try:
            await jsm.add_stream(config)
        except nats.js.errors.BadRequestError:
            # created meanwhile by another client, or the subjects belong to another stream
            try:
                await jsm.stream_info(name)
                return name
            except nats.js.errors.NotFoundError:
                other = await jsm.find_stream_name_by_subject(first)
                log.info("bus: topic %r is stored in the existing stream %s", first, other)
                return str(other)
        return name

    # -- publishing ----------------------------------------------------------------------------------
    def publish(self, topic: str, *messages: Message, timeout: float | None = None) -> None:
        """Publish in order and wait for every acknowledgement (BusError if one fails)."""
        futures = [self.publish_async(topic, m) for m in messages]
        wait = (timeout if timeout is not None else self.publish_timeout) + 1.0
        for f in futures:
            try:
                f.result(wait)
            except TimeoutError:
                raise BusError("bus: the NATS server did not acknowledge the publish in time",
                               "ERR_BUS_TIMEOUT") from None

    def publish_async(self, topic: str, message: Message) -> Future[None]:
        """Queue the message; the future resolves with the server's acknowledgement."""
        fut: Future[None] = Future()

        def done(error: BusError | None) -> None:  # the bus's thread
            if fut.done():
                return
            if error is None:
                fut.set_result(None)
            else:
                fut.set_exception(error)

        self.publish_nowait(topic, message, done)
        return fut

    def publish_nowait(self, topic: str, message: Message, done: PublishCallback) -> None:
        """Queue the message; ``done(None)`` once the server acknowledged it, ``done(error)``
        if it failed, called once on the bus's thread. Raises what :meth:`publish_async` raises
        for a message it refuses at once (a bad topic, too large, the bus closed)."""
        validate_topic(topic)
        if not isinstance(message, Message):
            raise TypeError("bus: publish takes Message objects")
        metadata = validate_metadata(message.metadata)
        if len(message.payload) > self.max_msg_size:
            raise BusError(f"bus: message of {len(message.payload)} bytes exceeds the maximum "
                           f"payload of {self.max_msg_size} bytes", "ERR_BUS_TOO_LARGE")
        headers = metadata  # a checked copy: ours to extend
        headers["Nats-Msg-Id"] = message.uuid
        with self._lock:
            if self._closed:
                raise BusClosedError()
            self._outbox.append((topic, message.payload, headers, done))
            wake = not self._outbox_scheduled
            self._outbox_scheduled = True
        if wake:
            self._loop.call_soon_threadsafe(self._start_publishing)

    def _start_publishing(self) -> None:  # loop thread
        asyncio.ensure_future(self._publish_outbox())

    async def _publish_outbox(self) -> None:  # loop thread
        ready = self._ready_topics
        pubs, tokens, inbox, publish = self._pubs, self._pub_tokens, self._pub_inbox, self._nc.publish
        while True:
            with self._lock:
                if not self._outbox:
                    self._outbox_scheduled = False
                    return
                batch = list(self._outbox)
                self._outbox.clear()
            for topic, payload, headers, done in batch:
                token = ""
                try:
                    if topic not in ready:
                        await self._ensure_stream(topic)
                        ready.add(topic)
                    room = self._pub_room
                    assert room is not None
                    while len(pubs) >= _PUB_WINDOW:  # the sweeper ends late ones
                        room.clear()
                        await room.wait()
                    token = str(next(tokens))
                    pubs[token] = (done, time.monotonic() + self.publish_timeout)
                    if self._sweeper is None:
                        self._start_sweeping()
                    await publish(topic, payload, reply=inbox + token, headers=headers)
                except BaseException as exc:
                    if pubs.pop(token, None) is not None or token == "":
                        self._finish(done, self._error(exc, f"publish to {topic!r}"))
                    if isinstance(exc, asyncio.CancelledError):
                        raise
                    continue

    @staticmethod
    def _finish(done: PublishCallback, error: BusError | None) -> None:  # loop thread
        try:
            done(error)
        except Exception:
            log.exception("bus: a publish callback failed")

    async def _on_puback(self, msg: Msg) -> None:  # loop thread: a publish acknowledgement
        entry = self._pubs.pop(msg.subject[len(self._pub_inbox):], None)
        if entry is None:
            return  # timed out meanwhile (already reported)
        if self._pub_room is not None and len(self._pubs) < _PUB_WINDOW:
            self._pub_room.set()
        headers = msg.headers
        status = headers.get("Status") if headers else None
        if status is not None:  # 503: no stream listens on the subject
            if status == "503":
                self._streams.clear()  # deleted meanwhile: the next publish makes it again
                self._ready_topics.clear()
            text = _description(headers)
            self._finish(entry[0], BusError(f"bus: publish failed: {status} {text}".rstrip()
                                            + (" (no stream stores this topic)" if status == "503"
                                               else ""), "ERR_BUS"))
            return
        try:
            reply = orjson.loads(msg.data)
            error = reply.get("error") if isinstance(reply, dict) else {"description": "bad reply"}
        except orjson.JSONDecodeError:
            error = {"description": "an unreadable acknowledgement"}
        if error is None:
            self._finish(entry[0], None)  # stored (or a duplicate within the window: stored once)
            return
        text = str(error.get("description", error)) if isinstance(error, dict) else str(error)
        self._finish(entry[0], self._error(RuntimeError(text), "publish"))

    def _publish_timed_out(self, done: PublishCallback) -> None:  # loop thread
        self._finish(done, BusError(
            f"bus: the NATS server did not acknowledge the publish within "
            f"{self.publish_timeout:g} s; it may still have been stored (publish again with "
            "the same uuid: duplicates are dropped)", "ERR_BUS_TIMEOUT"))

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
        with self._lock:
            if self._closed:
                raise BusClosedError()
        member = _Member(self, f"sub-{next(self._ids)}", topic, options, handler, on_error,
                         on_close)
        self._call(self._start_member(member), self.connect_timeout + 5)
        return member

    async def _start_member(self, m: _Member) -> None:  # loop thread
        opts = m.options
        try:
            m.stream = await self._ensure_stream(m.topic)
            m.durable = (durable_name(opts.group, m.topic) if opts.group is not None
                         else f"eph_{uuid_module.uuid4().hex[:16]}")
            config = api.ConsumerConfig(
                durable_name=m.durable,
                deliver_policy=api.DeliverPolicy.ALL if opts.group else api.DeliverPolicy.NEW,
                ack_policy=api.AckPolicy.EXPLICIT,
                ack_wait=opts.ack_wait,
                max_deliver=-1,  # the poison topic takes over after max_deliver (client side)
                filter_subject=m.topic,
                max_ack_pending=max(1000, opts.max_in_flight * 4),
                inactive_threshold=60.0 if m.ephemeral else None,
            )
            try:
                await self._js.add_consumer(m.stream, config)
            except nats.js.errors.BadRequestError as exc:
                # the group exists with other settings: use it as it is
                log.warning("bus: consumer %s exists with other settings (%s); using it",
                            m.durable, redact(str(exc), self._secrets))
            # Pull requests are sent here directly and answered on this member's inbox (the
            # JetStream pull protocol): nats-py's fetch() costs a task, a timer and a UUID per
            # message received, more than everything else on this thread.
            m.inbox = self._nc.new_inbox()
            m.next_subject = f"$JS.API.CONSUMER.MSG.NEXT.{m.stream}.{m.durable}"

            async def on_message(msg: Msg) -> None:  # loop thread
                self._on_pulled(m, msg)

            m.sub = await self._nc.subscribe(m.inbox + ".*", cb=on_message)
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise self._error(exc, f"subscribing to {m.topic!r}") from None
        m.slot = asyncio.Event()
        with self._lock:
            if self._closed:
                raise BusClosedError()
            self._members[m.id] = m
        m.task = asyncio.ensure_future(self._consume(m))

    async def _consume(self, m: _Member) -> None:  # loop thread
        try:
            await self._fetch_loop(m)
        finally:
            await self._finish_member(m)

    async def _fetch_loop(self, m: _Member) -> None:  # loop thread
        # One pull request at a time, for the free slots; the next once half of max_in_flight
        # is free again (the slot event). A closed subscription stops asking, but its last pull
        # request may still be answered (the server does not know the request was abandoned):
        # those messages are nacked on arrival instead of sitting unacknowledged until ack_wait.
        pause = 0.1
        assert m.slot is not None
        expires = int(_FETCH_WAIT * 1e9)
        while not m.closed:
            free = m.options.max_in_flight - m.inflight
            if free < m.refill:
                m.slot.clear()
                await m.slot.wait()
                continue
            batch = min(free, 256)
            m.pull += 1
            m.expected = batch
            m.pulled = pulled = asyncio.Event()
            try:
                await self._nc.publish(m.next_subject,
                                       b'{"batch":%d,"expires":%d}' % (batch, expires),
                                       reply=f"{m.inbox}.{m.pull}")
                # over when the batch is complete, or with a status (408: expired, 404, 409)
                await asyncio.wait_for(pulled.wait(), _FETCH_WAIT + 2.0)
            except asyncio.CancelledError:
                raise
            except (asyncio.TimeoutError, TimeoutError):
                continue  # lost while the connection was down: ask again
            except Exception as exc:
                if m.closed:
                    return
                self._pull_failed(m, exc)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 2.0)
                continue
            if m.pause_pulls:  # answered 503 at once: asking again at once would spin
                m.pause_pulls = False
                m.slot.clear()  # (set by a close or a settle: either ends the pause early)
                try:
                    await asyncio.wait_for(m.slot.wait(), pause)
                except (asyncio.TimeoutError, TimeoutError):
                    pass
                pause = min(pause * 2, 2.0)
                continue
            pause = 0.1

    def _pull_failed(self, m: _Member, exc: BaseException) -> None:  # loop thread
        now = time.monotonic()
        if self._connected and now - m.last_error > 5.0:
            m.last_error = now
            err = self._error(exc, f"receiving from {m.topic!r}")
            log.warning("%s", err)
            self._report(m, err)

    def _on_pulled(self, m: _Member, msg: Msg) -> None:  # loop thread: a pull's answer
        headers = msg.headers
        status = headers.get("Status") if headers else None
        if status is not None:  # sent to the pull's reply subject, which names the pull
            if status == "100" or not msg.subject.endswith(f".{m.pull}"):
                return  # the end of an earlier pull, or a heartbeat we did not ask for
            if status == "503":
                self._no_responders(m)
            else:
                m.no_responders_since = 0.0
                if status == "409":  # server shutdown, leadership change, limits: passing, as
                    log.debug("bus: pull on %s ended: 409 %s", m.topic,  # in nats-py
                              _description(headers))
                elif status not in ("404", "408"):  # 404: nothing now, 408: expired
                    self._pull_failed(m, BusError(f"bus: receiving from {m.topic!r} failed: "
                                                  f"{status} {_description(headers)}".rstrip(),
                                                  "ERR_BUS"))
            if m.pulled is not None:
                m.pulled.set()
            return
        m.no_responders_since = 0.0
        # A message keeps its own subject, so one that answers an earlier pull (rare: it
        # expired on our side first) counts against this one; it was delivered to us all the same.
        m.expected -= 1
        if m.expected <= 0 and m.pulled is not None:
            m.pulled.set()
        self._dispatch(m, msg)

    def _no_responders(self, m: _Member) -> None:  # loop thread: a pull was answered 503
        # Nothing answers pulls for this consumer: JetStream is stopping with its server (the
        # disconnection follows, and is what gets reported), is starting again after a restart,
        # or the consumer or its stream was deleted. The fetch loop waits before the next pull;
        # only 503s that go on for _NO_RESPONDERS_GRACE seconds are reported.
        m.pause_pulls = True
        now = time.monotonic()
        if not m.no_responders_since:
            m.no_responders_since = now
        elif now - m.no_responders_since >= _NO_RESPONDERS_GRACE:
            self._pull_failed(m, BusError(
                f"bus: receiving from {m.topic!r} failed: 503 no responders (JetStream does not "
                "answer for this subscription: were its consumer or stream deleted?)", "ERR_BUS"))

    def _dispatch(self, m: _Member, msg: Msg) -> None:  # loop thread
        md = msg.metadata
        headers = msg.headers or {}
        uuid = headers.get("Nats-Msg-Id") or f"{md.stream}-{md.sequence.stream}"
        metadata = {k: v for k, v in headers.items()
                    if not k.lower().startswith(("nats-", "qjsb-"))}
        message = Message(msg.data, metadata, uuid)
        delivery = Delivery(message, msg.subject, md.num_delivered, m.id, self, msg)
        if m.closed:
            delivery._claim()
            asyncio.ensure_future(self._send(msg, "nak", 0.0))
            return
        if md.num_delivered > m.options.max_deliver:
            delivery._claim()
            asyncio.ensure_future(self._poison(m, delivery, msg))
            return
        m.inflight += 1
        m.pending[id(delivery)] = [delivery, time.monotonic() + m.options.ack_wait]
        if self._sweeper is None:
            self._start_sweeping()
        try:
            m.handler(delivery)
        except Exception:
            log.exception("bus: subscription handler of %s failed; the message is nacked", m.id)
            delivery.nack()

    async def _poison(self, m: _Member, delivery: Delivery, msg: Msg) -> None:  # loop thread
        message = delivery.message
        opts = m.options
        if "topic_poisoned" in message.metadata:
            err = BusError(f"bus: poisoned message {message.uuid} on {delivery.topic!r} failed "
                           f"{opts.max_deliver} more deliveries; dropped", "ERR_BUS_POISON_DROPPED")
            log.error("%s", err)
            self._report(m, err)
            await self._send(msg, "term", 0.0)
            return
        target = opts.poison_topic or delivery.topic + POISON_SUFFIX
        headers = dict(message.metadata)
        headers.update(reason_poisoned=f"max deliveries ({opts.max_deliver}) reached",
                       topic_poisoned=delivery.topic, subscriber_poisoned=opts.group or m.id)
        headers["Nats-Msg-Id"] = message.uuid + "-poison"
        try:
            await self._ensure_stream(target)
            await self._js.publish(target, message.payload, headers=headers,
                                   timeout=self.publish_timeout)
        except Exception as exc:
            err = BusError(f"bus: could not move message {message.uuid} to poison topic "
                           f"{target!r}: {self._error(exc, 'publish')}", "ERR_BUS_POISON_FAILED")
            log.error("%s", err)
            self._report(m, err)
            await self._send(msg, "nak", opts.backoff(delivery.delivery_count))
            return
        await self._send(msg, "ack", 0.0)

    async def _send(self, msg: Msg, kind: str, delay: float) -> None:  # loop thread
        try:
            if kind == "ack":
                await msg.ack()
            elif kind == "nak":
                await msg.nak(delay=delay if delay > 0 else None)
            elif kind == "term":
                await msg.term()
            else:
                await msg.in_progress()
        except Exception as exc:  # already settled, or the connection is gone
            log.debug("bus: %s failed: %s", kind, redact(str(exc), self._secrets))

    # -- settling (any thread) -------------------------------------------------------------------------
    def _settle(self, delivery: Delivery, ack: bool, delay: float) -> None:
        self._queue_settle(delivery, "ack" if ack else "nak", delay)

    def _touch(self, delivery: Delivery) -> None:
        self._queue_settle(delivery, "progress", 0.0)

    def _queue_settle(self, delivery: Delivery, kind: str, delay: float) -> None:
        with self._lock:
            self._settles.append((delivery, kind, delay))
            if self._settles_held:
                thread = threading.get_ident()
                held = self._settles_held.get(thread)
                if held is not None:
                    if held + 1 < _HELD_SETTLES_MAX:
                        self._settles_held[thread] = held + 1
                        return
                    self._settles_held[thread] = 0
            wake = not self._settles_scheduled
            self._settles_scheduled = True
        if wake:
            self._wake_settles()

    def _wake_settles(self) -> None:
        try:
            self._loop.call_soon_threadsafe(self._run_settles)
        except RuntimeError:  # the loop is gone: the bus is closed
            pass

    def hold_settles(self) -> None:
        """Until :meth:`release_settles`, acks, nacks and ``in_progress`` calls made on this
        thread are queued without waking the bus's thread (64 at most, then they go). For a
        thread that runs a burst of deliveries in a row: one wake-up and one write for the
        burst's settles instead of one per message. Closing a subscription or the bus sends
        them first; while deliveries are unsettled, the ack-deadline sweep sends any left behind
        within 50 ms."""
        with self._lock:
            self._settles_held.setdefault(threading.get_ident(), 0)

    def release_settles(self) -> None:
        """Send what this thread queued since :meth:`hold_settles`, and stop holding."""
        with self._lock:
            held = self._settles_held.pop(threading.get_ident(), 0)
            wake = held > 0 and not self._settles_scheduled
            if wake:
                self._settles_scheduled = True
        if wake:
            self._wake_settles()

    def _send_held_settles(self) -> None:  # any thread: before a close, and from the sweep
        with self._lock:
            wake = bool(self._settles) and not self._settles_scheduled
            if wake:
                self._settles_scheduled = True
            for thread in self._settles_held:
                self._settles_held[thread] = 0
        if wake:
            self._wake_settles()

    def _run_settles(self) -> None:  # loop thread
        with self._lock:
            batch = list(self._settles)
            self._settles.clear()
            self._settles_scheduled = False
        sends: list[tuple[Msg, str, float]] = []
        for delivery, kind, delay in batch:
            msg = delivery._token
            assert isinstance(msg, Msg)
            m = self._members.get(delivery.subscription_id)
            entry = m.pending.get(id(delivery)) if m is not None else None
            if kind == "progress":
                if entry is not None and m is not None:
                    entry[1] = time.monotonic() + m.options.ack_wait
                    sends.append((msg, "progress", 0.0))
                continue
            if delay < 0:
                opts = m.options if m is not None else SubscribeOptions()
                delay = opts.backoff(delivery.delivery_count)
            sends.append((msg, kind, delay))
            if entry is None or m is None:
                continue  # expired or closed: the server has it already
            del m.pending[id(delivery)]
            if kind == "nak" and delay > 0:  # the slot stays taken until the redelivery is due
                self._loop.call_later(delay, self._free_slot, m)
            else:
                self._free_slot(m)
        if sends:
            asyncio.ensure_future(self._send_all(sends))

    async def _send_all(self, sends: list[tuple[Msg, str, float]]) -> None:
        for msg, kind, delay in sends:
            await self._send(msg, kind, delay)

    @staticmethod
    def _free_slot(m: _Member) -> None:  # loop thread
        if m.inflight > 0:
            m.inflight -= 1
        if m.slot is not None and m.options.max_in_flight - m.inflight >= m.refill:
            m.slot.set()

    def _start_sweeping(self) -> None:  # loop thread: something has a deadline, no sweep runs
        self._sweeper = asyncio.ensure_future(self._sweep())

    def _sweep_work(self) -> bool:  # loop thread
        return bool(self._pubs or self._settles or any(m.pending for m in self._members.values()))

    async def _sweep(self) -> None:  # loop thread: ack deadlines and publish timeouts
        # Runs only while something has a deadline: an idle bus never wakes its thread for it.
        while True:
            await asyncio.sleep(_SWEEP_EVERY)
            if not self._sweep_work():
                self._sweeper = None
                return
            if self._settles and not self._settles_scheduled:  # held back, and not released
                self._send_held_settles()
            now = time.monotonic()
            for m in list(self._members.values()):
                for key, (delivery, deadline) in list(m.pending.items()):
                    if deadline <= now:  # the server redelivers it; free the slot
                        del m.pending[key]
                        self._free_slot(m)
            late = []  # in publish order, so the late ones are at the front
            for token, (done, deadline) in self._pubs.items():
                if deadline > now:
                    break
                late.append((token, done))
            for token, done in late:
                del self._pubs[token]
                self._publish_timed_out(done)
            if late and self._pub_room is not None:
                self._pub_room.set()

    # -- closing ---------------------------------------------------------------------------------------
    def _close_member(self, m: _Member) -> None:
        if m._closed:
            return
        m._closed = True
        self._send_held_settles()  # (queued on the loop before the close, so they go first)
        if threading.current_thread() is self._thread:
            asyncio.ensure_future(self._aclose_member(m))
            return
        try:
            self._call(self._aclose_member(m), 10)
        except (BusError, RuntimeError) as exc:
            log.debug("bus: closing %s: %s", m.id, exc)

    async def _aclose_member(self, m: _Member) -> None:  # loop thread
        m._closed = True
        self._members.pop(m.id, None)
        unsettled = [d for d, _ in m.pending.values()]
        m.pending.clear()
        m.inflight = 0
        await self._stop_receiving(m)
        for d in unsettled:
            if d._claim():  # given back to the group at once
                await self._send(d._token, "nak", 0.0)
        if m.slot is not None:
            m.slot.set()  # wake the fetch loop so it ends (and cleans up)
        if m.pulled is not None:
            m.pulled.set()
        if m.task is None:
            await self._finish_member(m)

    async def _stop_receiving(self, m: _Member) -> None:  # loop thread
        # Before the nacks: the server skips pull requests whose reply subject nobody listens
        # on, so the nacked messages go to the group and not back into our own last pull (where
        # they would sit until ack_wait). Draining takes the UNSUB and a round trip, then hands
        # us what had arrived by then; _dispatch nacks those (the member is closed).
        sub, m.sub = m.sub, None
        if sub is None:
            return
        if self._connected:
            try:
                await asyncio.wait_for(sub.drain(), 2.0)
                return
            except Exception as exc:
                log.debug("bus: draining %s: %s", m.id, redact(str(exc), self._secrets))
        try:
            await sub.unsubscribe()
        except Exception as exc:
            log.debug("bus: unsubscribing %s: %s", m.id, redact(str(exc), self._secrets))

    async def _finish_member(self, m: _Member) -> None:  # loop thread
        await self._stop_receiving(m)  # (done already if the member was closed)
        try:
            if m.ephemeral and m.durable:
                await self._js.delete_consumer(m.stream, m.durable)
        except Exception as exc:
            log.debug("bus: cleaning up %s: %s", m.id, redact(str(exc), self._secrets))

    def close(self) -> None:
        """Wait (up to ``publish_timeout``) for outstanding publishes, close every subscription
        (calling its ``on_close``) and the connection. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            members = list(self._members.values())
        if threading.current_thread() is self._thread:
            raise BusError("bus: close() was called from a subscription handler", "ERR_BUS_DEADLOCK")
        self._send_held_settles()
        try:
            self._call(self._aclose(members), self.publish_timeout + 15)
        except BusError as exc:
            log.warning("bus: closing: %s", exc)
        finally:
            self._stop_loop()
        for m in members:
            if m.on_close is not None:
                try:
                    m.on_close()
                except Exception:
                    log.exception("bus: on_close of %s failed", m.id)

    async def _aclose(self, members: list[_Member]) -> None:  # loop thread
        deadline = time.monotonic() + self.publish_timeout
        while (self._outbox_scheduled or self._pubs) and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        for m in members:
            m._closed = True
            await self._aclose_member(m)
        tasks = [m.task for m in members if m.task is not None and not m.task.done()]
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=_FETCH_WAIT + 2)
            for t in late:
                t.cancel()
            if late:
                await asyncio.wait(late, timeout=2)
        if self._sweeper is not None:
            self._sweeper.cancel()
        pubs, self._pubs = self._pubs, {}
        for done, _ in pubs.values():
            self._publish_timed_out(done)
        try:
            await asyncio.wait_for(self._nc.flush(), 2)
        except Exception:
            pass
        try:
            await asyncio.wait_for(self._nc.close(), 5)
        except Exception as exc:
            log.debug("bus: closing the connection: %s", redact(str(exc), self._secrets))
