"""Regression tests for ways a script or a host bug could crash, hang or escape the runtime.

Cases that used to crash the process run in a subprocess, so a regression fails one test
instead of killing the test runner.
"""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from qjsbridge.engine import context as c
from qjsbridge.engine import services
from qjsbridge.engine.errors import BuilderError, JSError
from qjsbridge.engine.runtime import Runtime
from qjsbridge.runner import run_file
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for

ROOT = Path(__file__).resolve().parent.parent


def run_py(code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def run_js(tmp_path: Path, files: dict[str, str], main: str = "main.js") -> tuple[str, str, int]:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    out, err = io.StringIO(), io.StringIO()
    code = run_file(str(tmp_path / main), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), code


# -- compiling modules ------------------------------------------------------------------------------
@pytest.mark.parametrize("escape", [
    "}), process.nextTick(() => {}), (function () {",
    "}), (() => { for (;;) {} })(), (function () {",
    "}); console.log('escaped'); (function () {",
])
def test_module_cannot_escape_its_wrapper(tmp_path: Path, escape: str) -> None:
    start = time.monotonic()
    out, err, code = run_js(tmp_path, {
        "evil.js": escape,
        "main.js": "try { require('./evil.js') } catch (e) { console.log(e.name) }\nconsole.log('alive')",
    })
    assert out == "SyntaxError\nalive\n" and code == 0, err
    assert time.monotonic() - start < 10


def test_setters_on_object_prototype_do_not_intercept_compiled_modules(tmp_path: Path) -> None:
    out, err, code = run_js(tmp_path, {
        "dep.js": "module.exports = 42;",
        "main.js": """
          let hits = 0;
          for (const key of ["value", "error"]) {
            Object.defineProperty(Object.prototype, key, { __proto__: null,
              set(v) { hits++; process.nextTick(() => {}); }, get() { hits++; }, configurable: true });
          }
          const dep = require('./dep.js');
          delete Object.prototype.value; delete Object.prototype.error;
          console.log(dep, hits);""",
    })
    assert (out, code) == ("42 0\n", 0), err


def test_a_broken_internal_file_reports_its_syntax_error(make_runtime: Callable[..., Runtime]) -> None:
    rt = make_runtime()
    with pytest.raises(JSError) as info:
        rt.call(lambda ctx, vm: vm.install_js("(function (Q) { let = ; })", "broken.js"))
    assert info.value.name == "SyntaxError" and "broken.js" in info.value.stack


# -- the internal registry stays out of reach ---------------------------------------------------------
def test_prepare_stack_trace_cannot_reach_internal_functions(tmp_path: Path) -> None:
    out, err, code = run_js(tmp_path, {"main.js": """
      const fns = [];
      Error.prepareStackTrace = (e, sites) => {
        for (const s of sites) fns.push([s.getFunctionName(), typeof s.getFunction(), typeof s.getThis()]);
        return "custom: " + sites.length;
      };
      let stack;
      try { require("./does-not-exist"); } catch (e) { stack = e.stack; }
      const prepared = typeof Error.prepareStackTrace;
      Error.prepareStackTrace = undefined;
      console.log(prepared, stack.startsWith("custom: "));
      // internal frames are not even listed (only the user's: main.js's top level)
      console.log(fns.length > 0 && !fns.some(([n]) => n === "loadFile" || n === "makeError"),
                  fns.every(([, f, t]) => f === "undefined" && t === "undefined"));
      console.log(new Error("plain").stack.split("\\n")[0]);"""})
    assert (out, code) == ("function true\ntrue true\nError: plain\n", 0), err


# -- the promise rejection tracker --------------------------------------------------------------------
def test_patched_map_methods_cannot_deadlock_the_rejection_tracker() -> None:
    proc = run_py("""
        from qjsbridge.engine.runtime import RuntimeFactoryBuilder, RuntimeOptions
        seen = []
        rt = RuntimeFactoryBuilder(RuntimeOptions(error_handler=lambda e, o: seen.append((str(e), o)))).build().new_runtime()
        rt.eval('''
          const set = Map.prototype.set;
          Map.prototype.set = function (k, v) { console.log("patched set ran"); return set.call(this, k, v); };
          Promise.reject(new Error("still reported"));''')
        import time
        for _ in range(500):
            if seen: break
            time.sleep(0.01)
        rt.eval('Map.prototype.set = () => { throw 1 }; Promise.reject(new Error("reported despite a throwing set"))')
        for _ in range(500):
            if len(seen) > 1: break
            time.sleep(0.01)
        print(seen)
        rt.close()
    """, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "('Error: still reported', 'unhandledRejection')" in proc.stdout
    assert "reported despite a throwing set" in proc.stdout


# -- re-entering JS from host functions -------------------------------------------------------------
def test_deep_recursion_with_reentry_throws_instead_of_crashing(tmp_path: Path) -> None:
    (tmp_path / "main.js").write_text("""
      const { ping } = require("cb");
      function f(n) { if (n % 100 === 0) ping(); return f(n + 1) + 1; }
      try { f(0); console.log("no error?"); } catch (e) { console.log(e.name); }""")
    proc = run_py(f"""
        from qjsbridge.engine.runtime import RuntimeFactoryBuilder, NativeModuleSpec, RuntimeOptions
        from qjsbridge.engine.modules import NativeModule
        from qjsbridge.engine.builtins import stream_console
        def loader(setup):
            vm = setup.vm
            return NativeModule("cb", {{"ping": lambda: vm.call_op("handleCount")}})
        rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[{str(tmp_path)!r}], console=stream_console()))
              .with_modules(NativeModuleSpec("cb", loader)).build().new_runtime())
        rt.run_main({str(tmp_path / "main.js")!r})
        print("survived", flush=True)
        rt.close()
    """)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout == "RangeError\nsurvived\n"


# -- host functions that fail badly ------------------------------------------------------------------
def test_host_errors_that_cannot_be_described_still_become_js_errors(make_runtime: Callable[..., Runtime],
                                                                     tmp_path: Path) -> None:
    import os

    from qjsbridge.engine.modules import NativeModule
    from qjsbridge.engine.runtime import NativeModuleSpec, RuntimeFactoryBuilder, RuntimeOptions

    class Unprintable(Exception):
        def __str__(self) -> str:
            raise RuntimeError("no")

    def raise_unprintable() -> None:
        raise Unprintable()

    def stat_fd() -> Any:
        return os.stat(987654)  # OSError whose filename is an int

    (tmp_path / "m.js").write_text("""
      const h = require("h"); const out = [];
      for (const f of [h.unprintable, h.statFd]) { try { f(); } catch (e) { out.push(e.name + ": " + e.message); } }
      out.push(typeof isNaN(1));  // the next call must not see a leftover Python error
      module.exports = out;""")
    rt = make_runtime(RuntimeFactoryBuilder(RuntimeOptions(module_roots=[tmp_path])).with_modules(
        NativeModuleSpec("h", NativeModule("h", {"unprintable": raise_unprintable, "statFd": stat_fd}))))
    out = rt.require("./m.js")
    assert out[0] == "Error: host function failed"
    assert out[1].startswith("Error: EBADF: Bad file descriptor")
    assert out[2] == "boolean"


def test_failed_vm_setup_releases_the_context_on_the_owner_thread() -> None:
    proc = run_py("""
        import gc
        import _quickjs
        from qjsbridge.engine.runtime import RuntimeFactoryBuilder, RuntimeOptions
        try:
            RuntimeFactoryBuilder(RuntimeOptions(memory_limit=200_000)).build().new_runtime()
        except Exception as exc:
            print("failed cleanly:", type(exc).__name__)
        gc.collect()
        print("contexts left:", sum(type(o) is _quickjs.Context for o in gc.get_objects()))
    """)
    assert proc.returncode == 0, proc.stderr
    assert "failed cleanly" in proc.stdout and "contexts left: 0" in proc.stdout


# -- the loop and the runner -------------------------------------------------------------------------
def test_an_interval_that_throws_keeps_firing(make_runtime: Callable[..., Runtime]) -> None:
    errors: list[str] = []
    rt = make_runtime(error_handler=lambda exc, origin: errors.append(str(exc)))
    rt.eval("""globalThis.n = 0;
      const iv = setInterval(() => { n++; if (n === 3) clearInterval(iv); throw new Error('tick ' + n); }, 2);""")
    wait_for(lambda: rt.eval("n") == 3, message="three ticks")
    assert rt.wait_until_idle(2)  # cleared: nothing keeps the loop alive any more
    assert errors[:3] == ["Error: tick 1", "Error: tick 2", "Error: tick 3"]


def assert_sigint_stops(script: Path, first_line: str, settle: float = 0.0) -> None:
    """Run ``script`` with the CLI, wait for its first line, send SIGINT: it must exit with 130."""
    proc = subprocess.Popen([sys.executable, "-m", "qjsbridge", "run", str(script)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == first_line
        time.sleep(settle)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 130
    finally:
        proc.kill()


def test_sigint_interrupts_a_script_stuck_while_loading(tmp_path: Path) -> None:
    (tmp_path / "stuck.js").write_text("console.log('loading'); for (;;) {}")
    assert_sigint_stops(tmp_path / "stuck.js", "loading\n")


def test_custom_context_posts_do_not_leak_registrations(make_runtime: Callable[..., Runtime]) -> None:
    rt = make_runtime()
    svc = services.lookup(rt.vm)
    assert svc is not None
    app_ctx, cancel = c.with_cancel(c.background())
    done: list[int] = []
    for i in range(200):
        svc.post_with_custom_context(app_ctx, "p", lambda ctx, vm, i=i: done.append(i))
    wait_for(lambda: len(done) == 200, message="all posts")
    assert len(app_ctx._callbacks or {}) == 0  # type: ignore[attr-defined]
    cancel()


def test_eval_of_a_lone_surrogate_prints_a_replacement_character(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "qjsbridge", "eval", '"a\\ud800b"'], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)
    assert (proc.stdout, proc.returncode) == ("a\ufffdb\n", 0), proc.stderr


def test_console_output_with_lone_surrogates(tmp_path: Path) -> None:
    (tmp_path / "main.js").write_text("console.log('x\\udcff'); console.log({s: '\\ud800'})")
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")  # strict, like a real stdout
    code = run_file(str(tmp_path / "main.js"), stdout=out, stderr=io.StringIO())
    out.flush()
    assert code == 0
    assert raw.getvalue().decode() == "x\ufffd\n{ s: '\\ud800' }\n"  # what node prints


def test_runtime_factory_errors_are_builder_errors_not_crashes() -> None:
    from qjsbridge.engine.runtime import Initializer, RuntimeFactoryBuilder

    def bad(setup: Any) -> None:
        setup.install_js("(function (Q) { throw new TypeError('init broke') })", "bad.js")

    with pytest.raises(BuilderError, match="init broke"):
        RuntimeFactoryBuilder().with_runtime_initializers(Initializer("bad", bad)).build().new_runtime()
    assert json is not None and ConsoleRecorder is not None


# -- second review ------------------------------------------------------------------------------
def test_a_body_that_calls_out_of_its_wrapper_cannot_reach_python(tmp_path: Path) -> None:
    # `}(EXPR), function () {` is a valid function *declaration* followed by a statement, but in
    # the CommonJS wrapper it makes EXPR run during the compile: it must not reach Python there.
    from qjsbridge.engine.modules import NativeModule
    from qjsbridge.engine.runtime import NativeModuleSpec, RuntimeFactoryBuilder, RuntimeOptions

    (tmp_path / "evil.js").write_text('}(globalThis.R("m")), function () {')
    (tmp_path / "main.js").write_text(
        "globalThis.R = require;\n"
        "try { require('./evil.js') } catch (e) { globalThis.out = e.name + ': ' + e.message }")
    rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[tmp_path]))
          .with_modules(NativeModuleSpec("m", NativeModule("m", {"f": lambda: 1}, source="exports.y = 2;")))
          .build().new_runtime())
    try:
        rt.run_main(tmp_path / "main.js")
        out = rt.eval("out")
        assert "SyntaxError" in out or "cannot be called while a module is being compiled" in out
        assert rt.require("m")["y"] == 2  # and nothing is broken afterwards
    finally:
        rt.close()


