"""``gitignore: true``: git's ignore rules for a watched tree, on pathspec's re2 backend.

Rules come from every ``.gitignore`` inside the watched directory (each applies below its own
directory, a deeper file overriding a shallower one, the last matching line of a file winning,
``!`` re-including) and from ``.git/info/exclude`` at the watched directory (lowest precedence).
A directory that is ignored hides everything below it, as in git (a file inside it cannot be
re-included). The ``.git`` directory itself is always ignored.

Matching uses ``pathspec.GitIgnoreSpec`` on its ``re2`` backend: re2 runs in time linear in the
name, where Python's ``re`` backtracks catastrophically on patterns such as ``*a*a*a*a*a*a*b``.
Parsed files and answers are cached; :meth:`GitIgnoreTree.invalidate` drops the caches when a
``.gitignore`` changes, so edits take effect at once.
"""

from __future__ import annotations

import logging
import os
import threading

import pathspec

__all__ = ["BACKEND", "GitIgnoreTree", "compile_lines"]

log = logging.getLogger(__name__)

#: The pathspec regex backend used for every ignore file.
BACKEND = "re2"
#: Bytes read from one ignore file at most (git has no limit; a bigger file is cut here).
MAX_FILE_BYTES = 1 << 20
_CACHE_LIMIT = 8192


def compile_lines(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """Compile gitignore lines with the re2 backend (raises if re2 is unavailable)."""
    return pathspec.GitIgnoreSpec.from_lines(lines, backend=BACKEND)


class GitIgnoreTree:
    """The ignore rules of one watched tree. Thread-safe (caches are rebuilt, never shared
    half-filled)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._specs: dict[str, pathspec.GitIgnoreSpec | None] = {}  # rel dir -> its .gitignore
        self._answers: dict[tuple[str, bool], bool] = {}
        self._exclude = self._load(os.path.join(root, ".git", "info", "exclude"))

    def invalidate(self) -> None:
        """An ignore file changed: read them again on the next question."""
        with self._lock:
            self._specs = {}
            self._answers = {}
            self._exclude = self._load(os.path.join(self.root, ".git", "info", "exclude"))

    def ignored(self, rel: str, is_dir: bool) -> bool:
        """Whether ``rel`` ("/"-separated, relative to the root, non-empty) is ignored."""
        key = (rel, is_dir)
        answer = self._answers.get(key)
        if answer is not None:
            return answer
        parts = rel.split("/")
        answer = False
        for i in range(1, len(parts)):  # an ignored directory above hides the rest
            if self.ignored("/".join(parts[:i]), True):
                answer = True
                break
        else:
            answer = self._match(parts, is_dir)
        answers = self._answers
        if len(answers) >= _CACHE_LIMIT:
            answers.clear()
        answers[key] = answer
        return answer

    def _match(self, parts: list[str], is_dir: bool) -> bool:
        if parts[-1] == ".git" and is_dir:
            return True
        suffix = "/" if is_dir else ""
        # The deepest .gitignore with an opinion decides; then .git/info/exclude.
        for depth in range(len(parts) - 1, -1, -1):
            spec = self._spec("/".join(parts[:depth]))
            if spec is None:
                continue
            result = spec.check_file("/".join(parts[depth:]) + suffix)
            if result.include is not None:
                return bool(result.include)
        if self._exclude is not None:
            result = self._exclude.check_file("/".join(parts) + suffix)
            if result.include is not None:
                return bool(result.include)
        return False

    def _spec(self, rel_dir: str) -> pathspec.GitIgnoreSpec | None:
        specs = self._specs
        if rel_dir in specs:
            return specs[rel_dir]
        path = os.path.join(self.root, rel_dir, ".gitignore") if rel_dir else os.path.join(self.root, ".gitignore")
        spec = self._load(path)
        if len(specs) >= _CACHE_LIMIT:
            specs.clear()
        specs[rel_dir] = spec
        return spec

    @staticmethod
    def _load(path: str) -> pathspec.GitIgnoreSpec | None:
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_FILE_BYTES)
        except OSError:
            return None
        lines = data.decode("utf-8", "surrogateescape").splitlines()
        try:
            return compile_lines(lines)
        except ValueError:  # a line pathspec cannot parse ("!", a lone "\\"): skip it, as git does
            pass
        good = []
        for number, line in enumerate(lines, 1):
            try:
                compile_lines([line])
            except ValueError as exc:
                log.warning("fswatch: %s:%d is not a valid pattern, skipped: %s", path, number, exc)
            else:
                good.append(line)
        return compile_lines(good)
