"""The Node APIs loaded on first use (engine/js/lazy.js): nothing is compiled until touched."""

from __future__ import annotations

import io
from pathlib import Path

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