def test_a_spin_that_escaped_its_wrapper_can_still_be_stopped(tmp_path: Path) -> None:
    (tmp_path / "evil.js").write_text("}((() => { for (;;) {} })()), function () {")
    (tmp_path / "main.js").write_text("console.log('start'); require('./evil.js');")
    assert_sigint_stops(tmp_path / "main.js", "start\n", settle=0.3)


def test_patched_iterators_cannot_see_internal_calls(make_runtime: Callable[..., Runtime]) -> None:
    rt = make_runtime()
    rt.eval("""
      globalThis.seen = [];
      const original = Array.prototype[Symbol.iterator];
      Array.prototype[Symbol.iterator] = function () {
        seen.push(this.map((v) => (v !== null && typeof v === "object") ? Object.keys(v).join(",") : String(v)).join("|"));
        return original.call(this);
      };""")
    rt.call(lambda ctx, vm: vm.invoke("handleCount"))
    rt.call(lambda ctx, vm: vm.call_op("handleCount"))
    assert rt.eval("seen.filter((s) => s.includes('handleCount') || s.includes('ops')).length") == 0


def test_forged_handle_lists_have_no_effect(tmp_path: Path, console: ConsoleRecorder) -> None:
    from qjsbridge import jsevents
    from qjsbridge.engine.builtins import NodeGlobals
    from qjsbridge.engine.runtime import RuntimeFactoryBuilder, RuntimeOptions
    from qjsbridge.fswatch import FSWatchHelper, FSWatchOptions

    (tmp_path / "main.js").write_text("""
      const EventEmitter = require("events");
      globalThis.first = []; globalThis.second = [];
      const a = new EventEmitter(); a.on("event", (e) => first.push(e.relativeName));
      globalThis.c1 = fswatch.watch(".", a);
      const push = Array.prototype.push;
      Array.prototype.push = function (...items) { return push.call(this, ...items, [0, 2, "function"]); };
      Array.prototype.toJSON = function () { return [1, 2, 3]; };
      const b = new EventEmitter(); b.on("event", (e) => second.push(e.relativeName));
      try { fswatch.watch(".", b); } catch (e) { globalThis.sabotaged = e.name + ": " + e.message; }
      finally { Array.prototype.push = push; delete Array.prototype.toJSON; }
      globalThis.c2 = fswatch.watch(".", b);""")
    rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[tmp_path], node_globals=NodeGlobals(),
                                               console=console))
          .with_runtime_initializers(jsevents.install(), FSWatchHelper(FSWatchOptions(root=str(tmp_path))))
          .build().new_runtime())
    try:
        rt.run_main(tmp_path / "main.js")
        # The script broke JSON for its own call: a clean TypeError, not a forged handle.
        assert rt.eval("globalThis.sabotaged") == ("TypeError: fswatch: include must be an array "
                                                   "of non-empty strings")
        (tmp_path / "new.txt").write_text("x")
        wait_for(lambda: "new.txt" in rt.eval("first") and "new.txt" in rt.eval("second"),
                 message="both watches to see the file")
    finally:
        rt.close()


