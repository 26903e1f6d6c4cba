"""CommonJS ``require()``: resolution and loading (the JS half lives in ``js/bootstrap.js``).

Resolution follows Node for what it supports:

* built-in modules by name, with the ``node:`` prefix accepted (``require("node:events")``);
* ``./x``, ``../x`` and ``/abs/x`` against the requiring file's directory: ``x``, ``x.js``,
  ``x.json``, ``x.cjs``, then ``x/package.json``'s ``main``, ``x/index.js``, ``x/index.json``;
* bare names through ``node_modules`` directories, walking up from the requiring file.

Every file must lie inside one of the configured **module roots** after resolving ``..`` and
symlinks; anything else is ``MODULE_NOT_FOUND``, and is never read. With no roots, only built-in
modules load. Python-backed modules are declared with :class:`NativeModule`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import HostError
from .vm import VM, encode_json

__all__ = ["ModuleLoader", "NativeModule"]


@dataclass(frozen=True)
class NativeModule:
    """A ``require()``-able module implemented in Python.

    ``functions`` become JS functions that call Python synchronously (JSON arguments in, JSON
    result out; raise :class:`~engine.errors.HostError` to throw). ``data`` entries are copied
    into the exports. ``source``, if given, is a CommonJS module body run with ``exports``
    already holding those, for a JS layer on top (argument checks, classes, promises).
    """

    name: str
    functions: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


class ModuleLoader:
    """Resolves and reads module files for one VM. Owner thread only."""

    _EXTENSIONS = ("", ".js", ".json", ".cjs")
    _INDEXES = ("index.js", "index.json")

    def __init__(self, vm: VM, roots: Iterable[str | os.PathLike[str]]) -> None:
        self._vm = vm
        self.roots = tuple(os.path.realpath(os.fspath(r)) for r in roots)
        self._readable: set[str] = set()
        vm.register("qjsb.resolve", self._resolve_host)
        vm.register("qjsb.readText", self._read_text)

    def define(self, module: NativeModule) -> None:
        """Make ``module`` require()-able by its name."""
        if not module.name or module.name.strip() != module.name:
            raise ValueError(f"invalid native module name {module.name!r}")
        for fname, fn in module.functions.items():
            self._vm.register(f"{module.name}.{fname}", fn)
        spec = {
            "name": module.name,
            "functions": list(module.functions),
            "data": dict(module.data),
            "source": module.source,
        }
        self._vm.call_op("defineNativeModule", encode_json(spec, f"module {module.name}"))

    # -- resolution ---------------------------------------------------------------------------
    def resolve(self, spec: str, from_dir: str | None) -> tuple[str, str]:
        """(real path, "js"|"json") for ``spec`` required from ``from_dir``; HostError if none."""
        if not self.roots:
            raise HostError(
                f"Cannot find module '{spec}' (no module roots are configured, so only built-in "
                "modules can be required)",
                code="MODULE_NOT_FOUND",
            )
        base_dir = from_dir if from_dir is not None else self.roots[0]
        found: str | None = None
        if spec.startswith(("./", "../", "/")) or spec in (".", ".."):
            found = self._load_as_file_or_dir(os.path.normpath(os.path.join(base_dir, spec)))
        else:
            for directory in self._node_modules_dirs(base_dir):
                found = self._load_as_file_or_dir(os.path.join(directory, spec))
                if found is not None:
                    break
        if found is None:
            where = f" from '{from_dir}'" if from_dir is not None else ""
            raise HostError(f"Cannot find module '{spec}'{where}", code="MODULE_NOT_FOUND")
        self._readable.add(found)
        return found, "json" if found.endswith(".json") else "js"

    def _node_modules_dirs(self, start: str) -> list[str]:
        out = []
        d = os.path.realpath(start)
        while any(_inside(d, r) for r in self.roots):
            if os.path.basename(d) != "node_modules":
                out.append(os.path.join(d, "node_modules"))
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        return out

    def _allowed_file(self, candidate: str) -> str | None:
        if not os.path.isfile(candidate):
            return None
        real = os.path.realpath(candidate)
        return real if any(_inside(real, r) for r in self.roots) else None

    def _load_as_file_or_dir(self, base: str) -> str | None:
        for ext in self._EXTENSIONS:
            found = self._allowed_file(base + ext)
            if found is not None:
                return found
        if not os.path.isdir(base):
            return None
        main = self._package_main(base)
        if main is not None:
            target = os.path.normpath(os.path.join(base, main))
            for ext in self._EXTENSIONS:
                found = self._allowed_file(target + ext)
                if found is not None:
                    return found
            for index in self._INDEXES:
                found = self._allowed_file(os.path.join(target, index))
                if found is not None:
                    return found
        for index in self._INDEXES:
            found = self._allowed_file(os.path.join(base, index))
            if found is not None:
                return found
        return None

    def _package_main(self, directory: str) -> str | None:
        pkg = self._allowed_file(os.path.join(directory, "package.json"))
        if pkg is None:
            return None
        try:
            with open(pkg, encoding="utf-8") as f:
                main = json.load(f).get("main")
        except (OSError, ValueError, AttributeError):
            return None
        return main if isinstance(main, str) and main else None

    # -- host functions (owner thread, called from JS) -----------------------------------------
    def _resolve_host(self, spec: str, from_dir: str | None) -> dict[str, str]:
        if not isinstance(spec, str):
            raise HostError("module specifier must be a string", name="TypeError")
        path, fmt = self.resolve(spec, from_dir)
        return {"path": path, "format": fmt}

    def _read_text(self, path: str) -> str:
        if path not in self._readable:
            raise HostError(f"Cannot find module '{path}'", code="MODULE_NOT_FOUND")
        with open(path, "rb") as f:
            # The path was checked when it was resolved; check what was actually opened too, in
            # case a directory on it was swapped for a symlink in between.
            proc_fd = f"/proc/self/fd/{f.fileno()}"
            if os.path.exists(proc_fd) and not any(
                    _inside(os.path.realpath(proc_fd), r) for r in self.roots):
                raise HostError(f"Cannot find module '{path}'", code="MODULE_NOT_FOUND")
            return f.read().decode("utf-8", errors="replace")
