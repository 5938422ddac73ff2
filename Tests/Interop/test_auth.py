"""Access control seen from a standard client: grpcio call credentials (a bearer token over TLS),
the bootstrap DIC_ADMIN_TOKEN, tokens and roles managed over the Access service, and a client
certificate standing for a principal under mutual TLS."""
import contextlib
import importlib
import os
import sys
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_tools import protoc

import certificates
from conftest import ROOT, well_known_include
from test_units_service import UnitsService

ADMIN_TOKEN = "bootstrap-0123456789abcdef"


@pytest.fixture(scope="module")
def pb(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("accessgen")
    assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), f"--python_out={tmp}",
                        f"--grpc_python_out={tmp}", "dic/common/v1/common.proto", "dic/common/v1/options.proto",
                        "dic/common/v1/access.proto", "dic/common/v1/admin_units.proto"]) == 0
    sys.path.insert(0, str(tmp))
    return (importlib.import_module("dic.common.v1.access_pb2"),
            importlib.import_module("dic.common.v1.access_pb2_grpc"),
            importlib.import_module("dic.common.v1.admin_units_pb2"),
            importlib.import_module("dic.common.v1.admin_units_pb2_grpc"))


def channel(service, certs, token=None, client_cert=False):
    key = (certs / "client.key").read_bytes() if client_cert else None
    chain = (certs / "client.crt").read_bytes() if client_cert else None
    credentials = grpc.ssl_channel_credentials((certs / "ca.crt").read_bytes(), key, chain)
    if token is not None:
        credentials = grpc.composite_channel_credentials(credentials, grpc.access_token_call_credentials(token))
    port = service.address.rsplit(":", 1)[1]
    return grpc.secure_channel(f"localhost:{port}", credentials)


def code_of(call):
    with pytest.raises(grpc.RpcError) as failure:
        call()
    return failure.value.code(), failure.value.details()


@pytest.fixture
def tls_service(tmp_path):
    certs = certificates.make(tmp_path)
    service = UnitsService(tmp_path / "data", env={
        "DIC_AUTH": "on", "DIC_ADMIN_TOKEN": ADMIN_TOKEN,
        "DIC_TLS_CERT": str(certs / "server.crt"), "DIC_TLS_KEY": str(certs / "server.key")})
    yield service, certs
    if service.process.poll() is None:
        assert service.stop() == 0