def test_owner_max_wait_never_drops_events(tmp_path: Path) -> None:
    from qjsbridge.engine.modules import NativeModule
    from qjsbridge.engine.runtime import Initializer, RuntimeFactoryBuilder, RuntimeOptions

    from qjsbridge import jsevents

    refs: list[Any] = []

    def init(setup: Any) -> None:
        m = jsevents.Manager.from_setup(setup, "t")
        setup.define_module(NativeModule("t", {"adopt": lambda em: refs.append(m.adopt_emitter_on_owner(em))}))

    (tmp_path / "main.js").write_text("""
      const E = require("events"); globalThis.got = [];
      const em = new E(); em.on("x", (n) => got.push(n)); require("t").adopt(em);""")
    # calls (unlike posts) are bounded by max_wait: the set-up calls get a deadline of their own,
    # or a loaded machine fails them before the case under test begins
    patient = c.with_timeout(c.background(), 30)[0]
    rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[tmp_path], owner_max_wait=0.05))
          .with_runtime_initializers(jsevents.install(), Initializer("t", init))
          .build().new_runtime(startup=patient))
    try:
        rt.run_main(tmp_path / "main.js", patient)
        rt.owner.post(None, "busy", lambda ctx, vm: time.sleep(0.3))  # longer than max_wait
        for i in range(5):
            refs[0].emit("x", i)
        refs[0].close_after_queued()
        wait_for(lambda: rt.eval("got.length", patient) == 5, message="every event")
        assert rt.wait_until_idle(2)
    finally:
        rt.close()


