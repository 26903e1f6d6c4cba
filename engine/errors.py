"""The exception hierarchy of qjsbridge.

Everything the library raises on purpose derives from :class:`QJSBridgeError`, so an embedder can
catch one class. The owner errors keep the texts of the Go original ("runtime owner closed", ...)
because users grep logs for them.
"""

from __future__ import annotations

from typing import Any


class QJSBridgeError(Exception):
    """Base class of every error raised by qjsbridge."""


class JSError(QJSBridgeError):
    """A JavaScript exception that reached Python.

    ``name``/``message``/``stack``/``code`` are read from the thrown value; ``stack`` is Node-shaped
    (``"TypeError: msg\\n    at f (/path/file.js:3:7)"``). ``interrupted`` is true when the script
    was stopped by :meth:`engine.vm.VM.interrupt` (the error was uncatchable in JavaScript).
    ``origin`` says how an error that reached the event loop got there (``"unhandledRejection"``
    for a promise nobody handled; None otherwise).
    """

    def __init__(
        self,
        name: str,
        message: str,
        stack: str = "",
        code: str | None = None,
        *,
        interrupted: bool = False,
    ) -> None:
        self.name = name
        self.message = message
        self.stack = stack
        self.code = code
        self.interrupted = interrupted
        self.origin: str | None = None
        super().__init__(f"{name}: {message}" if name else message)

    @classmethod
    def from_envelope(cls, data: Any) -> JSError:
        """Build from the ``{name, message, stack, code}`` dict the JS side serialises."""
        if not isinstance(data, dict):
            return cls("Error", str(data))
        code = data.get("code")
        name = data.get("name")  # "" for a thrown non-Error value
        return cls(
            "Error" if name is None else str(name),
            str(data.get("message") or ""),
            str(data.get("stack") or ""),
            None if code is None else str(code),
        )

    def format(self) -> str:
        """The text Node prints for an uncaught error: the stack if there is one."""
        header = f"{self.name}: {self.message}" if self.name else self.message
        if not self.stack:
            return header
        return self.stack if self.stack.startswith(header) else f"{header}\n{self.stack}"


class HostError(QJSBridgeError):
    """Raise from a host function to throw a specific JavaScript error.

    ``name`` picks the JS constructor (``Error``, ``TypeError``, ``RangeError``, ``SyntaxError``,
    ...; any other name gives an ``Error`` whose ``name`` property is set), ``code`` becomes the
    error's ``code`` property (``"ERR_INVALID_ARG_TYPE"``, ``"ENOENT"``, ...).
    """

    def __init__(self, message: str, *, name: str = "Error", code: str | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.code = code


class OwnerClosedError(QJSBridgeError):
    """The runtime owner is shut down; nothing can be scheduled on it any more."""

    def __init__(self, message: str = "runtime owner closed") -> None:
        super().__init__(message)


class ScheduleRejectedError(QJSBridgeError):
    """The event loop refused the job (it is stopping or stopped)."""


class CallCanceledError(QJSBridgeError):
    """The call's context ended before the callback finished (or before it started)."""


class OwnerDeadlockError(CallCanceledError):
    """A blocking call from the owner thread with a context that does not authorise running inline.

    Waiting would deadlock (the job would queue behind the caller), so the call fails at once.
    Pass the context your callback received, or ``services.current_owner_context(vm)``.
    """


class CallPanickedError(QJSBridgeError):
    """A Python callback raised something that is not a JS or qjsbridge error (a "panic")."""


class RuntimeClosingError(QJSBridgeError):
    """The runtime is closing or closed."""

    def __init__(self, message: str = "runtime is closing or closed") -> None:
        super().__init__(message)


class BuilderError(QJSBridgeError):
    """Invalid runtime factory configuration (duplicate IDs, a frozen builder, ...)."""


class CloseError(QJSBridgeError):
    """``Runtime.close`` finished, but some steps failed; ``errors`` lists each failure."""

    def __init__(self, errors: list[BaseException]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))
