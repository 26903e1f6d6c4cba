"""The Python half of ``fs``: each operation as a plain function of JSON arguments.

Every operation returns ``{"ok": value}`` or ``{"e": {...}}`` (never raises), where the error
carries what Node's error has: ``code``, ``errno`` (negative, like libuv), ``syscall``, ``path``,
``dest`` and libuv's message text. ``engine/js/fs.js`` builds the JS values and errors. The same
function serves the sync form (run on the owner thread) and the callback/promise forms (run on
the worker pool). Permission checks run inside the operation, right before the system call, on
the path with ``..`` and symlinks resolved.
"""

from __future__ import annotations

import base64
import errno as errno_mod
import os
import re
import shutil
import stat as stat_mod
import sys
import threading
from collections.abc import Callable
from typing import Any

from ..errors import AccessDeniedError
from ..permissions import FS_READ, FS_WRITE, Permissions
from ..vm import VM
from .workers import WorkerPool

__all__ = ["FsHost", "UV_MESSAGES", "os_error"]

# libuv's error messages (uv_strerror), which Node's fs errors use instead of the C library's.
UV_MESSAGES = {
    "E2BIG": "argument list too long", "EACCES": "permission denied",
    "EADDRINUSE": "address already in use", "EAGAIN": "resource temporarily unavailable",
    "EBADF": "bad file descriptor", "EBUSY": "resource busy or locked",
    "ECANCELED": "operation canceled", "EEXIST": "file already exists",
    "EFAULT": "bad address in system call argument", "EFBIG": "file too large",
    "EINTR": "interrupted system call", "EINVAL": "invalid argument", "EIO": "i/o error",
    "EISDIR": "illegal operation on a directory",
    "ELOOP": "too many symbolic links encountered", "EMFILE": "too many open files",
    "EMLINK": "too many links", "ENAMETOOLONG": "name too long",
    "ENFILE": "file table overflow", "ENODEV": "no such device",
    "ENOENT": "no such file or directory", "ENOMEM": "not enough memory",
    "ENOSPC": "no space left on device", "ENOSYS": "function not implemented",
    "ENOTDIR": "not a directory", "ENOTEMPTY": "directory not empty",
    "ENOTSUP": "operation not supported on socket", "EPERM": "operation not permitted",
    "EPIPE": "broken pipe", "EROFS": "read-only file system", "ESPIPE": "invalid seek",
    "ESRCH": "no such process", "ETIMEDOUT": "connection timed out",
    "ETXTBSY": "text file is busy", "EXDEV": "cross-device link not permitted",
    "EOPNOTSUPP": "operation not supported on socket",
}


def os_error(exc: OSError, syscall: str, path: str | None = None,
             dest: str | None = None) -> dict[str, Any]:
    """Node's error fields for ``exc`` raised by ``syscall`` on ``path`` (-> ``dest``)."""
    num = exc.errno or errno_mod.EIO
    code = errno_mod.errorcode.get(num, "UNKNOWN")
    text = UV_MESSAGES.get(code) or (exc.strerror or "unknown error").lower()
    message = f"{code}: {text}, {syscall}"
    if path is not None:
        message += f" '{path}'"
    if dest is not None:
        message += f" -> '{dest}'"
    out: dict[str, Any] = {"message": message, "errno": -num, "code": code, "syscall": syscall}
    if path is not None:
        out["path"] = path
    if dest is not None:
        out["dest"] = dest
    return out


class _Fail(Exception):
    """An operation's error, already in Node's shape."""

    def __init__(self, info: dict[str, Any]) -> None:
        super().__init__(info.get("message", ""))
        self.info = info


