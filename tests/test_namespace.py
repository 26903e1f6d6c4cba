"""One import namespace: everything installs and imports under ``qjsbridge``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = ("engine", "jsevents", "fswatch", "bus")
BARE_IMPORT = re.compile(rf"^\s*(?:from|import)\s+(?:{'|'.join(BARE)})(?:\.|\s|$)", re.M)


def test_a_fresh_interpreter_outside_the_checkout_sees_only_qjsbridge(tmp_path: Path) -> None:
    probe = (
        "import importlib.util, qjsbridge.engine, qjsbridge.jsevents, qjsbridge.fswatch\n"
        f"print([n for n in {BARE!r} if importlib.util.find_spec(n) is not None])\n"
    )
    proc = subprocess.run([sys.executable, "-I", "-c", probe], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_nothing_in_the_project_imports_a_bare_package_name() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        if {".venv", "build", ".git"} & set(path.relative_to(ROOT).parts):
            continue
        for match in BARE_IMPORT.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    for path in [ROOT / "README.md", *(ROOT / "qjsbridge" / "docs").glob("*.md")]:
        for match in BARE_IMPORT.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    assert offenders == []


def test_the_wheel_installs_one_top_level_name(tmp_path: Path) -> None:
    # build from a copy: an in-tree build would leave build/ and egg-info in the checkout
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".mypy_cache",
        ".pytest_cache"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("qjsbridge-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"qjsbridge", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1]
                    + ".dist-info"}
    # the mapped folders land inside the namespace, with their JS sources and type markers
    for required in ("qjsbridge/engine/vm.py", "qjsbridge/engine/js/bootstrap.js",
                     "qjsbridge/jsevents/js/jsevents.js", "qjsbridge/fswatch/js/fswatch.js",
                     "qjsbridge/engine/py.typed", "qjsbridge/fswatch/py.typed",
                     "qjsbridge/docs/fswatch.md", "qjsbridge/py.typed"):
        assert required in names
