"""``FileWatchEvent``, in a module of its own so that it is made only when it is used
(``qjsbridge.fswatch.events`` and ``qjsbridge.fswatch`` import it on first access)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .events import event_payload, op_string

__all__ = ["FileWatchEvent"]


@dataclass(frozen=True)
class FileWatchEvent:
    """The ``event`` payload JavaScript receives (see ``qjsbridge help fswatch``)."""

    __module__ = "qjsbridge.fswatch.events"  # where it is documented and found (pickle, repr)

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
        return event_payload(self.source, self.watch_path, self.name, self.relative_name, self.ops,
                             self.recursive, self.debounced, self.count, self.is_dir,
                             self.old_name, self.old_relative_name, self.initial)
