"""Every exception qjsbridge raises on purpose, in one place.

An embedder catches :class:`QJSBridgeError` for anything the library raises, or one of the
branches below. The tree::

    QJSBridgeError
    ├── JSError                   a JavaScript exception reached Python
    ├── HostError                 raised by host functions to throw a chosen JS error
    ├── AccessDeniedError         a Permissions check refused a path or a child process
    ├── ClosedError               the thing you used is closed or closing
    │   ├── OwnerClosedError          the runtime owner has shut down
    │   ├── ScheduleRejectedError     the event loop is stopping and refused a job
    │   ├── RuntimeClosingError       the runtime is closing or closed
    │   ├── EmitterClosedError        a connected emitter's ref is closed
    │   ├── ManagerClosedError        the connected-emitter manager's runtime has closed
    │   └── BusClosedError            a message bus or subscription is closed
    ├── ContextError              why a cancellation context ended
    │   ├── Canceled                  it was cancelled
    │   └── DeadlineExceeded          its deadline passed (also a TimeoutError)
    ├── CallCanceledError         an owner call's context ended before the call finished
    ├── OwnerDeadlockError        a blocking owner call from the owner thread would deadlock
    ├── CallbackError             a Python callback run on the owner raised
    ├── ListenerError             a listener failed during host delivery
    ├── BuilderError              invalid runtime factory configuration
    ├── CloseError                Runtime.close finished, but some steps failed
    ├── GlobError                 a malformed glob pattern (also a ValueError)
    │   └── GlobSetError              ... in an include/exclude list
    └── BusError                  a message bus refused or failed an operation
        └── TopicError                a topic, group or metadata key is not valid (also a ValueError)

Messages speak Python and JavaScript, never Go.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

__all__ = [
    "AccessDeniedError",
    "BuilderError",
    "BusClosedError",
    "BusError",
    "CallCanceledError",
    "CallbackError",
    "Canceled",
    "CloseError",
    "ClosedError",
    "ContextError",
    "DeadlineExceeded",
    "EmitterClosedError",
    "GlobError",
    "GlobSetError",
    "HostError",
    "JSError",
    "ListenerError",
    "ManagerClosedError",
    "OwnerClosedError",
    "OwnerDeadlockError",
    "QJSBridgeError",
    "RuntimeClosingError",
    "ScheduleRejectedError",
    "TopicError",
]


class QJSBridgeError(Exception):
    """Base class of every error raised by qjsbridge.

    Raised when: never directly; catch it to catch anything the library raises on purpose.
    """


class JSError(QJSBridgeError):
    """Raised when: a JavaScript exception reaches Python (from ``eval``, ``call``, a module load).

    ``name``/``message``/``stack``/``code`` are read from the thrown value; ``stack`` is Node-shaped
    (``"TypeError: msg\\n    at f (/path/file.js:3:7)"``). ``interrupted`` is true when the script
    was stopped by :meth:`qjsbridge.engine.vm.VM.interrupt` (the error was uncatchable in JavaScript).
    ``origin`` says how an error that reached the event loop got there (``"unhandledRejection"``
    for a promise nobody handled; None otherwise). ``inspected`` is what Node prints for an
    uncaught error (``util.inspect`` of the thrown value: the stack plus extra properties such as
    ``code``), when the runtime reported it as uncaught; None otherwise.
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
        self.inspected: str | None = None
        super().__init__(f"{name}: {message}" if name else message)

    @classmethod
    def from_envelope(cls, data: Any) -> JSError:
        """Build from the ``{name, message, stack, code}`` dict the JS side serialises."""
        if not isinstance(data, dict):
            return cls("Error", str(data))
        code = data.get("code")
        name = data.get("name")  # "" for a thrown non-Error value
        err = cls(
            "Error" if name is None else str(name),
            str(data.get("message") or ""),
            str(data.get("stack") or ""),
            None if code is None else str(code),
        )
        inspected = data.get("inspected")
        if isinstance(inspected, str):
            err.inspected = inspected
        return err

    def format(self) -> str:
        """The text Node prints for an uncaught error: the stack if there is one."""
        header = f"{self.name}: {self.message}" if self.name else self.message
        if not self.stack:
            return header
        return self.stack if self.stack.startswith(header) else f"{header}\n{self.stack}"