def test_tokens_and_roles_over_call_credentials(tls_service, pb):
    service, certs = tls_service
    access_pb2, access_grpc, units_pb2, units_grpc = pb
    get = units_pb2.GetAdminUnitRequest(code="06")

    with channel(service, certs) as anonymous:
        # Probes need no token; data does.
        assert health_pb2_grpc.HealthStub(anonymous).Check(health_pb2.HealthCheckRequest(), timeout=5).status == \
            health_pb2.HealthCheckResponse.SERVING
        code, details = code_of(lambda: units_grpc.AdminUnitsStub(anonymous).GetAdminUnit(get, timeout=5))
        assert code == grpc.StatusCode.UNAUTHENTICATED and "Bearer" in details
    with channel(service, certs, token="dic_nope_nope") as forged:
        code, details = code_of(lambda: units_grpc.AdminUnitsStub(forged).GetAdminUnit(get, timeout=5))
        assert code == grpc.StatusCode.UNAUTHENTICATED and "not valid" in details

    with channel(service, certs, token=ADMIN_TOKEN) as admin:
        access = access_grpc.AccessStub(admin)
        assert access.WhoAmI(access_pb2.WhoAmIRequest(), timeout=5).roles == \
            ["units.admin", "units.editor", "units.reader"]
        created = access.CreateToken(access_pb2.CreateTokenRequest(
            request_id="t1", principal="nguyen.van.a", description="officer laptop"), timeout=5)
        assert created.token.startswith(f"dic_{created.info.id}_") and created.info.principal == "nguyen.van.a"
        # A token with no role yet authenticates but opens nothing.
        with channel(service, certs, token=created.token) as officer:
            code, details = code_of(lambda: units_grpc.AdminUnitsStub(officer).GetAdminUnit(get, timeout=5))
            assert code == grpc.StatusCode.PERMISSION_DENIED and "units.reader" in details
            assert "nguyen.van.a" in details and created.token not in details
        access.GrantRoles(access_pb2.ChangeRolesRequest(request_id="g1", principal="nguyen.van.a",
                                                        roles=["units.reader"]), timeout=5)
        with channel(service, certs, token=created.token) as officer:
            assert units_grpc.AdminUnitsStub(officer).GetAdminUnit(get, timeout=5).name == "Tỉnh Bắc Kạn"
            # A reader may not manage access.
            code, _ = code_of(lambda: access_grpc.AccessStub(officer).ListTokens(access_pb2.ListTokensRequest(),
                                                                               timeout=5))
            assert code == grpc.StatusCode.PERMISSION_DENIED
        listed = access.ListTokens(access_pb2.ListTokensRequest(principal="nguyen.van.a"), timeout=5)
        assert [t.id for t in listed.tokens] == [created.info.id]
        assert all(created.token.split("_", 2)[2] not in str(t) for t in listed.tokens)  # the secret is never shown
        code, details = code_of(lambda: access.GrantRoles(access_pb2.ChangeRolesRequest(
            request_id="g2", principal="nguyen.van.a", roles=["units.owner"]), timeout=5))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "units.owner" in details

        assert access.RevokeToken(access_pb2.RevokeTokenRequest(request_id="r1", id=created.info.id),
                                  timeout=5).revoked
        with channel(service, certs, token=created.token) as officer:
            code, details = code_of(lambda: units_grpc.AdminUnitsStub(officer).GetAdminUnit(get, timeout=5))
            assert code == grpc.StatusCode.UNAUTHENTICATED and "revoked" in details

        short = access.CreateToken(access_pb2.CreateTokenRequest(
            request_id="t2", principal="nguyen.van.a", ttl_seconds=1), timeout=5)
        keeper = access.CreateToken(access_pb2.CreateTokenRequest(request_id="t3", principal="nguyen.van.a"), timeout=5)
    time.sleep(1.2)
    with channel(service, certs, token=short.token) as officer:
        code, details = code_of(lambda: units_grpc.AdminUnitsStub(officer).GetAdminUnit(get, timeout=5))
        assert code == grpc.StatusCode.UNAUTHENTICATED and "expired" in details

    # Grants and tokens are data: they survive a restart; the secrets never reach the log.
    assert service.stop() == 0
    assert not any(ADMIN_TOKEN in line or created.token in line for line in service.log)
    again = UnitsService(service.data_dir, env={
        "DIC_AUTH": "on", "DIC_TLS_CERT": str(certs / "server.crt"), "DIC_TLS_KEY": str(certs / "server.key")})
    try:
        with channel(again, certs, token=keeper.token) as officer:
            assert units_grpc.AdminUnitsStub(officer).GetAdminUnit(get, timeout=5).code == "06"
        with channel(again, certs, token=ADMIN_TOKEN) as unset:  # no longer an admin once unset
            code, _ = code_of(lambda: access_grpc.AccessStub(unset).ListTokens(access_pb2.ListTokensRequest(),
                                                                              timeout=5))
            assert code == grpc.StatusCode.UNAUTHENTICATED
    finally:
        assert again.stop() == 0


