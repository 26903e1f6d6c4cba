"""The bytecode cache of the internal JS files (engine/_bytecode.py): used only when it is as
trusted as the code, recompiled when stale or damaged, and invisible to scripts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from qjsbridge.engine import _bytecode
from qjsbridge.engine import vm as vm_module
from qjsbridge.engine.builtins import NodeGlobals
from qjsbridge.engine.runtime import Runtime, RuntimeFactoryBuilder, RuntimeOptions
from qjsbridge.runner import cwd_require


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[_bytecode.BytecodeCache]:
    """The runtimes of this test use a cache in tmp_path."""
    monkeypatch.delenv(_bytecode.ENV, raising=False)
    c = _bytecode.BytecodeCache(str(tmp_path / "__pycache__"), b"test-salt",
                                frozenset({os.geteuid()}))
    monkeypatch.setattr(vm_module, "_cache", c)
    yield c


def runtime() -> Runtime:
    return (RuntimeFactoryBuilder(RuntimeOptions(node_globals=NodeGlobals()))
            .with_runtime_initializers(cwd_require()).build().new_runtime())


PROBE = """[String(require("events").EventEmitter).slice(0, 40), require("path").join("a", "..", "b"),
   require("util").inspect(new Map([[1, {a: [1]}]])), Buffer.from("hi").toString("base64")]"""


def probe() -> object:
    rt = runtime()
    try:
        return rt.eval(PROBE)
    finally:
        rt.close()


def test_the_cache_is_written_then_read_and_changes_nothing(cache: _bytecode.BytecodeCache,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    first = probe()
    files = sorted(os.listdir(cache.directory))
    assert {"bootstrap.js.qjsbc", "events.js.qjsbc", "inspect.js.qjsbc", "buffer.js.qjsbc"} <= set(files)
    written = {f: os.stat(os.path.join(cache.directory, f)).st_mtime_ns for f in files}
    compiled: list[str] = []
    original = vm_module._capi.CApi.compile_bytecode

    def spy(self: vm_module._capi.CApi, source: str, filename: str) -> bytes | None:
        compiled.append(filename)
        return original(self, source, filename)

    monkeypatch.setattr(vm_module._capi.CApi, "compile_bytecode", spy)
    assert probe() == first
    assert compiled == []  # everything came from the cache
    assert {f: os.stat(os.path.join(cache.directory, f)).st_mtime_ns for f in files} == written
    monkeypatch.setattr(vm_module, "_cache", None)
    monkeypatch.setenv(_bytecode.ENV, "0")
    assert probe() == first  # and compiling from source gives the same


def test_stacks_through_internal_files_are_the_same(cache: _bytecode.BytecodeCache,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Internal frames are recognised (and hidden) by their file names, kept in the bytecode.
    code = """(() => { try { require("path").join(1) } catch (e) { return e.stack } })()"""
    stacks = []
    for _ in range(2):  # compiled, then from the cache
        rt = runtime()
        try:
            stacks.append(rt.eval(code))
        finally:
            rt.close()
    monkeypatch.setattr(vm_module, "_cache", None)
    monkeypatch.setenv(_bytecode.ENV, "0")
    rt = runtime()
    try:
        stacks.append(rt.eval(code))
    finally:
        rt.close()
    assert stacks[0] == stacks[1] == stacks[2]
    assert "qjsbridge:" not in stacks[0] and "<input>:1:31" in stacks[0]


def write_entry(cache: _bytecode.BytecodeCache, name: str, source: str) -> tuple[bytes, str]:
    key = cache.key(f"qjsbridge:{name}", source)
    cache.put(f"qjsbridge:{name}", key, b"payload bytes")
    return key, os.path.join(cache.directory, name + ".qjsbc")


def test_a_damaged_or_stale_file_is_not_read(cache: _bytecode.BytecodeCache) -> None:
    key, path = write_entry(cache, "x.js", "(function (Q) {})")
    assert cache.get("qjsbridge:x.js", key) == b"payload bytes"
    assert cache.get("qjsbridge:x.js", cache.key("qjsbridge:x.js", "(function (Q) { 1 })")) is None
    data = bytearray(Path(path).read_bytes())
    data[-1] ^= 1
    Path(path).write_bytes(bytes(data))
    assert cache.get("qjsbridge:x.js", key) is None
    Path(path).write_bytes(bytes(data[:-3]))
    assert cache.get("qjsbridge:x.js", key) is None


def test_a_file_others_could_write_is_not_read(cache: _bytecode.BytecodeCache) -> None:
    key, path = write_entry(cache, "x.js", "(function (Q) {})")
    os.chmod(path, 0o666)
    assert cache.get("qjsbridge:x.js", key) is None
    os.chmod(path, 0o644)
    assert cache.get("qjsbridge:x.js", key) == b"payload bytes"
    os.chmod(cache.directory, 0o777)
    fresh = _bytecode.BytecodeCache(cache.directory, b"test-salt", frozenset({os.geteuid()}))
    assert fresh.get("qjsbridge:x.js", key) is None


def test_a_file_of_another_owner_or_a_symlink_is_not_read(cache: _bytecode.BytecodeCache,
                                                          tmp_path: Path) -> None:
    key, path = write_entry(cache, "x.js", "(function (Q) {})")
    stranger = _bytecode.BytecodeCache(cache.directory, b"test-salt", frozenset({os.geteuid() + 1}))
    assert stranger.get("qjsbridge:x.js", key) is None
    os.rename(path, tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", path)
    assert cache.get("qjsbridge:x.js", key) is None


def test_a_folder_that_cannot_be_written_means_no_cache(tmp_path: Path) -> None:
    missing = _bytecode.BytecodeCache(str(tmp_path / "no" / "such" / "dir"), b"s",
                                      frozenset({os.geteuid()}))
    missing.put("qjsbridge:x.js", missing.key("qjsbridge:x.js", "s"), b"p")  # no exception
    assert missing.get("qjsbridge:x.js", missing.key("qjsbridge:x.js", "s")) is None
    os.makedirs(missing.directory)
    missing.put("qjsbridge:x.js", missing.key("qjsbridge:x.js", "s"), b"p")
    assert os.listdir(missing.directory) == []  # after a failed write, this process stops trying


def test_the_environment_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_bytecode.ENV, "0")
    assert not _bytecode.enabled()
    monkeypatch.setenv(_bytecode.ENV, "1")
    assert _bytecode.enabled()
