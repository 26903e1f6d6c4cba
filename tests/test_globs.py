"""fswatch.globs: Go path.Match per segment, ``**`` across segments, include/exclude sets."""

from __future__ import annotations

import ast
import fnmatch
import random
import time
from pathlib import Path

import pytest

from qjsbridge.fswatch import globs
from qjsbridge.fswatch.globs import (
    CACHE_LIMIT,
    Glob,
    GlobError,
    GlobSet,
    GlobSetError,
    _match_segment,
    compile_glob,
)

BAD = "bad"

# Go's src/path/match_test.go table: (pattern, name, match, error).
GO_MATCH_TESTS: list[tuple[str, str, bool, str | None]] = [
    ("abc", "abc", True, None),
    ("*", "abc", True, None),
    ("*c", "abc", True, None),
    ("a*", "a", True, None),
    ("a*", "abc", True, None),
    ("a*", "ab/c", False, None),
    ("a*/b", "abc/b", True, None),
    ("a*/b", "a/c/b", False, None),
    ("a*b*c*d*e*/f", "axbxcxdxe/f", True, None),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/f", True, None),
    ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", False, None),
    ("a*b*c*d*e*/f", "axbxcxdxexxx/fff", False, None),
    ("a*b?c*x", "abxbbxdbxebxczzx", True, None),
    ("a*b?c*x", "abxbbxdbxebxczzy", False, None),
    ("ab[c]", "abc", True, None),
    ("ab[b-d]", "abc", True, None),
    ("ab[e-g]", "abc", False, None),
    ("ab[^c]", "abc", False, None),
    ("ab[^b-d]", "abc", False, None),
    ("ab[^e-g]", "abc", True, None),
    ("a\\*b", "a*b", True, None),
    ("a\\*b", "ab", False, None),
    ("a?b", "a☺b", True, None),
    ("a[^a]b", "a☺b", True, None),
    ("a???b", "a☺b", False, None),
    ("a[^a][^a][^a]b", "a☺b", False, None),
    ("[a-ζ]*", "α", True, None),
    ("*[a-ζ]", "A", False, None),
    ("a?b", "a/b", False, None),
    ("a*b", "a/b", False, None),
    ("[\\]a]", "]", True, None),
    ("[\\-]", "-", True, None),
    ("[x\\-]", "x", True, None),
    ("[x\\-]", "-", True, None),
    ("[x\\-]", "z", False, None),
    ("[\\-x]", "x", True, None),
    ("[\\-x]", "-", True, None),
    ("[\\-x]", "a", False, None),
    ("[]a]", "]", False, BAD),
    ("[-]", "-", False, BAD),
    ("[x-]", "x", False, BAD),
    ("[x-]", "-", False, BAD),
    ("[x-]", "z", False, BAD),
    ("[-x]", "x", False, BAD),
    ("[-x]", "-", False, BAD),
    ("[-x]", "a", False, BAD),
    ("\\", "a", False, BAD),
    ("[a-b-c]", "a", False, BAD),
    ("[", "a", False, BAD),
    ("[^", "a", False, BAD),
    ("[^bc", "a", False, BAD),
    ("a[", "a", False, BAD),
    ("a[", "ab", False, BAD),
    ("a[", "x", False, BAD),
    ("a/b[", "x", False, BAD),
    ("*x", "xxx", True, None),
]


def _ids(row: tuple[str, str, bool, str | None]) -> str:
    return f"{row[0]!r}~{row[1]!r}"


@pytest.mark.parametrize("row", GO_MATCH_TESTS, ids=_ids)
def test_go_path_match_table(row: tuple[str, str, bool, str | None]) -> None:
    pattern, name, want, err = row
    if err is not None:
        with pytest.raises(GlobError) as info:
            _match_segment(pattern, name)
        assert str(info.value) == "syntax error in pattern"
    else:
        assert _match_segment(pattern, name) is want


@pytest.mark.parametrize("row", GO_MATCH_TESTS, ids=_ids)
def test_go_path_match_table_through_compile_glob(row: tuple[str, str, bool, str | None]) -> None:
    # Splitting on "/" first gives the same answers on every row of Go's table.
    pattern, name, want, err = row
    if err is not None:
        with pytest.raises(GlobError, match="^syntax error in pattern$"):
            compile_glob(pattern)
    else:
        assert compile_glob(pattern).matches(name) is want