def test_client_certificate_is_a_principal(tmp_path, pb):
    access_pb2, access_grpc, units_pb2, units_grpc = pb
    certs = certificates.make(tmp_path)
    service = UnitsService(tmp_path / "data", env={
        "DIC_AUTH": "on", "DIC_ADMIN_TOKEN": ADMIN_TOKEN, "DIC_TLS_CLIENT_CA": str(certs / "ca.crt"),
        "DIC_TLS_CERT": str(certs / "server.crt"), "DIC_TLS_KEY": str(certs / "server.key")})
    try:
        get = units_pb2.GetAdminUnitRequest(code="06")
        with channel(service, certs, client_cert=True) as aggregator:
            assert access_grpc.AccessStub(aggregator).WhoAmI(access_pb2.WhoAmIRequest(), timeout=5).principal == \
                "cert:dic-aggregator"
            code, _ = code_of(lambda: units_grpc.AdminUnitsStub(aggregator).GetAdminUnit(get, timeout=5))
            assert code == grpc.StatusCode.PERMISSION_DENIED
        with channel(service, certs, token=ADMIN_TOKEN, client_cert=True) as admin:
            access_grpc.AccessStub(admin).GrantRoles(access_pb2.ChangeRolesRequest(
                request_id="g", principal="cert:dic-aggregator", roles=["units.reader"]), timeout=5)
        with channel(service, certs, client_cert=True) as aggregator:
            assert units_grpc.AdminUnitsStub(aggregator).GetAdminUnit(get, timeout=5).code == "06"
    finally:
        assert service.stop() == 0


def test_auth_settings_are_checked_at_start(tmp_path):
    import subprocess
    from conftest import swift_bin_path
    binary = os.environ.get("DIC_UNITS_BIN") or str(swift_bin_path() / "dic-units")
    base = {**os.environ, "DIC_DATA_DIR": str(tmp_path), "DIC_LISTEN": "127.0.0.1:0", "DIC_METRICS_LISTEN": "off"}
    for env, field in [({"DIC_AUTH": "maybe"}, "DIC_AUTH"), ({"DIC_ADMIN_TOKEN": "short"}, "DIC_ADMIN_TOKEN")]:
        result = subprocess.run([binary], env={**base, **env}, capture_output=True, text=True, timeout=30)
        assert result.returncode == 2, result
        assert field in result.stderr
    assert "short" not in result.stderr  # a secret is never echoed, even when it is wrong


def test_dicctl_manages_tokens_and_roles(tmp_path):
    import json
    import subprocess
    from conftest import swift_bin_path
    service = UnitsService(tmp_path, env={"DIC_AUTH": "on", "DIC_ADMIN_TOKEN": ADMIN_TOKEN})
    binary = os.environ.get("DIC_DICCTL_BIN") or str(swift_bin_path() / "dicctl")

    def dicctl(token, *args):
        env = {**os.environ, "DIC_TOKEN": token} if token else {k: v for k, v in os.environ.items() if k != "DIC_TOKEN"}
        return subprocess.run([binary, *args, "--address", service.address, "--output", "json"], env=env,
                              capture_output=True, text=True, timeout=60)
    try:
        anonymous = dicctl(None, "units", "get", "06")
        assert anonymous.returncode == 1 and "UNAUTHENTICATED" in anonymous.stderr
        created = dicctl(ADMIN_TOKEN, "tokens", "create", "--principal", "tran.thi.b", "--description", "laptop")
        assert created.returncode == 0, created.stderr
        token = json.loads(created.stdout)["token"]
        denied = dicctl(token, "units", "get", "06")
        assert denied.returncode == 1 and "PERMISSION_DENIED" in denied.stderr and token not in denied.stderr
        assert dicctl(ADMIN_TOKEN, "roles", "grant", "tran.thi.b", "units.editor").returncode == 0
        me = json.loads(dicctl(token, "roles", "whoami").stdout)
        assert me == [{"principal": "tran.thi.b", "roles": ["units.editor", "units.reader"]}]
        assert json.loads(dicctl(token, "units", "get", "06").stdout)[0]["code"] == "06"
        listed = json.loads(dicctl(ADMIN_TOKEN, "tokens", "list", "--principal", "tran.thi.b").stdout)
        assert [(t["principal"], t["state"]) for t in listed] == [("tran.thi.b", "active")]
        assert dicctl(ADMIN_TOKEN, "tokens", "revoke", listed[0]["id"]).returncode == 0
        revoked = dicctl(token, "units", "get", "06")
        assert revoked.returncode == 1 and "revoked" in revoked.stderr
        unknown_role = dicctl(ADMIN_TOKEN, "roles", "grant", "tran.thi.b", "units.owner")
        assert unknown_role.returncode == 1 and "INVALID_ARGUMENT" in unknown_role.stderr
    finally:
        assert service.stop() == 0


