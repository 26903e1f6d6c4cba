"""JetStream deployments: TLS (a throwaway CA from ``trustme``) and NATS ``.creds`` files (an
operator-mode server with JWTs signed here), against a real nats-server, from Python, from
JavaScript and from the command line; every failure is a clear error without a secret in it or
in a log line."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nats
import nkeys
import pytest
import trustme
from cryptography.hazmat.primitives import serialization

from qjsbridge.bus import JetStreamBus, Message, SubscribeOptions
from qjsbridge.bus.connection import redact
from qjsbridge.bus.topics import durable_name, stream_name
from qjsbridge.engine.errors import BusError
from qjsbridge.testing import NatsServer, RunResult
from qjsbridge.testing import ConsoleRecorder
from tests.conftest import wait_for

from .bus_backends import Reader, unique_topic
from .nats_auth import Operator, new_key
from .test_bus_js import BusRig, connect

SMALL = 4 * 1024 * 1024

# publish one message and consume it as a group with ack, then close: the script exits
ROUND_TRIP = """
const EventEmitter = require("events");
const [topic] = process.argv.slice(2);
const em = new EventEmitter();
const sub = bus.connect(topic, em, {group: "g"});
em.on("message", (msg) => {
  console.log("got", msg.payload, msg.deliveryCount, msg.ack());
  sub.close();
});
em.on("error", (e) => console.error("bus error", e.code, e.message));
bus.publish(topic, "hello").then(() => console.log("published"));
"""


def consumer_state(url: str, topic: str, group: str, **connect: Any) -> tuple[int, int, int]:
    """(delivered, ack floor, ack pending) of a group's consumer, asked over a connection of
    its own: proves that an ack reached the server."""

    async def ask() -> tuple[int, int, int]:
        nc = await nats.connect(url, **connect)
        try:
            info = await nc.jetstream().consumer_info(stream_name(topic, "QJSB_"),
                                                      durable_name(group, topic))
            assert info.delivered is not None and info.ack_floor is not None
            return (int(info.delivered.consumer_seq or 0), int(info.ack_floor.consumer_seq or 0),
                    int(info.num_ack_pending or 0))
        finally:
            await nc.close()

    return asyncio.run(ask())


def no_secret(text: str, *secrets: str) -> None:
    for s in secrets:
        assert s not in text, f"a secret leaked: ...{text[max(0, text.find(s) - 80):][:200]}"


# -- TLS -------------------------------------------------------------------------------------------
class TLSSetup:
    """A CA, a server certificate for 127.0.0.1/localhost and a client certificate, as files."""

    def __init__(self, d: Path) -> None:
        d.mkdir(parents=True, exist_ok=True)
        self.dir = d
        self.ca = trustme.CA()
        self.ca_file = d / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        server = self.ca.issue_cert("127.0.0.1", "localhost")
        self.server_cert, self.server_key = d / "server.pem", d / "server-key.pem"
        server.cert_chain_pems[0].write_to_path(str(self.server_cert))
        server.private_key_pem.write_to_path(str(self.server_key))
        client = self.ca.issue_cert("client@qjsbridge.test")
        self.client_cert, self.client_key = d / "client.pem", d / "client-key.pem"
        client.cert_chain_pems[0].write_to_path(str(self.client_cert))
        client.private_key_pem.write_to_path(str(self.client_key))
        self.client_key_bytes = client.private_key_pem.bytes()
        other = trustme.CA()  # a CA that signed nothing of ours
        self.other_ca_file = d / "other-ca.pem"
        other.cert_pem.write_to_path(str(self.other_ca_file))

    def server(self, name: str, verify_clients: bool = False) -> NatsServer:
        return NatsServer(self.dir / name, config=NatsServer.tls_config(
            self.server_cert, self.server_key, self.ca_file if verify_clients else None,
            verify=verify_clients))


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TLSSetup:
    return TLSSetup(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def tls_server(tls: TLSSetup) -> Iterator[NatsServer]:
    with tls.server("nats-tls") as server:
        yield server


def port_of(server: NatsServer) -> int:
    assert server.port is not None
    return server.port


def test_the_tls_server_url_says_tls(tls_server: NatsServer) -> None:
    assert tls_server.url == f"tls://127.0.0.1:{port_of(tls_server)}"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_tls_url_and_a_ca_file_publish_and_consume_with_ack(
        tls: TLSSetup, tls_server: NatsServer, host: str) -> None:
    bus = JetStreamBus(f"tls://{host}:{port_of(tls_server)}", tls_ca=str(tls.ca_file),
                       storage="memory", max_bytes=SMALL)
    try:
        topic = unique_topic()
        reader = Reader()
        sub = bus.subscribe(topic, reader, SubscribeOptions(group="g"))
        bus.publish(topic, Message.of("over tls", {"k": "v"}))
        (d,) = reader.wait(1)
        assert (d.message.payload, d.message.metadata) == (b"over tls", {"k": "v"})
        sub.close()
    finally:
        bus.close()
    ctx = ssl.create_default_context(cafile=str(tls.ca_file))
    assert consumer_state(tls_server.url, topic, "g", tls=ctx) == (1, 1, 0)


def test_javascript_on_a_tls_bus_from_python(tls: TLSSetup, tls_server: NatsServer,
                                             tmp_path: Path, console: ConsoleRecorder) -> None:
    bus = JetStreamBus(tls_server.url, tls_ca=str(tls.ca_file), storage="memory", max_bytes=SMALL)
    rig = BusRig(tmp_path, console, bus, close_bus=True)
    try:
        topic = unique_topic()
        connect(rig, "a", topic, {"group": "g"})
        assert rig.publish(topic, "from js", metadata={"m": "1"}) == "ok"
        (msg,) = rig.wait_messages("a", 1)
        assert (msg["payload"], msg["metadata"], msg["deliveryCount"]) == ("from js", {"m": "1"}, 1)
    finally:
        rig.close()
    assert bus.closed
    ctx = ssl.create_default_context(cafile=str(tls.ca_file))
    assert consumer_state(tls_server.url, topic, "g", tls=ctx) == (1, 1, 0)


def test_javascript_on_a_tls_bus_from_the_command_line(
        tls: TLSSetup, tls_server: NatsServer,
        qjs_run_subprocess: Callable[..., RunResult]) -> None:
    topic = unique_topic()
    result = qjs_run_subprocess(ROUND_TRIP, topic, cli_args=[
        "--bus", tls_server.url, "--bus-ca", str(tls.ca_file), "--bus-storage", "memory",
        "--bus-max-bytes", str(SMALL)])
    assert (result.exit_code, result.stderr) == (0, "")  # not even asyncio's ssl EOF warning
    assert sorted(result.stdout_lines) == ["got hello 1 true", "published"]
    ctx = ssl.create_default_context(cafile=str(tls.ca_file))
    assert consumer_state(tls_server.url, topic, "g", tls=ctx) == (1, 1, 0)


def test_a_ca_that_did_not_sign_the_server_certificate_is_a_clear_error(
        tls: TLSSetup, tls_server: NatsServer) -> None:
    with pytest.raises(BusError) as info:
        JetStreamBus(tls_server.url, tls_ca=str(tls.other_ca_file), connect_timeout=5)
    assert info.value.code == "ERR_BUS_TLS"
    assert str(info.value) == (
        f"bus: the TLS certificate of the NATS server at {tls_server.url} could not be verified "
        f"(unable to get local issuer certificate); check that the CA file "
        f"{str(tls.other_ca_file)!r} is the one that signed it")


def test_no_ca_is_a_clear_error_that_says_which_flag_gives_one(
        tls_server: NatsServer, qjs_run_subprocess: Callable[..., RunResult]) -> None:
    with pytest.raises(BusError) as info:
        JetStreamBus(tls_server.url, connect_timeout=5)
    assert info.value.code == "ERR_BUS_TLS"
    assert "could not be verified (unable to get local issuer certificate); give the CA that " \
           "signed it (--bus-ca FILE" in str(info.value)
    result = qjs_run_subprocess("console.log('never')", cli_args=["--bus", tls_server.url])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"qjsbridge: bus: the TLS certificate of the NATS server at "
                                    f"{tls_server.url} could not be verified")


def test_a_plain_url_to_a_server_that_requires_tls(tls: TLSSetup, tls_server: NatsServer,
                                                   qjs_run_subprocess: Callable[..., RunResult]
                                                   ) -> None:
    plain = f"nats://someone:pw-plain-1@127.0.0.1:{port_of(tls_server)}"
    result = qjs_run_subprocess("console.log('never')", cli_args=["--bus", plain])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"qjsbridge: bus: the NATS server at nats://***@127.0.0.1:{port_of(tls_server)} requires "
        "TLS, and its certificate could not be verified (unable to get local issuer "
        "certificate); give the CA that signed it (--bus-ca FILE, JetStreamBus(tls_ca=...))\n")
    # a CA the system trusts (here through SSL_CERT_FILE): the client upgrades to TLS as the
    # server asks (as nats.go does), and closing prints nothing (asyncio's ssl EOF warning)
    result = qjs_run_subprocess(ROUND_TRIP, unique_topic(), env={
        **os.environ, "SSL_CERT_FILE": str(tls.ca_file)}, cli_args=[
        "--bus", f"nats://127.0.0.1:{port_of(tls_server)}", "--bus-storage", "memory",
        "--bus-max-bytes", str(SMALL)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(result.stdout_lines) == ["got hello 1 true", "published"]
    # with the CA, the client upgrades to TLS as the server asks (and as nats.go does)
    bus = JetStreamBus(f"nats://127.0.0.1:{port_of(tls_server)}", tls_ca=str(tls.ca_file),
                       storage="memory", max_bytes=SMALL)
    try:
        bus.publish(unique_topic(), Message.of("upgraded"))
    finally:
        bus.close()


def test_a_host_the_certificate_does_not_name(tls: TLSSetup, tmp_path: Path) -> None:
    other = tls.ca.issue_cert("nats.example.org")
    cert, key = tmp_path / "o.pem", tmp_path / "o-key.pem"
    other.cert_chain_pems[0].write_to_path(str(cert))
    other.private_key_pem.write_to_path(str(key))
    with NatsServer(tmp_path / "nats", config=NatsServer.tls_config(cert, key)) as server:
        with pytest.raises(BusError) as info:
            JetStreamBus(server.url, tls_ca=str(tls.ca_file), connect_timeout=5)
    assert info.value.code == "ERR_BUS_TLS"
    assert "IP address mismatch" in str(info.value)
    assert str(info.value).endswith("; connect with a host name or address the certificate names")


class FakePlainServer:
    """Speaks the first line of the NATS protocol without TLS, and records what it is sent."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.received = bytearray()
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                info = {"server_id": "FAKE", "version": "2.15.1", "proto": 1,
                        "max_payload": 1048576, "auth_required": True}
                conn.sendall(b"INFO " + json.dumps(info).encode() + b"\r\n")
                conn.settimeout(0.5)
                try:
                    while chunk := conn.recv(4096):
                        self.received += chunk
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()
        self.thread.join(5)


