"""Node 20's permission model for ``fs``, ``child_process`` and file watching.

A runtime's :class:`Permissions` (``RuntimeOptions.permissions``) say which paths scripts may read
and write and whether they may start processes. The library default is strict: nothing. The
command line trusts its user like ``node`` does (:meth:`Permissions.unrestricted`) unless
``qjsbridge run --permission`` is given, whose ``--allow-fs-read``/``--allow-fs-write``/
``--allow-child-process`` flags build a :class:`Permissions` exactly like Node's flags.

Paths are checked at the moment of use, after resolving ``..`` and symlinks: a symlink planted
inside a granted directory that leads outside it does not grant anything. A grant is a path
(itself and everything below it), a path ending in ``*`` (every path starting with what precedes
the ``*``), or ``*`` alone (everything).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from .errors import AccessDeniedError

__all__ = ["Permissions", "FS_READ", "FS_WRITE", "CHILD_PROCESS"]

FS_READ = "FileSystemRead"
FS_WRITE = "FileSystemWrite"
CHILD_PROCESS = "ChildProcess"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


class _Grant:
    """The compiled grants of one kind (read or write). A plain class, not a dataclass: making
    a dataclass costs about half a millisecond of start-up."""

    __slots__ = ("everything", "prefixes", "roots")

    def __init__(self, everything: bool, prefixes: tuple[str, ...], roots: tuple[str, ...]) -> None:
        self.everything = everything
        self.prefixes = prefixes  # "x*" grants: string prefixes
        self.roots = roots  # directory/file grants, as given (absolute) and real

    def allows(self, path: str) -> bool:
        if self.everything:
            return True
        return (any(_inside(path, r) for r in self.roots)
                or any(path.startswith(p) for p in self.prefixes))


def _compile(entries: Sequence[str | os.PathLike[str]]) -> _Grant:
    everything = False
    prefixes: list[str] = []
    roots: list[str] = []
    for entry in entries:
        text = os.fspath(entry)
        if not isinstance(text, str):
            raise TypeError("permission paths must be str or os.PathLike[str]")
        if text == "*":
            everything = True
        elif text.endswith("*"):
            base = os.path.abspath(text[:-1]) + (os.sep if text[:-1].endswith(os.sep) else "")
            prefixes.append(base)
        elif text:
            absolute = os.path.abspath(text)
            roots.append(absolute)
            real = os.path.realpath(absolute)
            if real != absolute:
                roots.append(real)
    return _Grant(everything, tuple(prefixes), tuple(roots))


@dataclass(frozen=True)
class Permissions:
    """What a runtime's scripts may do with the file system and processes.

    * ``fs_read``/``fs_write``: paths (with everything below them), ``"prefix*"`` patterns or
      ``"*"`` (everything) that scripts may read/write. Relative paths resolve against the
      current directory when the object is created.
    * ``child_process``: whether scripts may start processes.
    * ``enabled``: False means no permission model at all (everything allowed and no
      ``process.permission``, like ``node`` without ``--experimental-permission``); use
      :meth:`unrestricted`.

    ``Permissions()`` grants nothing: ``fs`` and ``child_process`` calls fail with
    ``ERR_ACCESS_DENIED``.
    """

    fs_read: Sequence[str | os.PathLike[str]] = ()
    fs_write: Sequence[str | os.PathLike[str]] = ()
    child_process: bool = False
    enabled: bool = True
    _read: _Grant = field(init=False, repr=False, compare=False)
    _write: _Grant = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if isinstance(self.fs_read, (str, bytes)) or isinstance(self.fs_write, (str, bytes)):
            raise TypeError("Permissions.fs_read/fs_write must be sequences of paths, not a string")
        object.__setattr__(self, "fs_read", tuple(self.fs_read))
        object.__setattr__(self, "fs_write", tuple(self.fs_write))
        object.__setattr__(self, "_read", _compile(self.fs_read))
        object.__setattr__(self, "_write", _compile(self.fs_write))

    @classmethod
    def unrestricted(cls) -> Permissions:
        """Everything allowed, no ``process.permission``: what ``node`` does without flags."""
        return cls(("*",), ("*",), True, enabled=False)

    # -- checks -----------------------------------------------------------------------------------
    def can_read(self, path: str) -> bool:
        """Whether ``path`` (absolute; symlinks already resolved by the caller) may be read."""
        return not self.enabled or self._read.allows(path)

    def can_write(self, path: str) -> bool:
        """Whether ``path`` (absolute; symlinks already resolved by the caller) may be written."""
        return not self.enabled or self._write.allows(path)

    def check_fs(self, permission: str, path: str, *, follow: bool = True) -> None:
        """Raise :class:`~engine.errors.AccessDeniedError` unless ``path`` may be read/written
        (``permission`` is
        :data:`FS_READ` or :data:`FS_WRITE`). Checks the path as given (made absolute, ``..``
        removed) and where it really leads: the whole path's target when ``follow``, else its
        directory's (for operations on a symlink itself, like ``lstat`` or ``unlink``)."""
        if not self.enabled:
            return
        allows = self.can_read if permission == FS_READ else self.can_write
        shown = os.path.abspath(path)
        if follow:
            real = os.path.realpath(shown)
        else:
            real = os.path.join(os.path.realpath(os.path.dirname(shown)), os.path.basename(shown))
        if not (allows(shown) and allows(real)):
            raise AccessDeniedError(permission, shown)

    def check_child_process(self) -> None:
        """Raise :class:`~engine.errors.AccessDeniedError` unless scripts may start processes."""
        if self.enabled and not self.child_process:
            raise AccessDeniedError(CHILD_PROCESS, "")

    def has(self, scope: str, reference: str | None) -> bool:
        """``process.permission.has(scope, reference)``."""
        if not self.enabled:
            return True
        if scope in ("child", "child_process"):
            return self.child_process
        if scope == "worker":
            return False
        grants: list[_Grant]
        if scope == "fs":
            grants = [self._read, self._write]
        elif scope == "fs.read":
            grants = [self._read]
        elif scope == "fs.write":
            grants = [self._write]
        else:
            return False
        if reference is None:
            return all(g.everything for g in grants)
        shown = os.path.abspath(reference)
        real = os.path.realpath(shown)
        return all(g.allows(shown) and g.allows(real) for g in grants)
