"""A cache of compiled QuickJS bytecode for the runtime's own JavaScript files.

Parsing the internal files (``bootstrap.js``, ``events.js``, ``console.js``, ...) is most of the
JavaScript part of start-up; reading their bytecode back is 10-20 times faster. QuickJS does not
verify bytecode it reads (a crafted file can corrupt memory), so a cache file is only ever used
when it is as trusted as the code itself:

* it lives in ``__pycache__`` beside the package's ``js`` folder, where Python keeps its own
  compiled code (which is code too), and only the trusted internal files are cached there, never
  a script's modules;
* the folder and the file must be owned by the current user or by the owner of the package's
  files, must not be writable by group or others, and must not be symbolic links;
* the file's header must name the exact source (a BLAKE2 digest of the file name, its text, the
  package version, the QuickJS version and the binding's build) and carry a digest of the
  bytecode that matches, so a stale, truncated or corrupted file is recompiled, not read.

Files are written atomically (a private temporary file, then a rename); when the folder cannot
be written (a read-only installation) nothing is cached and the sources are compiled as before.
``QJSBRIDGE_BYTECODE_CACHE=0`` turns the cache off.
"""

from __future__ import annotations

import logging
import os
import stat
import sys

try:
    from _blake2 import blake2b  # what hashlib.blake2b is, without hashlib's OpenSSL start-up
except ImportError:  # pragma: no cover - a Python without the builtin module
    from hashlib import blake2b

__all__ = ["BytecodeCache", "ENV"]

log = logging.getLogger(__name__)

#: Set to 0 (or false/no/off) to compile the internal files every time.
ENV = "QJSBRIDGE_BYTECODE_CACHE"
_MAGIC = b"QJSBC\x00\x01\n"
_DIGEST = 32
_HEADER = len(_MAGIC) + 2 * _DIGEST + 8
_SUFFIX = ".qjsbc"


def _digest(*parts: bytes) -> bytes:
    h = blake2b(digest_size=_DIGEST)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def enabled() -> bool:
    """Whether the cache may be used: on POSIX systems (file ownership is what makes a cache file
    trusted), unless the environment turns it off."""
    return os.name == "posix" and os.environ.get(ENV, "").strip().lower() not in (
        "0", "false", "no", "off")


class BytecodeCache:
    """Bytecode of trusted internal files in ``directory`` (see the module docstring).

    ``salt`` names everything the bytecode depends on besides the source (package and QuickJS
    versions, the binding's build); ``trusted_uids`` are the owners a cache file may have.
    """

    def __init__(self, directory: str, salt: bytes, trusted_uids: frozenset[int]) -> None:
        self.directory = directory
        self._salt = salt
        self._trusted = trusted_uids
        self._dir_ok: bool | None = None
        self._unwritable = False  # a write failed: this process stops trying

    def key(self, filename: str, source: str) -> bytes:
        """The digest naming this source under this salt."""
        return _digest(self._salt, filename.encode("utf-8", "surrogateescape"),
                       source.encode("utf-8", "surrogatepass"))

    def _path(self, filename: str) -> str:
        name = filename.rpartition(":")[2].replace(os.sep, "_")
        return os.path.join(self.directory, name + _SUFFIX)

    def _trusted_stat(self, st: os.stat_result, kind: int) -> bool:
        return (stat.S_IFMT(st.st_mode) == kind and st.st_uid in self._trusted
                and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))

    def _directory_trusted(self) -> bool:
        if self._dir_ok is None:
            try:
                self._dir_ok = self._trusted_stat(os.lstat(self.directory), stat.S_IFDIR)
            except OSError:
                return False  # not there yet: put() may create it
        return self._dir_ok

    def get(self, filename: str, key: bytes) -> bytes | None:
        """The cached bytecode of ``filename`` if it is trusted and matches ``key``, else None."""
        if not self._directory_trusted():
            return None
        try:
            fd = os.open(self._path(filename), os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        try:
            if not self._trusted_stat(os.fstat(fd), stat.S_IFREG):
                log.debug("bytecode cache: %s is not trusted; ignored", self._path(filename))
                return None
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read()
        except OSError:
            return None
        finally:
            os.close(fd)
        if len(data) < _HEADER or not data.startswith(_MAGIC):
            return None
        at = len(_MAGIC)
        if data[at:at + _DIGEST] != key:
            return None
        payload_digest = data[at + _DIGEST:at + 2 * _DIGEST]
        size = int.from_bytes(data[at + 2 * _DIGEST:_HEADER], "little")
        payload = data[_HEADER:]
        if len(payload) != size or _digest(payload) != payload_digest:
            log.debug("bytecode cache: %s is damaged; recompiling", self._path(filename))
            return None
        return payload

    def put(self, filename: str, key: bytes, payload: bytes) -> None:
        """Store bytecode (best effort: a folder we cannot write means no cache)."""
        if self._unwritable:
            return
        tmp = None
        try:
            if not os.path.isdir(self.directory):
                os.mkdir(self.directory, 0o755)
                self._dir_ok = None
            if not self._directory_trusted():
                return
            path = self._path(filename)
            tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + key + _digest(payload) + len(payload).to_bytes(8, "little"))
                f.write(payload)
            os.replace(tmp, path)
            tmp = None
        except OSError as exc:
            self._unwritable = True
            log.debug("bytecode cache: not written (%s)", exc)
        finally:
            if tmp is not None:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


def trusted_owners(package_dir: str) -> frozenset[int]:
    """The current user and the owner of the package's files."""
    owners = {os.geteuid()} if hasattr(os, "geteuid") else set()
    try:
        owners.add(os.stat(package_dir).st_uid)
    except OSError:
        pass
    return frozenset(owners)


def salt(package_version: str, engine_version: str, binding_path: str) -> bytes:
    """What the bytecode depends on besides its source."""
    try:
        st = os.stat(binding_path)
        build = f"{binding_path}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        build = binding_path
    return "\0".join([package_version, engine_version, build, sys.platform,
                      str(sys.maxsize), sys.byteorder]).encode("utf-8", "surrogateescape")