_OPEN_FLAGS = {
    "r": os.O_RDONLY, "rs": os.O_RDONLY | os.O_SYNC, "sr": os.O_RDONLY | os.O_SYNC,
    "r+": os.O_RDWR, "rs+": os.O_RDWR | os.O_SYNC, "sr+": os.O_RDWR | os.O_SYNC,
    "w": os.O_TRUNC | os.O_CREAT | os.O_WRONLY, "wx": os.O_TRUNC | os.O_CREAT | os.O_WRONLY | os.O_EXCL,
    "xw": os.O_TRUNC | os.O_CREAT | os.O_WRONLY | os.O_EXCL,
    "w+": os.O_TRUNC | os.O_CREAT | os.O_RDWR, "wx+": os.O_TRUNC | os.O_CREAT | os.O_RDWR | os.O_EXCL,
    "xw+": os.O_TRUNC | os.O_CREAT | os.O_RDWR | os.O_EXCL,
    "a": os.O_APPEND | os.O_CREAT | os.O_WRONLY, "ax": os.O_APPEND | os.O_CREAT | os.O_WRONLY | os.O_EXCL,
    "xa": os.O_APPEND | os.O_CREAT | os.O_WRONLY | os.O_EXCL,
    "as": os.O_APPEND | os.O_CREAT | os.O_WRONLY | os.O_SYNC,
    "sa": os.O_APPEND | os.O_CREAT | os.O_WRONLY | os.O_SYNC,
    "a+": os.O_APPEND | os.O_CREAT | os.O_RDWR, "ax+": os.O_APPEND | os.O_CREAT | os.O_RDWR | os.O_EXCL,
    "xa+": os.O_APPEND | os.O_CREAT | os.O_RDWR | os.O_EXCL,
    "as+": os.O_APPEND | os.O_CREAT | os.O_RDWR | os.O_SYNC,
    "sa+": os.O_APPEND | os.O_CREAT | os.O_RDWR | os.O_SYNC,
}
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _flags(flag: Any) -> int:
    if isinstance(flag, int) and not isinstance(flag, bool):
        return flag
    if isinstance(flag, str) and flag in _OPEN_FLAGS:
        return _OPEN_FLAGS[flag]
    raise _Fail({"name": "TypeError", "code": "ERR_INVALID_ARG_VALUE",
                 "message": f"The argument 'flags' is invalid. Received {flag!r}"})


def _encode(data: bytes, encoding: str | None) -> Any:
    """Bytes for JS: a decoded string for ``encoding``, else ``{"b64": ...}`` (a Buffer)."""
    if encoding is None or encoding == "buffer":
        return {"b64": base64.b64encode(data).decode("ascii")}
    enc = encoding.lower()
    if enc in ("utf8", "utf-8"):
        return data.decode("utf-8", errors="replace")
    if enc in ("latin1", "binary"):
        return data.decode("latin-1")
    if enc == "ascii":
        return bytes(b & 0x7F for b in data).decode("ascii")
    if enc == "hex":
        return data.hex()
    if enc == "base64":
        return base64.b64encode(data).decode("ascii")
    if enc == "base64url":
        return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
    if enc in ("utf16le", "utf-16le", "ucs2", "ucs-2"):
        return data[: len(data) & ~1].decode("utf-16-le", errors="surrogatepass")
    raise _Fail({"name": "TypeError", "code": "ERR_INVALID_ARG_VALUE",
                 "message": f"The argument 'encoding' is invalid encoding. Received '{encoding}'"})


