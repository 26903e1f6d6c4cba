"""Module resolution and loading for ``require()`` and ``import`` (the JS half is in
``js/bootstrap.js``, the ES module loader's C hooks in ``_capi.py``).

Resolution follows Node 20 for what it supports:

* built-in modules by name, with the ``node:`` prefix accepted (``require("node:events")``); a
  ``node:`` name Node does not know is ``ERR_UNKNOWN_BUILTIN_MODULE``, and a Node built-in that
  qjsbridge does not provide says so (:data:`NODE_BUILTIN_MODULES` is the one list of Node's names;
  whatever the runtime defines is provided, the rest is "not provided");
* ``require``: ``./x``, ``../x`` and ``/abs/x`` against the requiring file's directory: ``x``,
  ``x.js``, ``x.json``, then ``x/package.json``'s ``main``, ``x/index.js``, ``x/index.json``;
* ``import``: relative, absolute and ``file:`` URLs name the file exactly (no extension is
  added, a directory is ``ERR_UNSUPPORTED_DIR_IMPORT``);
* bare names through ``node_modules`` directories, walking up from the importing file, with
  package.json ``exports`` (strings, subpath maps, ``*`` patterns, ``null`` to block, the
  conditions ``import``/``require``/``node``/``default``), a package importing itself by name,
  and ``imports`` (``#name``);
* a ``.js`` file is an ES module when the nearest package.json says ``"type": "module"``;
  ``.mjs`` always is, ``.cjs`` never is.

Every file must lie inside one of the configured **module roots** after resolving ``..`` and
symlinks; anything else is not found, and is never read. With no roots, only built-in modules
load. Python-backed modules are declared with :class:`NativeModule`.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import HostError
from .vm import VM, encode_json

if TYPE_CHECKING:
    from ._native import NativeModule

__all__ = ["ModuleLoader", "NativeModule", "NODE_BUILTIN_MODULES", "path_to_file_url",
           "file_url_to_path"]

#: Node 20's built-in module names (``require("module").builtinModules``) plus the ones that only
#: exist with the ``node:`` prefix. Names here that the runtime does not define are reported as
#: "not provided by qjsbridge"; defining a builtin (``Q.defineBuiltin``) is all it takes to provide
#: one. Anything else after ``node:`` is ``ERR_UNKNOWN_BUILTIN_MODULE``.
NODE_BUILTIN_MODULES = frozenset("""
    _http_agent _http_client _http_common _http_incoming _http_outgoing _http_server
    _stream_duplex _stream_passthrough _stream_readable _stream_transform _stream_wrap
    _stream_writable _tls_common _tls_wrap assert assert/strict async_hooks buffer child_process
    cluster console constants crypto dgram diagnostics_channel dns dns/promises domain events fs
    fs/promises http http2 https inspector inspector/promises module net os path path/posix
    path/win32 perf_hooks process punycode querystring readline readline/promises repl stream
    stream/consumers stream/promises stream/web string_decoder sys timers timers/promises tls
    trace_events tty url util util/types v8 vm wasi worker_threads zlib
    """.split())
#: Built-ins that exist only as ``node:NAME`` (``require("test")`` is a package lookup).
NODE_PREFIX_ONLY_MODULES = frozenset({"test"})

_ROOTS_HINT = ("is outside the module roots, so it is not loaded (qjsbridge run: add "
               "--module-root DIR before the script; embedders: RuntimeOptions.module_roots)")

# Characters a file URL path keeps as they are (Node's pathToFileURL encodes the rest).
_URL_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"#<>?`{}%\\^|[]')


def path_to_file_url(path: str) -> str:
    """``file:///...`` for an absolute path, percent-encoded like Node's ``pathToFileURL``."""
    from urllib.parse import quote  # here: urllib.parse costs a millisecond of every start-up

    return "file://" + quote(path, safe=_URL_SAFE, errors="surrogateescape")


def file_url_to_path(url: str) -> str:
    """The absolute path of a ``file:`` URL (``file:///a%20b`` -> ``/a b``)."""
    rest = url[len("file:"):]
    if rest.startswith("//"):
        rest = rest[2:]
        host, sep, rest = rest.partition("/")
        if host not in ("", "localhost"):
            raise HostError(f"File URL host must be \"localhost\" or empty on linux",
                            name="TypeError", code="ERR_INVALID_FILE_URL_HOST")
        rest = "/" + rest if sep else "/"
    rest = rest.split("#", 1)[0].split("?", 1)[0]
    if re.search(r"%2f", rest, re.IGNORECASE):
        raise HostError("File URL path must not include encoded / characters",
                        name="TypeError", code="ERR_INVALID_FILE_URL_PATH")
    from urllib.parse import unquote

    return unquote(rest, errors="surrogateescape")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


