"""engine.runtime: factory, setup, values, closers and close(), incl. the Go engine tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qjsbridge.engine import context as c
from qjsbridge.engine import services
from qjsbridge.engine.errors import (
    BuilderError,
    CallbackError,
    CloseError,
    JSError,
    OwnerClosedError,
    RuntimeClosingError,
)
from qjsbridge.engine.modules import NativeModule
from qjsbridge.engine.runtime import (
    Initializer,
    NativeModuleSpec,
    Runtime,
    RuntimeFactoryBuilder,
    RuntimeOptions,
    SetupContext,
)
from qjsbridge.testing import LeakSnapshot, check_leaks
from tests.conftest import wait_for

MakeRuntime = Callable[..., Runtime]


def test_require_from_module_roots(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    (tmp_path / "entry.js").write_text("module.exports = { ok: require('./dep').answer };")
    (tmp_path / "dep.json").write_text('{"answer": 42}')
    rt = make_runtime(module_roots=[tmp_path])
    assert rt.require("./entry.js") == {"ok": 42}


def test_initializers_see_startup_context(make_runtime: MakeRuntime) -> None:
    seen: list[Any] = []
    builder = RuntimeFactoryBuilder().with_runtime_initializers(
        Initializer("probe", lambda s: seen.append(s.context.value("startup-key"))))
    rt = builder.build().new_runtime(startup=c.with_value(c.background(), "startup-key", "S"))
    try:
        assert seen == ["S"]
    finally:
        rt.close()


def test_new_runtime_rejects_canceled_startup_context() -> None:
    startup, cancel = c.with_cancel(c.background())
    cancel()
    before = LeakSnapshot.take()
    with pytest.raises(c.Canceled):
        RuntimeFactoryBuilder().build().new_runtime(startup=startup)
    check_leaks(before, timeout=0)  # nothing was started, or it is closed already


def test_runtime_context_ends_with_lifetime_parent() -> None:
    lifetime, cancel = c.with_cancel(c.background())
    rt = RuntimeFactoryBuilder().build().new_runtime(lifetime=lifetime)
    try:
        assert not rt.context.is_done()
        cancel()
        assert rt.context.is_done()
    finally:
        rt.close()


def test_closers_run_before_services_are_deleted(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    seen: list[Any] = []

    def closer(ctx: c.Context) -> None:
        svc = services.lookup(rt.vm)
        seen.append(svc is not None and svc.owner is rt.owner)
        # closers may still run code on the owner thread
        seen.append(rt.call(lambda c2, vm: vm.eval("6 * 7")))

    rt.add_closer(closer)
    rt.close()
    assert seen == [True, 42]
    assert services.lookup(rt.vm) is None


def test_runtime_context_cancels_on_close(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    assert not rt.context.is_done()
    rt.close()
    assert rt.context.is_done()


def test_create_and_close_repeatedly_leaves_no_threads() -> None:
    before = LeakSnapshot.take()
    for _ in range(20):
        RuntimeFactoryBuilder().build().new_runtime().close()
    check_leaks(before, timeout=0)  # at once: close() has joined every thread it started


def test_recovered_panic_stack(make_runtime: MakeRuntime) -> None:
    rt = make_runtime(include_callback_traceback=True)

    def engine_boom(ctx: c.Context, vm: Any) -> None:
        raise RuntimeError("engine boom")

    with pytest.raises(CallbackError) as info:
        rt.call(engine_boom)
    assert "engine boom" in str(info.value) and "engine_boom" in str(info.value)


def test_module_registrar_runs_per_runtime(make_runtime: MakeRuntime) -> None:
    counter = iter(range(1, 100))
    spec = NativeModuleSpec("runtime-info", lambda s: NativeModule("runtime-info", data={"id": next(counter)}))
    factory_builder = RuntimeFactoryBuilder().with_modules(spec)
    factory = factory_builder.build()
    rts = [factory.new_runtime() for _ in range(2)]
    try:
        assert [r.require("runtime-info")["id"] for r in rts] == [1, 2]
    finally:
        for r in rts:
            r.close()


def test_closers_run_in_reverse_order(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    order: list[str] = []
    rt.add_closer(lambda ctx: order.append("first"))
    rt.add_closer(lambda ctx: order.append("second"))
    rt.close()
    assert order == ["second", "first"]


def test_registrar_closers_run_and_values_persist() -> None:
    ran: list[int] = []

    class Registrar:
        id = "reg"

        def register(self, setup: SetupContext) -> None:
            setup.add_closer(lambda ctx: ran.append(1))
            setup.set_value("runtime-id", 42)
            setup.set_value("", "ignored")

    def init(setup: SetupContext) -> None:
        setup.set_value("init-read", setup.value("runtime-id"))
        setup.set_value("init-only", "x")

    rt = (RuntimeFactoryBuilder().with_modules(Registrar())
          .with_runtime_initializers(Initializer("init", init)).build().new_runtime())
    assert rt.value("runtime-id") == 42
    assert rt.value("init-read") == 42 and rt.value("init-only") == "x"
    assert rt.value("") is None
    rt.close()
    assert ran == [1]


def test_builtin_modules_can_be_disabled(make_runtime: MakeRuntime) -> None:
    rt = make_runtime(builtin_files=())
    for name in ("path", "timers", "timer"):
        with pytest.raises(JSError) as info:
            rt.require(name)
        assert info.value.code == "MODULE_NOT_FOUND"


def test_data_only_modules_enabled_by_default(rt: Runtime) -> None:
    assert rt.eval("typeof require === 'undefined'")  # no global require in scripts
    assert rt.call(lambda c2, vm: vm.eval(
        "[typeof globalThis.setTimeout]")) == ["function"]  # node globals fixture
    for spec in ("timer", "timers", "node:timers", "path", "node:path"):
        assert rt.require(spec) is not None


# -- builder validation -----------------------------------------------------------------------
def test_builder_validation_errors() -> None:
    class Spec:
        def __init__(self, id: str) -> None:
            self.id = id

        def register(self, setup: SetupContext) -> None:
            pass

    with pytest.raises(BuilderError, match="module spec at index 1 is None"):
        RuntimeFactoryBuilder().with_modules(Spec("a"), None).build()  # type: ignore[arg-type]
    with pytest.raises(BuilderError, match="module spec at index 0 has empty ID"):
        RuntimeFactoryBuilder().with_modules(Spec("  ")).build()
    with pytest.raises(BuilderError, match='duplicate module ID "a" at indexes 0 and 2'):
        RuntimeFactoryBuilder().with_modules(Spec("a"), Spec("b"), Spec("a")).build()
    with pytest.raises(BuilderError, match="runtime initializer at index 0 is None"):
        RuntimeFactoryBuilder().with_runtime_initializers(None).build()  # type: ignore[arg-type]
    with pytest.raises(BuilderError, match='duplicate runtime initializer ID "i"'):
        RuntimeFactoryBuilder().with_runtime_initializers(
            Initializer("i", lambda s: None), Initializer("i", lambda s: None)).build()


def test_builder_is_frozen_after_build() -> None:
    b = RuntimeFactoryBuilder()
    b.build()
    for mutate in (b.build, lambda: b.with_modules(), lambda: b.with_runtime_initializers(),
                   lambda: b.with_options(name="x")):
        with pytest.raises(BuilderError, match="engine builder is already built and immutable"):
            mutate()


def test_failing_initializer_closes_runtime_and_names_it() -> None:
    before = LeakSnapshot.take()

    def bad(setup: SetupContext) -> None:
        raise ValueError("no good")

    with pytest.raises(BuilderError, match='runtime initializer "bad": .*no good'):
        RuntimeFactoryBuilder().with_runtime_initializers(Initializer("bad", bad)).build().new_runtime()
    check_leaks(before, timeout=0)  # the half-made runtime was closed, its thread joined


def test_failing_registrar_is_named() -> None:
    class Bad:
        id = "broken"

        def register(self, setup: SetupContext) -> None:
            raise RuntimeError("nope")

    with pytest.raises(BuilderError, match='register module "broken"'):
        RuntimeFactoryBuilder().with_modules(Bad()).build().new_runtime()


def test_native_module_functions_and_errors(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    from qjsbridge.engine.errors import HostError

    def double(n: int) -> int:
        if n < 0:
            raise HostError("n must be >= 0", name="RangeError", code="ERR_OUT_OF_RANGE",
                            props={"received": str(n)})
        return n * 2

    def read(path: str) -> str:
        with open(path) as f:  # OSError -> JS Error with the errno name as code
            return f.read()

    spec = NativeModuleSpec("math2", NativeModule("math2", {"double": double, "read": read},
                                                  {"PI": 3.14}))
    (tmp_path / "main.js").write_text("""
      const m = require('math2');
      const out = [m.double(21), m.PI];
      try { m.double(-1) } catch (e) {
        out.push(e instanceof RangeError, e.code, e.message, Object.keys(e).join(), e.received)
      }
      try { m.read('/nonexistent/x') } catch (e) { out.push(e.code, e.message) }
      module.exports = out;
    """)
    rt = make_runtime(RuntimeFactoryBuilder(RuntimeOptions(module_roots=[tmp_path])).with_modules(spec))
    assert rt.require("./main.js") == [
        42, 3.14, True, "ERR_OUT_OF_RANGE", "n must be >= 0", "code,received", "-1",
        "ENOENT", "ENOENT: No such file or directory, '/nonexistent/x'",
    ]


# -- close --------------------------------------------------------------------------------------
def test_close_is_idempotent_and_add_closer_after_close_fails(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    rt.close()
    rt.close()
    assert rt.is_closed
    with pytest.raises(RuntimeClosingError, match="runtime is closing or closed"):
        rt.add_closer(lambda ctx: None)
    with pytest.raises(OwnerClosedError):
        rt.eval("1")


def test_close_interrupts_an_infinite_loop(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    rt.owner.post(None, "spin", lambda ctx, vm: vm.eval("while (true) {}"))
    wait_for(lambda: rt.loop.task_running, message="spin to start")
    time.sleep(0.05)
    start = time.monotonic()
    rt.close()
    assert time.monotonic() - start < 1.0
    assert not any(t.name == "qjsbridge-runtime" for t in threading.enumerate())


def test_close_interrupts_an_infinite_loop_in_a_timer(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    rt.eval("setTimeout(() => { for (;;) {} }, 1)")
    wait_for(lambda: rt.loop.task_running, message="timer to spin")
    start = time.monotonic()
    rt.close()
    assert time.monotonic() - start < 1.0


def test_close_uses_context_deadline_for_waiting(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    rt.owner.post(None, "spin", lambda ctx, vm: vm.eval("for (;;) {}"))
    wait_for(lambda: rt.loop.task_running, message="spin")
    ctx, _ = c.with_timeout(c.background(), 0.02)
    start = time.monotonic()
    rt.close(ctx)
    assert time.monotonic() - start < 0.5


def test_close_from_owner_thread_fails_clearly(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()

    def inside(ctx: c.Context, vm: Any) -> str:
        with pytest.raises(RuntimeClosingError, match="owner thread"):
            rt.close()
        return "still open"

    assert rt.call(inside) == "still open"
    assert not rt.is_closed


def test_closer_errors_are_collected_and_all_closers_run(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    ran: list[str] = []

    def bad(ctx: c.Context) -> None:
        ran.append("bad")
        raise ValueError("closer failed")

    rt.add_closer(lambda ctx: ran.append("first"))
    rt.add_closer(bad)
    with pytest.raises(CloseError, match="closer failed") as info:
        rt.close()
    assert ran == ["bad", "first"]
    assert isinstance(info.value.errors[0], ValueError)


def test_pending_timers_never_fire_after_close(make_runtime: MakeRuntime) -> None:
    fired: list[str] = []
    rt = make_runtime(console=lambda stream, text: fired.append(text))
    rt.eval("setTimeout(() => console.log('late'), 30)")
    rt.close()
    time.sleep(0.08)
    assert fired == []


def test_concurrent_close_waits_for_the_first(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    slow = threading.Event()
    rt.add_closer(lambda ctx: slow.wait(0.2))
    t = threading.Thread(target=rt.close)
    t.start()
    time.sleep(0.02)
    rt.close()  # returns only once the first close is done
    assert rt.is_closed
    t.join()


def test_memory_limit_throws_out_of_memory(make_runtime: MakeRuntime) -> None:
    rt = make_runtime(memory_limit=32 * 1024 * 1024)
    with pytest.raises(JSError) as info:
        rt.eval("const a = []; for (;;) a.push('x'.repeat(1 << 20) + Math.random());")
    assert "out of memory" in str(info.value)
    assert rt.eval("'recovered'") == "recovered"


def test_uncaught_errors_go_to_the_error_handler(make_runtime: MakeRuntime) -> None:
    seen: list[tuple[str, str]] = []
    rt = make_runtime(error_handler=lambda exc, origin: seen.append((str(exc), origin)))
    rt.eval("""
      setTimeout(() => { throw new TypeError('in timer') }, 1);
      Promise.reject(new Error('nobody handles me'));
      queueMicrotask(() => { throw new RangeError('in microtask') });
    """)
    wait_for(lambda: len(seen) >= 3, message="three uncaught errors")
    assert ("TypeError: in timer", "task") in seen
    assert ("Error: nobody handles me", "unhandledRejection") in seen
    assert ("RangeError: in microtask", "uncaughtException") in seen
    assert rt.eval("'alive'") == "alive"


def test_500_threads_calling_into_js_are_serialised(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    rt.eval("globalThis.counter = 0; globalThis.bump = () => { const n = counter; counter = n + 1; return n; }")
    start = threading.Barrier(500)
    results: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        start.wait()
        got = rt.call(lambda ctx, vm: vm.eval("bump()"))
        with lock:
            results.append(got)

    threads = [threading.Thread(target=worker) for _ in range(500)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert rt.eval("counter") == 500
    assert sorted(results) == list(range(500))  # every call saw a distinct, consistent state
