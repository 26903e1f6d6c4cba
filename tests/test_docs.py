"""The code examples in the guides run as written."""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path
from typing import Any

from qjsbridge.engine.builtins import NodeGlobals
from qjsbridge.engine.runtime import RuntimeOptions
from tests.conftest import ConsoleCapture, wait_for

DOCS = Path(__file__).resolve().parent.parent / "qjsbridge" / "docs"


def code_blocks(guide: str, lang: str) -> list[str]:
    text = (DOCS / guide).read_text()
    return [textwrap.dedent(m) for m in re.findall(rf"```{lang}\n(.*?)```", text, re.S)]


def test_connected_emitters_helper_example(tmp_path: Path, console: ConsoleCapture) -> None:
    python = next(b for b in code_blocks("connected-emitters.md", "python") if "ticker_helper" in b)
    js = next(b for b in code_blocks("connected-emitters.md", "js") if "ticker" in b)
    scope: dict[str, Any] = {}
    exec(compile(python, "connected-emitters.md", "exec"), scope)
    (tmp_path / "main.js").write_text(js.replace("0.5", "0.02"))
    builder = scope["RuntimeFactoryBuilder"](RuntimeOptions(
        module_roots=[tmp_path], node_globals=NodeGlobals(), console=console))
    factory = (builder.with_runtime_initializers(scope["jsevents"].install(), scope["ticker_helper"]())
               .build())
    rt = factory.new_runtime()
    try:
        rt.run_main(tmp_path / "main.js")
        wait_for(lambda: "tick 3\n" in console.text(), message="three ticks")
        assert console.text().startswith("tick 1\ntick 2\ntick 3\n")
        assert not rt.loop.idle.is_set()  # the running ticker keeps the loop alive
    finally:
        rt.close()
    time.sleep(0.05)
    assert not any(t.name == "ticker" and t.is_alive() for t in __import__("threading").enumerate())


def test_fswatch_host_policy_example(tmp_path: Path) -> None:
    python = next(b for b in code_blocks("fswatch.md", "python") if "FSWatchOptions(" in b)
    python = python.replace('"/srv/project"', repr(str(tmp_path)))
    scope: dict[str, Any] = {}
    exec(compile(python, "fswatch.md", "exec"), scope)
    rt = scope["factory"].new_runtime()
    try:
        (tmp_path / "ok").mkdir()
        (tmp_path / "secrets").mkdir()
        rt.eval("globalThis.E = null")
        results = rt.call(lambda c, vm: vm.eval("""(() => {
            const out = [];
            for (const p of ["ok", "secrets", "../etc"]) {
              try { fswatch.watch(p, {}, {}); } catch (e) { out.push(e.message); }
            }
            return out;
        })()"""))
        assert results[0] == "jsevents: value is not an events.EventEmitter"  # "ok" passed the policy
        assert "is not allowed" in results[1] and "escapes root" in results[2]
    finally:
        rt.close()


def test_readme_embedding_example(tmp_path: Path, monkeypatch: Any) -> None:
    readme = (DOCS.parent.parent / "README.md").read_text()
    example = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "greeter" in b)
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "main.js").write_text(
        'setTimeout(() => { globalThis.result = require("greeter").greet("js"); }, 10);')
    monkeypatch.chdir(tmp_path)
    printed: list[Any] = []
    exec(compile(example, "README.md", "exec"), {"print": printed.append})
    assert printed == ["hello, js"]