def node_module_paths(directory: str) -> list[str]:
    """Node's ``Module._nodeModulePaths``: ``DIR/node_modules`` for DIR and each parent."""
    out = []
    d = os.path.normpath(directory)
    while True:
        if os.path.basename(d) != "node_modules":
            out.append(os.path.join(d, "node_modules") if d != "/" else "/node_modules")
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return out


def _is_relative(spec: str) -> bool:
    return spec in (".", "..") or spec.startswith(("./", "../"))


def _split_package(spec: str) -> tuple[str, str] | None:
    """(package name, "." + subpath) of a bare specifier, or None if the name is invalid."""
    if spec.startswith("@"):
        parts = spec.split("/", 2)
        if len(parts) < 2 or not parts[1]:
            return None
        name = parts[0] + "/" + parts[1]
    else:
        name = spec.split("/", 1)[0]
    if not name or name.startswith(".") or "\\" in name or "%" in name:
        return None
    return name, "." + spec[len(name):]


class ModuleLoader:
    """Resolves and reads module files for one VM. Owner thread only."""

    _EXTENSIONS = ("", ".js", ".json")
    _INDEXES = ("index.js", "index.json")
    _REQUIRE_CONDITIONS = ("require", "node")
    _IMPORT_CONDITIONS = ("import", "node")

    def __init__(self, vm: VM, roots: Iterable[str | os.PathLike[str]]) -> None:
        self._vm = vm
        self.roots = tuple(os.path.realpath(os.fspath(r)) for r in roots)
        self._readable: set[str] = set()
        self._package_json: dict[str, dict[str, Any] | None] = {}
        self.builtins: set[str] = set()   # what the runtime defines (reported by bootstrap.js)
        self._loaded: list[str] = []   # ES module names handed to QuickJS, in load order
        # module name -> (importer's name, specifier as written) of each import that named it
        self._importers: dict[str, list[tuple[str, str]]] = {}
        #: called with the path of every module file read (owner thread); `run --watch` uses it
        self.on_file_read: Callable[[str], None] | None = None
        vm.register("qjsb.resolve", self._resolve_host)
        vm.register("qjsb.readText", self._read_text)
        vm.register("qjsb.builtinDefined", self._builtin_defined)
        vm.register("qjsb.checkBuiltin", self._check_builtin)
        vm.register("qjsb.fileUrl", self._file_url)
        vm.register("qjsb.resolveImport", self._resolve_import_host)
        vm.register("qjsb.missingExport", self._missing_export)
        vm.register("qjsb.packageJsonPath", self._package_json_path)
        vm.register("qjsb.fileUrlToPath", file_url_to_path)
        vm.set_module_hooks(self)
        vm.call_op("setNodeBuiltins", encode_json(sorted(NODE_BUILTIN_MODULES)))
        # builtins defined before this loader existed (bootstrap's own, e.g. "module")
        self.builtins.update(json.loads(vm.call_op("builtinNames")))

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

    # -- built-ins ----------------------------------------------------------------------------
    def builtin_id(self, spec: str) -> str | None:
        """The builtin's name if ``spec`` names one (provided or not), else None.

        Raises ``ERR_UNKNOWN_BUILTIN_MODULE`` for a ``node:`` name Node does not know.
        """
        if spec.startswith("node:"):
            name = spec[5:]
            if (name in self.builtins or name in NODE_BUILTIN_MODULES
                    or name in NODE_PREFIX_ONLY_MODULES):
                return name
            raise HostError(f"No such built-in module: {spec}", code="ERR_UNKNOWN_BUILTIN_MODULE")
        if spec in self.builtins or spec in NODE_BUILTIN_MODULES:
            return spec
        return None

    def check_provided(self, name: str, spec: str) -> None:
        """Raise the "not provided" error for a Node builtin the runtime does not define."""
        if name not in self.builtins:
            raise HostError(
                f"Cannot find module '{spec}': Node's built-in module '{name}' is not provided by "
                "qjsbridge (see `qjsbridge help modules`)", code="MODULE_NOT_FOUND")

    # -- package.json -------------------------------------------------------------------------
    def _read_package_json(self, directory: str) -> dict[str, Any] | None:
        """The parsed ``directory/package.json`` if it exists inside the roots, else None."""
        path = os.path.join(directory, "package.json")
        if path in self._package_json:
            return self._package_json[path]
        data: dict[str, Any] | None = None
        real = self._allowed_file(path)
        if real is not None:
            try:
                with open(real, encoding="utf-8-sig") as f:
                    loaded = json.load(f)
            except (OSError, ValueError) as exc:
                raise HostError(f"Invalid package config {path}: {exc}",
                                code="ERR_INVALID_PACKAGE_CONFIG") from None
            data = loaded if isinstance(loaded, dict) else {}
        self._package_json[path] = data
        return data

    def _package_scope(self, directory: str) -> tuple[str, dict[str, Any]] | None:
        """The nearest package.json at or above ``directory`` (inside the roots)."""
        d = directory
        while any(_inside(d, r) for r in self.roots):
            pkg = self._read_package_json(d)
            if pkg is not None:
                return d, pkg
            if os.path.basename(d) == "node_modules":
                return None
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        return None

    def format_of(self, path: str) -> str:
        """"module", "commonjs", "json" or "other" (an unknown extension) for a file."""
        if path.endswith(".mjs"):
            return "module"
        if path.endswith(".cjs"):
            return "commonjs"
        if path.endswith(".json"):
            return "json"
        if path.endswith(".js"):
            scope = self._package_scope(os.path.dirname(path))
            if scope is not None and scope[1].get("type") == "module":
                return "module"
            return "commonjs"
        return "other"

    # -- exports / imports --------------------------------------------------------------------
    def _exports_resolve(self, pkg_dir: str, subpath: str, exports: Any,
                         conditions: Sequence[str], importer: str) -> str:
        pkg_json = os.path.join(pkg_dir, "package.json")
        if isinstance(exports, dict):
            keys = list(exports)
            dotted = [k.startswith(".") for k in keys]
            if any(dotted) and not all(dotted):
                where = f" while importing {path_to_file_url(importer)}" if importer else ""
                raise HostError(
                    f"Invalid package config {pkg_json}{where}. \"exports\" cannot contain some "
                    "keys starting with '.' and some not. The exports object must either be an "
                    "object of package subpath keys or an object of main entry condition name keys "
                    "only.", code="ERR_INVALID_PACKAGE_CONFIG")
            if not any(dotted):
                exports = {".": exports}
        else:
            exports = {".": exports}
        resolved = self._match_and_resolve(pkg_dir, subpath, exports, conditions, False, importer)
        if resolved is None or resolved is _UNDEFINED:
            where = f" imported from {importer}" if importer else ""
            if subpath == ".":
                message = f"No \"exports\" main defined in {pkg_json}{where}"
            else:
                message = (f"Package subpath '{subpath}' is not defined by \"exports\" in "
                           f"{pkg_json}{where}")
            raise HostError(message, code="ERR_PACKAGE_PATH_NOT_EXPORTED")
        assert isinstance(resolved, str)
        return resolved

    def _match_and_resolve(self, pkg_dir: str, key: str, mapping: dict[str, Any],
                           conditions: Sequence[str], is_imports: bool,
                           importer: str) -> str | None | object:
        """The target of ``key`` in an exports/imports map: a path, None (``null``: blocked) or
        ``_UNDEFINED`` (nothing matched)."""
        target = _Target(pkg_dir, is_imports, conditions, importer)
        if key in mapping and "*" not in key:
            return target.resolve(mapping[key], key, None)
        best: str | None = None
        best_match = ""
        for candidate in mapping:
            star = candidate.find("*")
            if star < 0 or candidate.find("*", star + 1) >= 0:
                continue
            prefix, suffix = candidate[:star], candidate[star + 1:]
            if (key.startswith(prefix) and key != prefix and len(key) >= len(candidate)
                    and key.endswith(suffix)):
                if best is None or self._pattern_key_compare(best, candidate) > 0:
                    best = candidate
                    best_match = key[len(prefix):len(key) - len(suffix)]
        if best is None:
            return _UNDEFINED
        return target.resolve(mapping[best], best, best_match)

    @staticmethod
    def _pattern_key_compare(a: str, b: str) -> int:
        # Node's PATTERN_KEY_COMPARE: longer prefix before the "*" first, then the longer key.
        a_base, b_base = a.find("*") + 1, b.find("*") + 1
        if a_base > b_base:
            return -1
        if b_base > a_base:
            return 1
        if len(a) > len(b):
            return -1
        if len(b) > len(a):
            return 1
        return 0

    def _package_self(self, spec: str, from_dir: str, conditions: Sequence[str],
                      importer: str) -> str | None:
        scope = self._package_scope(from_dir)
        if scope is None:
            return None
        pkg_dir, pkg = scope
        name = pkg.get("name")
        if not isinstance(name, str) or "exports" not in pkg or pkg["exports"] is None:
            return None
        if spec != name and not spec.startswith(name + "/"):
            return None
        return self._exports_resolve(pkg_dir, "." + spec[len(name):], pkg["exports"],
                                     conditions, importer)

    def _package_imports(self, spec: str, from_dir: str, conditions: Sequence[str],
                         importer: str) -> str:
        scope = self._package_scope(from_dir)
        where = f" imported from {importer}" if importer else ""
        if spec in ("#", ) or spec.startswith("#/"):
            raise HostError(f"Invalid module \"{spec}\" is not a valid internal imports specifier "
                            f"name{where}", name="TypeError", code="ERR_INVALID_MODULE_SPECIFIER")
        if scope is not None and isinstance(scope[1].get("imports"), dict):
            found = self._match_and_resolve(scope[0], spec, scope[1]["imports"], conditions, True,
                                            importer)
            if isinstance(found, str):
                return found
        in_pkg = f" in package {scope[0]}{os.sep}" if scope is not None else ""
        raise HostError(f"Package import specifier \"{spec}\" is not defined{in_pkg}{where}",
                        name="TypeError", code="ERR_PACKAGE_IMPORT_NOT_DEFINED")

    # -- require() ----------------------------------------------------------------------------
    def resolve(self, spec: str, from_dir: str | None,
                paths: Sequence[str] | None = None) -> tuple[str, str]:
        """(real path, format) for ``require(spec)`` from ``from_dir``; HostError if none.

        ``paths`` are ``require.resolve``'s ``{paths}``: directories to start from instead.
        """
        if not self.roots:
            raise HostError(
                f"Cannot find module '{spec}' (no module roots are configured, so only built-in "
                "modules can be required)",
                code="MODULE_NOT_FOUND",
            )
        base_dir = from_dir if from_dir is not None else self.roots[0]
        importer = "" if from_dir is None else from_dir
        found: str | None = None
        outside: str | None = None
        if _is_relative(spec) or spec.startswith("/"):
            for d in (paths if paths is not None else [base_dir]):
                target = os.path.normpath(os.path.join(d, spec))
                found = self._load_as_file_or_dir(target)
                if found is not None:
                    break
                if outside is None and not any(_inside(os.path.realpath(target), r)
                                               for r in self.roots):
                    outside = target
        elif spec.startswith("#") and self._scope_has_imports(base_dir):
            found = self._finish_target(
                self._package_imports(spec, base_dir, self._REQUIRE_CONDITIONS, importer),
                base_dir, importer)
        else:
            found = self._package_self(spec, base_dir, self._REQUIRE_CONDITIONS, "")
            if found is not None:
                found = self._must_exist(found)
            else:
                starts = paths if paths is not None else [base_dir]
                for d in starts:
                    for directory in self._node_modules_dirs(d):
                        found = self._load_node_module(directory, spec)
                        if found is not None:
                            break
                    if found is not None:
                        break
        if found is None:
            message = f"Cannot find module '{spec}'"
            if outside is not None:
                message += f": {outside} {_ROOTS_HINT}"
            raise HostError(message, code="MODULE_NOT_FOUND")
        self._readable.add(found)
        return found, self.format_of(found)

    def _scope_has_imports(self, directory: str) -> bool:
        # require("#x") uses "imports" only when the package scope has them (else: node_modules)
        scope = self._package_scope(directory)
        return scope is not None and isinstance(scope[1].get("imports"), dict)

    def _finish_target(self, target: str, base_dir: str, importer: str) -> str | None:
        if target.startswith("bare:"):
            return self.resolve(target[5:], base_dir)[0]
        return self._must_exist(target)

    def _must_exist(self, path: str) -> str:
        found = self._allowed_file(path)
        if found is None:
            message = f"Cannot find module '{path}'"
            if os.path.isfile(path):
                message += f": it {_ROOTS_HINT}"
            raise HostError(message, code="MODULE_NOT_FOUND")
        return found

    def _load_node_module(self, directory: str, spec: str) -> str | None:
        parts = _split_package(spec)
        if parts is not None:
            pkg_dir = os.path.join(directory, parts[0])
            pkg = self._read_package_json(pkg_dir)
            if pkg is not None and pkg.get("exports") is not None:
                return self._must_exist(self._exports_resolve(
                    pkg_dir, parts[1], pkg["exports"], self._REQUIRE_CONDITIONS, ""))
        return self._load_as_file_or_dir(os.path.join(directory, spec))

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
        try:
            pkg = self._read_package_json(directory)
        except HostError:
            return None
        main = pkg.get("main") if pkg is not None else None
        return main if isinstance(main, str) and main else None

    # -- import -------------------------------------------------------------------------------
    def resolve_import(self, spec: str, base: str, must_exist: bool = True) -> str:
        """The module name for ``import spec`` from the module or script named ``base``.

        Names are ``node:NAME`` for built-ins and ``file:`` URLs of real paths for files. Raises
        HostError with Node's ESM error codes. ``must_exist=False`` is ``import.meta.resolve``:
        a file that does not exist (or a directory) still gives its URL.
        """
        name = self._resolve_import(spec, base, must_exist)
        if must_exist:
            pairs = self._importers.setdefault(name, [])
            if (base, spec) not in pairs:
                pairs.append((base, spec))
        return name

    def _resolve_import(self, spec: str, base: str, must_exist: bool) -> str:
        if spec.startswith("node:") and not must_exist:
            return spec  # import.meta.resolve("node:x") checks nothing, as in Node
        if spec.startswith("node:") or (not _is_relative(spec) and not spec.startswith(
                ("/", "#", "file:")) and self.builtin_id(spec) is not None):
            name = self.builtin_id(spec)
            assert name is not None
            if must_exist:
                self.check_provided(name, spec)
            return "node:" + name
        importer_path = self._base_path(base)
        importer = importer_path if importer_path is not None else base
        base_dir = (os.path.dirname(importer_path) if importer_path is not None
                    else (self.roots[0] if self.roots else os.getcwd()))
        if not self.roots:
            raise HostError(f"Cannot find module '{spec}' imported from {importer} (no module "
                            "roots are configured, so only built-in modules can be imported)",
                            code="ERR_MODULE_NOT_FOUND")
        try:
            if spec.startswith("file:"):
                target = file_url_to_path(spec)
            elif _is_relative(spec) or spec.startswith("/"):
                from urllib.parse import unquote

                target = os.path.normpath(os.path.join(base_dir, unquote(spec)))
            elif spec.startswith("#"):
                target = self._package_imports(spec, base_dir, self._IMPORT_CONDITIONS, importer)
                if target.startswith("bare:"):
                    return self._resolve_import(target[5:], base, must_exist)
            elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", spec):
                raise HostError(f"Only URLs with a scheme in: file, data, and node are supported "
                                f"by the default ESM loader. Received protocol "
                                f"'{spec.split(':')[0]}:'", code="ERR_UNSUPPORTED_ESM_URL_SCHEME")
            else:
                target = self._package_resolve_import(spec, base_dir, importer)
            return path_to_file_url(self._finish_import(target, importer, must_exist))
        except HostError as exc:
            if exc.code in ("ERR_MODULE_NOT_FOUND", "ERR_UNSUPPORTED_DIR_IMPORT") and \
                    importer_path is not None:
                hint = self._commonjs_hint(spec, base_dir)
                if hint is not None:
                    raise HostError(f"{exc}\nDid you mean to import {json.dumps(hint)}?",
                                    name=exc.name, code=exc.code, props=exc.props) from None
            raise

    def _commonjs_hint(self, spec: str, base_dir: str) -> str | None:
        """What ``require(spec)`` would load, as Node suggests it after a failed import."""
        if spec.startswith(("/", "file:", "#")):
            return None
        try:
            found, _ = self.resolve(spec, base_dir)
        except HostError:
            return None
        if _is_relative(spec):
            rel = os.path.relpath(found, base_dir)
            return rel if rel.startswith("../") else "./" + rel
        parts = _split_package(spec)
        if parts is None:
            return None
        needle = f"/node_modules/{parts[0]}/"
        index = found.rfind(needle)
        if index < 0:
            return path_to_file_url(found)
        from urllib.parse import quote

        return parts[0] + "/" + "/".join(quote(seg, safe="") for seg in
                                         found[index + len(needle):].split("/"))

    def _base_path(self, base: str) -> str | None:
        if base.startswith("file:"):
            try:
                return file_url_to_path(base)
            except HostError:
                return None
        if base.startswith("/"):
            return base
        return None

    def _package_resolve_import(self, spec: str, base_dir: str, importer: str) -> str:
        parts = _split_package(spec)
        if parts is None:
            raise HostError(f"Invalid module \"{spec}\" is not a valid package name imported from "
                            f"{importer}", name="TypeError", code="ERR_INVALID_MODULE_SPECIFIER")
        own = self._package_self(spec, base_dir, self._IMPORT_CONDITIONS, importer)
        if own is not None:
            return own
        name, subpath = parts
        for directory in self._node_modules_dirs(base_dir):
            pkg_dir = os.path.join(directory, name)
            if not os.path.isdir(pkg_dir):
                continue
            pkg = self._read_package_json(pkg_dir)
            if pkg is not None and pkg.get("exports") is not None:
                return self._exports_resolve(pkg_dir, subpath, pkg["exports"],
                                             self._IMPORT_CONDITIONS, importer)
            if subpath == ".":
                main = self._legacy_main(pkg_dir, pkg)
                if main is None:
                    raise HostError(f"Cannot find package '{pkg_dir}' imported from {importer}",
                                    code="ERR_MODULE_NOT_FOUND")
                return main
            return os.path.join(pkg_dir, subpath[2:])
        raise HostError(f"Cannot find package '{name}' imported from {importer}",
                        code="ERR_MODULE_NOT_FOUND")

    def _legacy_main(self, pkg_dir: str, pkg: dict[str, Any] | None) -> str | None:
        main = pkg.get("main") if pkg is not None else None
        candidates = []
        if isinstance(main, str) and main:
            target = os.path.join(pkg_dir, main)
            candidates += [target, target + ".js", target + ".json", target + ".node",
                           os.path.join(target, "index.js"), os.path.join(target, "index.json"),
                           os.path.join(target, "index.node")]
        candidates += [os.path.join(pkg_dir, "index.js"), os.path.join(pkg_dir, "index.json"),
                       os.path.join(pkg_dir, "index.node")]
        for c in candidates:
            if os.path.isfile(c):
                return os.path.normpath(c)
        return None

    def _finish_import(self, target: str, importer: str, must_exist: bool = True) -> str:
        url = {"url": path_to_file_url(target)}   # what Node's errors carry
        if not must_exist and not os.path.isfile(target):
            real = os.path.realpath(target)
            if not any(_inside(real, r) for r in self.roots):
                raise HostError(f"Cannot find module '{target}' imported from {importer}: it "
                                f"{_ROOTS_HINT}", code="ERR_MODULE_NOT_FOUND", props=url)
            return real
        if os.path.isdir(target):
            raise HostError(f"Directory import '{target}' is not supported resolving ES modules "
                            f"imported from {importer}", code="ERR_UNSUPPORTED_DIR_IMPORT",
                            props=url)
        if not os.path.isfile(target):
            raise HostError(f"Cannot find module '{target}' imported from {importer}",
                            code="ERR_MODULE_NOT_FOUND", props=url)
        real = os.path.realpath(target)
        if not any(_inside(real, r) for r in self.roots):
            raise HostError(f"Cannot find module '{target}' imported from {importer}: it "
                            f"{_ROOTS_HINT}", code="ERR_MODULE_NOT_FOUND", props=url)
        self._readable.add(real)
        return real

    def module_source(self, name: str, attributes: Mapping[str, str],
                      builtin_keys: Callable[[str], list[str]]) -> tuple[str, str]:
        """(source, kind) of the module named ``name`` (see :meth:`resolve_import`).

        ES module files come back as they are (kind "file"); a builtin, CommonJS or JSON
        target gets a generated "facade" module whose default export is its exports and whose
        named exports are its export names (a builtin's keys, what :mod:`._cjs_exports` finds).
        """
        self._loaded.append(name)
        if name.startswith("node:"):
            builtin = name[5:]
            return _facade("builtin", builtin, builtin_keys(builtin)), "facade"
        path = file_url_to_path(name)
        if path not in self._readable:
            raise HostError(f"Cannot find module '{path}'", code="ERR_MODULE_NOT_FOUND")
        fmt = self.format_of(path)
        for key, value in attributes.items():
            if key != "type":
                raise HostError(f'Import attribute "{key}" with value "{value}" is not supported',
                                name="TypeError", code="ERR_IMPORT_ATTRIBUTE_UNSUPPORTED")
        attribute_type = attributes.get("type")
        if attribute_type is not None and attribute_type != "json":
            raise HostError(f'Import attribute type "{attribute_type}" is unsupported',
                            name="TypeError", code="ERR_IMPORT_ASSERTION_TYPE_UNSUPPORTED")
        if fmt == "json":
            if attribute_type != "json":
                raise HostError(f'Module "{name}" needs an import attribute of type "json"',
                                name="TypeError", code="ERR_IMPORT_ASSERTION_TYPE_MISSING")
            return _facade("json", path, []), "facade"
        if attribute_type is not None:
            raise HostError(f'Module "{name}" is not of type "{attribute_type}"',
                            name="TypeError", code="ERR_IMPORT_ASSERTION_TYPE_FAILED")
        if fmt == "module":
            return self._read_text(path), "file"
        if fmt == "commonjs":
            return _facade("commonjs", path, self.cjs_export_names(path)), "facade"
        ext = os.path.splitext(path)[1]
        raise HostError(f'Unknown file extension "{ext}" for {path}', name="TypeError",
                        code="ERR_UNKNOWN_FILE_EXTENSION")

    def cjs_export_names(self, path: str, _seen: set[str] | None = None) -> list[str]:
        """The named exports an ES module sees in the CommonJS file ``path`` (re-exports
        followed into other CommonJS files)."""
        seen = _seen if _seen is not None else set()
        if path in seen:
            return []
        seen.add(path)
        from ._cjs_exports import detect_exports  # its regexes take ~10 ms to compile: on first use

        names, reexports = detect_exports(self._read_text(path))
        out = list(names)
        for spec in reexports:
            try:
                if self.builtin_id(spec) is not None:
                    continue
                target, fmt = self.resolve(spec, os.path.dirname(path))
            except HostError:
                continue  # Node skips a re-export it cannot resolve too
            if fmt == "commonjs":
                out += [n for n in self.cjs_export_names(target, seen) if n not in out]
        return out

    # -- host functions (owner thread, called from JS) -----------------------------------------
    def _resolve_host(self, spec: str, from_dir: str | None,
                      paths: list[str] | None = None) -> dict[str, str]:
        if not isinstance(spec, str):
            raise HostError("module specifier must be a string", name="TypeError")
        if paths is not None and not (isinstance(paths, list)
                                      and all(isinstance(p, str) for p in paths)):
            raise HostError("paths must be a list of strings", name="TypeError")
        path, fmt = self.resolve(spec, from_dir, paths)
        return {"path": path, "format": fmt}

    def _check_builtin(self, spec: str) -> None:
        name = self.builtin_id(spec)
        if name is None:
            raise HostError(f"Cannot find module '{spec}'", code="MODULE_NOT_FOUND")
        self.check_provided(name, spec)

    @staticmethod
    def _file_url(path: str) -> str:
        return path_to_file_url(path)

    def _resolve_import_host(self, spec: str, base: str) -> str:
        return self.resolve_import(spec, base, must_exist=False)

    def _missing_export(self, export: str, prefix: str) -> dict[str, Any] | None:
        """Node's account of QuickJS's link error "Could not find export 'EXPORT' in module
        'PREFIX'" (QuickJS cuts the module's name at 63 bytes): the message Node prints, with
        the specifier as written, and the place of the import that asked for it (url, line,
        column), or None when no loaded module has such an import."""
        names = [n for n in self._importers if n.startswith(prefix)]
        # QuickJS links a module's imports before the module itself: the importer loaded last
        # is the one whose link failed first.
        for base, spec, name in reversed([(b, sp, n) for n in names
                                          for b, sp in self._importers[n]]):
            if base not in self._loaded or not base.startswith("file:"):
                continue
            try:
                path = file_url_to_path(base)
                source = self._read_text(path, notify=False)
            except (HostError, OSError):
                continue
            found = find_import_binding(source, spec, export)
            if found is None:
                continue
            offset, statement_line = found
            line = source.count("\n", 0, offset) + 1
            column = offset - (source.rfind("\n", 0, offset) + 1) + 1
            if name.startswith("file:") and self.format_of(file_url_to_path(name)) == "commonjs":
                # Node's hint for a name its CommonJS lexer did not find
                braces = re.search(r"\{.*\}", statement_line)
                pattern = re.sub(r"\s+as\s+", ": ", braces.group(0)) if braces else None
                example = f"const {pattern} = pkg;\n" if pattern is not None else ""
                message = (f"Named export '{export}' not found. The requested module '{spec}' is "
                           "a CommonJS module, which may not support all module.exports as named "
                           "exports.\nCommonJS modules can always be imported via the default "
                           f"export, for example using:\n\nimport pkg from '{spec}';\n{example}")
            else:
                message = (f"The requested module '{spec}' does not provide an export named "
                           f"'{export}'")
            return {"message": message, "url": base, "line": line, "column": column}
        return None

    def _package_json_path(self, path: str) -> str | None:
        """The package.json whose "type" governs the file ``path``, if there is one."""
        scope = self._package_scope(os.path.dirname(path))
        return os.path.join(scope[0], "package.json") if scope is not None else None

    def _builtin_defined(self, name: str) -> None:
        if isinstance(name, str):
            self.builtins.add(name)

    def _read_text(self, path: str, notify: bool = True) -> str:
        if path not in self._readable:
            raise HostError(f"Cannot find module '{path}'", code="MODULE_NOT_FOUND")
        with open(path, "rb") as f:
            # The path was checked when it was resolved; check what was actually opened too, in
            # case a directory on it was swapped for a symlink in between.
            proc_fd = f"/proc/self/fd/{f.fileno()}"
            if os.path.exists(proc_fd) and not any(
                    _inside(os.path.realpath(proc_fd), r) for r in self.roots):
                raise HostError(f"Cannot find module '{path}'", code="MODULE_NOT_FOUND")
            text = f.read().decode("utf-8", errors="replace")
        if notify and self.on_file_read is not None:
            self.on_file_read(path)
        return text[1:] if text.startswith("\ufeff") else text


