"""Run ``mypy --strict`` on the installed import names (``qjsbridge.engine``, ...).

The repository keeps the design card's top-level folders (``engine/``, ``jsevents/``, ...) and
setuptools maps them into the ``qjsbridge`` namespace through ``package-dir``. mypy cannot follow
an editable install's import hook, so this builds the installed layout as a tree of symlinks in a
temporary directory (from the same ``package-dir`` table) and checks ``-p qjsbridge`` there.

Usage: ``.venv/bin/python tests/typecheck.py`` (exit status is mypy's).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_layout(dest: Path) -> None:
    """Lay out the ``qjsbridge`` package under ``dest`` as pip installs it, with symlinks."""
    table = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    top = dest / "qjsbridge"
    top.mkdir()
    mapped = {name.split(".", 1)[1]: ROOT / folder for name, folder in table.items() if "." in name}
    for child in (ROOT / table["qjsbridge"]).iterdir():
        if child.name not in mapped and child.name != "__pycache__":
            (top / child.name).symlink_to(child)
    for name, folder in mapped.items():
        (top / name).symlink_to(folder, target_is_directory=True)


def run_mypy() -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="qjsbridge-typecheck-") as tmp:
        build_layout(Path(tmp))
        env = dict(os.environ, MYPYPATH=tmp)
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
             "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "qjsbridge"],
            cwd=tmp, env=env, capture_output=True, text=True, timeout=600)


if __name__ == "__main__":
    proc = run_mypy()
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    sys.exit(proc.returncode)