@pytest.mark.parametrize("pattern", [
    "[", "[]", "[^]", "[^", "[a", "[a-", "[a-]", "[-a]", "[]a]", "[a-b-c]", "\\", "a\\",
    "[\\", "[a\\", "[a-\\", "[a-\\]",
    # Errors in segments that a match would never reach are still reported.
    "nomatch/[", "x/**/y/z[", "**/*.js/[z-", "a\\/b", "[/]", "ok/\\",
])
def test_syntax_errors_are_reported_at_compile_time(pattern: str) -> None:
    with pytest.raises(GlobError) as info:
        compile_glob(pattern)
    assert str(info.value) == "syntax error in pattern"
    assert isinstance(info.value, ValueError)
    assert info.value.pattern == pattern.strip()


@pytest.mark.parametrize(("pattern", "name", "want"), [
    ("[\\]]", "]", True),
    ("[\\]]", "a", False),
    ("[a\\-z]", "-", True),
    ("[a\\-z]", "m", False),
    ("[a-z]", "m", True),
    ("[a-z]", "M", False),
    ("[^a]", "b", True),
    ("[^a]", "!", True),
    ("[^a]", "a", False),
    # "!" is an ordinary class character: [!a] is the class {"!", "a"}.
    ("[!a]", "!", True),
    ("[!a]", "a", True),
    ("[!a]", "b", False),
    ("[*]", "*", True),
    ("[*]", "a", False),
    ("[?]", "?", True),
    ("[[]", "[", True),
    ("]", "]", True),
    ("a-b", "a-b", True),
    ("^a", "^a", True),
    ("\\a\\b", "ab", True),
    ("\\[x]", "[x]", True),
    ("\\[x]", "x", False),
    ("a\\?", "a?", True),
    ("a\\?", "ab", False),
    ("?", "", False),
    ("", "", True),
    ("", "a", False),
    ("*", "", True),
    ("a[b-b]c", "abc", True),
    ("[z-a]", "m", False),
    ("*[0-9]", "file10", True),
    ("x*[0-9]y", "x1y2y", True),
    ("x*[0-9]y", "x1y2z", False),
    # As in Go, a star never skips a "/" (segments never contain one; direct callers may pass one).
    ("a*b*", "a/b", False),
    ("a*b*", "axbyy", True),
    ("a*?*", "a/", False),
    ("a[^x]b", "a/b", True),
])
def test_segment_matching(pattern: str, name: str, want: bool) -> None:
    assert _match_segment(pattern, name) is want


def test_star_only_top_level() -> None:
    glob = compile_glob("*.js")
    assert glob.matches("a.js")
    assert glob.matches("./a.js")
    assert not glob.matches("src/a.js")
    assert not glob.matches("a.jsx")
    assert not glob.matches("")


def test_globstar_prefix_matches_any_depth() -> None:
    glob = compile_glob("**/*.js")
    for rel in ("a.js", "src/a.js", "src/x/y/z/a.js"):
        assert glob.matches(rel), rel
    for rel in ("", "src", "src/a.ts", "a.js/x"):
        assert not glob.matches(rel), rel


def test_globstar_alone_matches_everything_including_root() -> None:
    glob = compile_glob("**")
    for rel in ("", ".", "a", "a/b/c", ".git/config"):
        assert glob.matches(rel), rel
    assert compile_glob("**/**/").matches("")


def test_globstar_around_a_directory_name() -> None:
    glob = compile_glob("**/node_modules/**")
    for rel in ("node_modules", "a/node_modules", "a/node_modules/x/y.js", "node_modules/x",
                "a/b/node_modules/node_modules"):
        assert glob.matches(rel), rel
    for rel in ("node_modules_x", "a/node_modules_x/y.js", "x_node_modules", "", "a"):
        assert not glob.matches(rel), rel


def test_trailing_globstar_matches_the_directory_itself() -> None:
    glob = compile_glob("src/**")
    for rel in ("src", "src/a", "src/a/b.js"):
        assert glob.matches(rel), rel
    for rel in ("", "srcx", "a/src", "Src/a"):
        assert not glob.matches(rel), rel


