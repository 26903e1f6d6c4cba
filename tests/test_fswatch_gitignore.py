"""fswatch ``gitignore: true``: nested files, negation, directory-only rules, .git/info/exclude,
live edits, no OS watch for ignored directories, and the re2 backend."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pathspec

from qjsbridge.fswatch.gitignore import GitIgnoreTree, compile_lines
from qjsbridge.testing import LeakSnapshot, TestRuntime


def test_the_re2_backend_is_the_one_in_use() -> None:
    spec = compile_lines(["*.log"])
    assert isinstance(spec, pathspec.GitIgnoreSpec)
    backend = spec._backend
    assert "re2" in type(backend).__module__, type(backend)


def test_a_catastrophic_pattern_is_fast() -> None:
    spec = compile_lines(["*a*a*a*a*a*a*b"])
    started = time.perf_counter()
    assert spec.check_file("a" * 60).include is None
    assert spec.check_file("a" * 100_000).include is None
    assert time.perf_counter() - started < 1.0


def make_tree(root: Path) -> None:
    (root / ".gitignore").write_text("*.log\n!keep.log\nbuild/\n/top-only.txt\n")
    (root / "src").mkdir()
    (root / "src" / ".gitignore").write_text("generated.js\n!important.log\n")
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("secret.txt\n")
    (root / "build").mkdir()
    (root / "src" / "build").mkdir()


def test_rules_unit(tmp_path: Path) -> None:
    make_tree(tmp_path)
    (tmp_path / "notes.txt").mkdir()
    tree = GitIgnoreTree(str(tmp_path))
    cases = {
        ("app.log", False): True,
        ("keep.log", False): False,  # negation
        ("src/app.log", False): True,  # a parent's rule applies below
        ("src/important.log", False): False,  # a deeper file overrides
        ("src/generated.js", False): True,
        ("generated.js", False): False,  # src's rules stay in src
        ("build", True): True,  # directory-only rule
        ("build", False): False,  # ...does not match a file
        ("build/x.o", False): True,  # below an ignored directory
        ("src/build/y.o", False): True,
        ("top-only.txt", False): True,  # anchored
        ("src/top-only.txt", False): False,
        ("secret.txt", False): True,  # .git/info/exclude
        (".git", True): True,
        ("main.py", False): False,
    }
    for (rel, is_dir), want in cases.items():
        assert tree.ignored(rel, is_dir) is want, (rel, is_dir)


def names(events: list[dict[str, Any]]) -> set[str]:
    return {e["relativeName"] for e in events}


def test_gitignore_watch(qjs: TestRuntime, watched: Path) -> None:
    make_tree(watched)
    before = LeakSnapshot.take().inotify_watches
    w = qjs.watch(watched, recursive=True, gitignore=True)
    # root, src, .git is ignored, build and src/build are ignored: 2 watches
    assert LeakSnapshot.take().inotify_watches - before == 2
    for rel in ("app.log", "keep.log", "src/app.log", "src/important.log", "src/generated.js",
                "build/x.o", "src/build/y.o", "secret.txt", "main.py", ".git/HEAD"):
        (watched / rel).write_text("x")
    w.settle()
    assert names(w.events) == {"keep.log", "src/important.log", "main.py"}


def test_editing_gitignore_takes_effect_at_once(qjs: TestRuntime, watched: Path) -> None:
    (watched / ".gitignore").write_text("*.tmp\nvendor/\n")
    (watched / "vendor").mkdir()
    w = qjs.watch(watched, recursive=True, gitignore=True)
    (watched / "a.tmp").write_text("x")
    (watched / "a.txt").write_text("x")
    w.wait_for(path="a.txt")
    assert w.matching(path="a.tmp") == []
    (watched / ".gitignore").write_text("*.txt\n")  # now .tmp is fine, .txt is not, vendor/ neither
    w.wait_for(path=".gitignore")
    (watched / "b.txt").write_text("x")
    (watched / "b.tmp").write_text("x")
    w.wait_for(path="b.tmp")
    (watched / "vendor" / "lib.js").write_text("x")  # vendor is watched now
    w.wait_for(path="vendor/lib.js")
    assert w.matching(path="b.txt") == []


def test_a_new_nested_gitignore_applies(qjs: TestRuntime, watched: Path) -> None:
    w = qjs.watch(watched, recursive=True, gitignore=True)
    sub = watched / "sub"
    sub.mkdir()
    w.wait_for(path="sub")
    (sub / ".gitignore").write_text("*.o\n")
    w.wait_for(path="sub/.gitignore")
    (sub / "x.o").write_text("x")
    (sub / "x.c").write_text("x")
    w.wait_for(path="sub/x.c")
    assert w.matching(path="sub/x.o") == []


def test_gitignore_with_initial_scan(qjs: TestRuntime, watched: Path) -> None:
    make_tree(watched)
    (watched / "main.py").write_text("x")
    (watched / "app.log").write_text("x")
    w = qjs.watch(watched, recursive=True, gitignore=True, initial=True)
    w.wait_until(lambda w: w.readies, what="ready")
    assert names(w.events) == {".gitignore", "src", "src/.gitignore", "main.py"}


def test_gitignore_under_polling(qjs_policy: Callable[..., TestRuntime], watched: Path) -> None:
    rt = qjs_policy(allow_polling=True, min_poll_interval=0.02)
    make_tree(watched)
    w = rt.watch(watched, recursive=True, gitignore=True, poll={"intervalMs": 50})
    (watched / "app.log").write_text("x")
    (watched / "build" / "out.o").write_text("x")
    (watched / "main.py").write_text("x")
    w.wait_for(path="main.py")
    w.settle()
    assert names(w.events) == {"main.py"}


def test_an_invalid_line_is_skipped_not_the_file(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("!\n*.log\n\\\n")
    tree = GitIgnoreTree(str(tmp_path))
    assert tree.ignored("x.log", False) and not tree.ignored("x.txt", False)
