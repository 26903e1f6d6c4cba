"""Installs ``stream``, ``fs`` and ``child_process`` and the permission model into a runtime.

Everything here runs on the owner thread while the runtime is being built; the worker pool and
the child-process threads it creates are stopped by the closer it returns.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from .._resources import package_text
from ..context import Context
from ..loop import EventLoop
from ..permissions import Permissions
from ..vm import VM
from .child_process import ChildHost
from .fs import FsHost, _decode, _encode
from .workers import WorkerPool

__all__ = ["install", "JS_FILES"]

#: The internal JS files loaded when a script first needs them, in order.
JS_FILES = ("stream.js", "fs.js", "child_process.js", "stdio.js")


def _js(name: str) -> str:
    return package_text("qjsbridge.engine", "js", name)


def install(vm: VM, loop: EventLoop, lifetime: Context, permissions: Permissions,
            add_closer: Callable[[Callable[[Context], None]], None]) -> None:
    """Register the host functions, load the JS files and arrange for cleanup at close."""
    pool = WorkerPool(loop, lifetime)
    fs_host = FsHost(vm, permissions, pool)
    children = ChildHost(vm, loop, lifetime, permissions, pool)

    def decode(b64: str, encoding: str) -> Any:
        return _encode(base64.b64decode(b64), encoding)

    def encode(text: str, encoding: str) -> str:
        return base64.b64encode(_decode({"s": text, "enc": encoding})).decode("ascii")

    def permission_has(scope: str, reference: str | None) -> bool:
        return permissions.has(scope, reference)

    vm.register("qjsb.fs.decode", decode)
    vm.register("qjsb.fs.encode", encode)
    vm.register("qjsb.permission.has", permission_has)
    vm.register("qjsb.permission.enabled", lambda: permissions.enabled)
    loaded = False

    def load() -> None:  # owner thread, from JS: the first require() of one of these modules
        nonlocal loaded
        if not loaded:
            loaded = True
            for name in JS_FILES:
                vm.install_js(_js(name), f"qjsbridge:{name}")

    vm.register("qjsb.nodeio.load", load)
    vm.install_js(_js("nodeio.js"), "qjsbridge:nodeio.js")

    def close(ctx: Context) -> None:  # any thread but the owner; runs during Runtime.close
        children.close()
        pool.close()
        fs_host.close()

    add_closer(close)
