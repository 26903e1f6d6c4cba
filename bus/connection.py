"""Connecting to NATS safely: credentials files, TLS, clear start-up errors, no secret in text.

Used by :class:`~qjsbridge.bus.jetstream.JetStreamBus`. Everything here runs before the
connection exists (the constructor's thread) except :class:`TLSClient` and
:func:`connect_error`, which run on the bus's asyncio thread.
"""

from __future__ import annotations

import base64
import logging
import re
import ssl
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import nats.aio.client
import nats.errors
import nkeys

from qjsbridge.engine.errors import BusError

__all__ = ["TLSClient", "check_creds", "connect_error", "creds_callbacks", "read_creds", "redact",
           "tls_context", "url_secrets"]

_URL_USERINFO = re.compile(r"([a-z][a-z0-9+.-]*://)[^@/\s]+@", re.I)
# an nkey seed (S + role letter + base32) and a JWT (three base64url parts, the first a JSON
# object, so it starts with "eyJ"): redacted wherever they show up, whoever put them there
_SEED = re.compile(r"\bS[OAUNCP][A-Z2-7]{40,}")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_SSL_LOCATION = re.compile(r"\s*\(_ssl\.c:\d+\)")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` without the user info of URLs, nkey seeds, JWTs and any of ``secrets``."""
    text = _URL_USERINFO.sub(r"\1***@", text)
    text = _SEED.sub("***", text)
    text = _JWT.sub("***", text)
    for s in secrets:
        if s:
            text = text.replace(s, "***")
    return text


def url_secrets(url: str) -> tuple[str, ...]:
    """The passwords and tokens (a user name without a password) in comma-separated URLs."""
    found: list[str] = []
    for one in url.split(","):
        try:
            parts = urlsplit(one.strip())
        except ValueError:
            continue
        if parts.password:
            found.append(parts.password)
        elif parts.username:
            found.append(parts.username)  # nats://TOKEN@host
    return tuple(found)


# -- credentials files ---------------------------------------------------------------------------
_JWT_BEGIN = b"BEGIN NATS USER JWT"
_SEED_BEGIN = b"BEGIN USER NKEY SEED"


def check_creds(path: str) -> None:
    """Raise BusError (``ERR_BUS_CONFIG``) unless ``path`` is a readable NATS ``.creds`` file
    with a user JWT and a user nkey seed. The message names the problem, never the content."""
    read_creds(path)


def read_creds(path: str) -> tuple[bytes, bytes]:
    """The user JWT and nkey seed of the ``.creds`` file ``path`` (BusError as
    :func:`check_creds`)."""

    def bad(problem: str) -> BusError:
        return BusError(f"bus: the credentials file {path!r} {problem}", "ERR_BUS_CONFIG")

    try:
        with open(path, "rb") as f:
            data = f.read(1024 * 1024)
    except FileNotFoundError:
        raise bad("does not exist") from None
    except IsADirectoryError:
        raise bad("is a directory") from None
    except OSError as exc:
        raise bad(f"cannot be read ({exc.strerror})") from None
    lines = data.split(b"\n")

    def after(marker: bytes) -> bytes | None:
        for i, line in enumerate(lines):
            if marker in line:
                return lines[i + 1] if i + 1 < len(lines) else b""
        return None

    jwt = after(_JWT_BEGIN)
    seed = after(_SEED_BEGIN)
    problem = ("is not a NATS .creds file (no '-----BEGIN NATS USER JWT-----' section)"
               if jwt is None else
               "is not a NATS .creds file (no '-----BEGIN USER NKEY SEED-----' section)"
               if seed is None else None)
    if problem is not None:
        raise bad(problem)
    assert jwt is not None and seed is not None
    if jwt.endswith(b"\r") or seed.endswith(b"\r"):
        raise bad("has Windows line endings (CRLF); NATS needs LF")
    if re.fullmatch(rb"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", jwt.strip()) is None:
        raise bad("holds no user JWT after its '-----BEGIN NATS USER JWT-----' line")
    if not _seed_checksum_ok(seed.strip()):
        raise bad("holds no valid nkey seed after its '-----BEGIN USER NKEY SEED-----' line")
    try:
        prefix, _ = nkeys.decode_seed(bytearray(seed))
    except (nkeys.NkeysError, ValueError, IndexError):
        raise bad("holds no valid nkey seed after its '-----BEGIN USER NKEY SEED-----' line") \
            from None
    if prefix != nkeys.PREFIX_BYTE_USER:
        raise bad("holds a seed that is not a user seed (it must start with 'SU')")
    return jwt.strip(), seed.strip()


class _CredsUnusable(nats.errors.Error):
    """The credentials file became unusable (for a reconnection); str() is our BusError text."""


def creds_callbacks(path: str) -> tuple[Callable[[], bytearray], Callable[[str], bytes]]:
    """nats-py's ``user_jwt_cb`` and ``signature_cb`` for the ``.creds`` file ``path``, read at
    every (re)connection, so the file can be replaced in place (rotation). Used instead of
    nats-py's own reader, which loops forever on a file without a JWT section and reports a
    damaged one only as "authorization violation". A file that became unusable fails that
    connection attempt (nats-py tries again) with ``ERR_BUS_CONFIG``."""

    def load() -> tuple[bytes, bytes]:
        try:
            return read_creds(path)
        except BusError as exc:
            raise _CredsUnusable(str(exc)) from None

    def user_jwt() -> bytearray:  # bus thread
        return bytearray(load()[0])

    def sign(nonce: str) -> bytes:  # bus thread
        kp = nkeys.from_seed(bytearray(load()[1]))
        try:
            return base64.b64encode(kp.sign(nonce.encode()))
        finally:
            kp.wipe()

    return user_jwt, sign


def _seed_checksum_ok(seed: bytes) -> bool:
    # an nkey is base32 of (prefix bytes, key, CRC-16 little-endian); nkeys.decode_seed does not
    # check the CRC, so a damaged seed would only show up as "authorization violation"
    try:
        raw = base64.b32decode(seed + b"=" * (-len(seed) % 8))
    except ValueError:
        return False
    return len(raw) > 2 and nkeys.crc16_checksum(raw[:-2]) == raw[-2:]


# -- TLS -------------------------------------------------------------------------------------------
class _EncryptedKey(Exception):
    pass


def _no_password() -> bytes:
    # OpenSSL asks for the key's password on the terminal unless a callback answers
    raise _EncryptedKey()


def tls_context(ca: str | None, cert: str | None, key: str | None) -> ssl.SSLContext:
    """A client context verifying the server against ``ca`` (else the system's CAs), presenting
    ``cert``/``key`` when given. BusError (``ERR_BUS_CONFIG``) naming the file and the problem."""
    if key is not None and cert is None:
        raise BusError("bus: a TLS key file was given without a certificate file",
                       "ERR_BUS_CONFIG")
    try:
        ctx = ssl.create_default_context(cafile=ca)
    except FileNotFoundError:
        raise BusError(f"bus: the CA file {ca!r} does not exist", "ERR_BUS_CONFIG") from None
    except (ssl.SSLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or "unreadable"
        raise BusError(f"bus: the CA file {ca!r} holds no usable PEM certificate "
                       f"({str(reason).lower().replace('_', ' ')})", "ERR_BUS_CONFIG") from None
    if cert is not None:
        try:
            ctx.load_cert_chain(cert, key, password=_no_password)
        except _EncryptedKey:
            raise BusError(f"bus: the key file {key or cert!r} is encrypted; give an unencrypted "
                           "key", "ERR_BUS_CONFIG") from None
        except FileNotFoundError:
            which = "certificate file" if not _exists(cert) else "key file"
            path = cert if which == "certificate file" else key
            raise BusError(f"bus: the {which} {path!r} does not exist", "ERR_BUS_CONFIG") \
                from None
        except (ssl.SSLError, OSError) as exc:
            reason = str(getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc)
            if "MISMATCH" in reason.upper():
                problem = f"the key file {key!r} does not belong to the certificate {cert!r}"
            else:
                problem = (f"the certificate file {cert!r}"
                           + (f" or the key file {key!r}" if key else "")
                           + f" is not a PEM certificate and key ({reason.lower().replace('_', ' ')})")
            raise BusError(f"bus: {problem}", "ERR_BUS_CONFIG") from None
    return ctx


def _exists(path: str) -> bool:
    try:
        open(path, "rb").close()
        return True
    except OSError:
        return False


class TLSClient(nats.aio.client.Client):
    """nats-py's client, with one rule added: when TLS was asked for (``require_tls``), a server
    that does not offer it is refused before anything (credentials!) is sent, and a server that
    merely allows TLS is spoken to over TLS. nats-py alone upgrades only when the server
    *requires* TLS, so a ``tls://`` URL could silently end up in plain text."""

    require_tls = False

    async def _process_info(self, info: dict[str, Any], initial_connection: bool = False) -> None:
        if initial_connection and self.require_tls:
            if not (info.get("tls_required") or info.get("tls_available")):
                raise _NoTLS("nats: the server does not offer TLS")
            info["tls_required"] = True
        await super()._process_info(info, initial_connection)


class _NoTLS(nats.errors.Error):
    pass


def connect_error(exc: BaseException, where: str, *, tls_asked: bool, ca: str | None,
                  creds: str | None, token: bool, userinfo: bool) -> BusError | None:
    """The BusError for a connection attempt that failed in a way retrying cannot fix (TLS,
    credentials), or None (unreachable, timeouts: worth retrying). ``where`` is the redacted
    server URL; nothing else from the configuration but file names enters the message."""
    if isinstance(exc, _CredsUnusable):
        return BusError(str(exc), "ERR_BUS_CONFIG")
    if isinstance(exc, _NoTLS):
        return BusError(f"bus: the NATS server at {where} does not offer TLS, but TLS was asked "
                        "for (a tls:// URL or a CA/certificate file); nothing was sent to it",
                        "ERR_BUS_TLS")
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = _SSL_LOCATION.sub("", str(exc.verify_message or exc.reason or exc))
        if "mismatch" in reason.lower():
            hint = "connect with a host name or address the certificate names"
        elif ca is not None:
            hint = f"check that the CA file {ca!r} is the one that signed it"
        else:
            hint = "give the CA that signed it (--bus-ca FILE, JetStreamBus(tls_ca=...))"
        lead = (f"bus: the NATS server at {where} requires TLS, and its certificate could not be "
                "verified" if not tls_asked else
                f"bus: the TLS certificate of the NATS server at {where} could not be verified")
        return BusError(f"{lead} ({reason}); {hint}", "ERR_BUS_TLS")
    if isinstance(exc, ssl.SSLError):
        reason = _SSL_LOCATION.sub("", str(exc.reason or exc)).lower().replace("_", " ")
        return BusError(f"bus: the TLS handshake with the NATS server at {where} failed "
                        f"({reason})", "ERR_BUS_TLS")
    text = str(exc).lower()
    if isinstance(exc, nats.errors.AuthorizationError) or "authorization violation" in text \
            or "authentication" in text:
        if creds is not None:
            given = f"the credentials file {creds!r}"
        elif token:
            given = "the token"
        elif userinfo:
            given = "the user and password (or token) in the URL"
        else:
            given = None
        what = ("refused the connection: it needs credentials (a user and password or a token "
                "in the URL, or --bus-creds FILE)" if given is None else
                f"refused {given}")
        reason = "authentication expired" if "expired" in text else \
            "authentication revoked" if "revoked" in text else "authorization violation"
        return BusError(f"bus: the NATS server at {where} {what} ({reason})", "ERR_BUS_AUTH")
    return None


class _SSLEOFWarning(logging.Filter):
    """Drops asyncio's "returning true from eof_received() has no effect when using ssl", logged
    whenever a server closes a TLS connection that nats-py upgraded (nats.py issue #574): it is
    harmless, and without logging configured Python prints it on stderr."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg == "returning true from eof_received() has no effect when using ssl")


_filter_installed = False


def quiet_ssl_eof_warning() -> None:
    """Install :class:`_SSLEOFWarning` on the ``asyncio`` logger (once)."""
    global _filter_installed
    if not _filter_installed:
        _filter_installed = True
        logging.getLogger("asyncio").addFilter(_SSLEOFWarning())
