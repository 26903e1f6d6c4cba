"""File-system watching for JavaScript, through watchdog.

    factory = (RuntimeFactoryBuilder()
               .with_runtime_initializers(jsevents.install(),
                                          FSWatchHelper(FSWatchOptions(root="src")))
               .build())

JavaScript then calls ``fswatch.watch(path, emitter, {recursive, debounceMs, include, exclude})``.
See ``qjsbridge help fswatch``.
"""

from .helper import HELPER_ID, FSWatchHelper, FSWatchOptions
from .watcher import FileWatchEvent, op_string

__all__ = ["HELPER_ID", "FSWatchHelper", "FSWatchOptions", "FileWatchEvent", "op_string"]
