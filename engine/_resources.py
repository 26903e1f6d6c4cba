"""Reading the files a package ships (its ``js/*.js``) without loading ``importlib.resources``.

``importlib.resources`` brings ``tempfile``, ``zipfile``, ``shutil`` and more with it: several
milliseconds of every start-up. Installed packages are plain folders, so the file is read next to
the package's ``__init__``; only when that fails (a package imported from a zip file) does this
fall back to ``importlib.resources``.
"""

from __future__ import annotations

import os
import sys


def package_text(package: str, *parts: str) -> str:
    """The UTF-8 text of ``parts`` (path segments) inside the imported package ``package``."""
    origin = getattr(sys.modules.get(package), "__file__", None)
    if origin:
        try:
            with open(os.path.join(os.path.dirname(origin), *parts), encoding="utf-8") as f:
                return f.read()
        except OSError:
            pass  # not a plain folder (a zip import): ask the package's loader
    from importlib import resources

    node = resources.files(package)
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")
