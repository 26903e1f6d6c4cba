"""fswatch ``gitignore: true``: nested files, negation, directory-only rules, .git/info/exclude,
live edits, no OS watch for ignored directories, and the re2 backend."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pathspec

from qjsbridge.fswatch.gitignore import GitIgnoreTree, compile_lines
from tests.test_fswatch import Rig, make_rig, named, rig  # noqa: F401  (fixtures)
from tests.test_fswatch_features import events_for, inotify_watch_count


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


def test_gitignore_watch(rig: Rig) -> None:
    make_tree(rig.dir)
    before = inotify_watch_count()
    rig.watch(rig.dir, {"recursive": True, "gitignore": True})
    # root, src, .git is ignored, build and src/build are ignored: 2 watches
    assert inotify_watch_count() - before == 2
    for rel in ("app.log", "keep.log", "src/app.log", "src/important.log", "src/generated.js",
                "build/x.o", "src/build/y.o", "secret.txt", "main.py", ".git/HEAD"):
        (rig.dir / rel).write_text("x")
    (rig.dir / "sentinel").write_text("x")
    rig.wait_event(named("sentinel"))
    reported = {e["relativeName"] for e in rig.events()} - {"sentinel"}
    assert reported == {"keep.log", "src/important.log", "main.py"}


def test_editing_gitignore_takes_effect_at_once(rig: Rig) -> None:
    (rig.dir / ".gitignore").write_text("*.tmp\nvendor/\n")
    (rig.dir / "vendor").mkdir()
    rig.watch(rig.dir, {"recursive": True, "gitignore": True})
    (rig.dir / "a.tmp").write_text("x")
    (rig.dir / "a.txt").write_text("x")
    rig.wait_event(named("a.txt"))
    assert events_for(rig, "a.tmp") == []
    (rig.dir / ".gitignore").write_text("*.txt\n")  # now .tmp is fine, .txt is not, vendor/ neither
    rig.wait_event(named(".gitignore"))
    (rig.dir / "b.txt").write_text("x")
    (rig.dir / "b.tmp").write_text("x")
    rig.wait_event(named("b.tmp"))
    (rig.dir / "vendor" / "lib.js").write_text("x")  # vendor is watched now
    rig.wait_event(named("vendor/lib.js"))
    assert events_for(rig, "b.txt") == []


def test_a_new_nested_gitignore_applies(rig: Rig) -> None:
    rig.watch(rig.dir, {"recursive": True, "gitignore": True})
    sub = rig.dir / "sub"
    sub.mkdir()
    rig.wait_event(named("sub"))
    (sub / ".gitignore").write_text("*.o\n")
    rig.wait_event(named("sub/.gitignore"))
    (sub / "x.o").write_text("x")
    (sub / "x.c").write_text("x")
    rig.wait_event(named("sub/x.c"))
    assert events_for(rig, "sub/x.o") == []


def test_gitignore_with_initial_scan(rig: Rig) -> None:
    make_tree(rig.dir)
    (rig.dir / "main.py").write_text("x")
    (rig.dir / "app.log").write_text("x")
    rig.rt.eval('em.on("ready", () => { globalThis.atReady = w.events.length; });')
    rig.watch(rig.dir, {"recursive": True, "gitignore": True, "initial": True})
    from tests.conftest import wait_for
    wait_for(lambda: rig.rt.eval("globalThis.atReady !== undefined"), message="ready")
    names = {e["relativeName"] for e in rig.events()}
    assert names == {".gitignore", "src", "src/.gitignore", "main.py"}


def test_gitignore_under_polling(make_rig: Callable[..., Rig]) -> None:
    rig = make_rig(allow_polling=True, min_poll_interval=0.02)
    make_tree(rig.dir)
    rig.watch(rig.dir, {"recursive": True, "gitignore": True, "poll": {"intervalMs": 50}})
    (rig.dir / "app.log").write_text("x")
    (rig.dir / "build" / "out.o").write_text("x")
    (rig.dir / "main.py").write_text("x")
    rig.wait_event(named("main.py"))
    (rig.dir / "sentinel").write_text("x")
    rig.wait_event(named("sentinel"))
    assert {e["relativeName"] for e in rig.events()} == {"main.py", "sentinel"}


def test_an_invalid_line_is_skipped_not_the_file(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("!\n*.log\n\\\n")
    tree = GitIgnoreTree(str(tmp_path))
    assert tree.ignored("x.log", False) and not tree.ignored("x.txt", False)
