"""The file-event vocabulary shared by every backend: the five ops, raw changes, JS payloads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["CHMOD", "CREATE", "REMOVE", "RENAME", "WRITE", "FileWatchEvent", "RawChange",
           "op_string"]

CREATE, REMOVE, WRITE, RENAME, CHMOD = 1, 2, 4, 8, 16
_OP_NAMES = ((CREATE, "CREATE"), (REMOVE, "REMOVE"), (WRITE, "WRITE"), (RENAME, "RENAME"),
             (CHMOD, "CHMOD"))


def op_string(ops: int) -> str:
    """``"CREATE|WRITE"``: the set ops in the fixed order CREATE, REMOVE, WRITE, RENAME, CHMOD."""
    return "|".join(name for bit, name in _OP_NAMES if ops & bit) or "[no events]"


@dataclass(frozen=True)
class RawChange:
    """One change as a backend saw it. ``path`` is the destination for moves.

    ``closed`` marks a writer closing the file (``IN_CLOSE_WRITE``; ``ops`` is then 0);
    ``synthetic`` marks an entry found by scanning a directory that had just started to be
    watched (it may have been written completely before the watch existed).
    """

    ops: int
    path: str
    is_dir: bool
    old_path: str | None = None
    closed: bool = False
    synthetic: bool = False


@dataclass(frozen=True)
class FileWatchEvent:
    """The ``event`` payload JavaScript receives (see ``qjsbridge help fswatch``)."""

    watch_path: str
    name: str
    relative_name: str
    ops: int
    recursive: bool
    debounced: bool
    count: int
    is_dir: bool
    old_name: str | None = None
    old_relative_name: str | None = None
    source: str = "watchdog"
    initial: bool = False

    @property
    def op(self) -> str:
        """The ops as a string, e.g. ``"CREATE|WRITE"``."""
        return op_string(self.ops)

    def to_payload(self) -> dict[str, Any]:
        """The JSON object delivered to listeners."""
        payload: dict[str, Any] = {
            "source": self.source,
            "watchPath": self.watch_path,
            "name": self.name,
            "relativeName": self.relative_name,
            "op": self.op,
            "create": bool(self.ops & CREATE),
            "write": bool(self.ops & WRITE),
            "remove": bool(self.ops & REMOVE),
            "rename": bool(self.ops & RENAME),
            "chmod": bool(self.ops & CHMOD),
            "recursive": self.recursive,
            "debounced": self.debounced,
            "count": self.count,
            "isDir": self.is_dir,
            "initial": self.initial,
        }
        if self.old_name is not None:
            payload["oldName"] = self.old_name
            payload["oldRelativeName"] = self.old_relative_name
        return payload