def test_globstar_in_the_middle() -> None:
    glob = compile_glob("src/**/test/*.js")
    for rel in ("src/test/a.js", "src/x/test/a.js", "src/x/y/test/a.js", "src/test/test/a.js"):
        assert glob.matches(rel), rel
    for rel in ("src/a.js", "src/test/x/a.js", "test/a.js", "src/test"):
        assert not glob.matches(rel), rel
    several = compile_glob("a/**/b/**/c")
    assert several.matches("a/b/c")
    assert several.matches("a/x/b/y/z/c")
    assert several.matches("a/b/b/c/c")
    assert not several.matches("a/c/b")
    assert not several.matches("a/b")


@pytest.mark.parametrize(("pattern", "rel", "want"), [
    ("./src/*.js", "src/a.js", True),
    ("/src/", "src", True),
    ("/src/", "./src/", True),
    ("/src/", "src/a", False),
    ("a//b", "a/b", True),
    ("a/b", "a//b", True),
    ("a/./b", "a/b", True),
    ("  src/*.js  ", "src/a.js", True),
    ("src/*.js", "  ./src/a.js/ ", True),
    (".", "", True),
    (".", ".", True),
    (".", "a", False),
    ("", "", True),
    ("/", "", True),
    ("*", "", False),
    ("a/../b", "a/../b", True),
    ("../*", "../x", True),
])
def test_normalisation(pattern: str, rel: str, want: bool) -> None:
    assert compile_glob(pattern).matches(rel) is want


def test_pattern_attribute_is_stripped() -> None:
    glob = compile_glob("  ./src/*.js \n")
    assert isinstance(glob, Glob)
    assert glob.pattern == "./src/*.js"
    assert repr(glob) == "Glob('./src/*.js')"


def test_double_star_inside_a_segment_is_a_single_star() -> None:
    glob = compile_glob("a**b")
    for rel in ("ab", "axb", "axxxb"):
        assert glob.matches(rel), rel
    for rel in ("a/b", "a/x/b", "xab", "abx"):
        assert not glob.matches(rel), rel
    assert compile_glob("**.js").matches("a.js")
    assert not compile_glob("**.js").matches("src/a.js")
    # Three stars are not the globstar either.
    assert compile_glob("***").matches("a")
    assert not compile_glob("***").matches("a/b")
    assert not compile_glob("***").matches("")


def test_escaped_globstar_is_literal() -> None:
    glob = compile_glob("\\*\\*/x")
    assert glob.matches("**/x")
    assert not glob.matches("a/x")


def test_dotfiles_are_matched_by_star() -> None:
    assert compile_glob("*").matches(".env")
    assert compile_glob("*.js").matches(".eslintrc.js")
    assert compile_glob("**/*").matches(".git/config")
    assert compile_glob("?git").matches(".git")


def test_matching_is_case_sensitive() -> None:
    assert not compile_glob("*.JS").matches("a.js")
    assert not compile_glob("Src/**").matches("src/a")
    assert not compile_glob("[A-Z]*").matches("readme")
    assert compile_glob("[A-Z]*").matches("README")


def test_question_mark_is_exactly_one_character() -> None:
    glob = compile_glob("?.js")
    assert glob.matches("a.js")
    assert not glob.matches("ab.js")
    assert not glob.matches(".js")


# ---------------------------------------------------------------------------------------------
# GlobSet


def test_empty_set_allows_everything() -> None:
    gs = GlobSet()
    assert gs.include == () and gs.exclude == ()
    for rel in ("", "a", "node_modules/x/y.js"):
        assert gs.allows(rel)
        assert gs.should_descend(rel)


def test_include_then_exclude() -> None:
    gs = GlobSet(include=["**/*.js"], exclude=["**/*.test.js"])
    assert gs.allows("a.js")
    assert gs.allows("src/a.js")
    assert not gs.allows("src/a.test.js")
    assert not gs.allows("a.ts")
    assert not gs.allows("src")
    # Includes never limit descent.
    assert gs.should_descend("src")


def test_several_includes_any_one_suffices() -> None:
    gs = GlobSet(include=["*.py", "src/**"])
    assert gs.allows("setup.py")
    assert gs.allows("src/a/b.c")
    assert not gs.allows("docs/a.md")