def test_long_concatenated_strings_cross_to_python(make_runtime: Callable[..., Runtime],
                                                   console: ConsoleRecorder) -> None:
    # quickjs-ng represents long concatenations as ropes, which the binding cannot convert.
    rt = make_runtime()
    assert len(rt.eval("const big = 'x'.repeat(3000); big + big")) == 6000
    rt.eval("const s = 'y'.repeat(5000); console.log(s + s)")
    assert console.stdout == "y" * 10000 + "\n"
    assert rt.call(lambda ctx, vm: vm.eval_inspect("'z'.repeat(4000) + 'z'.repeat(4000)")) == "z" * 8000


def test_to_json_hooks_cannot_rewrite_errors(make_runtime: Callable[..., Runtime]) -> None:
    errors: list[str] = []
    rt = make_runtime(error_handler=lambda exc, origin: errors.append(f"{type(exc).__name__}: {exc}"))
    with pytest.raises(JSError, match="boom"):
        rt.eval("Array.prototype.toJSON = () => ({}); Object.prototype.toJSON = () => 1; throw new Error('boom')")
    rt.eval("Promise.reject(new Error('rejected'))")
    wait_for(lambda: errors, message="the rejection report")
    assert errors == ["JSError: Error: rejected"]
    rt.eval("delete Array.prototype.toJSON; delete Object.prototype.toJSON")


