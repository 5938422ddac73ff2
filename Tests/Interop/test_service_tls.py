"""TLS in a real service (dic-units on the shared runtime): the DIC_TLS_* keys, dicctl with
DIC_TLS_CA, a half-configured pair refused at start-up, and certificate rotation under load."""
import concurrent.futures
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

import certificates
from conftest import swift_bin_path
from test_units_service import UnitsService


def start(tmp_path, certs, **env):
    os.environ.update({"DIC_TLS_CERT": str(certs / "live.crt"), "DIC_TLS_KEY": str(certs / "live.key"), **env})
    try:
        return UnitsService(tmp_path)
    finally:
        for key in ["DIC_TLS_CERT", "DIC_TLS_KEY", *env]:
            os.environ.pop(key, None)


def served_certificate(port, certs):
    context = ssl.create_default_context(cafile=str(certs / "ca.crt"))
    context.set_alpn_protocols(["h2"])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            return tls.getpeercert(binary_form=True)


def test_service_tls_with_dicctl_and_refusals(tmp_path):
    certs = certificates.make(tmp_path)
    shutil.copy(certs / "server.crt", certs / "live.crt")
    shutil.copy(certs / "server.key", certs / "live.key")
    service = start(tmp_path / "data", certs)
    try:
        dicctl = str(swift_bin_path() / "dicctl")
        env = {**os.environ, "DIC_TLS_CA": str(certs / "ca.crt")}
        address = "localhost:" + service.address.rsplit(":", 1)[1]
        ok = subprocess.run([dicctl, "health", "--address", address], env=env, capture_output=True, text=True)
        assert ok.returncode == 0 and "SERVING" in ok.stdout, ok.stderr
        plain = subprocess.run([dicctl, "health", "--address", address], capture_output=True, text=True)
        assert plain.returncode == 1 and "UNAVAILABLE" in plain.stderr  # h2c client, TLS server
    finally:
        assert service.stop() == 0


def test_half_a_tls_pair_stops_start_up(tmp_path):
    binary = str(swift_bin_path() / "dic-units")
    env = {**os.environ, "DIC_DATA_DIR": str(tmp_path), "DIC_LISTEN": "127.0.0.1:0", "DIC_TLS_CERT": "/x.crt"}
    result = subprocess.run([binary], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "DIC_TLS_CERT=/x.crt (from environment): DIC_TLS_KEY is not set" in result.stderr
    env["DIC_TLS_KEY"] = "/x.key"
    result = subprocess.run([binary], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "DIC_TLS_CERT: cannot load the certificate chain /x.crt" in result.stderr


def test_certificate_rotation_under_load_fails_no_call(tmp_path):
    certs = certificates.make(tmp_path)
    shutil.copy(certs / "server.crt", certs / "live.crt")
    shutil.copy(certs / "server.key", certs / "live.key")
    service = start(tmp_path / "data", certs)
    port = int(service.address.rsplit(":", 1)[1])
    try:
        before = served_certificate(port, certs)
        creds = grpc.ssl_channel_credentials(root_certificates=(certs / "ca.crt").read_bytes())
        channel = grpc.secure_channel(f"localhost:{port}", creds)
        stub = health_pb2_grpc.HealthStub(channel)
        stop_at = time.monotonic() + 2.5

        def hammer():
            count = 0
            while time.monotonic() < stop_at:
                stub.Check(health_pb2.HealthCheckRequest(), timeout=5)  # raises on any failure
                count += 1
            return count

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            workers = [pool.submit(hammer) for _ in range(4)]
            time.sleep(0.5)
            # Rotate: a new certificate for the same names, written in place, then SIGHUP.
            subprocess.run(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                            "-keyout", "next.key", "-out", "next.csr", "-subj", "/CN=localhost"], cwd=certs,
                           check=True, capture_output=True)
            subprocess.run(["openssl", "x509", "-req", "-in", "next.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                            "-CAcreateserial", "-out", "next.crt", "-days", "30", "-extfile", "server.ext"],
                           cwd=certs, check=True, capture_output=True)
            shutil.copy(certs / "next.key", certs / "live.key")
            shutil.copy(certs / "next.crt", certs / "live.crt")
            service.process.send_signal(signal.SIGHUP)
            calls = sum(w.result() for w in workers)
        assert calls > 50
        after = served_certificate(port, certs)
        assert after != before, "new connections still get the old certificate"
        assert after == ssl.PEM_cert_to_DER_cert((certs / "next.crt").read_text())
        channel.close()
    finally:
        assert service.stop() == 0
