"""Property-based tests (hypothesis): any option value is accepted or refused with a clear error,
and the glob and .gitignore matchers answer every input, in bounded time."""

from __future__ import annotations

import fnmatch
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qjsbridge.engine.errors import JSError
from qjsbridge.fswatch.gitignore import GitIgnoreTree, compile_lines
from qjsbridge.fswatch.globs import GlobError, compile_glob
from qjsbridge.testing import TestRuntime

# JavaScript expressions a script might pass as an option value.
JS_SCALARS = st.sampled_from([
    "undefined", "null", "true", "false", "0", "-0", "1", "-1", "0.5", "99.9", "NaN", "Infinity",
    "-Infinity", "Number.MAX_VALUE", "Number.MIN_VALUE", "2**53", "2**53 - 1", "1e21", "3600000",
    "3600001", "1n", "''", "' '", "'x'", "'**/*.js'", "'['", "Symbol('s')", "[]", "['a', 5]",
    "[null]", "{}", "{intervalMs: 50}", "{intervalMs: -1}", "{stabilityMs: 10, pollMs: 0}",
    "{stabilityMs: 1e9}", "(() => 1)", "new Date(0)", "{valueOf() { return 5; }}",
    "{toString() { throw new Error('boom'); }}", "{get x() { return 1; }}",
    "Object.create(null)", "new Proxy({}, {})", "{length: 1e9}", "{length: 2, 0: 'a', 1: 'b'}",
])
OPTION_NAMES = st.sampled_from(["recursive", "debounceMs", "include", "exclude", "depth", "initial",
                                "raw", "gitignore", "awaitWriteFinish", "poll", "bogus",
                                "__proto__", "constructor"])


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(options=st.dictionaries(OPTION_NAMES, JS_SCALARS, max_size=4))
def test_any_option_value_is_accepted_or_clearly_refused(polling_rt: TestRuntime, watched: Path,
                                                           options: dict[str, str]) -> None:
    body = ", ".join(f"{json.dumps(k)}: {v}" for k, v in options.items())
    js = f"(() => {{ const c = fswatch.watch({json.dumps(str(watched))}, em, {{{body}}}); c.close(); return c.backend; }})()"
    started = time.monotonic()
    try:
        result = polling_rt.eval(js)
    except JSError as exc:
        message = str(exc)
        assert message.split(":")[0] in ("TypeError", "RangeError", "Error"), message
        assert "fswatch:" in message or "boom" in message, message
        for leak in ("Traceback", "ValueError", "KeyError", "OverflowError", "AttributeError"):
            assert leak not in message, message
    else:
        assert result in ("inotify", "polling")
    assert time.monotonic() - started < 10


@pytest.fixture
def polling_rt(qjs_policy: Callable[..., TestRuntime]) -> TestRuntime:
    return qjs_policy(allow_polling=True)


PATTERN_CHARS = st.sampled_from(list("ab*?[]^-\\/.!") + ["**/", "[a-b]"])
NAME_CHARS = st.sampled_from(list("ab.-/!^[]*?"))


@settings(max_examples=400, deadline=None, database=None)
@given(pattern=st.lists(PATTERN_CHARS, max_size=12).map("".join),
       name=st.lists(NAME_CHARS, max_size=16).map("".join))
def test_globs_answer_or_refuse(pattern: str, name: str) -> None:
    try:
        glob = compile_glob(pattern)
    except GlobError as exc:
        assert str(exc) == "syntax error in pattern"
        return
    assert glob.matches(name) in (True, False)


def _reference(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_reference(rest, path[i:]) for i in range(len(path) + 1))
    return bool(path) and fnmatch.fnmatchcase(path[0], head) and _reference(rest, path[1:])


SIMPLE_SEGMENTS = st.sampled_from(["**", "*", "?", "a", "b", "a*", "*b", "a?b", "*a*", ".*", "ab"])
PATH_SEGMENTS = st.sampled_from(["a", "b", "ab", "ba", "aab", ".a", "abb"])


@settings(max_examples=400, deadline=None, database=None)
@given(pattern=st.lists(SIMPLE_SEGMENTS, min_size=1, max_size=5),
       path=st.lists(PATH_SEGMENTS, max_size=6))
def test_globs_agree_with_a_reference(pattern: list[str], path: list[str]) -> None:
    got = compile_glob("/".join(pattern)).matches("/".join(path))
    assert got is _reference(tuple(pattern), tuple(path))


@settings(max_examples=50, deadline=None, database=None)
@given(stars=st.integers(1, 30), length=st.integers(1, 3000))
def test_glob_matching_time_is_bounded(stars: int, length: int) -> None:
    glob = compile_glob("*a" * stars + "b")
    started = time.perf_counter()
    glob.matches("a" * length)
    assert time.perf_counter() - started < 1.0


GITIGNORE_LINES = st.lists(st.lists(st.sampled_from(list("ab*?[]!/\\#. ") + ["**"]), max_size=10)
                           .map("".join), max_size=6)


@pytest.mark.filterwarnings("ignore::FutureWarning")  # pathspec also compiles "[[" with re
@settings(max_examples=200, deadline=None, database=None)
@given(lines=GITIGNORE_LINES, name=st.lists(NAME_CHARS, min_size=1, max_size=20).map("".join))
def test_gitignore_lines_answer_or_refuse_quickly(lines: list[str], name: str) -> None:
    try:
        spec = compile_lines(lines)
    except ValueError as exc:  # pathspec refuses some lines ("!", a lone "\\"); it says so
        assert "Invalid git pattern" in str(exc)
        return
    started = time.perf_counter()
    spec.check_file(name.strip("/") or "x")
    spec.check_file(("a" * 5000) + "b")
    assert time.perf_counter() - started < 1.0


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(["a", "a/", "!a", "*.x", "!b.x", "/b", "b/**", "**/c",
                                       "!c/", "d/*", "!d/e"]), max_size=5),
       path=st.lists(st.sampled_from(["a", "b", "c", "d", "e", "b.x", "f.x"]), min_size=1,
                     max_size=4))
def test_an_ignored_directory_hides_its_subtree(tmp_path: Path, lines: list[str],
                                                path: list[str]) -> None:
    (tmp_path / ".gitignore").write_text("\n".join(lines) + "\n")
    tree = GitIgnoreTree(str(tmp_path))
    for i in range(1, len(path)):
        if tree.ignored("/".join(path[:i]), True):
            assert tree.ignored("/".join(path), False)
            assert tree.ignored("/".join(path), True)
