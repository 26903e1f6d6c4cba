"""console.log of strings and primitives, and `qjsbridge eval` of a primitive, must not load the
inspect machinery (engine/js/inspect.js); anything that needs inspecting loads it once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from qjsbridge.engine import builtins
from qjsbridge.engine.runtime import Runtime
from qjsbridge.testing import ConsoleRecorder

MakeRuntime = Callable[..., Runtime]


@pytest.fixture
def loaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    real = builtins._internal_source

    def recording(name: str) -> str:
        names.append(name)
        return real(name)

    monkeypatch.setattr(builtins, "_internal_source", recording)
    return names


def test_printing_primitives_loads_nothing(make_runtime: MakeRuntime, loaded: list[str],
                                           console: ConsoleRecorder) -> None:
    rt = make_runtime()
    rt.eval("console.log('plain'); console.log('a', 1, -0, 2n, true, null, undefined, Symbol('s'));"
            "console.error('to stderr'); console.count(); console.group('g'); console.info('x');"
            "console.groupEnd()")
    assert rt.call(lambda ctx, vm: vm.eval_inspect("40 + 2")) == "42"
    assert "inspect.js" not in loaded
    assert console.stdout == "plain\na 1 -0 2n true null undefined Symbol(s)\ndefault: 1\ng\n  x\n"
    assert console.stderr == "to stderr\n"


def test_inspecting_an_object_loads_inspect_once(make_runtime: MakeRuntime, loaded: list[str],
                                                 console: ConsoleRecorder) -> None:
    rt = make_runtime()
    rt.eval("console.log('%s!', 'x'); console.log({ a: [1] }); console.log(new Map())")
    assert loaded.count("inspect.js") == 1
    assert "util.js" not in loaded
    assert console.stdout == "x!\n{ a: [ 1 ] }\nMap(0) {}\n"
    util: Any = rt.require("util")
    assert util["promisify"] == "[Function]"
    assert loaded.count("util.js") == 1 and loaded.count("inspect.js") == 1
