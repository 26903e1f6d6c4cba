"""Include/exclude glob matching for the file watcher, without regular expressions.

Paths handed to the matcher are *relative names* inside the watched directory, always with ``/``
separators (``src/components/view.js``); ``""`` is the watched directory itself. Patterns and
paths are normalised the same way (:func:`_split`): surrounding whitespace is stripped, then the
text is split on ``/`` and empty and ``.`` segments are dropped, so ``./src/*.js``, ``/src/*.js/``
and ``src//*.js`` are all the pattern ``src`` / ``*.js``.

Pattern syntax, per segment:

* a segment that is exactly ``**`` matches zero or more whole path segments;
* any other segment matches exactly one path segment with the rules of Go's ``path.Match``:
  ``*`` any run of characters (a leading dot included), ``?`` one character, ``[abc]``,
  ``[a-z]``, ``[^a-z]`` (``!`` is an ordinary character in a class), ``\\`` escapes the next
  character, also inside a class. ``**`` inside a segment (``a**b``) is simply ``*``.

A segment pattern is tokenised once and matched by simulating its automaton over the name (the
set of reachable pattern positions, as a bit mask), so matching takes O(len(pattern) *
len(name)) at worst, whatever the pattern: no catastrophic backtracking as in regex-based glob
engines. The ``**`` level places each group of segments between ``**`` segments at its leftmost
possible position, which is correct because the ``**`` around it can absorb any number of
segments.

Patterns are validated completely when compiled (Go only reports errors it reaches while
matching): an unterminated or empty class, a class item starting with ``-`` or ``]``, a range
without an end, or a trailing lone ``\\`` raise :class:`GlobError`. Because patterns are split on
``/`` first, an escape or a class cannot span a ``/`` (``a\\/b`` and ``[/]`` are errors).
Matching is case-sensitive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

from qjsbridge.engine.errors import GlobError, GlobSetError

__all__ = ["Glob", "GlobError", "GlobSet", "GlobSetError", "compile_glob"]


#: Entries kept per cache of :class:`GlobSet` before the cache is cleared.
CACHE_LIMIT: Final = 4096


# --------------------------------------------------------------------------------------------
# Normalisation


def _split(text: str) -> tuple[str, ...]:
    """Normalise a pattern or relative path into its segments.

    Strips surrounding whitespace, one leading ``./`` and leading/trailing ``/``, maps ``.`` to
    ``""``, then splits on ``/`` dropping empty and ``.`` segments. (Stripping ``./`` and slashes
    is subsumed by dropping empty and ``.`` segments.) ``""`` yields ``()``, the watched root.
    """
    return tuple(part for part in text.strip().split("/") if part and part != ".")


# --------------------------------------------------------------------------------------------
# One segment


class _CharClass:
    """A parsed ``[...]`` character class: single characters plus ``lo-hi`` ranges."""

    __slots__ = ("negated", "ranges", "singles")

    def __init__(self, negated: bool, singles: frozenset[str],
                 ranges: tuple[tuple[str, str], ...]) -> None:
        self.negated = negated
        self.singles = singles
        self.ranges = ranges

    def matches(self, char: str) -> bool:
        """Whether the one-character string ``char`` is in the class (after negation)."""
        hit = char in self.singles or any(lo <= char <= hi for lo, hi in self.ranges)
        return hit != self.negated


class _Star:
    """The ``*`` token (a run of stars is one token)."""

    __slots__ = ()


class _AnyChar:
    """The ``?`` token."""

    __slots__ = ()


_STAR: Final = _Star()
_ANY: Final = _AnyChar()

# A token: a literal character, "*", "?", or a character class.
_Token = str | _Star | _AnyChar | _CharClass


def _class_char(seg: str, i: int) -> tuple[str, int]:
    """Read one class character (possibly ``\\``-escaped) at ``seg[i]``; returns it and the
    index after it. An unescaped ``-`` or ``]`` cannot start an item, and the class must go on."""
    if i >= len(seg) or seg[i] in "-]":
        raise GlobError(pattern=seg)
    if seg[i] == "\\":
        i += 1
        if i >= len(seg):
            raise GlobError(pattern=seg)
    return seg[i], i + 1


def _read_class(seg: str, i: int) -> tuple[_CharClass, int]:
    """Parse the class whose ``[`` is at ``seg[i - 1]``; returns it and the index after ``]``.

    Grammar: ``[`` ``^``? item+ ``]`` where an item is a character or ``lo-hi``. An empty class,
    a missing ``]``, an item starting with ``-`` or ``]``, or a range without an end is an error.
    """
    negated = i < len(seg) and seg[i] == "^"
    if negated:
        i += 1
    singles: set[str] = set()
    ranges: list[tuple[str, str]] = []
    while True:
        if i >= len(seg):
            raise GlobError(pattern=seg)
        if seg[i] == "]" and (singles or ranges):
            return _CharClass(negated, frozenset(singles), tuple(ranges)), i + 1
        lo, i = _class_char(seg, i)
        if i < len(seg) and seg[i] == "-":
            hi, i = _class_char(seg, i + 1)
            ranges.append((lo, hi))
        else:
            singles.add(lo)


def _tokenize(seg: str) -> tuple[_Token, ...]:
    """The tokens of a one-segment pattern; raises :class:`GlobError` for any syntax error."""
    tokens: list[_Token] = []
    i = 0
    n = len(seg)
    while i < n:
        char = seg[i]
        if char == "*":
            if not tokens or tokens[-1] is not _STAR:
                tokens.append(_STAR)
            i += 1
        elif char == "?":
            tokens.append(_ANY)
            i += 1
        elif char == "[":
            cls, i = _read_class(seg, i + 1)
            tokens.append(cls)
        elif char == "\\":
            if i + 1 >= n:
                raise GlobError(pattern=seg)
            tokens.append(seg[i + 1])
            i += 2
        else:
            tokens.append(char)
            i += 1
    return tuple(tokens)


class _Segment:
    """Matches one path segment: a simulation of the pattern's automaton over the name.

    The set of token positions the pattern can be at is kept as a bit mask; each character of
    the name moves every position forward at once, so matching takes O(len(pattern) *
    len(name)) steps whatever the pattern, with no backtracking. ``*`` and ``?`` never consume
    a ``/`` (names are single segments, so this only matters to direct callers).
    """

    __slots__ = ("_accept", "_fixed", "_prefix", "_stars", "_suffix", "tokens")

    def __init__(self, tokens: tuple[_Token, ...]) -> None:
        self.tokens = tokens
        self._accept = 1 << len(tokens)
        self._stars = sum(1 << i for i, tok in enumerate(tokens) if tok is _STAR)
        self._fixed = sum(1 for tok in tokens if tok is not _STAR)  # characters consumed exactly
        prefix = []
        for tok in tokens:
            if not isinstance(tok, str):
                break
            prefix.append(tok)
        suffix = []
        for tok in reversed(tokens):
            if not isinstance(tok, str):
                break
            suffix.append(tok)
        self._prefix = "".join(prefix)
        self._suffix = "".join(reversed(suffix))

    def _close(self, states: int) -> int:
        # A star position may also be skipped (it matched nothing more).
        return states | ((states & self._stars) << 1)

    def match(self, name: str) -> bool:
        """Whether ``name`` matches (syntax errors were raised when the pattern compiled)."""
        if len(name) < self._fixed or not self._stars and len(name) != self._fixed:
            return False
        if not (name.startswith(self._prefix) and name.endswith(self._suffix)):
            return False
        tokens = self.tokens
        states = self._close(1)
        for char in name:
            following = 0
            pending = states
            while pending:
                low = pending & -pending
                pending ^= low
                tok = tokens[low.bit_length() - 1] if low < self._accept else None
                if tok is None:
                    continue
                if tok is _STAR:
                    if char != "/":
                        following |= low
                elif isinstance(tok, str):
                    if char == tok:
                        following |= low << 1
                elif tok is _ANY:
                    if char != "/":
                        following |= low << 1
                elif isinstance(tok, _CharClass) and tok.matches(char):
                    following |= low << 1
            if not following:
                return False
            states = self._close(following)
        return bool(states & self._accept)


class _LiteralSegment(_Segment):
    """A segment without metacharacters: plain string equality."""

    __slots__ = ("text",)

    def __init__(self, tokens: tuple[_Token, ...], text: str) -> None:
        super().__init__(tokens)
        self.text = text

    def match(self, name: str) -> bool:
        """Whether ``name`` equals the literal."""
        return name == self.text


class _StarSegment(_Segment):
    """A segment made only of ``*`` (but not exactly ``**``): anything without a ``/``."""

    __slots__ = ()

    def match(self, name: str) -> bool:
        """Whether ``name`` contains no ``/``."""
        return "/" not in name


class _StarSuffixSegment(_Segment):
    """``*`` then literal text (``*.js``): a suffix test."""

    __slots__ = ()

    def match(self, name: str) -> bool:
        """Whether ``name`` ends with the literal and has no ``/`` before it."""
        return name.endswith(self._suffix) and "/" not in name


def _compile_segment(seg: str) -> _Segment:
    """Compile one segment pattern; raises :class:`GlobError`."""
    tokens = _tokenize(seg)
    if all(isinstance(tok, str) for tok in tokens):
        return _LiteralSegment(tokens, "".join(tok for tok in tokens if isinstance(tok, str)))
    if tokens == (_STAR,):
        return _StarSegment(tokens)
    if tokens[0] is _STAR and all(isinstance(tok, str) for tok in tokens[1:]):
        return _StarSuffixSegment(tokens)
    return _Segment(tokens)


def _match_segment(pattern: str, name: str) -> bool:
    """Match one segment pattern against one string (no ``**`` or ``/`` splitting).

    Raises :class:`GlobError` for a malformed pattern. Used by the tests to run Go's
    ``path.Match`` table as data.
    """
    return _compile_segment(pattern).match(name)


# --------------------------------------------------------------------------------------------
# Whole patterns


class Glob:
    """One compiled pattern.

    ``pattern`` is the pattern as given, with surrounding whitespace stripped. The pattern is
    split into a *head* (segments before the first ``**``), *groups* (runs of segments between
    ``**`` segments) and a *tail* (segments after the last ``**``); the head and tail are anchored
    to the start and end of the path, and each group is placed at its leftmost possible position,
    which is correct because the ``**`` around it can absorb any number of segments.
    """

    __slots__ = (
        "_groups",
        "_has_globstar",
        "_head",
        "_matches_all",
        "_min_len",
        "_tail",
        "pattern",
    )

    def __init__(self, pattern: str) -> None:
        """Compile ``pattern``; raises :class:`GlobError`. Prefer :func:`compile_glob`."""
        self.pattern: str = pattern.strip()
        runs: list[list[_Segment]] = [[]]
        try:
            for part in _split(self.pattern):
                if part == "**":
                    runs.append([])
                else:
                    runs[-1].append(_compile_segment(part))
        except GlobError:
            raise GlobError(pattern=self.pattern) from None
        self._has_globstar = len(runs) > 1
        self._head: tuple[_Segment, ...] = tuple(runs[0])
        self._tail: tuple[_Segment, ...] = tuple(runs[-1]) if self._has_globstar else ()
        self._groups: tuple[tuple[_Segment, ...], ...] = tuple(
            tuple(run) for run in runs[1:-1] if run)
        self._min_len = sum(len(run) for run in runs)
        self._matches_all = self._has_globstar and self._min_len == 0

    def __repr__(self) -> str:
        return f"Glob({self.pattern!r})"

    def matches(self, rel: str) -> bool:
        """Whether the relative path ``rel`` (``/``-separated; ``""`` is the root) matches."""
        return self._match_segments(_split(rel))

    def _match_segments(self, segs: tuple[str, ...]) -> bool:
        """Match already-normalised path segments."""
        if self._matches_all:
            return True
        count = len(segs)
        head = self._head
        if not self._has_globstar:
            if count != len(head):
                return False
            for matcher, seg in zip(head, segs):
                if not matcher.match(seg):
                    return False
            return True
        if count < self._min_len:
            return False
        for index, matcher in enumerate(head):
            if not matcher.match(segs[index]):
                return False
        tail = self._tail
        end = count - len(tail)
        for index, matcher in enumerate(tail):
            if not matcher.match(segs[end + index]):
                return False
        pos = len(head)
        for group in self._groups:
            width = len(group)
            start = pos
            while True:
                if start + width > end:
                    return False
                for offset, matcher in enumerate(group):
                    if not matcher.match(segs[start + offset]):
                        break
                else:
                    break
                start += 1
            pos = start + width
        return True


def compile_glob(pattern: str) -> Glob:
    """Compile one include/exclude pattern; raises :class:`GlobError` if it is malformed."""
    return Glob(pattern)


# --------------------------------------------------------------------------------------------
# Include/exclude sets


def _compile_list(patterns: Sequence[str], kind: Literal["include", "exclude"]) -> tuple[Glob, ...]:
    if isinstance(patterns, str):
        raise TypeError(f"{kind} must be a sequence of patterns, not a single string")
    globs: list[Glob] = []
    for index, pattern in enumerate(patterns):
        try:
            globs.append(Glob(pattern))
        except GlobError:
            raise GlobSetError(kind, index, pattern) from None
    return tuple(globs)


def _remember(cache: dict[str, bool], key: str, value: bool) -> None:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value


class GlobSet:
    """Include and exclude patterns deciding which watcher events and directories count.

    A path is allowed when it matches at least one include pattern (if there are any), matches
    no exclude pattern, and no directory above it is excluded: an excluded directory's subtree
    produces no events even if the watcher sees them. The watched root counts as a directory
    above every path, so an exclude that matches ``""`` (``**``, or an empty pattern such as
    ``"."``) excludes everything.

    Results are cached in bounded dicts (cleared when :data:`CACHE_LIMIT` entries are reached);
    the caches are safe to share between threads (at worst a result is computed twice).
    """

    __slots__ = (
        "_allow_cache",
        "_dir_cache",
        "_root_excluded",
        "_trivial",
        "exclude",
        "include",
    )

    def __init__(self, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> None:
        """Compile all patterns.

        Raises :class:`GlobSetError` for the first malformed pattern (includes first), with
        ``kind`` ``"include"`` or ``"exclude"`` and its ``index`` in that list.
        """
        self.include: tuple[Glob, ...] = _compile_list(include, "include")
        self.exclude: tuple[Glob, ...] = _compile_list(exclude, "exclude")
        self._trivial = not self.include and not self.exclude
        self._root_excluded = any(glob._match_segments(()) for glob in self.exclude)
        self._allow_cache: dict[str, bool] = {}
        self._dir_cache: dict[str, bool] = {}

    def __repr__(self) -> str:
        include = [glob.pattern for glob in self.include]
        exclude = [glob.pattern for glob in self.exclude]
        return f"GlobSet(include={include!r}, exclude={exclude!r})"

    def allows(self, rel: str) -> bool:
        """Whether an event for the relative path ``rel`` should be delivered.

        With include patterns, ``rel`` must match one of them; then ``rel`` must match no
        exclude pattern, and neither may any directory above it (``a`` and ``a/b`` for
        ``a/b/c``, and the root).
        """
        if self._trivial:
            return True
        cached = self._allow_cache.get(rel)
        if cached is not None:
            return cached
        result = self._compute_allows(_split(rel))
        _remember(self._allow_cache, rel, result)
        return result

    def should_descend(self, rel_dir: str) -> bool:
        """Whether the watcher should look inside the directory ``rel_dir``.

        False when ``rel_dir`` or a directory above it (the root included) matches an exclude
        pattern; include patterns play no part. An exclude matching ``""`` (``**``) means nothing
        is descended into.
        """
        if not self.exclude:
            return True
        if self._root_excluded:
            return False
        segs = _split(rel_dir)
        if not segs:
            return True
        return not self._dir_excluded("/".join(segs))

    def _excluded(self, segs: tuple[str, ...]) -> bool:
        for glob in self.exclude:
            if glob._match_segments(segs):
                return True
        return False

    def _compute_allows(self, segs: tuple[str, ...]) -> bool:
        if self.include:
            for glob in self.include:
                if glob._match_segments(segs):
                    break
            else:
                return False
        if not self.exclude:
            return True
        if self._root_excluded or self._excluded(segs):
            return False
        return not (len(segs) > 1 and self._dir_excluded("/".join(segs[:-1])))

    def _dir_excluded(self, key: str) -> bool:
        """Whether the directory ``key`` (normalised, non-empty) or a non-root ancestor is excluded.

        Walks up to the deepest cached ancestor, then fills the cache back down, so each
        directory is matched against the exclude patterns once while it stays cached.
        """
        cache = self._dir_cache
        cached = cache.get(key)
        if cached is not None:
            return cached
        pending = [key]
        blocked = False
        current = key
        while True:
            cut = current.rfind("/")
            if cut < 0:
                break
            current = current[:cut]
            cached = cache.get(current)
            if cached is not None:
                blocked = cached
                break
            pending.append(current)
        for directory in reversed(pending):
            if not blocked:
                blocked = self._excluded(tuple(directory.split("/")))
            _remember(cache, directory, blocked)
        return blocked
