"""require(): resolution, roots, caching, cycles, JSON, errors naming the module file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from qjsbridge.engine.errors import JSError
from qjsbridge.engine.runtime import Runtime

MakeRuntime = Callable[..., Runtime]


def write(root: Path, rel: str, text: str) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text)
    return p


def test_relative_json_index_and_package_main(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write(tmp_path, "main.js", """
      module.exports = {
        a: require('./lib/a'),
        data: require('./data.json'),
        dir: require('./dir'),
        pkg: require('./pkg'),
        nm: require('leftpad'),
        filename: __filename, dirname: __dirname,
        same: require('./lib/a') === require('./lib/a.js'),
      };""")
    write(tmp_path, "lib/a.js", "exports.name = 'a'; exports.parent = module.parent && module.parent.id;")
    write(tmp_path, "data.json", '{"k": [1, 2]}')
    write(tmp_path, "dir/index.js", "module.exports = 'index';")
    write(tmp_path, "pkg/package.json", '{"main": "./src/entry"}')
    write(tmp_path, "pkg/src/entry.js", "module.exports = 'pkg-main';")
    write(tmp_path, "node_modules/leftpad/index.js", "module.exports = 'from node_modules';")
    rt = make_runtime(module_roots=[tmp_path])
    out = rt.require("./main.js")
    real = os.path.realpath(tmp_path)
    assert out["a"] == {"name": "a", "parent": f"{real}/main.js"}
    assert out["data"] == {"k": [1, 2]}
    assert out["dir"] == "index" and out["pkg"] == "pkg-main" and out["nm"] == "from node_modules"
    assert out["filename"] == f"{real}/main.js" and out["dirname"] == real
    assert out["same"] is True


def test_require_cycle_sees_partial_exports(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write(tmp_path, "a.js", """
      exports.loaded = false;
      const b = require('./b');
      exports.loaded = true;
      exports.bSawA = b.sawA;""")
    write(tmp_path, "b.js", """
      const a = require('./a');
      exports.sawA = a.loaded;""")
    rt = make_runtime(module_roots=[tmp_path])
    assert rt.require("./a.js") == {"loaded": True, "bSawA": False}


def test_module_outside_roots_is_not_found_and_not_read(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    root = tmp_path / "root"
    outside = write(tmp_path, "secret.js", "module.exports = 'secret';")
    write(root, "main.js", "module.exports = 1;")
    (root / "link.js").symlink_to(outside)
    rt = make_runtime(module_roots=[root])
    for spec in ("../secret.js", str(outside), "./link.js"):
        with pytest.raises(JSError) as info:
            rt.require(spec)
        assert info.value.code == "MODULE_NOT_FOUND", spec
        assert "Cannot find module" in info.value.message


def test_no_roots_means_builtins_only(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write(tmp_path, "x.js", "module.exports = 1")
    rt = make_runtime()
    with pytest.raises(JSError, match="no module roots"):
        rt.require(str(tmp_path / "x.js"))
    assert rt.require("timers") is not None


def test_unknown_builtin_and_bad_specifiers(make_runtime: MakeRuntime) -> None:
    rt = make_runtime()
    with pytest.raises(JSError) as info:
        rt.require("node:nope")
    assert info.value.code == "ERR_UNKNOWN_BUILTIN_MODULE"
    assert info.value.message == "No such built-in module: node:nope"
    for spec in ("zlib", "node:zlib"):
        with pytest.raises(JSError) as info:
            rt.require(spec)
        assert info.value.code == "MODULE_NOT_FOUND"
        assert "is not provided by qjsbridge" in info.value.message


def test_errors_inside_a_module_name_the_file(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write(tmp_path, "boom.js", "\n\nfunction explode() {\n  throw new Error('kaboom');\n}\nexplode();\n")
    write(tmp_path, "syntax.js", "const x = ;\n")
    write(tmp_path, "bad.json", "{nope")
    rt = make_runtime(module_roots=[tmp_path])
    real = os.path.realpath(tmp_path)
    with pytest.raises(JSError) as info:
        rt.require("./boom")
    assert f"at explode ({real}/boom.js:4:" in info.value.stack
    with pytest.raises(JSError) as info:
        rt.require("./syntax")
    assert info.value.name == "SyntaxError" and f"{real}/syntax.js:1" in info.value.stack
    with pytest.raises(JSError) as info:
        rt.require("./bad.json")
    assert info.value.name == "SyntaxError" and f"{real}/bad.json" in info.value.message


def test_failed_module_is_not_cached(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    p = write(tmp_path, "flaky.js", "throw new Error('first time')")
    rt = make_runtime(module_roots=[tmp_path])
    with pytest.raises(JSError):
        rt.require("./flaky")
    p.write_text("module.exports = 'second time'")
    assert rt.require("./flaky") == "second time"


def test_shebang_is_ignored_and_lines_match(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write(tmp_path, "cli.js", "#!/usr/bin/env node\nmodule.exports = new Error('x').stack;")
    rt = make_runtime(module_roots=[tmp_path])
    assert "cli.js:2:" in rt.require("./cli.js")


def test_require_validates_its_argument(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write(tmp_path, "m.js", """
      const out = [];
      for (const bad of [42, '']) {
        try { require(bad) } catch (e) { out.push(e.name + ':' + e.code) }
      }
      out.push(require.resolve('./m.js') === __filename, typeof require.cache, require.main === module);
      module.exports = out;""")
    rt = make_runtime(module_roots=[tmp_path])
    assert rt.require("./m.js") == ["TypeError:ERR_INVALID_ARG_TYPE", "TypeError:ERR_INVALID_ARG_VALUE",
                                     True, "object", False]


def test_run_main_sets_require_main(tmp_path: Path, make_runtime: MakeRuntime) -> None:
    write(tmp_path, "main.js", "globalThis.isMain = require.main === module;")
    rt = make_runtime(module_roots=[tmp_path])
    rt.run_main(tmp_path / "main.js")
    assert rt.eval("isMain") is True
