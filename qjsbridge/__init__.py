"""qjsbridge: run JavaScript in QuickJS and bridge host resources into EventEmitters.

The command line lives here; the library is in the ``engine``, ``jsevents`` and ``fswatch``
packages.
"""

from __future__ import annotations

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("qjsbridge")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0+unknown"
