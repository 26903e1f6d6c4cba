"""Start-up loads only what a script uses: helpers (fswatch, bus, fs, child_process) are
installed on first use (engine.runtime.LazyInitializer), and their errors stay clear."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from qjsbridge.engine.runtime import (
    Initializer,
    LazyInitializer,
    Runtime,
    RuntimeFactoryBuilder,
    RuntimeInitializer,
    RuntimeOptions,
    SetupContext,
)
from qjsbridge.runner import run_file

HEAVY = ["qjsbridge.fswatch", "qjsbridge.fswatch.helper", "qjsbridge.bus", "qjsbridge.bus.settings",
         "qjsbridge.bus.helper", "qjsbridge.bus.memory", "qjsbridge.fswatch._file_watch_event",
         "qjsbridge.engine._native", "qjsbridge.engine.builtins.fs",
         "qjsbridge.engine.builtins.child_process", "qjsbridge.repl", "watchdog", "nats",
         "ada_url", "subprocess", "concurrent.futures", "socket", "shutil", "difflib",
         "importlib.metadata", "pkg_resources"]


def loaded_after(argv: list[str], cwd: Path) -> tuple[str, list[str]]:
    """Run the command line in a fresh interpreter; its output and which HEAVY modules it loaded."""
    code = f"""
import contextlib, io, json, sys
from qjsbridge.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main({argv!r})
print(json.dumps([code, out.getvalue(), [m for m in {HEAVY!r} if m in sys.modules]]))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=cwd)
    rc, out, loaded = json.loads(done.stdout)
    assert rc == 0, done.stderr
    return out, loaded


def test_eval_loads_no_helper_it_does_not_use(tmp_path: Path) -> None:
    out, loaded = loaded_after(["eval", "1 + 1"], tmp_path)
    assert (out, loaded) == ("2\n", [])


def test_a_watch_loads_the_watcher_and_nothing_else(tmp_path: Path) -> None:
    out, loaded = loaded_after(["eval", "const E = require('events'); "
                                "fswatch.watch('.', new E(), {recursive: true}).close(); 1"], tmp_path)
    assert out == "1\n"
    assert "qjsbridge.fswatch.helper" in loaded and "watchdog" in loaded
    assert not {"qjsbridge.bus", "qjsbridge.bus.settings", "qjsbridge.fswatch._file_watch_event",
                "qjsbridge.engine._native"} & set(loaded), loaded


def test_a_helper_loads_at_its_first_use(tmp_path: Path) -> None:
    out, loaded = loaded_after(["eval", "typeof bus.publish"], tmp_path)
    assert out == "function\n"
    assert "qjsbridge.bus.helper" in loaded and "qjsbridge.fswatch.helper" not in loaded
    out, loaded = loaded_after(["eval", "require('fs').existsSync('.')"], tmp_path)
    assert out == "true\n"
    assert "qjsbridge.engine.builtins.fs" in loaded and "qjsbridge.bus.helper" not in loaded


