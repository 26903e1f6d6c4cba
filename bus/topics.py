"""Topics, groups and metadata: validation and the mapping onto NATS subjects, streams, consumers.

A topic is a NATS subject: tokens separated by ``.``, each made of ``A-Z a-z 0-9 _ -``. A
subscription (never a publish) may use the wildcards ``*`` (one token) and ``>`` (the rest, last
token only) when the host allows them; the first token is always literal. Every backend stores
the topics that share a first token in one stream (``QJSB_<first token>`` on JetStream), so
``fs.host1`` and ``fs.host2`` can be consumed together as ``fs.*``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from qjsbridge.engine.errors import TopicError

__all__ = [
    "MAX_TOPIC_LENGTH",
    "POISON_SUFFIX",
    "durable_name",
    "stream_name",
    "subject_matches",
    "validate_group",
    "validate_metadata",
    "validate_topic",
]

MAX_TOPIC_LENGTH = 255
MAX_GROUP_LENGTH = 64
MAX_METADATA_KEYS = 64
MAX_METADATA_KEY_LENGTH = 128
MAX_METADATA_VALUE_LENGTH = 4096
POISON_SUFFIX = ".poison"

_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
_LITERAL = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")  # a valid topic without wildcards
_GROUP = re.compile(r"[A-Za-z0-9_-]{1,64}")
_KEY = re.compile(r"[A-Za-z0-9_-]{1,128}")
# NATS header names we set ourselves; a script may not forge them.
_RESERVED_PREFIXES = ("nats-", "qjsb-")


def _q(text: str) -> str:
    if len(text) > 80:
        text = text[:80] + "..."
    return json.dumps(text, ensure_ascii=False)


def validate_topic(topic: object, *, wildcards: bool = False, what: str = "topic") -> str:
    """Return ``topic`` if it is a valid subject, else raise :class:`TopicError`."""
    if type(topic) is str and len(topic) <= MAX_TOPIC_LENGTH and _LITERAL.fullmatch(topic):
        return topic  # the common case, in one match
    if not isinstance(topic, str):
        raise TopicError(f"bus: {what} must be a string, not {type(topic).__name__}")
    if topic == "":
        raise TopicError(f"bus: {what} must not be empty")
    if len(topic) > MAX_TOPIC_LENGTH:
        raise TopicError(f"bus: {what} is longer than {MAX_TOPIC_LENGTH} characters")
    tokens = topic.split(".")
    for i, token in enumerate(tokens):
        if token in ("*", ">"):
            if not wildcards:
                raise TopicError(f"bus: {what} {_q(topic)} contains the wildcard {token!r}, which "
                                 "is not allowed here")
            if i == 0:
                raise TopicError(f"bus: {what} {_q(topic)} must start with a literal token")
            if token == ">" and i != len(tokens) - 1:
                raise TopicError(f"bus: {what} {_q(topic)}: '>' may only be the last token")
            continue
        if token == "":
            raise TopicError(f"bus: {what} {_q(topic)} has an empty token (leading, trailing or "
                             "double '.')")
        if _TOKEN.fullmatch(token) is None:
            raise TopicError(f"bus: {what} {_q(topic)} may only contain letters, digits, '_', '-' "
                             "and '.' between tokens")
    return topic


def has_wildcard(topic: str) -> bool:
    """Whether a (valid) topic contains ``*`` or ``>``."""
    return any(t in ("*", ">") for t in topic.split("."))


def subject_matches(pattern: str, subject: str) -> bool:
    """Whether ``subject`` (literal) matches ``pattern`` (which may hold wildcards)."""
    if pattern == subject:
        return True
    p = pattern.split(".")
    s = subject.split(".")
    for i, token in enumerate(p):
        if token == ">":
            return len(s) > i
        if i >= len(s):
            return False
        if token != "*" and token != s[i]:
            return False
    return len(p) == len(s)


def validate_group(group: object) -> str | None:
    """Return a valid group name (or None for "no group"); else raise :class:`TopicError`."""
    if group is None:
        return None
    if not isinstance(group, str) or _GROUP.fullmatch(group) is None:
        shown = _q(group) if isinstance(group, str) else type(group).__name__
        raise TopicError(f"bus: group {shown} must be 1-{MAX_GROUP_LENGTH} letters, digits, '_' "
                         "or '-'", code="ERR_BUS_INVALID_GROUP")
    return group


def validate_metadata(metadata: object) -> dict[str, str]:
    """Return a copy of ``metadata`` (str -> str) if every key and value is acceptable."""
    if metadata is None or (type(metadata) is dict and not metadata):
        return {}
    if not isinstance(metadata, Mapping):
        raise TopicError("bus: metadata must be a mapping of strings to strings",
                         code="ERR_BUS_INVALID_METADATA")
    if len(metadata) > MAX_METADATA_KEYS:
        raise TopicError(f"bus: metadata has more than {MAX_METADATA_KEYS} keys",
                         code="ERR_BUS_INVALID_METADATA")
    out: dict[str, str] = {}
    for key, value in metadata.items():
        if not isinstance(key, str) or _KEY.fullmatch(key) is None:
            shown = _q(key) if isinstance(key, str) else type(key).__name__
            raise TopicError(f"bus: metadata key {shown} must be 1-{MAX_METADATA_KEY_LENGTH} "
                             "letters, digits, '_' or '-'", code="ERR_BUS_INVALID_METADATA")
        if key.lower().startswith(_RESERVED_PREFIXES):
            raise TopicError(f"bus: metadata key {_q(key)} uses a reserved prefix (Nats-, Qjsb-)",
                             code="ERR_BUS_INVALID_METADATA")
        if not isinstance(value, str):
            raise TopicError(f"bus: metadata value of {_q(key)} must be a string, not "
                             f"{type(value).__name__}", code="ERR_BUS_INVALID_METADATA")
        if len(value) > MAX_METADATA_VALUE_LENGTH:
            raise TopicError(f"bus: metadata value of {_q(key)} is longer than "
                             f"{MAX_METADATA_VALUE_LENGTH} characters", code="ERR_BUS_INVALID_METADATA")
        if "\r" in value or "\n" in value or "\x00" in value:
            raise TopicError(f"bus: metadata value of {_q(key)} must not contain CR, LF or NUL",
                             code="ERR_BUS_INVALID_METADATA")
        out[key] = value
    return out


def stream_name(topic: str, prefix: str = "QJSB_") -> str:
    """The stream that stores ``topic``: ``prefix`` + the first token."""
    return prefix + topic.split(".", 1)[0]


def durable_name(group: str, topic: str) -> str:
    """The durable consumer of ``group`` on ``topic``: ``<group>_<10 hex digits of the topic>``."""
    import hashlib  # here, not at the top: start-up time every script pays

    digest = hashlib.sha256(topic.encode()).hexdigest()[:10]
    return f"{group}_{digest}"
