"""The Node APIs loaded on first use (engine/js/lazy.js): nothing is compiled until touched."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from qjsbridge.runner import run_file


def run(tmp_path: Path, source: str) -> str:
    (tmp_path / "main.js").write_text(source)
    out, err = io.StringIO(), io.StringIO()
    assert run_file(str(tmp_path / "main.js"), stdout=out, stderr=err) == 0, err.getvalue()
    return out.getvalue()


def test_buffer_is_a_lazy_global_until_first_read(tmp_path: Path) -> None:
    assert run(tmp_path, """
      const before = Object.getOwnPropertyDescriptor(globalThis, "Buffer");
      console.log(typeof before.get, typeof Buffer);
      const after = Object.getOwnPropertyDescriptor(globalThis, "Buffer");
      console.log(typeof after.get, after.value === require("buffer").Buffer);
    """) == "function function\nundefined true\n"


def test_assigning_a_lazy_global_replaces_it_without_loading(tmp_path: Path) -> None:
    assert run(tmp_path, """
      Buffer = 5;
      console.log(Buffer, typeof require("buffer").Buffer);
    """) == "5 function\n"


def test_url_and_text_globals_load_on_first_use(tmp_path: Path) -> None:
    out = run(tmp_path, """
      const lazy = (n) => typeof Object.getOwnPropertyDescriptor(globalThis, n).get === "function";
      const names = ["URL", "URLSearchParams", "TextEncoder", "TextDecoder", "structuredClone", "atob", "btoa"];
      console.log(names.map(lazy).join(" "));
      console.log(new URL("http://a.test/x").pathname, lazy("URL"), lazy("URLSearchParams"), lazy("TextEncoder"));
    """)
    assert out == "true true true true true true true\n/x false true true\n"


def test_url_host_functions_reject_unknown_components() -> None:
    from qjsbridge.engine.builtins import url

    assert url.parse("nope") is None
    assert url.set_component("http://a.test/", "port", "x")["href"] == "http://a.test/"
    assert url.domain_to_ascii("b\u00fccher.de") == "xn--bcher-kva.de"
    assert url.domain_to_unicode("xn--bcher-kva.de") == "b\u00fccher.de"
    assert url.domain_to_unicode("") == ""
    try:
        url.set_component("http://a.test/", "origin", "x")
    except ValueError as exc:
        assert "cannot be set" in str(exc)
    else:
        raise AssertionError("origin is not settable")


def test_unref_immediate_waits_for_ref_work_in_an_embedded_runtime(make_runtime: Any) -> None:
    from tests.conftest import wait_for

    rt = make_runtime()
    rt.eval("globalThis.ran = []; setImmediate(() => ran.push('unref')).unref(); 0")
    assert rt.wait_until_idle(2)
    assert rt.eval("ran") == []  # nothing ref'd: the loop is idle and the immediate waits
    rt.eval("setTimeout(() => ran.push('timer'), 1); 0")
    wait_for(lambda: len(rt.eval("ran")) == 2, message="both callbacks")


def test_unref_immediate_runs_when_the_keeping_timer_is_already_due(make_runtime: Any) -> None:
    # The loop finds the timer due when it polls (here: the task that set it outlived its
    # delay) and skips the wait; the unref'd immediate must still run in that iteration, as
    # after a wait, instead of waiting forever once the timer is gone.
    from tests.conftest import wait_for

    rt = make_runtime()
    rt.eval("globalThis.ran = []; setImmediate(() => ran.push('unref')).unref(); 0")
    assert rt.wait_until_idle(2)
    rt.eval("setTimeout(() => ran.push('timer'), 1); const t0 = Date.now();"
            " while (Date.now() - t0 < 5); 0")
    wait_for(lambda: len(rt.eval("ran")) == 2, message=f"both callbacks, ran {rt.eval('ran')}")
    assert sorted(rt.eval("ran")) == ["timer", "unref"]
    assert sorted(rt.eval("ran")) == ["timer", "unref"]  # ref'd work arrived: it ran too
