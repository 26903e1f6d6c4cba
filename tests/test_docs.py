"""Every code block in the README and the guides runs as written.

Blocks are extracted from the Markdown. A block's fence may be preceded by one marker line:

- ``<!-- fragment -->``: an illustrative fragment; not run.
- ``<!-- file: PATH -->``: written to PATH in the document's working directory (before anything
  runs), so that other blocks of the same document can use it; not run on its own.

Everything else is run: ``python`` blocks in order, in one namespace per document, with the working
directory set to a fresh directory that holds the document's files and an empty ``src/``; ``js``
blocks as ``qjsbridge run BLOCK.js`` (``.mjs`` when the block uses ``import``/``export``) in such a
directory. A JS block passes if it exits with status 0 and nothing on stderr, or, for a script that
keeps running (a watcher), if it is still running cleanly after a moment and then exits on SIGINT
the way ``qjsbridge run`` does (status 130). ``sh`` and unlabelled blocks are commands and usage
text; they are not run here (the README's two commands are what CI runs).

Deeper checks of particular examples (what they print, that their threads end) follow the
generic ones.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "qjsbridge" / "docs"
DOCUMENTS = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]

_BLOCK = re.compile(r"(?:^<!--\s*(?P<marker>[^>]*?)\s*-->\n)?^```(?P<lang>[\w-]*)\n(?P<code>.*?)^```",
                    re.S | re.M)
_MODULE_SYNTAX = re.compile(r"^\s*(import\s|export\s)", re.M)
#: How long a JS block that keeps running must run cleanly before it is stopped.
STILL_RUNNING_AFTER = 1.5


@dataclass(frozen=True)
class Block:
    document: Path
    line: int
    lang: str
    code: str
    marker: str

    @property
    def file(self) -> str | None:
        return self.marker[len("file:"):].strip() if self.marker.startswith("file:") else None

    @property
    def runnable(self) -> bool:
        return self.lang in ("python", "js") and not self.marker

    def label(self) -> str:
        return f"{self.document.name}:{self.line}"


def blocks(document: Path) -> list[Block]:
    text = document.read_text(encoding="utf-8")
    found = []
    for m in _BLOCK.finditer(text):
        marker = (m.group("marker") or "").strip()
        assert marker in ("", "fragment") or marker.startswith("file:"), (
            f"{document.name}: unknown marker <!-- {marker} -->")
        fence_line = text.count("\n", 0, m.start("lang")) + 1
        found.append(Block(document, fence_line, m.group("lang"), textwrap.dedent(m.group("code")),
                           marker))
    return found


def prepare(document: Path, where: Path) -> None:
    (where / "src").mkdir(exist_ok=True)
    for block in blocks(document):
        if block.file:
            target = where / block.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code, encoding="utf-8")


def run_js(block: Block, where: Path) -> None:
    name = "block.mjs" if _MODULE_SYNTAX.search(block.code) else "block.js"
    (where / name).write_text(block.code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QJSBRIDGE_")}
    proc = subprocess.Popen([sys.executable, "-m", "qjsbridge", "run", name], cwd=where, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=STILL_RUNNING_AFTER)
        assert (proc.returncode, err) == (0, ""), f"{block.label()} failed:\n{out}{err}"
    except subprocess.TimeoutExpired:
        # A block that ends by itself just after the deadline (a loaded machine) exits 0; one
        # that keeps running must stop cleanly on Ctrl-C (130). Either way, nothing on stderr.
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode in (0, 130) and err == "", (
            f"{block.label()} kept running but did not stop cleanly:\n{out}{err}")


def _cases() -> list[Any]:
    cases = []
    for document in DOCUMENTS:
        if any(b.runnable for b in blocks(document)):
            cases.append(pytest.param(document, id=document.name))
    return cases


@pytest.mark.parametrize("document", _cases())
def test_every_block_runs_as_written(document: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    prepare(document, tmp_path)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": f"doc_{document.stem.replace('-', '_')}"}
    for block in blocks(document):
        if not block.runnable:
            continue
        if block.lang == "python":
            exec(compile(block.code, block.label(), "exec"), namespace)
        else:
            run_js(block, tmp_path)
    for value in namespace.values():  # a document that builds runtimes must also close them
        closed = getattr(value, "closed", None)
        if type(value).__name__ == "Runtime" and closed is not None:
            assert closed, f"{document.name} leaves a runtime open"


def test_markers_are_only_used_where_they_mean_something() -> None:
    for document in DOCUMENTS:
        for block in blocks(document):
            if block.file:
                assert block.lang in ("js", "python", "json", "mjs"), block.label()


# -- deeper checks ---------------------------------------------------------------------------------
def _document_code(document: Path, needle: str, lang: str = "python") -> str:
    return next(b.code for b in blocks(document) if b.lang == lang and needle in b.code)


def test_readme_embedding_example_prints_the_result(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    readme = ROOT / "README.md"
    prepare(readme, tmp_path)
    monkeypatch.chdir(tmp_path)
    exec(compile(_document_code(readme, "greeter"), "README.md", "exec"), {})
    assert capsys.readouterr().out == "main.js computed hello, js\nhello, js\n"


def test_async_patterns_promise_example_settles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    guide = DOCS / "async-patterns.md"
    prepare(guide, tmp_path)
    monkeypatch.chdir(tmp_path)
    exec(compile(_document_code(guide, "squarer"), "async-patterns.md", "exec"), {})
    assert capsys.readouterr().out == "7 squared is 49\n49\n"


def test_connected_emitters_helper_example(tmp_path: Path, console: ConsoleRecorder) -> None:
    from qjsbridge import NodeGlobals, RuntimeOptions

    guide = DOCS / "connected-emitters.md"
    scope: dict[str, Any] = {}
    exec(compile(_document_code(guide, "ticker_helper"), "connected-emitters.md", "exec"), scope)
    js = _document_code(guide, "require(\"ticker\")", "js")
    (tmp_path / "main.js").write_text(js.replace("0.5", "0.02"))
    builder = scope["RuntimeFactoryBuilder"](RuntimeOptions(
        module_roots=[tmp_path], node_globals=NodeGlobals(), console=console))
    factory = (builder.with_runtime_initializers(scope["jsevents"].install(), scope["ticker_helper"]())
               .build())
    rt = factory.new_runtime()
    try:
        rt.run_main(tmp_path / "main.js")
        wait_for(lambda: "tick 3\n" in console.stdout, message="three ticks")
        assert console.stdout.startswith("tick 1\ntick 2\ntick 3\n")
        assert not rt.loop.idle.is_set()  # the running ticker keeps the loop alive
    finally:
        rt.close()
    wait_for(lambda: not any(t.name == "ticker" and t.is_alive() for t in threading.enumerate()),
             message="the ticker thread to end")


def test_fswatch_host_policy_example(tmp_path: Path) -> None:
    guide = DOCS / "fswatch.md"
    python = _document_code(guide, "FSWatchOptions(").replace('"/srv/project"', repr(str(tmp_path)))
    scope: dict[str, Any] = {}
    exec(compile(python, "fswatch.md", "exec"), scope)
    rt = scope["factory"].new_runtime()
    try:
        (tmp_path / "ok").mkdir()
        (tmp_path / "secrets").mkdir()
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


def test_blocks_are_found(tmp_path: Path) -> None:
    """The extraction itself: a marker binds to the fence right after it, and only to it."""
    sample = tmp_path / "docs-sample.md"
    sample.write_text("text\n<!-- fragment -->\n```js\na()\n```\n\n```python\nb = 1\n```\n"
                      "<!-- file: x/y.js -->\n```js\nc()\n```\n")
    got = [(b.lang, b.code, b.marker, b.file, b.runnable) for b in blocks(sample)]
    assert got == [("js", "a()\n", "fragment", None, False),
                   ("python", "b = 1\n", "", None, True),
                   ("js", "c()\n", "file: x/y.js", "x/y.js", False)]