def test_a_tls_url_never_falls_back_to_plain_text(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakePlainServer()
    try:
        with pytest.raises(BusError) as info:
            JetStreamBus(f"tls://alice:pw-tls-2@127.0.0.1:{fake.port}", connect_timeout=5)
    finally:
        fake.close()
    assert info.value.code == "ERR_BUS_TLS"
    assert str(info.value) == (
        f"bus: the NATS server at tls://***@127.0.0.1:{fake.port} does not offer TLS, but TLS "
        "was asked for (a tls:// URL or a CA/certificate file); nothing was sent to it")
    assert fake.connections >= 1 and bytes(fake.received) == b""  # not even CONNECT
    no_secret(caplog.text, "pw-tls-2")


def test_a_ca_file_alone_also_insists_on_tls(tls: TLSSetup) -> None:
    fake = FakePlainServer()
    try:
        with pytest.raises(BusError) as info:
            JetStreamBus(f"nats://127.0.0.1:{fake.port}", tls_ca=str(tls.ca_file),
                         connect_timeout=5)
    finally:
        fake.close()
    assert info.value.code == "ERR_BUS_TLS" and "does not offer TLS" in str(info.value)
    assert bytes(fake.received) == b""


def test_client_certificates(tls: TLSSetup) -> None:
    with tls.server("nats-mtls", verify_clients=True) as server:
        bus = JetStreamBus(server.url, tls_ca=str(tls.ca_file), tls_cert=str(tls.client_cert),
                           tls_key=str(tls.client_key), storage="memory", max_bytes=SMALL)
        try:
            bus.publish(unique_topic(), Message.of("mutual"))
        finally:
            bus.close()
        with pytest.raises(BusError) as info:  # no client certificate: the server hangs up
            JetStreamBus(server.url, tls_ca=str(tls.ca_file), connect_timeout=3)
        assert info.value.code in ("ERR_BUS_TLS", "ERR_BUS_UNREACHABLE")


@pytest.mark.parametrize("case", ["missing ca", "not pem ca", "missing cert", "missing key",
                                  "key mismatch", "encrypted key", "key without cert"])
def test_bad_tls_files_are_named_before_connecting(tls: TLSSetup, tmp_path: Path,
                                                   case: str) -> None:
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    other_key = tmp_path / "other-key.pem"
    tls.ca.issue_cert("x.test").private_key_pem.write_to_path(str(other_key))
    encrypted = tmp_path / "encrypted-key.pem"
    key = serialization.load_pem_private_key(tls.client_key_bytes, None)
    encrypted.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"key-pass-9")))
    ca, cert, keyf = str(tls.ca_file), str(tls.client_cert), str(tls.client_key)
    kwargs, expected = {
        "missing ca": ({"tls_ca": str(tmp_path / "nope.pem")},
                       f"bus: the CA file {str(tmp_path / 'nope.pem')!r} does not exist"),
        "not pem ca": ({"tls_ca": str(garbage)},
                       f"bus: the CA file {str(garbage)!r} holds no usable PEM certificate "
                       "(no certificate or crl found)"),
        "missing cert": ({"tls_ca": ca, "tls_cert": str(tmp_path / "c.pem"), "tls_key": keyf},
                         f"bus: the certificate file {str(tmp_path / 'c.pem')!r} does not exist"),
        "missing key": ({"tls_ca": ca, "tls_cert": cert, "tls_key": str(tmp_path / "k.pem")},
                        f"bus: the key file {str(tmp_path / 'k.pem')!r} does not exist"),
        "key mismatch": ({"tls_ca": ca, "tls_cert": cert, "tls_key": str(other_key)},
                         f"bus: the key file {str(other_key)!r} does not belong to the "
                         f"certificate {cert!r}"),
        "encrypted key": ({"tls_ca": ca, "tls_cert": cert, "tls_key": str(encrypted)},
                          f"bus: the key file {str(encrypted)!r} is encrypted; give an "
                          "unencrypted key"),
        "key without cert": ({"tls_ca": ca, "tls_key": keyf},
                             "bus: a TLS key file was given without a certificate file"),
    }[case]
    with pytest.raises(BusError) as info:
        JetStreamBus("tls://127.0.0.1:1", connect_timeout=1, **kwargs)
    assert (info.value.code, str(info.value)) == ("ERR_BUS_CONFIG", expected)


