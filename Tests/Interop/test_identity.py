"""One identity across services (docs/security.md), seen from grpcio and dicctl: a personal token
exchanged at the deployment's issuer for a signed identity token, which another service, holding
only the issuer's public key, accepts with the roles it granted itself."""
import os
import subprocess
import sys

import grpc
import pytest

from conftest import swift_bin_path
from test_auth import pb  # noqa: F401  (the generated access and units modules)
from test_units_service import UnitsService

ADMIN_TOKEN = "bootstrap-0123456789abcdef"


@pytest.fixture
def deployment(tmp_path):
    key = tmp_path / "identity.key"
    public = tmp_path / "identity-keys.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key)], check=True)
    subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-out", str(public)], check=True)
    issuer = UnitsService(tmp_path / "issuer", env={
        "DIC_AUTH": "on", "DIC_ADMIN_TOKEN": ADMIN_TOKEN, "DIC_IDENTITY_SIGNING_KEY": str(key)})
    other = UnitsService(tmp_path / "other", env={
        "DIC_AUTH": "on", "DIC_ADMIN_TOKEN": ADMIN_TOKEN, "DIC_IDENTITY_KEYS": str(public)})
    yield issuer, other, public
    for service in (issuer, other):
        if service.process.poll() is None:
            assert service.stop() == 0


def stubs(pb, address):  # noqa: F811
    access_pb2, access_grpc, units_pb2, units_grpc = pb
    channel = grpc.insecure_channel(address)
    return access_grpc.AccessStub(channel), units_grpc.AdminUnitsStub(channel)


def bearer(token):
    return (("authorization", f"Bearer {token}"),)


def test_an_identity_from_the_issuer_is_accepted_elsewhere_with_that_services_roles(deployment, pb):  # noqa: F811
    access_pb2, _, units_pb2, _ = pb
    issuer, other, _ = deployment
    issuer_access, _ = stubs(pb, issuer.address)
    other_access, other_units = stubs(pb, other.address)
    personal = issuer_access.CreateToken(
        access_pb2.CreateTokenRequest(request_id="t1", principal="nguyen.van.a"), metadata=bearer(ADMIN_TOKEN)).token

    identity = issuer_access.IssueIdentity(access_pb2.IssueIdentityRequest(), metadata=bearer(personal))
    assert identity.token.startswith("dic2.") and identity.principal == "nguyen.van.a"

    # The other service never saw the personal token, and knows the person from the signature.
    assert other_access.WhoAmI(access_pb2.WhoAmIRequest(), metadata=bearer(identity.token)).principal == "nguyen.van.a"
    with pytest.raises(grpc.RpcError) as denied:
        other_units.SearchAdminUnits(units_pb2.SearchAdminUnitsRequest(query="x"), metadata=bearer(identity.token))
    assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as unknown:
        other_units.SearchAdminUnits(units_pb2.SearchAdminUnitsRequest(query="x"), metadata=bearer(personal))
    assert unknown.value.code() == grpc.StatusCode.UNAUTHENTICATED  # the personal token is the issuer's

    other_access.GrantRoles(access_pb2.ChangeRolesRequest(request_id="g", principal="nguyen.van.a",
                                                         roles=["units.reader"]), metadata=bearer(ADMIN_TOKEN))
    other_units.SearchAdminUnits(units_pb2.SearchAdminUnitsRequest(query="x"), metadata=bearer(identity.token))

    # One altered character of the signature, of the claims, or a token the issuer never signed.
    head, key_id, claims, signature = identity.token.split(".")
    flipped = "A" if signature[5] != "A" else "B"
    for forged in (f"{head}.{key_id}.{claims}.{signature[:5]}{flipped}{signature[6:]}",
                   f"{head}.{key_id}.{claims[:-2]}.{signature}", "dic2.0000000000000000.AAAA.AAAA"):
        with pytest.raises(grpc.RpcError) as refused:
            other_units.SearchAdminUnits(units_pb2.SearchAdminUnitsRequest(query="x"), metadata=bearer(forged))
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED

    # An identity does not renew itself; the bootstrap admin and services that are not the issuer get none.
    for token, address, code in ((identity.token, issuer.address, grpc.StatusCode.UNAUTHENTICATED),
                                 (ADMIN_TOKEN, issuer.address, grpc.StatusCode.PERMISSION_DENIED),
                                 (ADMIN_TOKEN, other.address, grpc.StatusCode.FAILED_PRECONDITION)):
        access, _ = stubs(pb, address)
        with pytest.raises(grpc.RpcError) as refused:
            access.IssueIdentity(access_pb2.IssueIdentityRequest(), metadata=bearer(token))
        assert refused.value.code() == code, refused.value.details()

    # Revoking the personal token at the issuer ends the renewals at once.
    token_id = personal.split("_")[1]
    issuer_access.RevokeToken(access_pb2.RevokeTokenRequest(request_id="r", id=token_id), metadata=bearer(ADMIN_TOKEN))
    with pytest.raises(grpc.RpcError) as revoked:
        issuer_access.IssueIdentity(access_pb2.IssueIdentityRequest(), metadata=bearer(personal))
    assert revoked.value.code() == grpc.StatusCode.UNAUTHENTICATED and "revoked" in revoked.value.details()


def test_dicctl_exchanges_its_token_at_the_issuer(deployment, pb):  # noqa: F811
    access_pb2, _, _, _ = pb
    issuer, other, _ = deployment
    issuer_access, _ = stubs(pb, issuer.address)
    personal = issuer_access.CreateToken(
        access_pb2.CreateTokenRequest(request_id="t2", principal="tran.thi.b"), metadata=bearer(ADMIN_TOKEN)).token
    env = {**os.environ, "DIC_TOKEN": personal}
    dicctl = str(swift_bin_path() / "dicctl")
    plain = subprocess.run([dicctl, "roles", "whoami", "--address", other.address, "--output", "json"],
                           env=env, capture_output=True, text=True)
    assert plain.returncode != 0  # the other service does not know the personal token
    exchanged = subprocess.run([dicctl, "roles", "whoami", "--address", other.address, "--output", "json",
                                "--identity-issuer", issuer.address], env=env, capture_output=True, text=True)
    assert exchanged.returncode == 0, exchanged.stderr
    assert "tran.thi.b" in exchanged.stdout


def test_a_key_file_that_does_not_load_stops_start_up(tmp_path):
    bad = tmp_path / "keys.pem"
    bad.write_text("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n")
    binary = os.environ.get("DIC_UNITS_BIN") or str(swift_bin_path() / "dic-units")
    result = subprocess.run([binary], env={**os.environ, "DIC_DATA_DIR": str(tmp_path / "d"), "DIC_LISTEN": "127.0.0.1:0",
                                           "DIC_METRICS_LISTEN": "off", "DIC_IDENTITY_KEYS": str(bad)},
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2, result.stderr
    assert "DIC_IDENTITY_KEYS" in result.stderr