def test_excluded_directory_hides_its_subtree() -> None:
    gs = GlobSet(exclude=["build"])
    for rel in ("build", "build/x.js", "build/a/b", "./build/a/b/c/d"):
        assert not gs.allows(rel), rel
    for rel in ("", "src/build.js", "builds/x", "src/build/x", "x.js"):
        assert gs.allows(rel), rel
    assert not gs.should_descend("build")
    assert not gs.should_descend("build/a")
    assert gs.should_descend("src")
    assert gs.should_descend("src/build")
    assert gs.should_descend("")


def test_excluded_directory_at_any_depth() -> None:
    gs = GlobSet(exclude=["**/node_modules"])
    for rel in ("node_modules", "node_modules/x.js", "a/node_modules", "a/node_modules/b/c.js"):
        assert not gs.allows(rel), rel
    for rel in ("a/b.js", "a/node_modules_x/c.js", "node_modules.js"):
        assert gs.allows(rel), rel
    assert not gs.should_descend("a/node_modules")
    assert not gs.should_descend("a/node_modules/x")
    assert gs.should_descend("a")


def test_include_cannot_rescue_an_excluded_subtree() -> None:
    gs = GlobSet(include=["**/*.js"], exclude=["vendor"])
    assert gs.allows("src/a.js")
    assert not gs.allows("vendor/a.js")
    assert not gs.allows("vendor/x/a.js")


@pytest.mark.parametrize("order", [
    ["a/b/c/d", "a/x", "a", "a/b"],
    ["a", "a/b", "a/b/c/d", "a/x"],
    ["a/x", "a/b", "a/b/c/d", "a"],
])
def test_ancestor_cache_is_order_independent(order: list[str]) -> None:
    gs = GlobSet(exclude=["a/*"])
    want_allows = {"a/b/c/d": False, "a/x": False, "a": True, "a/b": False}
    want_descend = {"a/b/c/d": False, "a/x": False, "a": True, "a/b": False}
    for rel in order:
        assert gs.allows(rel) is want_allows[rel], rel
        assert gs.should_descend(rel) is want_descend[rel], rel
    for rel in reversed(order):
        assert gs.allows(rel) is want_allows[rel], rel
        assert gs.should_descend(rel) is want_descend[rel], rel


def test_trailing_globstar_exclude_hides_the_directory_too() -> None:
    gs = GlobSet(exclude=["src/**"])
    assert not gs.allows("src")
    assert not gs.allows("src/a.js")
    assert not gs.should_descend("src")
    assert gs.allows("srcx/a.js")


def test_should_descend_ignores_includes() -> None:
    gs = GlobSet(include=["*.js"])
    assert gs.should_descend("src")
    assert gs.should_descend("src/deep/er")
    assert not gs.allows("src/a.js")
    assert gs.allows("a.js")


def test_exclude_globstar_descends_nowhere() -> None:
    gs = GlobSet(exclude=["**"])
    for rel in ("", "a", "a/b"):
        assert not gs.should_descend(rel), rel
        assert not gs.allows(rel), rel


def test_exclude_matching_root_excludes_everything() -> None:
    # "." normalises to "" and so matches the watched root only; the root is an ancestor of
    # every path, so its whole subtree is excluded.
    gs = GlobSet(exclude=["."])
    for rel in ("", "a", "a/b"):
        assert not gs.should_descend(rel), rel
        assert not gs.allows(rel), rel
    # As an include it selects the root only.
    gs = GlobSet(include=["."])
    assert gs.allows("")
    assert not gs.allows("a")


def test_globseterror_for_include() -> None:
    with pytest.raises(GlobSetError) as info:
        GlobSet(include=["ok", "*.js", "[bad"], exclude=["also[bad"])
    err = info.value
    assert str(err) == "invalid include glob at index 2: syntax error in pattern"
    assert err.kind == "include"
    assert err.index == 2
    assert err.pattern == "[bad"
    assert isinstance(err, GlobError)
    assert isinstance(err, ValueError)


def test_globseterror_for_exclude() -> None:
    with pytest.raises(GlobSetError) as info:
        GlobSet(include=["**"], exclude=["a", "b", "c\\", "[x-]"])
    err = info.value
    assert str(err) == "invalid exclude glob at index 2: syntax error in pattern"
    assert err.kind == "exclude"
    assert err.index == 2


def test_a_single_string_is_rejected() -> None:
    with pytest.raises(TypeError):
        GlobSet(include="*.js")
    with pytest.raises(TypeError):
        GlobSet(exclude="build")