class HostError(QJSBridgeError):
    """Raise it from a host function to throw a specific JavaScript error.

    ``name`` picks the JS constructor (``Error``, ``TypeError``, ``RangeError``, ``SyntaxError``,
    ...; any other name gives an ``Error`` whose ``name`` property is set), ``code`` becomes the
    error's ``code`` property (``"ERR_INVALID_ARG_TYPE"``, ``"ENOENT"``, ...), and ``props`` are
    more string properties set on the error after ``code`` (like the ``url`` of Node's
    ``ERR_MODULE_NOT_FOUND``).
    """

    def __init__(self, message: str, *, name: str = "Error", code: str | None = None,
                 props: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.code = code
        self.props: dict[str, str] = dict(props) if props is not None else {}


class AccessDeniedError(QJSBridgeError):
    """Raised when: :meth:`Permissions.check_fs` or :meth:`Permissions.check_child_process`
    refuses (Node's ``ERR_ACCESS_DENIED``; JavaScript sees Node's error).

    ``permission`` is ``"FileSystemRead"``, ``"FileSystemWrite"`` or ``"ChildProcess"``;
    ``resource`` the absolute path ("" for child processes).
    """

    def __init__(self, permission: str, resource: str) -> None:
        super().__init__("Access to this API has been restricted")
        self.permission = permission
        self.resource = resource
        self.code = "ERR_ACCESS_DENIED"

    def to_js(self) -> dict[str, str]:
        """The fields of Node's error."""
        return {"code": self.code, "message": str(self), "permission": self.permission,
                "resource": self.resource}


class ClosedError(QJSBridgeError):
    """Base of the errors that mean "closed, or closing": catch this one to catch them all.

    Raised when: something is used after (or while) the resource behind it shut down.
    """


class OwnerClosedError(ClosedError):
    """Raised when: a call or post reaches a runtime owner that has shut down."""

    def __init__(self, message: str = "runtime owner closed") -> None:
        super().__init__(message)


class ScheduleRejectedError(ClosedError):
    """Raised when: the event loop refuses a job because it is stopping or stopped."""


class RuntimeClosingError(ClosedError):
    """Raised when: the runtime is used while it is closing, or after it closed."""

    def __init__(self, message: str = "runtime is closing or closed") -> None:
        super().__init__(message)


class EmitterClosedError(ClosedError):
    """Raised when: an ``EmitterRef`` is used after it closed (explicitly, by its resource ending,
    or by the runtime closing)."""


class ManagerClosedError(ClosedError):
    """Raised when: an emitter is adopted after the manager's runtime has closed."""


class ContextError(QJSBridgeError):
    """Why a cancellation context ended; ``Context.err()`` returns one.

    Raised when: a wait bound to a context ends because the context did.
    """


class Canceled(ContextError):
    """Raised when: the context was cancelled."""

    def __init__(self, message: str = "context canceled") -> None:
        super().__init__(message)


class DeadlineExceeded(ContextError, TimeoutError):
    """Raised when: the context's deadline passed. Also a :class:`TimeoutError`."""

    def __init__(self, message: str = "context deadline exceeded") -> None:
        super().__init__(message)


class CallCanceledError(QJSBridgeError):
    """Raised when: an owner call's context ended before the callback finished (or started)."""


class OwnerDeadlockError(QJSBridgeError):
    """Raised when: a blocking call is made from the owner thread with a context that does not
    authorise running inline.

    Waiting would deadlock (the job would queue behind the caller), so the call fails at once.
    Pass the context your callback received, or ``services.current_owner_context(vm)``.
    """


class CallbackError(QJSBridgeError):
    """Raised when: a Python callback run on the owner raised something that is neither a
    :class:`JSError` nor a :class:`QJSBridgeError`; the original is ``__cause__``."""


class ListenerError(QJSBridgeError):
    """A listener failed. Passed to the manager's error handler (not raised at the caller) when a
    JS listener threw while the host delivered an event asynchronously, or a Python host listener
    raised while JavaScript emitted.

    ``ref_id`` and ``event`` say where; ``error`` is the :class:`JSError` (JS listener) or the
    Python exception (host listener).
    """

    def __init__(self, ref_id: str, event: str, error: BaseException) -> None:
        self.ref_id = ref_id
        self.event = event
        self.error = error
        what = error.format() if isinstance(error, JSError) else f"{type(error).__name__}: {error}"
        kind = "listener" if isinstance(error, JSError) else "host listener"
        super().__init__(f"jsevents: {ref_id} {kind} for {event!r} failed: {what}")


class BuilderError(QJSBridgeError):
    """Raised when: the runtime factory configuration is invalid (duplicate IDs, a missing
    callable, a frozen builder, ...)."""


class CloseError(QJSBridgeError):
    """Raised when: ``Runtime.close`` finished, but some steps failed; ``errors`` lists each."""

    def __init__(self, errors: list[BaseException]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors))


