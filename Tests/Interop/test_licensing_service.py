"""dic-licensing over loopback with a standard client (grpcio): the main flows an officer runs,
behind authentication, and refusals that name the field and the rule."""
import importlib
import os
import subprocess
import sys
import threading

import grpc
import pytest
from grpc_tools import protoc

from conftest import ROOT, swift_bin_path, well_known_include
from test_units_service import free_port

ADMIN_TOKEN = "licensing-admin-0123456789"


@pytest.fixture(scope="module")
def pb(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("licensinggen")
    assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), f"--python_out={tmp}",
                        f"--grpc_python_out={tmp}", "dic/common/v1/common.proto", "dic/common/v1/options.proto",
                        "dic/licensing/v1/licensing.proto"]) == 0
    sys.path.insert(0, str(tmp))
    return (importlib.import_module("dic.licensing.v1.licensing_pb2"),
            importlib.import_module("dic.licensing.v1.licensing_pb2_grpc"),
            importlib.import_module("dic.common.v1.common_pb2"))


@pytest.fixture
def service(tmp_path):
    binary = os.environ.get("DIC_LICENSING_BIN") or str(swift_bin_path() / "dic-licensing")
    env = {**os.environ, "DIC_DATA_DIR": str(tmp_path), "DIC_LISTEN": "127.0.0.1:0",
           "DIC_METRICS_LISTEN": f"127.0.0.1:{free_port()}", "DIC_ADMIN_TOKEN": ADMIN_TOKEN}
    process = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    address = None
    for line in process.stdout:
        if line.startswith("listening on "):
            address = line.split()[-1]
            break
    assert address, process.stderr.read()
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    yield address
    process.terminate()
    assert process.wait(timeout=20) == 0


def test_officer_issues_amends_and_reads_history(service, pb):
    licensing, licensing_grpc, common = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    with grpc.insecure_channel(service) as channel:
        stub = licensing_grpc.LicensingStub(channel)
        content = licensing.LicenceContent(newsletter=licensing.NewsletterContent(
            name="Bản tin Nông nghiệp Bắc Kạn", periodicity="quý", width_cm=19, height_cm=27, pages=24,
            print_run=500, responsible_person="Trần Thị B"))
        issued = stub.IssueLicence(licensing.IssueLicenceRequest(
            request_id="n1", kind=licensing.LICENCE_KIND_NEWSLETTER, number="4/GP-XBBT", holder_id="org-7",
            issued_on=common.Date(year=2023, month=2, day=10), content=content, decision_number="4/GP-XBBT"),
            metadata=metadata, timeout=10)
        assert issued.status == licensing.LICENCE_STATUS_ACTIVE and issued.id
        content.newsletter.pages = 32
        changed = stub.ApplyLicenceAction(licensing.ApplyLicenceActionRequest(
            request_id="n2", licence_id=issued.id, action=licensing.LICENCE_ACTION_CHANGE_APPROVED,
            effective_on=common.Date(year=2023, month=3, day=20), decision_number="CV 210/STTTT", content=content),
            metadata=metadata, timeout=10)
        assert changed.current.number == 2 and changed.current.content.newsletter.pages == 32
        full = stub.GetLicence(licensing.GetLicenceRequest(id=issued.id, include_history=True), metadata=metadata,
                               timeout=10)
        assert [v.content.newsletter.pages for v in full.history] == [24, 32]
        q1 = stub.GetLicenceStatistics(licensing.LicenceStatisticsRequest(
            **{"from": common.Date(year=2023, month=1, day=1)}, through=common.Date(year=2023, month=3, day=31)),
            metadata=metadata, timeout=10)
        assert {(a.kind, a.action, a.count) for a in q1.actions} == {
            (licensing.LICENCE_KIND_NEWSLETTER, licensing.LICENCE_ACTION_ISSUE, 1),
            (licensing.LICENCE_KIND_NEWSLETTER, licensing.LICENCE_ACTION_CHANGE_APPROVED, 1)}

        content.newsletter.pages = 80
        with pytest.raises(grpc.RpcError) as failure:
            stub.ApplyLicenceAction(licensing.ApplyLicenceActionRequest(
                request_id="n3", licence_id=issued.id, action=licensing.LICENCE_ACTION_CHANGE_APPROVED,
                effective_on=common.Date(year=2023, month=3, day=25), content=content), metadata=metadata, timeout=10)
        assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert failure.value.details() == "content.pages: must be 1 to 64"
        with pytest.raises(grpc.RpcError) as failure:
            stub.GetLicence(licensing.GetLicenceRequest(id=issued.id), timeout=10)
        assert failure.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_dicctl_reads_acts_and_counts(service, pb):
    import json
    licensing, licensing_grpc, common = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    with grpc.insecure_channel(service) as channel:
        issued = licensing_grpc.LicensingStub(channel).IssueLicence(licensing.IssueLicenceRequest(
            request_id="w1", kind=licensing.LICENCE_KIND_WEBSITE, number="12/GP-STTTT", holder_id="org-1",
            issued_on=common.Date(year=2020, month=6, day=1), valid_until=common.Date(year=2030, month=6, day=1),
            content=licensing.LicenceContent(website=licensing.WebsiteContent(
                domains=["backan.example.vn"], responsible_person="Nguyễn Văn A", server_location="Hà Nội",
                server_in_vietnam=True))), metadata=metadata, timeout=10)
    binary = os.environ.get("DIC_DICCTL_BIN") or str(swift_bin_path() / "dicctl")

    def dicctl(*args):
        return subprocess.run([binary, "licensing", *args, "--address", service], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "DIC_TOKEN": ADMIN_TOKEN})
    suspended = dicctl("act", issued.id, "--action", "suspend", "--on", "2023-01-16", "--decision", "05/QĐ-XPHC")
    assert suspended.returncode == 0, suspended.stderr
    history = json.loads(dicctl("get", issued.id, "--output", "json").stdout)
    assert [v["action"] for v in history["versions"]] == ["issue", "suspend"]
    assert history["status"] == "suspended"
    again = dicctl("act", issued.id, "--action", "lift-suspension", "--on", "2023-01-10")
    assert again.returncode == 1 and "INVALID_ARGUMENT: effective_on" in again.stderr
    stats = json.loads(dicctl("stats", "--from", "2023-01-01", "--through", "2023-03-31", "--output", "json").stdout)
    assert stats == [{"kind": "website", "action": "suspend", "count": 1}]
    bad = dicctl("stats", "--from", "2023-01-01", "--through", "nope")
    assert bad.returncode != 0 and "--through" in bad.stderr