def _decode(data: Any) -> bytes:
    """JS data -> bytes: ``{"b64": ...}`` or ``{"s": text, "enc": encoding}``."""
    if isinstance(data, dict):
        if "b64" in data:
            return base64.b64decode(data["b64"])
        text = data.get("s", "")
        enc = str(data.get("enc") or "utf8").lower()
        if enc in ("utf8", "utf-8"):
            return _LONE_SURROGATE.sub("\ufffd", str(text)).encode("utf-8")
        if enc in ("latin1", "binary"):
            return bytes(ord(c) & 0xFF for c in text)
        if enc == "ascii":
            return bytes(ord(c) & 0xFF for c in text)
        if enc == "hex":
            return bytes.fromhex(text[: len(text) & ~1])
        if enc in ("base64", "base64url"):
            t = text.replace("-", "+").replace("_", "/")
            return base64.b64decode(t + "=" * (-len(t) % 4))
        if enc in ("utf16le", "utf-16le", "ucs2", "ucs-2"):
            return str(text).encode("utf-16-le", errors="surrogatepass")
    raise _Fail({"name": "TypeError", "code": "ERR_INVALID_ARG_TYPE", "message": "bad data"})


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _stat_dict(st: os.stat_result) -> dict[str, Any]:
    def ms(ns: int) -> float:
        return ns / 1e6

    birth_ns = getattr(st, "st_birthtime_ns", None) or st.st_ctime_ns
    return {
        "dev": float(st.st_dev), "mode": st.st_mode, "nlink": st.st_nlink, "uid": st.st_uid,
        "gid": st.st_gid, "rdev": float(st.st_rdev), "blksize": getattr(st, "st_blksize", 4096),
        "ino": float(st.st_ino), "size": float(st.st_size), "blocks": getattr(st, "st_blocks", 0),
        "atimeMs": ms(st.st_atime_ns), "mtimeMs": ms(st.st_mtime_ns), "ctimeMs": ms(st.st_ctime_ns),
        "birthtimeMs": ms(birth_ns),
    }


def _dirent_type(entry: os.DirEntry[str]) -> int:
    # The UV_DIRENT_* numbers Node uses internally: 1 file, 2 dir, 3 link, 4 fifo, 5 socket,
    # 6 char, 7 block, 0 unknown.
    try:
        if entry.is_symlink():
            return 3
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return 0
    for test, kind in ((stat_mod.S_ISREG, 1), (stat_mod.S_ISDIR, 2), (stat_mod.S_ISFIFO, 4),
                       (stat_mod.S_ISSOCK, 5), (stat_mod.S_ISCHR, 6), (stat_mod.S_ISBLK, 7)):
        if test(mode):
            return kind
    return 0


