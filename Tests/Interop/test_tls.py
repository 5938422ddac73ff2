"""TLS on OpenSSL against independent clients: grpcio with ssl_channel_credentials, and Python's ssl
module for the handshake edge cases. Certificates are made at test time (certificates.py)."""
import socket
import ssl
import subprocess

import grpc
import pytest

import certificates
from conftest import RunningServer, echo_server_path


@pytest.fixture(scope="module")
def certs(tmp_path_factory):
    return certificates.make(tmp_path_factory.mktemp("certs"))


def tls_server(certs, *extra, cert="server.crt", key="server.key"):
    return RunningServer("--threads", "1", "--tls-cert", str(certs / cert), "--tls-key", str(certs / key), *extra)


def credentials(certs, ca="ca.crt", client=False):
    if client:
        return grpc.ssl_channel_credentials(root_certificates=(certs / ca).read_bytes(),
                                            private_key=(certs / "client.key").read_bytes(),
                                            certificate_chain=(certs / "client.crt").read_bytes())
    return grpc.ssl_channel_credentials(root_certificates=(certs / ca).read_bytes())


def call(port, creds, pb, options=(), host="localhost"):
    _, pb_grpc = pb
    with grpc.secure_channel(f"{host}:{port}", creds, options=list(options)) as channel:
        return pb_grpc.EchoStub(channel).Get(pb[0].EchoRequest(text="qua TLS"), timeout=5)


def test_grpcio_over_tls_with_every_call_kind(certs, echo_pb2):
    pb, pb_grpc = echo_pb2
    server = tls_server(certs)
    try:
        assert call(server.port, credentials(certs), echo_pb2).text == "qua TLS"
        assert call(server.port, credentials(certs), echo_pb2, host="127.0.0.1").text == "qua TLS"  # IP SAN
        with grpc.secure_channel(f"localhost:{server.port}", credentials(certs)) as channel:
            stub = pb_grpc.EchoStub(channel)
            assert [r.id for r in stub.Expand(pb.EchoRequest(values=[1, 2, 3]), timeout=5)] == [1, 2, 3]
            assert stub.Collect(iter([pb.EchoRequest(id=2), pb.EchoRequest(id=3)]), timeout=5).id == 5
            big = "ạ" * (1 << 20)
            assert stub.Get(pb.EchoRequest(text=big), timeout=10).text == big
    finally:
        assert server.stop() == 0


@pytest.mark.parametrize("case", ["untrusted CA", "wrong host name"])
def test_client_refuses_servers_it_cannot_trust(certs, echo_pb2, case):
    server = tls_server(certs)
    try:
        creds = credentials(certs, ca="other-ca.crt") if case == "untrusted CA" else credentials(certs)
        options = [("grpc.ssl_target_name_override", "wrong.example")] if case == "wrong host name" else []
        with pytest.raises(grpc.RpcError) as failure:
            call(server.port, creds, echo_pb2, options)
        assert failure.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        assert server.stop() == 0


def test_expired_server_certificate_is_refused(certs, echo_pb2):
    server = tls_server(certs, cert="expired.crt", key="expired.key")
    try:
        with pytest.raises(grpc.RpcError) as failure:
            call(server.port, credentials(certs), echo_pb2)
        assert failure.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        assert server.stop() == 0


def test_alpn_h2_is_required(certs):
    server = tls_server(certs)
    try:
        context = ssl.create_default_context(cafile=str(certs / "ca.crt"))
        context.set_alpn_protocols(["http/1.1"])
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
            with pytest.raises(ssl.SSLError, match="NO_APPLICATION_PROTOCOL|no application protocol"):
                context.wrap_socket(raw, server_hostname="localhost")
        # A client that offers no ALPN at all completes the handshake, then is closed.
        plain = ssl.create_default_context(cafile=str(certs / "ca.crt"))
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as raw:
            try:
                with plain.wrap_socket(raw, server_hostname="localhost") as tls:
                    assert tls.recv(1024) == b""
            except (ssl.SSLError, ConnectionResetError):
                pass  # also an acceptable way to be refused
    finally:
        assert server.stop() == 0


def test_mutual_tls_accepts_a_signed_client_and_refuses_others(certs, echo_pb2):
    server = tls_server(certs, "--tls-client-ca", str(certs / "ca.crt"))
    try:
        assert call(server.port, credentials(certs, client=True), echo_pb2).text == "qua TLS"
        with pytest.raises(grpc.RpcError) as failure:
            call(server.port, credentials(certs), echo_pb2)  # no client certificate
        assert failure.value.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        assert server.stop() == 0


def test_a_certificate_that_does_not_load_stops_the_server(certs, tmp_path):
    result = subprocess.run([str(echo_server_path()), "--port", "0", "--tls-cert", str(tmp_path / "missing.crt"),
                             "--tls-key", str(certs / "server.key")], capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "DIC_TLS_CERT: cannot load the certificate chain" in result.stderr
