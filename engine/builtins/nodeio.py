"""Installs ``stream``, ``fs`` and ``child_process`` and the permission model into a runtime.

Everything here runs on the owner thread. The host side (the worker pool, the file-system and
child-process hosts, and their modules: subprocess, concurrent.futures, ...) is made the first
time a script needs one of these modules, together with their JS files; the closer registered
at set-up stops whatever was made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ..context import Context
from ..errors import RuntimeClosingError
from ..loop import EventLoop
from ..permissions import Permissions
from ..vm import VM

__all__ = ["install", "JS_FILES"]

#: The internal JS files loaded when a script first needs them, in order.
JS_FILES = ("stream.js", "fs.js", "child_process.js", "stdio.js")


def install(vm: VM, loop: EventLoop, lifetime: Context, permissions: Permissions,
            add_closer: Callable[[Callable[[Context], None]], None]) -> None:
    """Register the host functions, load the JS files and arrange for cleanup at close."""
    hosts: list[Any] = []  # [children, pool, fs_host] once loaded
    lock = threading.Lock()  # load (owner thread) against close (the closing thread)
    closed = False

    def decode(b64: str, encoding: str) -> Any:
        import base64  # here, not at start-up (like fs)

        from .fs import _encode

        return _encode(base64.b64decode(b64), encoding)

    def encode(text: str, encoding: str) -> str:
        import base64

        from .fs import _decode

        return base64.b64encode(_decode({"s": text, "enc": encoding})).decode("ascii")

    def permission_has(scope: str, reference: str | None) -> bool:
        return permissions.has(scope, reference)

    vm.register("qjsb.fs.decode", decode)
    vm.register("qjsb.fs.encode", encode)
    vm.register("qjsb.permission.has", permission_has)
    vm.register("qjsb.permission.enabled", lambda: permissions.enabled)

    def load() -> None:  # owner thread, from JS: the first require() of one of these modules
        from .child_process import ChildHost
        from .fs import FsHost
        from .workers import WorkerPool

        with lock:
            if hosts:
                return
            if closed:
                raise RuntimeClosingError()
            pool = WorkerPool(loop, lifetime)
            hosts.extend([ChildHost(vm, loop, lifetime, permissions, pool), pool,
                          FsHost(vm, permissions, pool)])
        for name in JS_FILES:
            vm.install_builtin(name)

    vm.register("qjsb.nodeio.load", load)
    vm.install_builtin("nodeio.js")

    def close(ctx: Context) -> None:  # any thread but the owner; runs during Runtime.close
        nonlocal closed
        with lock:
            closed = True
            made = list(hosts)
        for host in made:  # children, then the pool, then the file-system host
            host.close()

    add_closer(close)
