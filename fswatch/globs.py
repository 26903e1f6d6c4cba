"""Include/exclude glob matching for the file watcher, without regular expressions.

Paths handed to the matcher are *relative names* inside the watched directory, always with ``/``
separators (``src/components/view.js``); ``""`` is the watched directory itself. Patterns and
paths are normalised the same way (:func:`_split`): surrounding whitespace is stripped, then the
text is split on ``/`` and empty and ``.`` segments are dropped, so ``./src/*.js``, ``/src/*.js/``
and ``src//*.js`` are all the pattern ``src`` / ``*.js``.

Pattern syntax, per segment:

* a segment that is exactly ``**`` matches zero or more whole path segments;
* any other segment matches exactly one path segment with Go's ``path.Match`` rules: ``*`` any run
  of characters (a leading dot included), ``?`` one character, ``[abc]``, ``[a-z]``, ``[^a-z]``
  (``!`` is an ordinary character in a class), ``\\`` escapes the next character, also inside a
  class. ``**`` inside a segment (``a**b``) is simply ``*``.

The single-segment matcher is a port of Go's ``src/path/match.go`` (``Match``, ``scanChunk``,
``matchChunk``, ``getEsc``): a pattern is cut into star-separated chunks of fixed width, and each
chunk is placed at its leftmost possible position, never backtracking into earlier stars. The
``**`` level works the same way one level up (groups of fixed-width segment runs between ``**``
segments, each placed leftmost). Matching therefore takes O(len(pattern) * len(name)) at worst,
whatever the pattern: no catastrophic backtracking as in regex-based glob engines.

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
# One segment: Go's path.Match


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
        hit = char in self.singles
        if not hit:
            for lo, hi in self.ranges:
                if lo <= char <= hi:
                    hit = True
                    break
        return hit != self.negated


# A chunk token: a literal character (str), "?" (None), or a character class.
_Token = str | None | _CharClass


class _Chunk:
    """A run of single-character tokens, optionally preceded by a star (Go's scanChunk result).

    Every token consumes exactly one character, so a chunk has a fixed width ``width``.
    """

    __slots__ = ("literal", "star", "tokens", "width")

    def __init__(self, star: bool, tokens: tuple[_Token, ...]) -> None:
        self.star = star
        self.tokens = tokens
        self.width = len(tokens)
        chars = [tok for tok in tokens if isinstance(tok, str)]
        # All-literal chunks match with str.startswith / str.find.
        self.literal: str | None = "".join(chars) if len(chars) == len(tokens) else None

    def match_at(self, name: str, pos: int) -> bool:
        """Go's matchChunk, anchored: whether the chunk matches ``name[pos:pos + width]``."""
        if self.literal is not None:
            return name.startswith(self.literal, pos)
        if pos + self.width > len(name):
            return False
        for offset, tok in enumerate(self.tokens):
            char = name[pos + offset]
            if tok is None:
                if char == "/":
                    return False
            elif isinstance(tok, str):
                if char != tok:
                    return False
            elif not tok.matches(char):
                return False
        return True

    def find(self, name: str, start: int, last: int) -> int:
        """Leftmost ``p`` in ``[start, last]`` where the chunk matches at ``p``, or ``-1``."""
        if self.literal is not None:
            return name.find(self.literal, start, last + self.width)
        last = min(last, len(name) - self.width)
        for pos in range(start, last + 1):
            if self.match_at(name, pos):
                return pos
        return -1


def _get_esc(seg: str, i: int) -> tuple[str, int]:
    """Go's getEsc: read a possibly escaped class character at ``seg[i]``.

    Returns the character and the index after it. Raises :class:`GlobError` when there is no
    character, it starts with ``-`` or ``]``, a ``\\`` is the last character, or nothing
    follows the character (the class would be unterminated).
    """
    n = len(seg)
    if i >= n or seg[i] == "-" or seg[i] == "]":
        raise GlobError(pattern=seg)
    if seg[i] == "\\":
        i += 1
        if i >= n:
            raise GlobError(pattern=seg)
    char = seg[i]
    i += 1
    if i >= n:
        raise GlobError(pattern=seg)
    return char, i


def _parse_class(seg: str, i: int) -> tuple[_CharClass, int]:
    """Parse the class whose ``[`` is at ``seg[i - 1]``; returns it and the index after ``]``."""
    negated = False
    if i < len(seg) and seg[i] == "^":
        negated = True
        i += 1
    singles: set[str] = set()
    ranges: list[tuple[str, str]] = []
    nrange = 0
    while True:
        if i < len(seg) and seg[i] == "]" and nrange > 0:
            return _CharClass(negated, frozenset(singles), tuple(ranges)), i + 1
        lo, i = _get_esc(seg, i)
        # _get_esc guarantees seg[i] exists.
        if seg[i] == "-":
            hi, i = _get_esc(seg, i + 1)
            ranges.append((lo, hi))
        else:
            singles.add(lo)
        nrange += 1


def _parse_chunks(seg: str) -> tuple[_Chunk, ...]:
    """Cut a one-segment pattern into chunks (Go's scanChunk) and parse each one completely.

    Raises :class:`GlobError` for any syntax error anywhere in ``seg``.
    """
    chunks: list[_Chunk] = []
    n = len(seg)
    i = 0
    while i < n:
        star = False
        while i < n and seg[i] == "*":
            star = True
            i += 1
        tokens: list[_Token] = []
        while i < n and seg[i] != "*":
            char = seg[i]
            if char == "[":
                cls, i = _parse_class(seg, i + 1)
                tokens.append(cls)
                continue
            if char == "?":
                tokens.append(None)
            elif char == "\\":
                i += 1
                if i >= n:
                    raise GlobError(pattern=seg)
                tokens.append(seg[i])
            else:
                tokens.append(char)
            i += 1
        chunks.append(_Chunk(star, tuple(tokens)))
    return tuple(chunks)


class _Segment:
    """Matches one path segment; the base class is the general Go ``path.Match`` matcher."""

    __slots__ = ("chunks",)

    def __init__(self, chunks: tuple[_Chunk, ...]) -> None:
        self.chunks = chunks

    def match(self, name: str) -> bool:
        """Go's Match loop over the pre-parsed chunks (errors were raised at compile time)."""
        chunks = self.chunks
        last_index = len(chunks) - 1
        pos = 0
        end = len(name)
        for index, chunk in enumerate(chunks):
            if chunk.star and chunk.width == 0:
                # Trailing * matches the rest of the string unless it has a /.
                return name.find("/", pos) < 0
            if index == last_index:
                # The last chunk must exhaust the name: a fixed-width chunk can only sit at the end.
                start = end - chunk.width
                if start < pos:
                    return False
                if start > pos and (not chunk.star or name.find("/", pos, start) >= 0):
                    return False
                return chunk.match_at(name, start)
            if chunk.match_at(name, pos):
                pos += chunk.width
                continue
            if not chunk.star:
                return False
            # Look for the leftmost match skipping i+1 characters; a star cannot skip "/".
            slash = name.find("/", pos)
            found = chunk.find(name, pos + 1, end if slash < 0 else slash)
            if found < 0:
                return False
            pos = found + chunk.width
        return pos == end


class _LiteralSegment(_Segment):
    """A segment without metacharacters: plain string equality."""

    __slots__ = ("text",)

    def __init__(self, chunks: tuple[_Chunk, ...], text: str) -> None:
        super().__init__(chunks)
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


def _compile_segment(seg: str) -> _Segment:
    """Compile one segment pattern with Go ``path.Match`` semantics; raises :class:`GlobError`."""
    chunks = _parse_chunks(seg)
    if len(chunks) == 1 and not chunks[0].star and chunks[0].literal is not None:
        return _LiteralSegment(chunks, chunks[0].literal)
    if len(chunks) == 1 and chunks[0].star and chunks[0].width == 0:
        return _StarSegment(chunks)
    return _Segment(chunks)


def _match_segment(pattern: str, name: str) -> bool:
    """Go's ``path.Match(pattern, name)`` on one string (no ``**`` or ``/`` splitting).

    Raises :class:`GlobError` for a malformed pattern. Used by the tests to run Go's table.
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