def test_audit_trail_names_who_changed_what_and_detects_tampering(tmp_path):
    import json
    import sqlite3
    import subprocess
    from conftest import swift_bin_path
    from test_units_service import HEADER
    binary = os.environ.get("DIC_DICCTL_BIN") or str(swift_bin_path() / "dicctl")
    env = {"DIC_AUTH": "on", "DIC_ADMIN_TOKEN": ADMIN_TOKEN}

    def dicctl(service, *args, stdin=None):
        return subprocess.run([binary, *args, "--address", service.address], input=stdin,
                              env={**os.environ, "DIC_TOKEN": ADMIN_TOKEN}, capture_output=True, text=True, timeout=60)
    service = UnitsService(tmp_path, env=env)
    try:
        csv = tmp_path / "merge.csv"
        csv.write_text(HEADER + "\n06.058.99,,Xã Thử Nghiệm,commune,06.058,2023-04-01,,false,test\n")
        imported = dicctl(service, "units", "import", str(csv))
        assert imported.returncode == 0, imported.stderr
        assert dicctl(service, "tokens", "create", "--principal", "tran.thi.b").returncode == 0
        bad = dicctl(service, "roles", "grant", "tran.thi.b", "units.owner")
        assert bad.returncode == 1
        records = json.loads(dicctl(service, "audit", "list", "--output", "json").stdout)
        assert [r["entity"].split(":")[0] for r in records] == ["admin_unit", "token", ""]
        assert records[0]["entity"] == "admin_unit:06.058.99"
        assert all(r["principal"] == "bootstrap-admin" for r in records)
        assert records[0]["method"] == "/dic.common.v1.AdminUnits/ImportAdminUnits"
        assert records[2]["outcome"].startswith("INVALID_ARGUMENT")
        only = json.loads(dicctl(service, "audit", "list", "--entity", "admin_unit", "--output", "json").stdout)
        assert [r["seq"] for r in only] == [1]
        verified = json.loads(dicctl(service, "audit", "verify", "--output", "json").stdout)
        assert {k: verified[k] for k in ("intact", "records", "headSeq", "headHash")} == {
            "intact": True, "records": 3, "headSeq": 3, "headHash": records[2]["hash"]}
        # Signed at start-up over the empty trail; the three records since are not signed yet.
        assert verified["checkpoint"] == "0:" + "0" * 64 and verified["unsignedRecords"] == 3
        kept = f"{verified['headSeq']}:{verified['headHash']}"
        assert dicctl(service, "audit", "verify", "--checkpoint", kept).returncode == 0
    finally:
        assert service.stop() == 0

    # The last record cut, and the checkpoints with it: the chain and the database alone cannot
    # tell; the checkpoint kept outside can.
    # Closed before the service starts: it holds its database alone while it runs.
    with contextlib.closing(sqlite3.connect(tmp_path / "units.sqlite")) as database, database:
        database.execute("DELETE FROM audit_log WHERE seq = 3")
        database.execute("DELETE FROM audit_checkpoints")
    service = UnitsService(tmp_path, env=env)
    try:
        assert dicctl(service, "audit", "verify").returncode == 0
        cut = dicctl(service, "audit", "verify", "--checkpoint", kept)
        assert cut.returncode == 1 and "cut from the end" in cut.stderr, cut.stderr
    finally:
        assert service.stop() == 0

    with contextlib.closing(sqlite3.connect(tmp_path / "units.sqlite")) as database, database:
        database.execute("UPDATE audit_log SET principal = 'someone.else' WHERE seq = 2")
    service = UnitsService(tmp_path, env=env)
    try:
        broken = dicctl(service, "audit", "verify")
        assert broken.returncode == 1
        assert "record 2" in broken.stderr and "changed" in broken.stderr
    finally:
        assert service.stop() == 0