# Patterns, not compiled objects: ``re`` compiles them on first use (and keeps them), so
# start-up does not pay for what only error messages and package "exports" need.
_FROM_CLAUSE = r"""\bfrom\s*(["'])(.*?)\1"""
_IMPORT_OR_EXPORT = r"\b(import|export)\b"
_BINDING = r"""\s*(?:([\w$]+)|"([^"]*)"|'([^']*)')"""


def find_import_binding(source: str, spec: str, export: str) -> tuple[int, str] | None:
    """Where the ES module ``source`` imports (or re-exports) ``export`` from ``spec``: the
    offset of the name in ``import {export} from "spec"`` (or of the default binding in ``import
    x from "spec"`` for ``default``), and the text of the line it is on; None if not found."""
    for match in re.finditer(_FROM_CLAUSE, source, re.S):
        if match.group(2) != spec:
            continue
        keywords = list(re.finditer(_IMPORT_OR_EXPORT, source[:match.start()]))
        if not keywords:
            continue
        keyword = keywords[-1]
        clause_start = keyword.end()
        clause = source[clause_start:match.start()]
        if keyword.group(1) == "import" and export == "default":
            default = re.match(r"\s*([\w$]+)\s*(?:,|$)", clause)
            if default is not None:
                return _with_line(source, clause_start + default.start(1))
        brace = clause.find("{")
        end = clause.find("}", brace + 1)
        if brace < 0 or end < 0:
            continue
        position = clause_start + brace + 1
        for item in clause[brace + 1:end].split(","):
            binding = re.match(_BINDING, item)
            if binding is not None:
                group = next(g for g in (1, 2, 3) if binding.group(g) is not None)
                if binding.group(group) == export:
                    quote_len = 0 if group == 1 else 1
                    return _with_line(source, position + binding.start(group) - quote_len)
            position += len(item) + 1
    return None


