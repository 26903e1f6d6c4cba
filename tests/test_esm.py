"""ES modules and the module messages: what Node comparisons (tests/js/esm*) cannot show.

Node's behaviour itself is pinned by the differential scripts in tests/js/esm and tests/js/esm-type;
these tests cover qjsbridge's own messages (module roots, built-ins it does not provide), the
binding-level safety of the module loader, and the CommonJS export-name detection.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qjsbridge.engine._cjs_exports import detect_exports
from qjsbridge.engine.errors import JSError
from qjsbridge.engine.modules import file_url_to_path, find_import_binding, path_to_file_url
from qjsbridge.engine.runtime import Runtime
from qjsbridge.runner import run_file
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for

MakeRuntime = Callable[..., Runtime]


def write(root: Path, rel: str, text: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def run(script: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_file(str(script), list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_node_builtins_we_do_not_provide_say_so(tmp_path: Path) -> None:
    write(tmp_path, "main.js", """
      for (const spec of ['zlib', 'node:worker_threads']) {
        try { require(spec) } catch (e) { console.log(e.code + ' ' + e.message) }
      }
      import('node:zlib').catch((e) => console.log(e.code + ' ' + e.message));
      import('zlib').catch((e) => console.log(e.code + ' ' + e.message));
      try { require('node:nonsense') } catch (e) { console.log(e.code) }
      try { require('nonsense') } catch (e) { console.log(e.code + ' ' + e.message.split('\\n')[0]) }
      console.log(require.resolve.paths('zlib'));""")
    code, out, err = run(tmp_path / "main.js")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == ("MODULE_NOT_FOUND Cannot find module 'zlib': Node's built-in module 'zlib' "
                        "is not provided by qjsbridge (see `qjsbridge help modules`)")
    assert lines[1].startswith("MODULE_NOT_FOUND Cannot find module 'node:worker_threads': Node's "
                               "built-in module 'worker_threads' is not provided by qjsbridge")
    assert lines[2] == "ERR_UNKNOWN_BUILTIN_MODULE"
    assert lines[3] == "MODULE_NOT_FOUND Cannot find module 'nonsense'"
    assert lines[4] == "null"
    assert sorted(lines[5:]) == sorted([
        "MODULE_NOT_FOUND Cannot find module 'node:zlib': Node's built-in module 'zlib' is not "
        "provided by qjsbridge (see `qjsbridge help modules`)",
        "MODULE_NOT_FOUND Cannot find module 'zlib': Node's built-in module 'zlib' is not "
        "provided by qjsbridge (see `qjsbridge help modules`)"])


def test_files_outside_the_module_roots_name_the_flag(tmp_path: Path) -> None:
    app = tmp_path / "app"
    write(tmp_path, "shared/util.js", "module.exports = 'shared';")
    write(tmp_path, "shared/util.mjs", "export default 'shared';")
    write(app, "main.js", """
      try { require('../shared/util.js') } catch (e) { console.log(e.code); console.log(e.message) }
      import('../shared/util.mjs').catch((e) => { console.log(e.code); console.log(e.message) });""")
    code, out, err = run(app / "main.js")
    assert code == 0, err
    lines = out.splitlines()
    outside = os.path.join(str(tmp_path), "shared")
    assert lines[0] == "MODULE_NOT_FOUND"
    assert lines[1].startswith(f"Cannot find module '../shared/util.js': {outside}/util.js is "
                               "outside the module roots")
    assert "--module-root DIR" in lines[1]
    assert lines[2] == "Require stack:"
    assert lines[4] == "ERR_MODULE_NOT_FOUND"
    assert "outside the module roots" in lines[5] and "--module-root DIR" in lines[5]
    # and with the flag it loads
    out2, err2 = io.StringIO(), io.StringIO()
    write(app, "ok.mjs", "import s from '../shared/util.mjs'; import { createRequire } from './cr.cjs';"
                         "console.log(s, createRequire('../shared/util.js'));")
    write(app, "cr.cjs", "exports.createRequire = (p) => require(p);")
    from qjsbridge.runner import RunConfig
    code = run_file(str(app / "ok.mjs"), config=RunConfig(module_roots=(str(tmp_path / "shared"),)),
                    stdout=out2, stderr=err2)
    assert (code, out2.getvalue()) == (0, "shared shared\n"), err2.getvalue()


def test_es_module_errors_name_the_file(tmp_path: Path) -> None:
    write(tmp_path, "main.mjs", "import './lib/bad.mjs';\n")
    write(tmp_path, "lib/bad.mjs", "export const ok = 1;\nexport const x = ;\n")
    code, out, err = run(tmp_path / "main.mjs")
    assert code == 1
    assert err.startswith("SyntaxError: ")
    assert f"{path_to_file_url(os.path.realpath(tmp_path))}/lib/bad.mjs:2" in err

    write(tmp_path, "main2.mjs", "import { nope } from './lib/ok.mjs';\n")
    write(tmp_path, "lib/ok.mjs", "export const ok = 1;\n")
    code, out, err = run(tmp_path / "main2.mjs")
    assert code == 1
    assert "SyntaxError" in err and "nope" in err and "/lib/ok.mjs" in err


@pytest.mark.parametrize("source, spec, export, found", [
    ("import { a, b } from './x.mjs';", "./x.mjs", "b", (12, "import { a, b } from './x.mjs';")),
    ("import {\n  a as c,\n} from \"./x\";", "./x", "a", (11, "  a as c,")),
    ("import d, { a } from './x';", "./x", "default", (7, "import d, { a } from './x';")),
    ("export { default } from './x';", "./x", "default", (9, "export { default } from './x';")),
    ("import { 'a-b' as c } from './x';", "./x", "a-b", (9, "import { 'a-b' as c } from './x';")),
    ("import { a } from './y';\nexport { a } from './x';", "./x", "a",
     (34, "export { a } from './x';")),
    ("import * as ns from './x';", "./x", "a", None),
    ("import { b } from './x';", "./x", "a", None),
])
def test_the_import_asking_for_a_missing_export_is_found(
        source: str, spec: str, export: str, found: tuple[int, str] | None) -> None:
    assert find_import_binding(source, spec, export) == found


def test_missing_export_reads_like_node_wherever_it_is_reported(tmp_path: Path) -> None:
    # The module's name is longer than the 63 bytes QuickJS keeps in its message.
    long_name = "a-module-whose-name-is-much-longer-than-what-quickjs-keeps-in-its-link-errors.mjs"
    write(tmp_path, long_name, "export const present = 1;\n")
    write(tmp_path, "imports.mjs", f"import {{ present, absent }} from './{long_name}';\n")
    write(tmp_path, "main.js", """
      process.on('uncaughtException', (e, origin) => {
        console.log(origin, e.name, e.message);
        console.log(e.stack.split('\\n')[1].replace(__dirname, '<dir>'));
      });
      import('./imports.mjs');
      import('./imports.mjs').catch((e) => console.log('caught', e.message.split(' ')[0]));""")
    code, out, err = run(tmp_path / "main.js")
    assert code == 0, err
    assert out.splitlines() == [
        "caught Could",   # a rejection the script handles keeps QuickJS's message
        f"unhandledRejection SyntaxError The requested module './{long_name}' does not provide "
        "an export named 'absent'",
        "    at file://<dir>/imports.mjs:1:19",
    ]


def test_errors_thrown_by_imported_commonjs_show_no_generated_module(tmp_path: Path) -> None:
    write(tmp_path, "dep.cjs", "exports.f = () => { throw new Error('later'); };\n"
                               "console.trace('loading');\n")
    write(tmp_path, "stack.cjs", "exports.stack = new Error('x').stack;\n")
    write(tmp_path, "main.mjs", """import { f } from './dep.cjs';
      Error.prepareStackTrace = (e, sites) => sites.map((s) => s.getFileName()).join(' ');
      console.log((await import('./stack.cjs')).stack);
      Error.prepareStackTrace = undefined;
      const e = await import('./dep.cjs').then((m) => { try { m.default.f(); } catch (e) { return e; } });
      console.log(e.stack.split('\\n').length);""")
    code, out, err = run(tmp_path / "main.mjs")
    assert code == 0, err
    real = os.path.realpath(tmp_path)
    assert out.splitlines() == [f"{real}/stack.cjs", "3"]
    assert err == f"Trace: loading\n    at <anonymous> ({real}/dep.cjs:2:9)\n"


def test_require_of_an_es_module_is_err_require_esm(tmp_path: Path) -> None:
    # Node 20.19+ can require() a synchronous ES module graph (experimental); qjsbridge cannot yet.
    write(tmp_path, "main.js", """
      try { require('./esm.mjs') } catch (e) { console.log(e.code); console.log(e.message) }""")
    write(tmp_path, "esm.mjs", "export default 1;")
    code, out, err = run(tmp_path / "main.js")
    real = os.path.realpath(tmp_path)
    assert out.splitlines()[:2] == [
        "ERR_REQUIRE_ESM",
        f"require() of ES Module {real}/esm.mjs from {real}/main.js not supported."]


def test_embedder_runs_an_es_module_and_gets_its_errors(tmp_path: Path,
                                                        make_runtime: MakeRuntime,
                                                        console: ConsoleRecorder) -> None:
    errors: list[tuple[BaseException, str]] = []
    write(tmp_path, "main.mjs", """
      import { EventEmitter } from 'events';
      console.log(typeof EventEmitter, import.meta.url.slice(0, 8));
      await null;
      throw new RangeError('after await');""")
    rt = make_runtime(module_roots=[tmp_path], error_handler=lambda e, o: errors.append((e, o)))
    rt.run_main(tmp_path / "main.mjs")
    wait_for(lambda: bool(errors), message="the module's error")
    assert console.stdout == "function file:///\n"
    exc, _origin = errors[0]
    assert isinstance(exc, JSError) and exc.name == "RangeError" and exc.message == "after await"


def test_loader_errors_may_run_script_code_safely(tmp_path: Path) -> None:
    # Building the loader's error runs Error.prepareStackTrace, i.e. script code, inside QuickJS's
    # module resolution; it may even call into Python (console.log). Nothing may crash.
    write(tmp_path, "main.mjs", """
      Error.prepareStackTrace = (err, sites) => { console.log('prepare ' + err.code); return 'custom'; };
      try { await import('./missing.mjs'); } catch (e) { console.log(e.code, e.stack); }
      Error.prepareStackTrace = undefined;
      console.log('still alive');""")
    code, out, err = run(tmp_path / "main.mjs")
    assert code == 0, err
    assert out.splitlines()[-1] == "still alive"
    assert "ERR_MODULE_NOT_FOUND custom" in out


def test_a_spinning_es_module_is_interrupted_by_sigint(tmp_path: Path) -> None:
    write(tmp_path, "spin.mjs", "import './dep.mjs';\nconsole.log('spinning');\nfor (;;) {}\n")
    write(tmp_path, "dep.mjs", "export const x = 1;\n")
    proc = subprocess.Popen([sys.executable, "-m", "qjsbridge", "run", str(tmp_path / "spin.mjs")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "spinning\n"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(10) == 130
    finally:
        proc.kill()
        proc.wait()


def test_cli_runs_an_es_module_main(tmp_path: Path) -> None:
    write(tmp_path, "main.mjs", "import { argv } from 'node:process';\n"
                                "console.log(argv.slice(2).join(','), typeof require);\n")
    proc = subprocess.run([sys.executable, "-m", "qjsbridge", "run", str(tmp_path / "main.mjs"),
                           "a", "b"], capture_output=True, text=True, timeout=30)
    assert (proc.stdout, proc.returncode) == ("a,b undefined\n", 0), proc.stderr


def test_module_names_are_file_urls() -> None:
    assert path_to_file_url("/a b/c#d?.mjs") == "file:///a%20b/c%23d%3F.mjs"
    assert path_to_file_url("/é/x.js") == "file:///%C3%A9/x.js"
    assert file_url_to_path("file:///a%20b/c%23d%3F.mjs") == "/a b/c#d?.mjs"
    assert file_url_to_path("file://localhost/x") == "/x"


@pytest.mark.parametrize("source, names, reexports", [
    ("exports.a = 1; exports['b'] = 2; module.exports.c = 3;", ["a", "b", "c"], []),
    ("x.exports.a = 1; exports.b == 2; exports.c", [], []),
    ("const s = 'exports.a = 1'; // exports.b = 1\n/* exports.c = 1 */ `exports.d = ${1}`", [], []),
    ("const r = a / 2; exports.a = 1; const re = /exports.b = 1/g;", ["a"], []),
    ("if (x) return /exports.z = 1/; exports.y = 1", ["y"], []),
    ("module.exports = { a, b: c, 'd': e, ...require('./x'), f: 1 + 2, g }", ["a", "b", "d"],
     ["./x"]),
    ("module.exports = require('./other');", [], ["./other"]),
    ("__exportStar(require('./a'), exports); __export(require('./b'));", [], ["./a", "./b"]),
    ("Object.defineProperty(exports, '__esModule', { value: true });", ["__esModule"], []),
    ("Object.defineProperty(exports, 'g', { enumerable: true, get: function () { return m.g; } });"
     "Object.defineProperty(exports, 'h', { get() { return compute(); } });", ["g"], []),
    ("#!/usr/bin/env node\nexports.shebang = 1", ["shebang"], []),
])
def test_commonjs_export_names(source: str, names: list[str], reexports: list[str]) -> None:
    assert detect_exports(source) == (names, reexports)


def test_deep_import_chains_load_or_fail_cleanly(tmp_path: Path) -> None:
    def chain(prefix: str, n: int) -> None:
        for i in range(n):
            body = (f"import {{ v as w }} from './{prefix}{i + 1}.mjs'; export const v = w + 1;"
                    if i < n - 1 else "export const v = 0;")
            write(tmp_path, f"{prefix}{i}.mjs", body + "\n")
        write(tmp_path, f"{prefix}main.mjs", f"import {{ v }} from './{prefix}0.mjs'; console.log(v);\n")

    chain("ok", 200)
    code, out, err = run(tmp_path / "okmain.mjs")
    assert (code, out) == (0, "199\n"), err
    chain("deep", 3000)
    code, out, err = run(tmp_path / "deepmain.mjs")
    assert code == 1 and out == ""
    assert "RangeError: Maximum call stack size exceeded" in err, err