class FsHost:
    """The ``qjsb.fs.*`` host functions of one runtime."""

    def __init__(self, vm: VM, permissions: Permissions, pool: WorkerPool) -> None:
        self._perm = permissions
        self._pool = pool
        self._fds: set[int] = set()
        self._fd_lock = threading.Lock()
        self._ops: dict[str, Callable[..., Any]] = {
            name[4:]: getattr(self, name) for name in dir(self) if name.startswith("_op_")
        }
        vm.register("qjsb.fs.sync", self.run_sync)
        vm.register("qjsb.fs.async", self.run_async)

    # -- entry points (owner thread) ----------------------------------------------------------
    def run_sync(self, op: str, args: list[Any]) -> dict[str, Any]:
        return self._run(op, args)

    def run_async(self, req_id: int, op: str, args: list[Any]) -> None:
        self._pool.submit(req_id, lambda: self._run(op, args), f"fs.{op}")

    def _run(self, op: str, args: list[Any]) -> dict[str, Any]:  # owner or worker thread
        fn = self._ops.get(op)
        if fn is None:
            return {"e": {"message": f"unknown fs operation {op}", "code": "ERR_INTERNAL_ASSERTION"}}
        try:
            return {"ok": fn(*args)}
        except _Fail as exc:
            return {"e": exc.info}
        except AccessDeniedError as exc:
            return {"e": exc.to_js()}
        except OSError as exc:
            return {"e": os_error(exc, op, args[0] if args and isinstance(args[0], str) else None)}
        except (ValueError, TypeError) as exc:
            return {"e": {"name": "TypeError", "message": str(exc), "code": "ERR_INVALID_ARG_VALUE"}}

    def close(self) -> None:
        """Close every descriptor scripts left open."""
        with self._fd_lock:
            fds, self._fds = self._fds, set()
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass

    # -- helpers ------------------------------------------------------------------------------
    def _read_ok(self, path: str, follow: bool = True) -> None:
        self._perm.check_fs(FS_READ, path, follow=follow)

    def _write_ok(self, path: str, follow: bool = True) -> None:
        self._perm.check_fs(FS_WRITE, path, follow=follow)

    def _own_fd(self, fd: Any, syscall: str) -> int:
        if not isinstance(fd, int) or isinstance(fd, bool):
            raise _Fail(os_error(OSError(errno_mod.EBADF, "bad"), syscall))
        with self._fd_lock:
            if fd in self._fds or fd in (0, 1, 2):
                return fd
        raise _Fail(os_error(OSError(errno_mod.EBADF, "bad"), syscall))

    def _open(self, path: str, flags: int, mode: int) -> int:
        access = flags & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR)
        writes = access != os.O_RDONLY or flags & (os.O_CREAT | os.O_TRUNC | os.O_APPEND)
        if access != os.O_WRONLY:
            self._read_ok(path)
        if writes:
            self._write_ok(path)
        try:
            fd = os.open(path, flags | _CLOEXEC, mode)
        except OSError as exc:
            raise _Fail(os_error(exc, "open", path)) from None
        # Check what was really opened, in case a directory on the path was swapped for a
        # symlink between the check and the open.
        if self._perm.enabled:
            try:
                real = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                real = None
            if real is not None and not ((access == os.O_WRONLY or self._perm.can_read(real))
                                         and (not writes or self._perm.can_write(real))):
                os.close(fd)
                raise AccessDeniedError(FS_WRITE if writes else FS_READ, os.path.abspath(path))
        return fd

    def _track(self, fd: int) -> int:
        with self._fd_lock:
            self._fds.add(fd)
        return fd

    @staticmethod
    def _read_all(fd: int) -> bytes:
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError as exc:
                raise _Fail(os_error(exc, "read")) from None
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    @staticmethod
    def _write_all(fd: int, data: bytes, position: int | None = None) -> int:
        view = memoryview(data)
        total = 0
        while total < len(data):
            try:
                if position is None:
                    n = os.write(fd, view[total:])
                else:
                    n = os.pwrite(fd, view[total:], position + total)
            except OSError as exc:
                raise _Fail(os_error(exc, "write")) from None
            total += n
        return total

    # -- operations (owner or worker thread) -----------------------------------------------------
    def _op_readFile(self, target: Any, flag: Any, encoding: str | None) -> Any:
        if isinstance(target, int):
            return _encode(self._read_all(self._own_fd(target, "read")), encoding)
        fd = self._open(target, _flags(flag or "r"), 0o666)
        try:
            return _encode(self._read_all(fd), encoding)
        finally:
            os.close(fd)

    def _op_writeFile(self, target: Any, data: Any, flag: Any, mode: Any) -> None:
        payload = _decode(data)
        if isinstance(target, int):
            self._write_all(self._own_fd(target, "write"), payload)
            return None
        fd = self._open(target, _flags(flag or "w"), int(mode) if mode is not None else 0o666)
        try:
            self._write_all(fd, payload)
        finally:
            os.close(fd)
        return None

    def _op_appendFile(self, target: Any, data: Any, flag: Any, mode: Any) -> None:
        return self._op_writeFile(target, data, flag or "a", mode)

    def _op_readdir(self, path: str, with_types: bool) -> Any:
        self._read_ok(path)
        try:
            with os.scandir(path) as it:
                entries = list(it)
        except OSError as exc:
            raise _Fail(os_error(exc, "scandir", path)) from None
        entries.sort(key=lambda e: os.fsencode(e.name))
        if with_types:
            return [[e.name, _dirent_type(e)] for e in entries]
        return [e.name for e in entries]

    def _op_stat(self, path: str) -> Any:
        self._read_ok(path)
        try:
            return _stat_dict(os.stat(path))
        except OSError as exc:
            raise _Fail(os_error(exc, "stat", path)) from None

    def _op_lstat(self, path: str) -> Any:
        self._read_ok(path, follow=False)
        try:
            return _stat_dict(os.lstat(path))
        except OSError as exc:
            raise _Fail(os_error(exc, "lstat", path)) from None

    def _op_fstat(self, fd: Any) -> Any:
        try:
            return _stat_dict(os.fstat(self._own_fd(fd, "fstat")))
        except OSError as exc:
            raise _Fail(os_error(exc, "fstat")) from None

    def _op_exists(self, path: str) -> bool:
        self._read_ok(path)
        return os.path.exists(path)

    def _op_mkdir(self, path: str, recursive: bool, mode: int) -> Any:
        self._write_ok(path)
        if not recursive:
            try:
                os.mkdir(path, mode)
            except OSError as exc:
                raise _Fail(os_error(exc, "mkdir", path)) from None
            return None
        first: str | None = None
        missing = []
        cur = os.path.abspath(path)
        while not os.path.lexists(cur):
            missing.append(cur)
            parent = os.path.dirname(cur)
            if parent == cur:
                break
            cur = parent
        if not missing and not os.path.isdir(path):
            raise _Fail(os_error(OSError(errno_mod.EEXIST, "exists"), "mkdir", path))
        for d in reversed(missing):
            try:
                os.mkdir(d, mode)
            except FileExistsError:
                if not os.path.isdir(d):
                    raise _Fail(os_error(OSError(errno_mod.EEXIST, "exists"), "mkdir", path)) from None
                continue
            except OSError as exc:
                raise _Fail(os_error(exc, "mkdir", path)) from None
            if first is None:
                first = d
        return first

    def _op_mkdtemp(self, prefix: str) -> str:
        import tempfile  # here, not at the top: it costs start-up time every script pays

        self._write_ok(os.path.dirname(os.path.abspath(prefix + "X")))
        directory, base = os.path.split(prefix)
        try:
            return tempfile.mkdtemp(prefix=base, dir=directory or ".") if directory else \
                os.path.relpath(tempfile.mkdtemp(prefix=base, dir="."))
        except OSError as exc:
            raise _Fail(os_error(exc, "mkdtemp", prefix + "XXXXXX")) from None

    def _op_rm(self, path: str, recursive: bool, force: bool) -> None:
        self._write_ok(path, follow=False)
        try:
            st = os.lstat(path)
        except OSError as exc:
            if force and exc.errno == errno_mod.ENOENT:
                return None
            raise _Fail(os_error(exc, "lstat", path)) from None
        if stat_mod.S_ISDIR(st.st_mode):
            if not recursive:
                raise _Fail({"name": "SystemError", "code": "ERR_FS_EISDIR", "errno": 21,
                             "syscall": "rm", "path": path,
                             "message": f"Path is a directory: rm returned EISDIR (is a directory) {path}",
                             "info": {"code": "EISDIR", "message": "is a directory", "path": path,
                                      "syscall": "rm", "errno": 21}})
            failure: list[BaseException] = []
            if sys.version_info >= (3, 12):
                shutil.rmtree(path, onexc=lambda fn, p, exc: failure.append(exc))
            else:
                shutil.rmtree(path, onerror=lambda fn, p, ei: failure.append(ei[1]))
            if failure:
                first = failure[0]
                if not isinstance(first, OSError):
                    raise first
                where = first.filename if isinstance(first.filename, str) else path
                raise _Fail(os_error(first, "rm", where))
            return None
        try:
            os.unlink(path)
        except OSError as exc:
            raise _Fail(os_error(exc, "rm", path)) from None
        return None

    def _op_rmdir(self, path: str) -> None:
        self._write_ok(path, follow=False)
        try:
            os.rmdir(path)
        except OSError as exc:
            raise _Fail(os_error(exc, "rmdir", path)) from None

    def _op_unlink(self, path: str) -> None:
        self._write_ok(path, follow=False)
        try:
            os.unlink(path)
        except OSError as exc:
            raise _Fail(os_error(exc, "unlink", path)) from None

    def _op_rename(self, old: str, new: str) -> None:
        self._write_ok(old, follow=False)
        self._write_ok(new, follow=False)
        try:
            os.rename(old, new)
        except OSError as exc:
            raise _Fail(os_error(exc, "rename", old, new)) from None

    def _op_copyFile(self, src: str, dest: str, mode: int) -> None:
        self._read_ok(src)
        self._write_ok(dest)
        try:
            if mode & 1 and os.path.lexists(dest):  # COPYFILE_EXCL
                raise OSError(errno_mod.EEXIST, "exists")
            shutil.copyfile(src, dest)
            shutil.copymode(src, dest)
        except IsADirectoryError as exc:
            raise _Fail(os_error(OSError(exc.errno, exc.strerror), "copyfile", src, dest)) from None
        except shutil.SameFileError:
            return None
        except OSError as exc:
            raise _Fail(os_error(exc, "copyfile", src, dest)) from None

    def _op_cp(self, src: str, dest: str, recursive: bool, force: bool, error_on_exist: bool) -> None:
        self._read_ok(src)
        self._write_ok(dest)
        try:
            st = os.lstat(src)
        except OSError as exc:
            raise _Fail(os_error(exc, "lstat", src)) from None
        if stat_mod.S_ISDIR(st.st_mode):
            if not recursive:
                raise _Fail({"name": "SystemError", "code": "ERR_FS_EISDIR", "errno": 22,
                             "syscall": "cp", "path": src,
                             "message": f"Path is a directory: cp returned EISDIR ({src} is a directory "
                                        f"(not copied)) {src}",
                             "info": {"code": "EISDIR", "message": f"{src} is a directory (not copied)",
                                      "path": src, "syscall": "cp", "errno": 21}})
            self._cp_dir(src, dest, force, error_on_exist)
        else:
            self._cp_file(src, dest, force, error_on_exist)
        return None

    def _cp_file(self, src: str, dest: str, force: bool, error_on_exist: bool) -> None:
        if os.path.lexists(dest):
            if not force:
                if error_on_exist:
                    raise _Fail({"name": "SystemError", "code": "ERR_FS_CP_EEXIST", "errno": 17,
                                 "syscall": "cp", "path": dest,
                                 "message": f"Target already exists: cp returned EEXIST ({dest} already "
                                            f"exists) {dest}"})
                return
            self._write_ok(dest, follow=False)
        try:
            if os.path.islink(src):
                if os.path.lexists(dest):
                    os.unlink(dest)
                os.symlink(os.readlink(src), dest)
            else:
                shutil.copy2(src, dest)
        except OSError as exc:
            raise _Fail(os_error(exc, "copyfile", src, dest)) from None

    def _cp_dir(self, src: str, dest: str, force: bool, error_on_exist: bool) -> None:
        try:
            if not os.path.isdir(dest):
                os.makedirs(dest, exist_ok=True)
            for entry in sorted(os.listdir(src)):
                s, d = os.path.join(src, entry), os.path.join(dest, entry)
                self._read_ok(s, follow=False)
                self._write_ok(d, follow=False)
                if os.path.isdir(s) and not os.path.islink(s):
                    self._cp_dir(s, d, force, error_on_exist)
                else:
                    self._cp_file(s, d, force, error_on_exist)
        except OSError as exc:
            raise _Fail(os_error(exc, "cp", src, dest)) from None

    def _op_access(self, path: str, mode: int) -> None:
        self._read_ok(path)
        flags = 0
        if mode & 2:
            flags |= os.W_OK
        if mode & 4:
            flags |= os.R_OK
        if mode & 1:
            flags |= os.X_OK
        if not os.path.lexists(path) and not os.path.exists(path):
            raise _Fail(os_error(OSError(errno_mod.ENOENT, "missing"), "access", path))
        if not os.access(path, flags or os.F_OK):
            code = errno_mod.ENOENT if not os.path.exists(path) else errno_mod.EACCES
            raise _Fail(os_error(OSError(code, "denied"), "access", path))

    def _op_realpath(self, path: str, native: bool) -> str:
        self._read_ok(path)
        try:
            return os.path.realpath(path, strict=True)
        except OSError as exc:
            if native:
                raise _Fail(os_error(exc, "realpath", path)) from None
            # The JS implementation of fs.realpath/realpathSync walks the path with lstat and
            # reports the first component that fails.
            cur = os.path.abspath(path)
            parts = [p for p in cur.split(os.sep) if p]
            prefix = ""
            for part in parts:
                prefix += os.sep + part
                try:
                    os.lstat(prefix)
                except OSError as inner:
                    raise _Fail(os_error(inner, "lstat", prefix)) from None
            raise _Fail(os_error(exc, "lstat", path)) from None

    def _op_readlink(self, path: str) -> str:
        self._read_ok(path, follow=False)
        try:
            return os.readlink(path)
        except OSError as exc:
            raise _Fail(os_error(exc, "readlink", path)) from None

    def _op_symlink(self, target: str, path: str) -> None:
        self._write_ok(path, follow=False)
        try:
            os.symlink(target, path)
        except OSError as exc:
            raise _Fail(os_error(exc, "symlink", target, path)) from None

    def _op_utimes(self, path: str, atime: float, mtime: float) -> None:
        self._write_ok(path)
        try:
            os.utime(path, ns=(int(atime * 1e9), int(mtime * 1e9)))
        except OSError as exc:
            raise _Fail(os_error(exc, "utime", path)) from None

    def _op_chmod(self, path: str, mode: int) -> None:
        self._write_ok(path)
        try:
            os.chmod(path, mode)
        except OSError as exc:
            raise _Fail(os_error(exc, "chmod", path)) from None

    def _op_truncate(self, path: str, length: int) -> None:
        self._write_ok(path)
        try:
            os.truncate(path, length)
        except OSError as exc:
            raise _Fail(os_error(exc, "open", path)) from None

    # -- descriptors ----------------------------------------------------------------------------
    def _op_open(self, path: str, flag: Any, mode: Any) -> int:
        return self._track(self._open(path, _flags(flag if flag is not None else "r"),
                                      int(mode) if mode is not None else 0o666))

    def _op_close(self, fd: Any) -> None:
        fd = self._own_fd(fd, "close")
        with self._fd_lock:
            self._fds.discard(fd)
        if fd > 2:
            os.close(fd)

    def _op_read(self, fd: Any, length: int, position: Any) -> Any:
        fd = self._own_fd(fd, "read")
        try:
            if isinstance(position, (int, float)) and position >= 0:
                data = os.pread(fd, length, int(position))
            else:
                data = os.read(fd, length)
        except OSError as exc:
            raise _Fail(os_error(exc, "read")) from None
        return _encode(data, None)

    def _op_write(self, fd: Any, data: Any, position: Any) -> int:
        fd = self._own_fd(fd, "write")
        pos = int(position) if isinstance(position, (int, float)) and position >= 0 else None
        return self._write_all(fd, _decode(data), pos)

    def _op_ftruncate(self, fd: Any, length: int) -> None:
        try:
            os.ftruncate(self._own_fd(fd, "ftruncate"), length)
        except OSError as exc:
            raise _Fail(os_error(exc, "ftruncate")) from None

    def _op_fsync(self, fd: Any) -> None:
        try:
            os.fsync(self._own_fd(fd, "fsync"))
        except OSError as exc:
            raise _Fail(os_error(exc, "fsync")) from None