def test_patterns_are_compiled_and_exposed() -> None:
    gs = GlobSet(include=("*.js", " src/** "), exclude=["build"])
    assert [g.pattern for g in gs.include] == ["*.js", "src/**"]
    assert [g.pattern for g in gs.exclude] == ["build"]
    assert "build" in repr(gs)


def test_caches_stay_bounded_and_correct() -> None:
    gs = GlobSet(include=["**/*.js"], exclude=["**/skip"])
    total = CACHE_LIMIT * 2 + 17
    for i in range(total):
        rel = f"d{i % 50}/sub{i}/f{i}.js"
        assert gs.allows(rel) is True
        assert gs.should_descend(f"d{i}/skip/x{i}") is False
        assert len(gs._allow_cache) <= CACHE_LIMIT
        assert len(gs._dir_cache) <= CACHE_LIMIT
    # Still correct after the caches were cleared several times, and repeatable.
    for _ in range(2):
        assert gs.allows("d3/sub3/f3.js")
        assert not gs.allows("d3/skip/f3.js")
        assert not gs.allows("d3/skip")
        assert gs.should_descend("d3")


# ---------------------------------------------------------------------------------------------
# No regular expressions, no catastrophic backtracking


def test_module_uses_no_regex_engine() -> None:
    tree = ast.parse(Path(globs.__file__).read_text())
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"re", "fnmatch", "pathspec", "glob", "regex", "wcmatch"}


def test_pathological_patterns_are_fast() -> None:
    star_a = compile_glob("*a" * 20 + "b")
    globstars = compile_glob("/".join(["**", "a"] * 10) + "/b")
    nested = compile_glob("**/" + "*a" * 20 + "b/**/" + "*a" * 20 + "c")
    long_a = "a" * 255
    long_path = "/".join(["a"] * 60)
    deep_long = "/".join([long_a] * 60)

    started = time.perf_counter()
    assert not star_a.matches(long_a)
    assert star_a.matches(long_a[:-1] + "b")
    assert not star_a.matches("a" * 19 + "b")
    assert not globstars.matches(long_path)
    assert globstars.matches(long_path + "/b")
    assert not globstars.matches("/".join(["a"] * 9) + "/b")
    assert not nested.matches(deep_long)
    assert not nested.matches(deep_long + "/" + long_a[:-1] + "c")
    assert nested.matches(long_a[:-1] + "b/" + long_a[:-1] + "c")
    gs = GlobSet(include=["*a" * 20 + "b"], exclude=["/".join(["**", "a"] * 10) + "/b"])
    assert not gs.allows(long_a)
    assert not gs.allows(long_path)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"pathological matches took {elapsed:.3f}s"


# ---------------------------------------------------------------------------------------------
# Differential tests


def test_segment_matcher_agrees_with_fnmatchcase() -> None:
    # Without "[" and "\\", Go's path.Match and fnmatch agree on one segment: "*" any run,
    # "?" one character, both free to match a leading dot.
    rng = random.Random(20240917)
    checked = 0
    for _ in range(4000):
        pattern = "".join(rng.choice("ab.*?") for _ in range(rng.randint(0, 7)))
        name = "".join(rng.choice("ab.") for _ in range(rng.randint(0, 8)))
        assert _match_segment(pattern, name) is fnmatch.fnmatchcase(name, pattern), (pattern, name)
        checked += 1
    assert checked == 4000


def _reference(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Exponential but obviously right: ``**`` tries every split, other segments fnmatch."""
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_reference(rest, path[i:]) for i in range(len(path) + 1))
    return bool(path) and fnmatch.fnmatchcase(path[0], head) and _reference(rest, path[1:])


def test_multi_segment_matcher_agrees_with_a_reference() -> None:
    rng = random.Random(7)
    pattern_segments = ["**", "**", "*", "a", "b", "a*", "*b", "?", "ab"]
    path_segments = ["a", "b", "ab", "ba", "aa"]
    for _ in range(3000):
        pattern = tuple(rng.choice(pattern_segments) for _ in range(rng.randint(0, 6)))
        path = tuple(rng.choice(path_segments) for _ in range(rng.randint(0, 7)))
        got = compile_glob("/".join(pattern)).matches("/".join(path))
        assert got is _reference(pattern, path), (pattern, path)
