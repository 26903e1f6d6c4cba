"""Node-differential scripts: each ``tests/js/<suite>/*.js`` (and ``*.mjs``) must print under ``qjsbridge run``
exactly what it prints under ``node`` (recorded in ``*.expected``/``*.exit`` by
``tests/js/regenerate.py``), print the same to stderr once both are normalised
(``*.stderr``, see ``tests/node_stderr.py``), and exit with the same code."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from qjsbridge import cli
from qjsbridge.runner import run_file
from tests.js import regenerate
from tests.conftest import NODE, needs_node
from tests.node_stderr import normalize_stderr

JS = Path(__file__).parent / "js"
SCRIPTS = sorted(p for p in [*JS.glob("*/*.js"), *JS.glob("*/*.mjs")])


def expected(script: Path) -> tuple[str, int]:
    exit_file = script.with_suffix(".exit")
    code = int(exit_file.read_text()) if exit_file.exists() else 0
    return script.with_suffix(".expected").read_text(), code


def expected_stderr(script: Path) -> str:
    err_file = script.with_suffix(".stderr")
    return err_file.read_text() if err_file.exists() else ""


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_same_output_as_node(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(script.parent)  # node runs them from their directory too
    out, err = io.StringIO(), io.StringIO()
    config = None
    cli_flags = regenerate.flags(script, for_node=False)
    if cli_flags:
        args = cli._parser().parse_args(["run", *cli_flags, str(script)])
        config = cli._config(args, args.module_root)
    code = run_file(str(script), config=config, stdout=out, stderr=err)
    want_out, want_code = expected(script)
    assert out.getvalue() == want_out, err.getvalue()
    assert code == want_code, err.getvalue()
    assert normalize_stderr(err.getvalue(), str(script.parent)) == expected_stderr(script)


@needs_node
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_expected_files_are_nodes_output(script: Path) -> None:
    assert NODE is not None
    proc = subprocess.run([NODE, *regenerate.flags(script, for_node=True), script.name],
                          cwd=script.parent, capture_output=True, text=True, timeout=60)
    assert (proc.stdout, proc.returncode) == expected(script), "rerun tests/js/regenerate.py"
    assert normalize_stderr(proc.stderr, str(script.parent)) == expected_stderr(script), \
        "rerun tests/js/regenerate.py"


def test_uncaught_errors_print_the_js_stack(tmp_path: Path) -> None:
    script = JS / "core" / "uncaught-in-timer.js"
    err = io.StringIO()
    assert run_file(str(script), stdout=io.StringIO(), stderr=err) == 1
    text = err.getvalue()
    assert text.startswith("Error: boom in timer\n    at ")
    assert f"({script}:3:" in text


def test_max_listeners_warning_reads_like_nodes(tmp_path: Path) -> None:
    (tmp_path / "leak.js").write_text("""
      const EventEmitter = require("events");
      const em = new EventEmitter();
      for (let i = 0; i < 11; i++) em.on("leak", () => {});""")
    err = io.StringIO()
    assert run_file(str(tmp_path / "leak.js"), stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == (
        "(qjsbridge) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. "
        "11 leak listeners added to [EventEmitter]. MaxListeners is 10. "
        "Use emitter.setMaxListeners() to increase limit\n")


def test_recorded_output_names_no_checkout() -> None:
    """Recorded output must not depend on where the repository lives (CI clones it elsewhere):
    a script that prints paths masks the working directory."""
    leaked = re.compile(r"[/\\][\w.-]+[/\\]tests[/\\]js\b")
    offenders = [str(p.relative_to(JS)) for p in sorted(JS.glob("*/*.expected"))
                 if leaked.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []


def test_a_syntax_errors_excerpt_becomes_its_frame_only_without_user_frames() -> None:
    linked = ("file:///d/main.mjs:3\n  nope } from './lib.mjs';\n  ^^^^\n"
              "SyntaxError: The requested module './lib.mjs' does not provide an export named 'nope'\n"
              "    at ModuleJob._instantiate (node:internal/modules/esm/module_job:213:21)\n"
              "    at async ModuleJob.run (node:internal/modules/esm/module_job:320:5)\n\n"
              "Node.js v20.20.2\n")
    assert normalize_stderr(linked, "/d") == (
        "SyntaxError: The requested module './lib.mjs' does not provide an export named 'nope'\n"
        "    at main.mjs:3\n")
    thrown = ("/d/re.cjs:2\n  return new RegExp('(');\n         ^\n\n"
              "SyntaxError: Invalid regular expression: /(/: Unterminated group\n"
              "    at new RegExp (<anonymous>)\n    at f (/d/re.cjs:2:10)\n"
              "    at Object.<anonymous> (/d/re.cjs:4:1)\n\nNode.js v20.20.2\n")
    assert normalize_stderr(thrown, "/d") == (
        "SyntaxError: Invalid regular expression: /(/: Unterminated group\n"
        "    at re.cjs:2\n    at re.cjs:4\n")