_GLOB_SYNTAX_ERROR: Final = "syntax error in pattern"


class GlobError(QJSBridgeError, ValueError):
    """Raised when: a glob pattern is malformed; ``str()`` is ``"syntax error in pattern"``.

    ``pattern`` holds the offending pattern when known. Also a :class:`ValueError`.
    """

    def __init__(self, message: str = _GLOB_SYNTAX_ERROR, *, pattern: str | None = None) -> None:
        super().__init__(message)
        self.pattern = pattern


class GlobSetError(GlobError):
    """Raised when: a pattern in an include or exclude list is malformed.

    The message is ``"invalid {kind} glob at index {index}: syntax error in pattern"``; ``kind`` is
    ``"include"`` or ``"exclude"`` and ``index`` the position of the pattern in that list.
    """

    def __init__(self, kind: Literal["include", "exclude"], index: int,
                 pattern: str | None = None) -> None:
        super().__init__(f"invalid {kind} glob at index {index}: {_GLOB_SYNTAX_ERROR}",
                         pattern=pattern)
        self.kind: Literal["include", "exclude"] = kind
        self.index = index


class BusError(QJSBridgeError):
    """A message-bus operation failed.

    Raised when: a publish is refused (the server rejected it, cannot be reached, the message is
    too large), a subscription cannot be created, the backend reports trouble, or connecting
    fails (a credentials, CA, certificate or key file is missing or malformed, TLS cannot be
    verified, the server refuses the credentials). ``code`` is a short machine-readable reason
    (``"ERR_BUS_UNREACHABLE"``, ``"ERR_BUS_TIMEOUT"``, ``"ERR_BUS_PERMISSION"``,
    ``"ERR_BUS_TOO_LARGE"``, ``"ERR_BUS_CONFIG"``, ``"ERR_BUS_TLS"``, ``"ERR_BUS_AUTH"``, ...).
    Messages never contain credentials.
    """

    def __init__(self, message: str, code: str = "ERR_BUS") -> None:
        super().__init__(message)
        self.code = code


class BusClosedError(ClosedError, BusError):
    """The message bus (or the subscription) is closed.

    Raised when: ``publish``/``subscribe`` is called after ``close()``, or a pending publish is
    abandoned because the bus closed. ``code`` is ``"ERR_BUS_CLOSED"``.
    """

    def __init__(self, message: str = "bus: the bus is closed", code: str = "ERR_BUS_CLOSED") -> None:
        super().__init__(message, code)


class TopicError(BusError, ValueError):
    """A topic, group name, metadata key or value is not acceptable.

    Raised when: a topic is not a valid subject (empty token, a character outside
    ``[A-Za-z0-9_-]``, a wildcard where none is allowed), a group is not a valid name, or metadata
    is not a mapping of valid keys to strings. ``code`` is ``"ERR_BUS_INVALID_TOPIC"`` (or
    ``"ERR_BUS_INVALID_GROUP"``, ``"ERR_BUS_INVALID_METADATA"``).
    """

    def __init__(self, message: str, code: str = "ERR_BUS_INVALID_TOPIC") -> None:
        super().__init__(message, code)
