"""engine.vm: what crosses the binding boundary, and how errors and interrupts behave."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from qjsbridge.engine.errors import JSError
from qjsbridge.engine.runtime import Runtime
from qjsbridge.engine.vm import encode_json
from tests.conftest import wait_for


def on_owner(rt: Runtime, fn: Any) -> Any:
    return rt.call(lambda ctx, vm: fn(vm))


def test_values_round_trip_including_nul_and_lone_surrogates(rt: Runtime) -> None:
    value = {"s": "a\x00b", "lone": "\udcff", "emoji": "\U0001f600", "n": 2**40, "f": 1.5,
             "neg": -(2**53) + 1, "nested": [None, True, {"x": []}]}
    src = f"const v = {encode_json(value)}; v"
    assert rt.eval(src) == value
    assert rt.eval("'a\\u0000b'.length") == 3


def test_big_ints_are_refused_not_truncated() -> None:
    with pytest.raises(ValueError, match=r"payload\.a\[1\]: integer .* outside JavaScript's safe range"):
        encode_json({"a": [1, 2**53]}, "payload")
    assert encode_json([float("nan"), {"x": float("-inf")}, 1.5]) == "[null,{\"x\":null},1.5]"
    assert encode_json({"s": "\udcff", 1: float("nan")}) == '{"s":"\\udcff","1":null}'
    assert encode_json({"a": {"b": [0, -(2**53 - 1)]}}) == '{"a":{"b":[0,-9007199254740991]}}'
    with pytest.raises(TypeError, match="not JSON serializable"):
        encode_json({"x": object()})


def test_call_op_sends_large_ints_as_floats(rt: Runtime) -> None:
    # the binding silently truncates ints outside int32 (2**40 -> 0); call_op must not
    def check(vm: Any) -> list[Any]:
        vm.install_js("(function (Q) { Q.ops.echo = (x) => x; })", "echo.js")
        return [vm.call_op("echo", 2**40), vm.call_op("echo", -(2**31)), vm.call_op("echo", 2**31)]

    assert on_owner(rt, check) == [2**40, -(2**31), 2**31]


def test_call_op_takes_any_number_of_arguments_and_follows_op_changes(rt: Runtime) -> None:
    # Up to four arguments go through a bound function per op, more through Q.call: both alike.
    def check(vm: Any) -> list[Any]:
        vm.install_js("(function (Q) { Q.ops.count = (...a) => a.length + ':' + a.join(','); })",
                      "count.js")
        out = [vm.call_op("count"), vm.call_op("count", 1, "b"), vm.call_op("count", 1, 2, 3, 4, 5, 6)]
        vm.install_js("(function (Q) { Q.ops.count = () => 'replaced'; })", "count2.js")
        out.append(vm.call_op("count", 1))  # the bound function looks the op up on every call
        for args in ((), (1, 2, 3, 4, 5)):
            try:
                vm.call_op("noSuchOp", *args)
            except JSError as exc:
                out.append(exc.message)
        return out

    assert on_owner(rt, check) == ["0:", "2:1,b", "6:1,2,3,4,5,6", "replaced",
                                   "unknown internal op noSuchOp", "unknown internal op noSuchOp"]


def test_js_errors_carry_name_message_stack_code(rt: Runtime) -> None:
    with pytest.raises(JSError) as info:
        rt.eval("function thrower() { const e = new RangeError('bad thing'); e.code = 'E_BAD'; throw e }\n"
                "thrower()")
    err = info.value
    assert (err.name, err.message, err.code) == ("RangeError", "bad thing", "E_BAD")
    assert err.stack.startswith("RangeError: bad thing\n    at thrower")


def test_thrown_non_errors(rt: Runtime) -> None:
    with pytest.raises(JSError) as info:
        rt.eval("throw 'plain string'")
    assert info.value.name == "" and info.value.message == "plain string"
    with pytest.raises(JSError) as info:
        rt.eval("throw {a: 1}")
    assert info.value.message == "{ a: 1 }"


def test_stack_header_is_lazy_like_v8(rt: Runtime) -> None:
    assert rt.eval("""
      class MyErr extends Error { constructor(m) { super(m); this.name = 'MyErr' } }
      new MyErr('hi').stack.split('\\n')[0]""") == "MyErr: hi"
    assert rt.eval("const e = new Error('x'); e.stack = 'custom'; e.stack") == "custom"
    assert rt.eval("const o = {}; Error.captureStackTrace(o); o.stack.split('\\n')[0]") == "Error"


def test_deep_recursion_throws_range_error_instead_of_crashing(rt: Runtime) -> None:
    with pytest.raises(JSError) as info:
        rt.eval("function r(n) { return n === 0 ? 0 : 1 + r(n - 1) } r(1e7)")
    assert info.value.name == "RangeError"
    assert rt.eval("r(8000)") == 8000


def test_interrupt_from_another_thread(rt: Runtime) -> None:
    assert rt.vm.can_interrupt
    threading.Timer(0.1, rt.loop.interrupt).start()
    start = time.monotonic()
    with pytest.raises(JSError) as info:
        rt.eval("let caught = false; try { for (;;) {} } catch (e) { caught = true } finally { globalThis.fin = 1 }")
    assert info.value.interrupted and info.value.name == "InternalError"
    assert time.monotonic() - start < 2
    # uncatchable: neither catch nor finally ran, and the VM keeps working
    assert rt.eval("typeof globalThis.fin") == "undefined"


def test_interrupt_between_tasks_does_nothing(rt: Runtime) -> None:
    wait_for(lambda: not rt.loop.task_running)
    assert rt.loop.interrupt() is False
    assert rt.eval("1 + 1") == 2


def test_vm_refuses_other_threads(rt: Runtime) -> None:
    with pytest.raises(Exception, match="owner thread"):
        rt.vm.eval("1")


def test_host_function_exceptions_never_escape(rt: Runtime) -> None:
    def bad(*args: Any) -> Any:
        raise KeyError("nope")

    def register(vm: Any) -> None:
        vm.register("test.bad", bad)
        vm.install_js("(function (Q) { Q.ops.callBad = () => { try { Q.hostCall('test.bad'); return 'no' }"
                      " catch (e) { return e.name + '|' + e.code + '|' + e.message } } })", "t.js")

    on_owner(rt, register)
    assert on_owner(rt, lambda vm: vm.call_op("callBad")) == "Error|ERR_HOST_EXCEPTION|KeyError: 'nope'"
    assert rt.eval("'fine'") == "fine"


def test_module_source_cannot_run_code_while_compiling(tmp_path: Any, make_runtime: Any,
                                                      console: Any) -> None:
    # A file that closes the CommonJS wrapper early would run code at compile time, where
    # re-entering Python crashes the binding: it is rejected as a SyntaxError before anything runs.
    (tmp_path / "evil.js").write_text("}); console.log('escaped'); (function () {")
    rt = make_runtime(module_roots=[tmp_path])
    with pytest.raises(JSError) as info:
        rt.require("./evil.js")
    assert info.value.name == "SyntaxError" and "evil.js" in info.value.stack
    assert console.stdout == ""
    assert rt.eval("'alive'") == "alive"


def test_memory_usage_is_reported(rt: Runtime) -> None:
    usage = on_owner(rt, lambda vm: vm.memory_usage())
    assert usage["obj_count"] > 0 and usage["memory_used_size"] > 0
