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

from .events import FileWatchEvent, op_string
from .helper import HELPER_ID, FSWatchHelper, FSWatchOptions

__all__ = ["HELPER_ID", "FSWatchHelper", "FSWatchOptions", "FileWatchEvent", "op_string"]
