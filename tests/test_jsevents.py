"""jsevents: adopting JS emitters and emitting into them from Python threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from qjsbridge import jsevents
from qjsbridge.engine.builtins import NodeGlobals
from qjsbridge.engine.errors import JSError
from qjsbridge.engine.modules import NativeModule
from qjsbridge.engine.runtime import Initializer, Runtime, RuntimeFactoryBuilder, RuntimeOptions, SetupContext
from qjsbridge.jsevents import EmitterClosedError, EmitterRef, ListenerError, Manager
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for


class Probe:
    """A native module `probe` whose adopt(emitter) hands the ref to the test."""

    def __init__(self) -> None:
        self.refs: list[EmitterRef] = []
        self.errors: list[Exception] = []

    def initializer(self) -> Initializer:
        def init(setup: SetupContext) -> None:
            manager = Manager.from_setup(setup, "probe")

            def adopt(emitter: object, keep_alive: bool = False) -> str:
                ref = manager.adopt_emitter_on_owner(emitter, keep_alive=keep_alive)
                self.refs.append(ref)
                return ref.id

            def emit_sync_inline(name: str) -> bool:  # a host function emitting synchronously
                return self.refs[-1].emit_sync(name, "from host function")

            setup.define_module(NativeModule("probe", {"adopt": adopt,
                                                       "emitSyncInline": emit_sync_inline}))

        return Initializer("probe", init)


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def events_rt(tmp_path: Path, probe: Probe, console: ConsoleRecorder) -> Iterator[Callable[[str], Runtime]]:
    made: list[Runtime] = []

    def make(source: str) -> Runtime:
        (tmp_path / "main.js").write_text(source)
        builder = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[tmp_path], node_globals=NodeGlobals(),
                                                        console=console))
                   .with_runtime_initializers(jsevents.install(probe.errors.append),
                                              probe.initializer()))
        rt = builder.build().new_runtime()
        made.append(rt)
        rt.run_main(tmp_path / "main.js")
        return rt

    yield make
    for rt in made:
        rt.close()


SEEN = """
const EventEmitter = require("events");
const probe = require("probe");
const em = new EventEmitter();
globalThis.seen = [];
em.on("event", (...args) => seen.push(args));
probe.adopt(em);
"""


def test_adopt_and_emit_sync(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt(SEEN)
    ref = probe.refs[0]
    assert ref.id == "emitter-1"
    assert ref.emit_sync("event", {"go": "payload"}, [1, 2]) is True
    assert ref.emit_sync("nobody-listens") is False
    assert rt.eval("seen") == [[{"go": "payload"}, [1, 2]]]
    ref.close()
    with pytest.raises(EmitterClosedError, match="jsevents: emitter emitter-1 is closed"):
        ref.emit_sync("event", 1)
    with pytest.raises(EmitterClosedError):
        ref.emit("event", 1)


def test_async_emit_reports_listener_errors_and_keeps_going(events_rt: Callable[[str], Runtime],
                                                            probe: Probe) -> None:
    rt = events_rt("""
      const EventEmitter = require("events");
      const em = new EventEmitter();
      globalThis.seen = [];
      em.on("event", (n) => { if (n === 2) throw new Error("listener failed"); seen.push(n); });
      require("probe").adopt(em);""")
    ref = probe.refs[0]
    for n in range(1, 5):
        assert ref.emit("event", n) is None
    wait_for(lambda: rt.eval("seen.length") == 3, message="later events")
    assert rt.eval("seen") == [1, 3, 4]
    assert len(probe.errors) == 1
    err = probe.errors[0]
    assert isinstance(err, ListenerError) and "listener failed" in str(err)
    assert err.ref_id == "emitter-1" and err.event == "event"
    assert err.error.stack.startswith("Error: listener failed\n    at ")


def test_unhandled_error_event_goes_to_the_handler(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    events_rt("""
      const EventEmitter = require("events");
      require("probe").adopt(new EventEmitter());""")
    probe.refs[0].emit("error", {"message": "disk on fire", "code": "EIO"})
    wait_for(lambda: probe.errors, message="error report")
    assert "Unhandled error" in str(probe.errors[0]) and "disk on fire" in str(probe.errors[0])


def test_only_real_emitters_can_be_adopted(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt("""
      const EventEmitter = require("events");
      const probe = require("probe");
      const results = [];
      function attempt(label, value) {
        try { probe.adopt(value); results.push(label + ": ok"); }
        catch (e) { results.push(label + ": " + e.name + ": " + e.message); }
      }
      class Sub extends EventEmitter {}
      function Old() { EventEmitter.call(this); }
      Object.setPrototypeOf(Old.prototype, EventEmitter.prototype);
      attempt("class", new EventEmitter());
      attempt("subclass", new Sub());
      attempt("old-style", new Old());
      attempt("duck", { on() {}, emit() {} });
      attempt("no-constructor", Object.create(EventEmitter.prototype));
      attempt("null", null);
      attempt("string", "emitter");
      globalThis.results = results;""")
    bad = "TypeError: jsevents: value is not an events.EventEmitter"
    assert rt.eval("results") == [
        "class: ok", "subclass: ok", "old-style: ok",
        f"duck: {bad}", f"no-constructor: {bad}", f"null: {bad}", f"string: {bad}",
    ]
    assert [r.id for r in probe.refs] == ["emitter-1", "emitter-2", "emitter-3"]


def test_same_emitter_adopted_twice_gives_two_refs(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt(SEEN + "probe.adopt(em);")
    a, b = probe.refs
    assert a.id != b.id
    a.close()
    assert b.emit_sync("event", "still works") is True
    assert rt.eval("seen") == [["still works"]]


@pytest.mark.parametrize("loop_kind", ["once", "for-await"])
def test_every_event_of_a_10000_burst_reaches_an_await_loop(events_rt: Callable[[str], Runtime],
                                                            probe: Probe, loop_kind: str) -> None:
    consume = {
        "once": "for (;;) { const [ev] = await once(em, 'event'); got.push(ev.seq); if (ev.last) break; }",
        "for-await": "for await (const [ev] of on(em, 'event')) { got.push(ev.seq); if (ev.last) break; }",
    }[loop_kind]
    rt = events_rt(f"""
      const {{ EventEmitter, once, on }} = require("events");
      const em = new EventEmitter();
      globalThis.got = [];
      globalThis.done = false;
      (async () => {{ {consume} globalThis.done = true; }})();
      require("probe").adopt(em);""")
    ref = probe.refs[0]
    n = 10_000

    def burst() -> None:
        for i in range(n):
            ref.emit("event", {"seq": i, "last": i == n - 1})

    t = threading.Thread(target=burst)
    t.start()
    t.join()
    wait_for(lambda: rt.eval("done"), timeout=30, message="the consumer to see the last event")
    got = rt.eval("got")
    assert len(got) == n and got == list(range(n))


def test_each_event_is_its_own_task(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt("""
      const EventEmitter = require("events");
      const em = new EventEmitter();
      globalThis.log = [];
      em.on("event", (n) => {
        log.push("event " + n);
        Promise.resolve().then(() => log.push("micro " + n));
        process.nextTick(() => log.push("tick " + n));
      });
      require("probe").adopt(em);""")
    ref = probe.refs[0]
    for n in range(3):
        ref.emit("event", n)
    wait_for(lambda: rt.eval("log.length") == 9, message="nine log entries")
    assert rt.eval("log") == [f"{kind} {n}" for n in range(3) for kind in ("event", "tick", "micro")]


def test_close_drops_queued_events_and_keeps_listeners(events_rt: Callable[[str], Runtime],
                                                       probe: Probe) -> None:
    rt = events_rt(SEEN + "probe.adopt(em);")
    ref, other = probe.refs
    gate = threading.Event()
    rt.owner.post(None, "block", lambda ctx, vm: gate.wait(5))  # the owner is busy...
    for i in range(100):
        ref.emit("event", i)  # ...so these queue up
    ref.close()
    gate.set()
    assert other.emit_sync("event", "after") is True  # the JS listener is still there
    assert rt.eval("seen") == [["after"]]


def test_cancel_runs_once_on_close(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    events_rt(SEEN)
    ref = probe.refs[0]
    calls: list[str] = []
    ref.set_cancel(lambda: calls.append("old"))
    ref.set_cancel(lambda: calls.append("new"))
    ref.close()
    ref.close()
    assert calls == ["new"]


def test_runtime_close_closes_refs(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt(SEEN)
    ref = probe.refs[0]
    cancelled = threading.Event()
    ref.set_cancel(cancelled.set)
    rt.close()
    assert cancelled.is_set() and ref.closed
    with pytest.raises(EmitterClosedError):
        ref.emit("event", 1)
    assert Manager.from_runtime(rt) is not None and Manager.from_runtime(rt).closed  # type: ignore[union-attr]


def test_emit_refuses_data_js_would_get_wrong(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt(SEEN)
    ref = probe.refs[0]
    with pytest.raises(ValueError, match="outside JavaScript's safe range"):
        ref.emit("event", {"size": 2**60})
    with pytest.raises(TypeError, match="not JSON serializable"):
        ref.emit("event", object())
    with pytest.raises(TypeError, match="event name must be a str"):
        ref.emit(42, "x")  # type: ignore[arg-type]
    ref.emit_sync("event", {"ok": 2**53 - 1, "s": "\udcff\x00"})
    assert rt.eval("seen") == [[{"ok": 2**53 - 1, "s": "\udcff\x00"}]]


def test_concurrent_emitters_lose_nothing_and_keep_per_thread_order(
        events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt("""
      const EventEmitter = require("events");
      const em = new EventEmitter();
      globalThis.byThread = {};
      globalThis.total = 0;
      em.on("event", (t, i) => { (byThread[t] ||= []).push(i); total++; });
      require("probe").adopt(em);""")
    ref = probe.refs[0]
    threads, per = 8, 2000
    start = threading.Barrier(threads)

    def producer(t: int) -> None:
        start.wait()
        for i in range(per):
            ref.emit("event", t, i)

    workers = [threading.Thread(target=producer, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wait_for(lambda: rt.eval("total") == threads * per, timeout=30, message="all events")
    by_thread = rt.eval("byThread")
    assert {int(k): v for k, v in by_thread.items()} == {t: list(range(per)) for t in range(threads)}


def test_emit_with_builder(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt(SEEN)
    ref = probe.refs[0]
    threads: list[int] = []

    def build(vm: Any) -> list[Any]:
        threads.append(threading.get_ident())
        return [{"built": True}]

    ref.emit_with_builder("event", build)
    assert ref.emit_with_builder_sync("event", lambda vm: ["sync"]) is True
    wait_for(lambda: rt.eval("seen.length") == 2)
    assert rt.eval("seen") == [[{"built": True}], ["sync"]]
    assert threads == [rt.loop.thread_ident]


def test_host_listener_receives_js_emits(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt("""
      const EventEmitter = require("events");
      globalThis.em = new EventEmitter();
      globalThis.em.on("ping", (p) => globalThis.jsSaw = p);
      require("probe").adopt(em);""")
    ref = probe.refs[0]
    got: list[tuple[Any, ...]] = []
    remove = ref.add_host_listener("ping", lambda *args: got.append((threading.get_ident(), *args)))
    assert rt.eval("em.emit('ping', {n: 1, big: 10n}, 'x'), em.listenerCount('ping')") == 2
    assert got == [(rt.loop.thread_ident, {"n": 1, "big": "10"}, "x")]
    remove()
    assert rt.eval("em.emit('ping', 2), em.listenerCount('ping')") == 1
    assert len(got) == 1


def test_host_listener_errors_go_to_the_handler(events_rt: Callable[[str], Runtime],
                                                probe: Probe) -> None:
    rt = events_rt("""
      const EventEmitter = require("events");
      globalThis.em = new EventEmitter();
      globalThis.later = [];
      em.on("x", () => {});
      require("probe").adopt(em);""")

    def bad(*args: Any) -> None:
        raise ValueError("python listener broke")

    probe.refs[0].add_host_listener("x", bad)
    rt.eval("em.on('x', () => later.push('ran'))")
    assert rt.eval("em.emit('x'), later") == ["ran"]  # the JS emit is not broken by a Python bug
    err = probe.errors[0]
    assert isinstance(err, ListenerError) and "host listener for 'x' failed" in str(err)
    assert isinstance(err.error, ValueError)


def test_host_listeners_end_with_the_ref(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt("""
      const EventEmitter = require("events");
      globalThis.em = new EventEmitter();
      require("probe").adopt(em);""")
    ref = probe.refs[0]
    got: list[Any] = []
    ref.add_host_listener("x", lambda *a: got.append(a))
    ref.close()
    rt.eval("em.emit('x', 1)")
    assert got == []
    with pytest.raises(EmitterClosedError):
        ref.add_host_listener("x", lambda *a: None)


def test_emit_sync_from_the_owner_thread_runs_inline(events_rt: Callable[[str], Runtime],
                                                     probe: Probe) -> None:
    rt = events_rt(SEEN + "globalThis.r = probe.emitSyncInline('event');")
    assert rt.eval("[r, seen]") == [True, [["from host function"]]]


def test_keep_alive_ref_holds_the_loop_until_closed(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt("""
      const EventEmitter = require("events");
      require("probe").adopt(new EventEmitter(), true);""")
    time.sleep(0.05)
    assert not rt.loop.idle.is_set()
    probe.refs[0].close()
    assert rt.wait_until_idle(2)


def test_events_module_is_a_builtin(make_runtime: Callable[..., Runtime]) -> None:
    rt = make_runtime()
    ee = rt.require("events")
    assert ee == rt.require("node:events")
    assert rt.eval("typeof AbortController + typeof AbortSignal") == "functionfunction"


def test_helper_without_manager_fails_clearly(probe: Probe) -> None:
    from qjsbridge.engine.errors import BuilderError

    with pytest.raises(BuilderError, match="manager is not installed; add jsevents.install"
                                           "\\(\\) before probe"):
        RuntimeFactoryBuilder().with_runtime_initializers(probe.initializer()).build().new_runtime()


def test_close_after_queued_delivers_final_events(events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    rt = events_rt(SEEN + "em.on('close', () => seen.push(['closed']));")
    ref = probe.refs[0]
    gate = threading.Event()
    rt.owner.post(None, "block", lambda ctx, vm: gate.wait(5))
    ref.emit("event", "last")
    ref.emit("close")
    ref.close_after_queued()
    with pytest.raises(EmitterClosedError):
        ref.emit("event", "too late")
    gate.set()
    wait_for(lambda: probe.refs[0]._closed, message="the ref to close")
    assert rt.eval("seen") == [["last"], ["closed"]]


def test_emits_keep_their_place_among_other_posts_from_the_same_thread(
        events_rt: Callable[[str], Runtime], probe: Probe) -> None:
    # Queued emits share one loop entry; a post in between must still run between them.
    rt = events_rt(SEEN)
    ref = probe.refs[0]
    gate = threading.Event()
    rt.owner.post(None, "block", lambda ctx, vm: gate.wait(5))
    ref.emit("event", 1)
    ref.emit("event", 2)
    rt.owner.post(None, "between", lambda ctx, vm: vm.eval("seen.push(['post'])"))
    ref.emit("event", 3)
    ref.emit("event", 4)
    gate.set()
    wait_for(lambda: rt.eval("seen.length") == 5, message="four events and the post")
    assert rt.eval("seen") == [[1], [2], ["post"], [3], [4]]

