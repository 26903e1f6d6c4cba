"""NATS decentralized auth for tests: an operator, an account with JetStream, users and their
``.creds`` files, signed here with ``nkeys`` (NATS JWT v2 claims, header
``{"typ":"JWT","alg":"ed25519-nkey"}``; ``jti`` is a base32 SHA-256 of the claims)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from typing import Any

import nkeys

UNLIMITED = {"subs": -1, "data": -1, "payload": -1, "imports": -1, "exports": -1,
             "wildcards": True, "conn": -1, "leaf": -1}
JETSTREAM = {"mem_storage": -1, "disk_storage": -1, "streams": -1, "consumer": -1}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_key(prefix: int) -> Any:
    """A fresh nkey pair with the role ``prefix`` (``nkeys.PREFIX_BYTE_OPERATOR``, ...)."""
    return nkeys.from_seed(bytearray(nkeys.encode_seed(os.urandom(32), prefix)))


def public(kp: Any) -> str:
    return str(kp.public_key.decode())


def seed(kp: Any) -> str:
    return str(bytes(kp.seed).decode())


def encode_jwt(claims: dict[str, Any], signer: Any) -> str:
    """``claims`` (with ``sub``, ``name``, ``nats``) as a JWT issued and signed by ``signer``."""
    body = {**claims, "iat": int(time.time()), "iss": public(signer)}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).digest()
    body["jti"] = base64.b32encode(digest).rstrip(b"=").decode()
    head = _b64(json.dumps({"typ": "JWT", "alg": "ed25519-nkey"}).encode())
    payload = _b64(json.dumps(body, separators=(",", ":")).encode())
    signature = signer.sign(f"{head}.{payload}".encode())
    return f"{head}.{payload}.{_b64(signature)}"


def creds_text(user_jwt: str, user_seed: str) -> str:
    """A ``.creds`` file, in the layout ``nsc`` writes."""
    return ("-----BEGIN NATS USER JWT-----\n"
            f"{user_jwt}\n"
            "------END NATS USER JWT------\n\n"
            "************************* IMPORTANT *************************\n"
            "NKEY Seed printed below can be used to sign and prove identity.\n"
            "NKEYs are sensitive and should be treated as secrets.\n\n"
            "-----BEGIN USER NKEY SEED-----\n"
            f"{user_seed}\n"
            "------END USER NKEY SEED------\n\n"
            "*************************************************************\n")


class Operator:
    """An operator with one account (``APP``, JetStream unlimited) that issues users, and the
    system account JetStream needs in operator mode."""

    def __init__(self) -> None:
        self.key = new_key(nkeys.PREFIX_BYTE_OPERATOR)
        self.account = new_key(nkeys.PREFIX_BYTE_ACCOUNT)
        self.system = new_key(nkeys.PREFIX_BYTE_ACCOUNT)
        self.jwt = encode_jwt({"sub": public(self.key), "name": "test-operator",
                               "nats": {"type": "operator", "version": 2,
                                        "system_account": public(self.system)}}, self.key)
        self.system_jwt = encode_jwt(
            {"sub": public(self.system), "name": "SYS",
             "nats": {"type": "account", "version": 2, "limits": UNLIMITED}}, self.key)
        self.account_jwt = encode_jwt(
            {"sub": public(self.account), "name": "APP",
             "nats": {"type": "account", "version": 2, "limits": {**UNLIMITED, **JETSTREAM}}},
            self.key)

    def server_config(self) -> str:
        """nats-server configuration trusting this operator, the account preloaded."""
        return (f"operator: {self.jwt}\n"
                f"system_account: {public(self.system)}\n"
                "resolver: MEMORY\n"
                f"resolver_preload: {{\n  {public(self.account)}: {self.account_jwt}\n"
                f"  {public(self.system)}: {self.system_jwt}\n}}\n")

    def user(self, name: str = "worker", account: Any = None) -> tuple[str, str, str]:
        """A new user of ``account`` (default: this operator's): ``(creds text, JWT, seed)``."""
        kp = new_key(nkeys.PREFIX_BYTE_USER)
        jwt = encode_jwt({"sub": public(kp), "name": name,
                          "nats": {"type": "user", "version": 2, "pub": {}, "sub": {},
                                   "subs": -1, "data": -1, "payload": -1}},
                         account if account is not None else self.account)
        return creds_text(jwt, seed(kp)), jwt, seed(kp)