# -- .creds files on an operator-mode server --------------------------------------------------------
@pytest.fixture(scope="module")
def operator() -> Operator:
    return Operator()


@pytest.fixture(scope="module")
def operator_server(operator: Operator,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    with NatsServer(tmp_path_factory.mktemp("nats-operator"),
                    config=operator.server_config()) as server:
        yield server


def write_creds(path: Path, text: str) -> str:
    path.write_text(text)
    path.chmod(0o600)
    return str(path)


def test_a_creds_file_publishes_and_consumes_with_ack(
        operator: Operator, operator_server: NatsServer, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    text, jwt, seed = operator.user()
    creds = write_creds(tmp_path / "user.creds", text)
    bus = JetStreamBus(operator_server.url, creds=creds, storage="memory", max_bytes=SMALL)
    try:
        topic = unique_topic()
        reader = Reader()
        sub = bus.subscribe(topic, reader, SubscribeOptions(group="g"))
        bus.publish(topic, Message.of("signed"))
        (d,) = reader.wait(1)
        assert d.message.payload == b"signed"
        sub.close()
        no_secret(repr(bus) + bus.describe(), jwt, seed)
    finally:
        bus.close()
    assert consumer_state(operator_server.url, topic, "g", user_credentials=creds) == (1, 1, 0)
    no_secret(caplog.text, jwt, seed)


def test_bus_creds_from_the_command_line(operator: Operator, operator_server: NatsServer,
                                         tmp_path: Path,
                                         qjs_run_subprocess: Callable[..., RunResult]) -> None:
    text, jwt, seed = operator.user("cli")
    creds = write_creds(tmp_path / "cli.creds", text)
    topic = unique_topic()
    result = qjs_run_subprocess(ROUND_TRIP, topic, cli_args=[
        "--bus", operator_server.url, "--bus-creds", creds, "--bus-storage", "memory",
        "--bus-max-bytes", str(SMALL)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(result.stdout_lines) == ["got hello 1 true", "published"]
    assert consumer_state(operator_server.url, topic, "g", user_credentials=creds) == (1, 1, 0)


def test_qjsbridge_bus_creds_in_the_environment(operator: Operator, operator_server: NatsServer,
                                                tmp_path: Path,
                                                qjs_run_subprocess: Callable[..., RunResult]
                                                ) -> None:
    creds = write_creds(tmp_path / "env.creds", operator.user("env")[0])
    env = {**os.environ, "QJSBRIDGE_BUS": operator_server.url, "QJSBRIDGE_BUS_CREDS": creds}
    result = qjs_run_subprocess(ROUND_TRIP, unique_topic(), env=env,
                                cli_args=["--bus-storage", "memory", "--bus-max-bytes", str(SMALL)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(result.stdout_lines) == ["got hello 1 true", "published"]


def test_creds_the_server_does_not_trust_fail_clearly_without_a_secret(
        operator: Operator, operator_server: NatsServer, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, qjs_run_subprocess: Callable[..., RunResult]) -> None:
    caplog.set_level(logging.DEBUG)
    stranger = new_key(nkeys.PREFIX_BYTE_ACCOUNT)  # an account the operator never signed
    text, jwt, seed = operator.user("stranger", account=stranger)
    creds = write_creds(tmp_path / "stranger.creds", text)
    with pytest.raises(BusError) as info:
        JetStreamBus(operator_server.url, creds=creds, connect_timeout=5)
    assert info.value.code == "ERR_BUS_AUTH"
    assert str(info.value) == (f"bus: the NATS server at {operator_server.url} refused the "
                               f"credentials file {creds!r} (authorization violation)")
    result = qjs_run_subprocess("console.log('never')",
                                cli_args=["--bus", operator_server.url, "--bus-creds", creds])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"qjsbridge: {info.value}\n"
    no_secret(caplog.text + result.stderr, jwt, seed)


def test_a_seed_that_does_not_match_the_jwt_is_refused(
        operator: Operator, operator_server: NatsServer, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    text, jwt, seed = operator.user("a")
    _, _, other_seed = operator.user("b")
    creds = write_creds(tmp_path / "mixed.creds", text.replace(seed, other_seed))
    with pytest.raises(BusError) as info:
        JetStreamBus(operator_server.url, creds=creds, connect_timeout=5)
    assert info.value.code == "ERR_BUS_AUTH"
    no_secret(str(info.value) + caplog.text, jwt, seed, other_seed)


def test_no_credentials_on_an_operator_server(operator_server: NatsServer) -> None:
    with pytest.raises(BusError) as info:
        JetStreamBus(operator_server.url, connect_timeout=5)
    assert (info.value.code, str(info.value)) == (
        "ERR_BUS_AUTH", f"bus: the NATS server at {operator_server.url} refused the connection: "
        "it needs credentials (a user and password or a token in the URL, or --bus-creds FILE) "
        "(authorization violation)")


def _bad_creds(operator: Operator, case: str) -> str:
    text, jwt, seed = operator.user("bad")
    account_seed = bytes(operator.account.seed).decode()
    return {
        "garbage": "hello\n",
        "no seed": text.split("*****")[0],
        "no jwt": text[text.index("-----BEGIN USER NKEY SEED"):],
        "jwt line missing": text.replace(jwt + "\n", ""),
        "bad seed": text.replace(seed, seed[:-4] + "AAAA"),
        "account seed": text.replace(seed, account_seed),
        "crlf": text.replace("\n", "\r\n"),
    }[case]


BAD_CREDS = {
    "garbage": "is not a NATS .creds file (no '-----BEGIN NATS USER JWT-----' section)",
    "no seed": "is not a NATS .creds file (no '-----BEGIN USER NKEY SEED-----' section)",
    "no jwt": "is not a NATS .creds file (no '-----BEGIN NATS USER JWT-----' section)",
    "jwt line missing": "holds no user JWT after its '-----BEGIN NATS USER JWT-----' line",
    "bad seed": "holds no valid nkey seed after its '-----BEGIN USER NKEY SEED-----' line",
    "account seed": "holds a seed that is not a user seed (it must start with 'SU')",
    "crlf": "has Windows line endings (CRLF); NATS needs LF",
}


@pytest.mark.parametrize("case", sorted(BAD_CREDS))
def test_a_malformed_creds_file_is_named_with_its_problem_and_nothing_of_its_content(
        operator: Operator, tmp_path: Path, caplog: pytest.LogCaptureFixture, case: str) -> None:
    caplog.set_level(logging.DEBUG)
    text = _bad_creds(operator, case)
    creds = write_creds(tmp_path / "bad.creds", text)
    with pytest.raises(BusError) as info:  # before connecting: no server needed
        JetStreamBus("nats://127.0.0.1:1", creds=creds, connect_timeout=1)
    assert (info.value.code, str(info.value)) == (
        "ERR_BUS_CONFIG", f"bus: the credentials file {creds!r} {BAD_CREDS[case]}")
    for line in text.splitlines():
        if len(line.strip()) > 20 and not line.startswith(("-", "*", "NKEY")):
            no_secret(str(info.value) + caplog.text, line.strip())


def test_a_missing_or_unreadable_creds_file(tmp_path: Path,
                                            qjs_run_subprocess: Callable[..., RunResult]) -> None:
    missing = str(tmp_path / "nope.creds")
    with pytest.raises(BusError) as info:
        JetStreamBus("nats://127.0.0.1:1", creds=missing, connect_timeout=1)
    assert str(info.value) == f"bus: the credentials file {missing!r} does not exist"
    with pytest.raises(BusError) as info:
        JetStreamBus("nats://127.0.0.1:1", creds=str(tmp_path), connect_timeout=1)
    assert str(info.value) == f"bus: the credentials file {str(tmp_path)!r} is a directory"
    result = qjs_run_subprocess("console.log('never')",
                                cli_args=["--bus", "nats://127.0.0.1:1", "--bus-creds", missing])
    assert (result.exit_code, result.stderr) == (
        1, f"qjsbridge: bus: the credentials file {missing!r} does not exist\n")


# -- redaction ---------------------------------------------------------------------------------------
def test_redact_removes_passwords_tokens_seeds_and_jwts(operator: Operator) -> None:
    _, jwt, seed = operator.user("r")
    text = (f"nats://u:pw-7@h:4222, tls://tok-8@h:4222 seed {seed} jwt {jwt} "
            f"account seed {bytes(operator.account.seed).decode()} and extra-9")
    out = redact(text, ("extra-9",))
    assert out == ("nats://***@h:4222, tls://***@h:4222 seed *** jwt *** account seed *** "
                   "and ***")


def test_a_token_in_the_url_is_a_secret_everywhere(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with NatsServer(tmp_path / "nats", "--auth", "tok-url-10") as server:
        port = port_of(server)
        with pytest.raises(BusError) as info:
            JetStreamBus(f"nats://tok-wrong-11@127.0.0.1:{port}", connect_timeout=5)
        assert (info.value.code, str(info.value)) == (
            "ERR_BUS_AUTH", f"bus: the NATS server at nats://***@127.0.0.1:{port} refused the "
            "user and password (or token) in the URL (authorization violation)")
        with pytest.raises(BusError) as info:
            JetStreamBus(f"nats://127.0.0.1:{port}", token="tok-wrong-12", connect_timeout=5)
        assert str(info.value).endswith("refused the token (authorization violation)")
        bus = JetStreamBus(f"nats://tok-url-10@127.0.0.1:{port}", storage="memory",
                           max_bytes=SMALL)
        try:
            assert "tok-url-10" not in repr(bus)
            bus.publish(unique_topic(), Message.of("t"))
        finally:
            bus.close()
    no_secret(caplog.text, "tok-url-10", "tok-wrong-11", "tok-wrong-12")


def across_a_broken_reconnection(
        server: NatsServer, bus_options: dict[str, Any], *, break_it: Callable[[], None],
        expect: str, mend_it: Callable[[], None]) -> tuple[list[BusError], list[bytes]]:
    """Start ``server``, subscribe through a bus with ``bus_options`` and see a message; restart
    the server after ``break_it``, wait for the error ``expect`` that the reconnections meet,
    ``mend_it``, and see that the subscription goes on (a second delivery). Returns the
    subscription's errors and the payloads it received."""
    errors: list[BusError] = []
    server.start()
    try:
        # file storage: the stream outlives the restarts
        bus = JetStreamBus(server.url, max_bytes=SMALL, **bus_options)
        try:
            topic = unique_topic()
            reader = Reader()
            bus.subscribe(topic, reader, SubscribeOptions(group="g"), on_error=errors.append)
            bus.publish(topic, Message.of("before"))
            reader.wait(1)
            server.stop()
            break_it()
            server.start()
            wait_for(lambda: expect in [e.code for e in errors], timeout=20,
                     message=f"the {expect} error of the reconnection")
            mend_it()
            bus.publish(topic, Message.of("after"), timeout=30)
            reader.wait(2, timeout=30)
        finally:
            bus.close()
    finally:
        server.stop()
    return errors, reader.payloads


def test_a_reconnection_that_tls_refuses_is_reported_once(tls: TLSSetup, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"

    def serve(cert_pem: bytes, key_pem: bytes) -> None:
        cert.write_bytes(cert_pem)
        key.write_bytes(key_pem)

    serve(tls.server_cert.read_bytes(), tls.server_key.read_bytes())
    server = NatsServer(tmp_path / "nats", config=NatsServer.tls_config(cert, key))
    impostor = trustme.CA().issue_cert("127.0.0.1")  # same name, a CA we do not trust

    def real_certificate_again() -> None:  # the client reconnects, the subscription goes on
        server.stop()
        serve(tls.server_cert.read_bytes(), tls.server_key.read_bytes())
        server.start()

    errors, _ = across_a_broken_reconnection(
        server, {"tls_ca": str(tls.ca_file)},
        break_it=lambda: serve(impostor.cert_chain_pems[0].bytes(),
                               impostor.private_key_pem.bytes()),
        expect="ERR_BUS_TLS", mend_it=real_certificate_again)
    tls_errors = [e for e in errors if e.code == "ERR_BUS_TLS"]
    assert str(tls_errors[0]) == (
        f"bus: the TLS certificate of the NATS server at {server.url} could not be "
        f"verified (unable to get local issuer certificate); check that the CA file "
        f"{str(tls.ca_file)!r} is the one that signed it")
    # many reconnection attempts failed meanwhile (every 0.25 s): one error for them all
    assert len(tls_errors) == 1


def test_a_creds_file_is_read_again_on_reconnection(operator: Operator, tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    first, jwt1, seed1 = operator.user("first")
    second, jwt2, seed2 = operator.user("second")
    creds = write_creds(tmp_path / "rotating.creds", first)
    server = NatsServer(tmp_path / "nats", config=operator.server_config())
    errors, payloads = across_a_broken_reconnection(
        server, {"creds": creds},
        # while the server is down the file is replaced by a broken one: reconnections fail
        # with a clear error (nats-py's own reader would spin forever on it), once
        break_it=lambda: write_creds(tmp_path / "rotating.creds", "half-written\n"),
        expect="ERR_BUS_CONFIG",
        # rotated to another user's credentials: the next attempt uses them
        mend_it=lambda: write_creds(tmp_path / "rotating.creds", second))
    assert payloads[1] == b"after"
    assert [str(e) for e in errors if e.code == "ERR_BUS_CONFIG"] == [
        f"bus: the credentials file {creds!r} is not a NATS .creds file (no "
        "'-----BEGIN NATS USER JWT-----' section)"]
    no_secret(caplog.text + "".join(map(str, errors)), jwt1, seed1, jwt2, seed2)
