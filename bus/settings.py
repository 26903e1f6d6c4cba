"""BusSettings: which bus a command-line run uses (``--bus`` and friends)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .message import Bus

__all__ = ["BusSettings", "DEFAULT_MAX_AGE", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_MSG_SIZE"]

DEFAULT_MAX_AGE = 7 * 86400.0
DEFAULT_MAX_BYTES = 1024**3
DEFAULT_MAX_MSG_SIZE = 1024 * 1024


@dataclass(frozen=True)
class BusSettings:
    """Where messages go: ``url`` None (or ``"memory"``) for the in-memory bus, else a NATS URL
    (``nats://`` or ``tls://``, user:password or a token in the URL allowed) with JetStream.

    ``creds`` is a NATS ``.creds`` file; ``tls_ca``/``tls_cert``/``tls_key`` are PEM files;
    ``storage``, ``max_age`` (seconds), ``max_bytes`` and ``max_msg_size`` configure the streams
    the bus creates.
    """

    url: str | None = None
    creds: str | None = None
    tls_ca: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None
    storage: str = "file"
    max_age: float | None = DEFAULT_MAX_AGE
    max_bytes: int = DEFAULT_MAX_BYTES
    max_msg_size: int = DEFAULT_MAX_MSG_SIZE

    @property
    def is_memory(self) -> bool:
        """Whether this selects the in-memory bus."""
        return self.url is None or self.url.strip() in ("", "memory")

    def open(self) -> Bus:
        """Create the bus (connecting to the server); BusError if that fails."""
        if self.is_memory:
            from .memory import InMemoryBus  # on first use: the command line starts without it

            return InMemoryBus(max_payload=self.max_msg_size, max_bytes=self.max_bytes,
                               max_age=self.max_age)
        from .jetstream import JetStreamBus  # it checks the files (BusError ERR_BUS_CONFIG)

        assert self.url is not None
        return JetStreamBus(self.url, creds=self.creds, tls_ca=self.tls_ca,
                            tls_cert=self.tls_cert, tls_key=self.tls_key, storage=self.storage,
                            max_age=self.max_age, max_bytes=self.max_bytes,
                            max_msg_size=self.max_msg_size)