def run(tmp_path: Path, source: str) -> tuple[int, str, str]:
    (tmp_path / "main.js").write_text(source)
    out, err = io.StringIO(), io.StringIO()
    code = run_file(str(tmp_path / "main.js"), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_fs_watch_loads_the_watcher_through_its_hook(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, """
      const w = require("fs").watch(__dirname, () => {});
      console.log(typeof w.close, typeof fswatch.watch);
      w.close();
    """)
    assert (code, out) == (0, "function function\n"), err


def test_lazy_globals_look_like_globals_until_used(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, """
      const d = Object.getOwnPropertyDescriptor(globalThis, "fswatch");
      console.log(typeof d.get, d.enumerable, "bus" in globalThis);
      fswatch = 7;   // assigning first just replaces it
      console.log(fswatch, typeof bus.connect);
    """)
    assert (code, out) == (0, "function false true\n7 function\n"), err


class _Counting:
    """A real initializer that defines ``greeting`` and counts its runs."""

    def __init__(self) -> None:
        self.runs = 0

    @property
    def id(self) -> str:
        return "test.greeting"

    def init_runtime(self, setup: SetupContext) -> None:
        self.runs += 1
        setup.install_js("""(function (Q) {
          globalThis.greeting = "hi";
          Q.greet = (name) => "hi " + name;
        })""", "qjsbridge:test-greeting.js")


def make(*initializers: RuntimeInitializer) -> Runtime:
    return (RuntimeFactoryBuilder(RuntimeOptions())
            .with_runtime_initializers(*initializers).build().new_runtime())


def test_the_initializer_runs_once_at_the_first_use() -> None:
    real = _Counting()
    loads: list[int] = []

    def load() -> RuntimeInitializer:
        loads.append(1)
        return real

    rt = make(LazyInitializer("test.greeting", ["greeting"], load))
    try:
        assert (loads, real.runs) == ([], 0)
        assert rt.eval("greeting + ' ' + greeting") == "hi hi"
        assert (len(loads), real.runs) == (1, 1)
    finally:
        rt.close()


def test_a_failing_load_is_a_clear_error_and_is_retried() -> None:
    attempts: list[int] = []

    def load() -> RuntimeInitializer:
        attempts.append(1)
        if len(attempts) == 1:
            raise ImportError("No module named 'greeting_backend'")
        return _Counting()

    rt = make(LazyInitializer("test.greeting", ["greeting"], load, hooks=["greet"]))
    try:
        first = rt.eval("try { greeting; 'no error' } catch (e) { e.constructor.name + ': ' + e.message }")
        assert first == ("Error: test.greeting could not be loaded: ImportError: "
                         "No module named 'greeting_backend'")
        assert rt.eval("greeting") == "hi"
        assert len(attempts) == 2
    finally:
        rt.close()


def test_a_hook_loads_the_helper_and_forwards_the_call() -> None:
    real = _Counting()
    probe = Initializer("test.probe", lambda setup: setup.install_js(
        "(function (Q) { Q.ops.probe = () => Q.greet('there'); })", "qjsbridge:test-probe.js"))
    rt = make(LazyInitializer("test.greeting", ["greeting"], lambda: real, hooks=["greet"]), probe)
    try:
        assert real.runs == 0
        assert rt.call(lambda ctx, vm: vm.call_op("probe")) == "hi there"
        assert real.runs == 1
    finally:
        rt.close()


FAST = [["run", "main.js"], ["run", "main.js", "a", "-b", "--root", "/", "--watch"],
        ["run", "main.js", "--help"], ["run", "dir/x.mjs", "--bus=nats://h", "-"],
        ["run", "--root", "/", "main.js", "a"], ["run", "--root=", "--root=/r", "main.js"],
        ["run", "--permission", "--allow-fs-read", "/a", "--allow-fs-read=/b,/c",
         "--experimental-permission", "--allow-child-process", "--allow-fs-write", "w", "m.js"],
        ["run", "--poll", "--no-recursive", "--max-debounce", "50", "--module-root", "lib",
         "--module-root=lib2", "main.js", "--poll"],
        ["run", "--bus", "nats://x:4222", "--bus-creds", "c", "--bus-ca", "a", "--bus-cert", "b",
         "--bus-key", "k", "--bus-storage", "memory", "--bus-max-age", "0.5",
         "--bus-max-bytes=10", "--bus-max-msg-size", "1_000", "main.js"],
        ["run", "--watch", "--watch-path", "src", "main.js"],
        ["eval", "1 + 1"], ["eval", "x --y"], ["eval", "--root", "/", "--bus-max-age=7", "1"]]
PARSED = [["run"], ["run", "main.js", "--", "x"], ["run", "--", "main.js"], ["run", "-"],
          ["run", "-h"], ["run", "--help"], ["run", "--root"], ["run", "--root", "-x", "m.js"],
          ["run", "--ro", "/", "main.js"], ["run", "--poll=1", "main.js"],
          ["run", "--max-debounce", "soon", "main.js"], ["run", "--bus-storage", "disk", "m.js"],
          ["run", "--bus-max-age", "-1", "main.js"], ["run", "--root", "/"], ["eval"],
          ["eval", "-1"], ["eval", "1", "2"], ["eval", "1", "--root", "/"], ["eval", "--watch", "1"],
          ["repl"], ["help"], ["runs", "main.js"], ["--version"], []]


def test_the_fast_path_knows_every_option_as_argparse_does() -> None:
    from qjsbridge import cli

    for command, table in (("run", cli._RUN_OPTIONS), ("eval", cli._EVAL_OPTIONS)):
        sub = cli._parser(command)._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
        options = {}
        for action in sub._actions:
            if not action.option_strings or action.dest == "help":
                continue
            kind: object = {"_StoreTrueAction": "flag", "_AppendAction": "append"}.get(
                type(action).__name__)
            if kind is None:
                assert type(action).__name__ == "_StoreAction", action
                kind = tuple(action.choices) if action.choices else (
                    {None: "str", int: "int", float: "float"}[action.type])  # type: ignore[index]
            options.update(dict.fromkeys(action.option_strings, (action.dest, kind)))
        assert options == table, command


def test_the_fast_path_parses_like_argparse() -> None:
    from qjsbridge import cli

    for argv in FAST:
        fast = cli._fast_args(argv)
        assert fast is not None, argv
        assert vars(fast) == vars(cli._parser(argv[0]).parse_args(argv)), argv
    for argv in PARSED:  # options, "--", missing or extra arguments: argparse's
        assert cli._fast_args(argv) is None, argv


def test_a_plain_run_does_not_import_argparse(tmp_path: Path) -> None:
    (tmp_path / "main.js").write_text("console.log(process.argv.slice(2).join(' '))")
    code = """
import contextlib, io, json, sys
from qjsbridge.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["run", "main.js", "a", "--b"])
print(json.dumps([code, out.getvalue(), "argparse" in sys.modules]))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert json.loads(done.stdout) == [0, "a --b\n", False], done.stderr