def test_a_refused_next_tick_does_not_break_later_ones(tmp_path: Path) -> None:
    out, err, code = run_js(tmp_path, {
        "evil.js": "}((() => { try { process.nextTick(() => {}) } catch {} })()), function () {",
        "main.js": """
          try { require('./evil.js') } catch (e) { console.log('caught', e.name) }
          process.nextTick(() => console.log('tick ran'));""",
    })
    assert out == "caught SyntaxError\ntick ran\n", err


def test_a_patched_weakset_cannot_forge_the_emitter_brand(tmp_path: Path, console: ConsoleRecorder) -> None:
    from qjsbridge import jsevents
    from qjsbridge.engine.builtins import NodeGlobals
    from qjsbridge.engine.runtime import RuntimeFactoryBuilder, RuntimeOptions
    from qjsbridge.fswatch import FSWatchHelper, FSWatchOptions

    (tmp_path / "main.js").write_text("""
      let leaked = null;
      const has = WeakSet.prototype.has;
      WeakSet.prototype.has = function (v) { leaked = this; return true; };
      try { fswatch.watch(".", { on() {}, emit() {} }); globalThis.r = "accepted"; }
      catch (e) { globalThis.r = e.message; }
      WeakSet.prototype.has = has;
      globalThis.leaked = leaked !== null;""")
    rt = (RuntimeFactoryBuilder(RuntimeOptions(module_roots=[tmp_path], node_globals=NodeGlobals(),
                                               console=console))
          .with_runtime_initializers(jsevents.install(), FSWatchHelper(FSWatchOptions(root=str(tmp_path))))
          .build().new_runtime())
    try:
        rt.run_main(tmp_path / "main.js")
        assert rt.eval("[r, leaked]") == ["jsevents: value is not an events.EventEmitter", False]
    finally:
        rt.close()
