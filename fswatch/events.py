"""The file-event vocabulary shared by every backend: the five ops, raw changes, JS payloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from ._file_watch_event import FileWatchEvent

__all__ = ["CHMOD", "CREATE", "REMOVE", "RENAME", "WRITE", "FileWatchEvent", "RawChange",
           "event_payload", "op_string"]

CREATE, REMOVE, WRITE, RENAME, CHMOD = 1, 2, 4, 8, 16
_OP_NAMES = ((CREATE, "CREATE"), (REMOVE, "REMOVE"), (WRITE, "WRITE"), (RENAME, "RENAME"),
             (CHMOD, "CHMOD"))


def _op_string(ops: int) -> str:
    return "|".join(name for bit, name in _OP_NAMES if ops & bit) or "[no events]"


_OP_STRINGS = tuple(_op_string(ops) for ops in range(32))


def op_string(ops: int) -> str:
    """``"CREATE|WRITE"``: the set ops in the fixed order CREATE, REMOVE, WRITE, RENAME, CHMOD."""
    return _OP_STRINGS[ops] if 0 <= ops < 32 else _op_string(ops)


class RawChange(NamedTuple):
    """One change as a backend saw it. ``path`` is the destination for moves.

    ``closed`` marks a writer closing the file (``IN_CLOSE_WRITE``; ``ops`` is then 0);
    ``synthetic`` marks a file that appeared complete, with no writer's close to wait for: one
    found by scanning a directory that had just started to be watched (it may have been written
    before the watch existed), or one moved in from outside the watch.
    """

    ops: int
    path: str
    is_dir: bool
    old_path: str | None = None
    closed: bool = False
    synthetic: bool = False


def event_payload(source: str, watch_path: str, name: str, relative_name: str, ops: int,
                  recursive: bool, debounced: bool, count: int, is_dir: bool,
                  old_name: str | None, old_relative_name: str | None,
                  initial: bool) -> dict[str, Any]:
    """The ``event`` payload (what :meth:`FileWatchEvent.to_payload` returns), built directly."""
    payload: dict[str, Any] = {
        "source": source,
        "watchPath": watch_path,
        "name": name,
        "relativeName": relative_name,
        "op": op_string(ops),
        "create": bool(ops & CREATE),
        "write": bool(ops & WRITE),
        "remove": bool(ops & REMOVE),
        "rename": bool(ops & RENAME),
        "chmod": bool(ops & CHMOD),
        "recursive": recursive,
        "debounced": debounced,
        "count": count,
        "isDir": is_dir,
        "initial": initial,
    }
    if old_name is not None:
        payload["oldName"] = old_name
        payload["oldRelativeName"] = old_relative_name
    return payload


def __getattr__(name: str) -> Any:
    # FileWatchEvent (for Python code that handles events) is made on first use: making the
    # dataclass costs about 0.7 ms, and a watch never needs it.
    if name == "FileWatchEvent":
        from ._file_watch_event import FileWatchEvent

        globals()[name] = FileWatchEvent  # later look-ups skip this function
        return FileWatchEvent
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
