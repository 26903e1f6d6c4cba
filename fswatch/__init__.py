"""File-system watching for JavaScript: inotify (through watchdog) or polling.

    factory = (RuntimeFactoryBuilder()
               .with_runtime_initializers(jsevents.install(),
                                          FSWatchHelper(FSWatchOptions(root="src")))
               .build())

JavaScript then calls ``fswatch.watch(path, emitter, {recursive, debounceMs, include, exclude,
depth, initial, raw, gitignore, awaitWriteFinish, poll})``. See ``qjsbridge help fswatch``.

Layout: ``helper.py`` (options and host policy), ``pipeline.py`` (naming, filters, folding,
debounce, delivery), ``inotify.py`` and ``polling.py`` (the backends), ``globs.py`` and
``gitignore.py`` (matchers), ``events.py`` (the event vocabulary).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .events import op_string
from .helper import HELPER_ID, FSWatchHelper, FSWatchOptions

if TYPE_CHECKING:
    from ._file_watch_event import FileWatchEvent

__all__ = ["HELPER_ID", "FSWatchHelper", "FSWatchOptions", "FileWatchEvent", "op_string"]


def __getattr__(name: str) -> Any:
    if name == "FileWatchEvent":  # made on first use (see events.py)
        from . import events

        value = events.FileWatchEvent
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
