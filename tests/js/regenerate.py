"""Regenerate the ``.expected`` files of the Node-differential scripts by running them under node.

    python tests/js/regenerate.py            # all suites
    python tests/js/regenerate.py core       # one suite

A ``<name>.flags`` file gives command-line flags for both runs (see :func:`flags`).
Each ``<name>.js`` (or ``<name>.mjs``) gets ``<name>.expected`` (node's stdout),
``<name>.stderr`` (node's stderr, normalised by ``tests/node_stderr.py``) when that is not empty,
and, when node exits non-zero,
``<name>.exit`` (the code). Scripts must be deterministic: run them a few times before
committing (``--check`` runs each 3 times and fails on differences).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent.parent))

from tests.node_stderr import normalize_stderr  # noqa: E402


def flags(script: Path, for_node: bool) -> list[str]:
    """The command-line flags in ``<name>.flags`` (one per line, ``{dir}`` = the script's
    directory); for node, ``--permission`` is spelled ``--experimental-permission`` (Node 20)."""
    flag_file = script.with_suffix(".flags")
    if not flag_file.exists():
        return []
    out = []
    for line in flag_file.read_text().splitlines():
        line = line.strip().replace("{dir}", str(script.parent.resolve()))
        if line:
            out.append("--experimental-permission" if for_node and line == "--permission" else line)
    return out


def node_output(script: Path) -> tuple[str, int, str]:
    proc = subprocess.run(["node", *flags(script, True), script.name], cwd=script.parent,
                          capture_output=True, text=True, timeout=60)
    return proc.stdout, proc.returncode, normalize_stderr(proc.stderr, str(script.parent))


def main(argv: list[str]) -> int:
    check = "--check" in argv
    suites = [a for a in argv if not a.startswith("--")] or [p.name for p in HERE.iterdir() if p.is_dir()]
    bad = 0
    for suite in suites:
        for script in sorted([*(HERE / suite).glob("*.js"), *(HERE / suite).glob("*.mjs")]):
            out, code, err = node_output(script)
            if check and any(node_output(script) != (out, code, err) for _ in range(2)):
                print(f"nondeterministic under node: {script}")
                bad += 1
                continue
            script.with_suffix(".expected").write_text(out)
            err_file = script.with_suffix(".stderr")
            if err:
                err_file.write_text(err)
            elif err_file.exists():
                err_file.unlink()
            exit_file = script.with_suffix(".exit")
            if code:
                exit_file.write_text(f"{code}\n")
            elif exit_file.exists():
                exit_file.unlink()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
