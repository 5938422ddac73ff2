"""Test certificates made with the openssl CLI at test time: a CA, a server certificate for
localhost and 127.0.0.1, a client certificate, an unrelated CA, and an expired server certificate."""
import pathlib
import subprocess


def run(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make(directory: pathlib.Path) -> pathlib.Path:
    d = directory
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "30", "-subj", "/CN=DIC Test CA", cwd=d)
    run("req", "-x509", *ec, "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "30", "-subj", "/CN=Other CA",
        cwd=d)
    (d / "server.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    run("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost", cwd=d)
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.crt", "-days", "30", "-extfile", "server.ext", cwd=d)
    (d / "client.ext").write_text("subjectAltName=DNS:dic-aggregator.internal\nextendedKeyUsage=clientAuth\n")
    run("req", *ec, "-keyout", "client.key", "-out", "client.csr", "-subj", "/O=So TTTT Bac Kan/CN=dic-aggregator",
        cwd=d)
    run("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "client.crt", "-days", "30", "-extfile", "client.ext", cwd=d)
    # Expired: its validity ended a day before it began, so any check now says expired.
    run("req", *ec, "-keyout", "expired.key", "-out", "expired.csr", "-subj", "/CN=localhost", cwd=d)
    run("x509", "-req", "-in", "expired.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "expired.crt", "-days", "-1",
        "-extfile", "server.ext", cwd=d)
    return d