def _with_line(source: str, offset: int) -> tuple[int, str]:
    start = source.rfind("\n", 0, offset) + 1
    end = source.find("\n", offset)
    return offset, source[start:end if end >= 0 else len(source)]


_UNDEFINED = object()  # "no target matched" (JSON null in a target means "blocked": None)
_BAD_SEGMENT = r"(^|/)(\.\.?|node_modules)(/|$)"  # compiled on first use (see _FROM_CLAUSE)


class _Target:
    """PACKAGE_TARGET_RESOLVE of Node's resolution algorithm, for one package.json field."""

    def __init__(self, pkg_dir: str, is_imports: bool, conditions: Sequence[str],
                 importer: str) -> None:
        self.pkg_dir = pkg_dir
        self.is_imports = is_imports
        self.conditions = conditions
        self.importer = importer

    def _invalid(self, key: str, target: Any) -> HostError:
        field = "imports" if self.is_imports else "exports"
        where = f" imported from {self.importer}" if self.importer else ""
        text = json.dumps(target)
        hint = ('; targets must start with "./"' if isinstance(target, str) and target
                and not self.is_imports and not target.startswith("./") else "")
        what = (f'"{field}" main target {text} defined' if key == "." and not self.is_imports
                else f'"{field}" target {text} defined for \'{key}\'')
        return HostError(f"Invalid {what} in the package config {self.pkg_dir}/package.json"
                         f"{where}{hint}", code="ERR_INVALID_PACKAGE_TARGET")

    def resolve(self, target: Any, key: str, match: str | None) -> str | None | object:
        if isinstance(target, str):
            return self._string(target, key, match)
        if isinstance(target, list):
            if not target:
                return None
            last: HostError | None | object = None
            for item in target:
                try:
                    found = self.resolve(item, key, match)
                except HostError as exc:
                    if exc.code != "ERR_INVALID_PACKAGE_TARGET":
                        raise
                    last = exc
                    continue
                if found is _UNDEFINED:
                    continue
                if found is None:
                    last = None
                    continue
                return found
            if isinstance(last, HostError):
                raise last
            return None
        if isinstance(target, dict):
            for cond, value in target.items():
                if cond == "default" or cond in self.conditions:
                    found = self.resolve(value, key, match)
                    if found is _UNDEFINED:
                        continue
                    return found
            return _UNDEFINED
        if target is None:
            return None
        raise self._invalid(key, target)

    def _string(self, target: str, key: str, match: str | None) -> str:
        if not target.startswith("./"):
            if self.is_imports and not target.startswith(("../", "/")):
                return "bare:" + (target if match is None else target.replace("*", match))
            raise self._invalid(key, target)
        if re.search(_BAD_SEGMENT, target[2:], re.IGNORECASE):
            raise self._invalid(key, target)
        if match is not None and re.search(_BAD_SEGMENT, match, re.IGNORECASE):
            request = key.replace("*", match)
            field = "imports" if self.is_imports else "exports"
            where = f" imported from {self.importer}" if self.importer else ""
            raise HostError(f"Invalid module \"{request}\" request is not a valid match in "
                            f"pattern \"{key}\" for the \"{field}\" resolution of "
                            f"{self.pkg_dir}/package.json{where}",
                            name="TypeError", code="ERR_INVALID_MODULE_SPECIFIER")
        resolved = target if match is None else target.replace("*", match)
        return os.path.normpath(os.path.join(self.pkg_dir, resolved))


def _facade(fmt: str, target: str, names: Sequence[str]) -> str:
    """An ES module re-exporting ``import.meta.load(fmt, target)``: default + named exports."""
    lines = [f"const m = import.meta.load({json.dumps(fmt)}, {json.dumps(target)});",
             "export default m;",
             "const own = Object.prototype.hasOwnProperty;"]
    exported = []
    for i, name in enumerate(dict.fromkeys(names)):
        if name == "default" or any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
            continue
        key = json.dumps(name)
        lines.append(f"let e{i}; try {{ e{i} = m != null && own.call(m, {key}) ? m[{key}] : "
                     f"undefined; }} catch {{}}")
        exported.append(f"e{i} as {key}")
    if exported:
        lines.append("export { " + ", ".join(exported) + " };")
    return "\n".join(lines) + "\n"


def __getattr__(name: str) -> Any:
    # NativeModule is made on first use (see _native.py): a script run that defines no native
    # module does not pay for making the dataclass.
    if name == "NativeModule":
        from ._native import NativeModule

        globals()[name] = NativeModule  # later look-ups skip this function
        return NativeModule
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
