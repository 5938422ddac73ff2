"""dic-licensing over loopback with a standard client (grpcio): the main flows an officer runs,
behind authentication, and refusals that name the field and the rule."""
import importlib
import os
import subprocess
import sys

import grpc
import pytest
from grpc_tools import protoc

from conftest import ROOT, load_package, run_service, swift_bin_path, well_known_include

ADMIN_TOKEN = "licensing-admin-0123456789"


@pytest.fixture(scope="module")
def pb(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("licensinggen")
    messages, stubs = load_package(
        tmp, ["licences", "dossiers", "enforcement", "register", "licensing"], "licensing")
    return (messages, stubs, importlib.import_module("dic.common.v1.common_pb2"))


def create_holder(stub, licensing, metadata, name, tax_code=""):
    return stub.CreateOrganisation(licensing.CreateOrganisationRequest(
        request_id=f"org-{name}", organisation=licensing.Organisation(name=name, tax_code=tax_code)),
        metadata=metadata, timeout=10)


@pytest.fixture
def service(tmp_path):
    yield from run_service("dic-licensing", tmp_path, ADMIN_TOKEN)


def test_officer_issues_amends_and_reads_history(service, pb):
    licensing, licensing_grpc, common = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    with grpc.insecure_channel(service) as channel:
        stub = licensing_grpc.LicensingStub(channel)
        holder = create_holder(stub, licensing, metadata, "Sở Nông nghiệp và PTNT")
        content = licensing.LicenceContent(newsletter=licensing.NewsletterContent(
            name="Bản tin Nông nghiệp Bắc Kạn", periodicity="quý", width_cm=19, height_cm=27, pages=24,
            print_run=500, responsible_person="Trần Thị B"))
        issued = stub.IssueLicence(licensing.IssueLicenceRequest(
            request_id="n1", kind=licensing.LICENCE_KIND_NEWSLETTER, number="4/GP-XBBT", holder_id=holder.id,
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


def test_a_retry_gets_its_answer_and_a_changed_request_under_the_same_id_is_refused(service, pb):
    licensing, licensing_grpc, common = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    with grpc.insecure_channel(service) as channel:
        stub = licensing_grpc.LicensingStub(channel)
        holder = create_holder(stub, licensing, metadata, "Báo Bắc Kạn")
        request = licensing.IssueLicenceRequest(
            request_id="r1", kind=licensing.LICENCE_KIND_PRINTING_PRESS, number="7/GP-IN", holder_id=holder.id,
            issued_on=common.Date(year=2023, month=3, day=1), content=licensing.LicenceContent(
                printing=licensing.PrintingContent(facility_name="In Bắc Kạn", address="Tổ 1", activities=["in"])))
        issued = stub.IssueLicence(request, metadata=metadata, timeout=10)
        # The client never heard back, say, and sends the same request again: the same licence.
        assert stub.IssueLicence(request, metadata=metadata, timeout=10).id == issued.id
        # The same id with another number is not a retry: it used to answer with 7/GP-IN as if it
        # had issued 8/GP-IN.
        request.number = "8/GP-IN"
        with pytest.raises(grpc.RpcError) as failure:
            stub.IssueLicence(request, metadata=metadata, timeout=10)
        assert failure.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert failure.value.details() == (
            "request_id 'r1' was already used for a different IssueLicence request: send that request again "
            "unchanged to get its answer, or use a new request_id for this one")
        listed = stub.ListLicences(licensing.ListLicencesRequest(holder_id=holder.id), metadata=metadata, timeout=10)
        assert [licence.number for licence in listed.licences] == ["7/GP-IN"]


def test_dicctl_reads_acts_and_counts(service, pb):
    import json
    licensing, licensing_grpc, common = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    with grpc.insecure_channel(service) as channel:
        stub = licensing_grpc.LicensingStub(channel)
        holder = create_holder(stub, licensing, metadata, "Báo Bắc Kạn", "4700100000")
        issued = stub.IssueLicence(licensing.IssueLicenceRequest(
            request_id="w1", kind=licensing.LICENCE_KIND_WEBSITE, number="12/GP-STTTT", holder_id=holder.id,
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
    again = dicctl("act", issued.id, "--action", "lift_suspension", "--on", "2023-01-10")
    assert again.returncode == 1 and "INVALID_ARGUMENT: effective_on" in again.stderr
    stats = json.loads(dicctl("stats", "--from", "2023-01-01", "--through", "2023-03-31", "--output", "json").stdout)
    assert stats["actions"] == [{"kind": "website", "action": "suspend", "count": 1}]
    assert stats["dossiers"]["received"] == 0 and "online_rate_percent" not in stats["dossiers"]
    bad = dicctl("stats", "--from", "2023-01-01", "--through", "nope")
    assert bad.returncode != 0 and "--through" in bad.stderr


REGISTER = (
    "kind,number,action,effective_on,valid_until,decision_number,requested_on,holder_name,holder_tax_code,"
    "domains,responsible_person,server_in_vietnam,title,pages,print_run\r\n"
    "website,12/GP-STTTT,issue,2020-06-01,2023-06-01,12/GP,,Báo Bắc Kạn,4700100000,baobackan.vn,Nguyễn Văn A,yes,,,\r\n"
    "website,12/GP-STTTT,extend,2023-05-10,2025-06-01,30/GP-GH,2023-04-20,,,,,,,,\r\n"
    "non_commercial_publication,6/GP-XBTL,issue,2023-01-10,,6/GP,,\"Hội Nông dân tỉnh, Bắc Kạn\",,,,,Kỷ yếu,120,300\r\n"
    "non_commercial_publication,7/GP-XBTL,issue,2023-02-30,,7/GP,,Hội Nông dân tỉnh,,,,,Sổ tay,20,100\r\n"
)


def test_register_streams_in_and_out_with_grpcio(service, pb):
    licensing, licensing_grpc, common = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    data = REGISTER.encode()
    with grpc.insecure_channel(service) as channel:
        stub = licensing_grpc.LicensingStub(channel)
        # Chunks of 11 bytes: rows and UTF-8 characters are split across messages.
        chunks = [licensing.ImportLicencesRequest(data=data[i:i + 11]) for i in range(0, len(data), 11)]
        result = stub.ImportLicences(iter(chunks), metadata=metadata, timeout=30)
        assert (result.rows, result.licences_imported, result.licences_refused) == (4, 2, 1)
        assert [(p.line, p.field) for p in result.problems] == [(5, "effective_on")]
        again = stub.ImportLicences(iter(chunks), metadata=metadata, timeout=30)
        assert (again.licences_imported, again.licences_already_recorded) == (0, 2)
        exported = b"".join(r.data for r in stub.ExportLicences(licensing.ExportLicencesRequest(),
                                                                 metadata=metadata, timeout=30))
        lines = exported.decode().split("\r\n")
        assert lines[0].startswith("kind,number,action,effective_on,valid_until")
        assert [line.split(",")[:3] for line in lines[1:4]] == [
            ["non_commercial_publication", "6/GP-XBTL", "issue"], ["website", "12/GP-STTTT", "issue"],
            ["website", "12/GP-STTTT", "extend"]]
        found = stub.ListLicences(licensing.ListLicencesRequest(query="hoi nong dan"), metadata=metadata, timeout=10)
        assert [licence.number for licence in found.licences] == ["6/GP-XBTL"]


def test_dossier_sanction_and_indicators_with_grpcio(service, pb, tmp_path):
    licensing, licensing_grpc, common = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    with grpc.insecure_channel(service) as channel:
        stub = licensing_grpc.LicensingStub(channel)
        holder = create_holder(stub, licensing, metadata, "Công ty In Đức Thịnh", "4700234567")
        received = stub.ReceiveDossier(licensing.ReceiveDossierRequest(
            request_id="d1", code="000.00.21.H03-230301-0001", procedure_code="DIC-PRINT-ISSUE",
            applicant_id=holder.id, channel=licensing.DOSSIER_CHANNEL_ONLINE,
            online_type=licensing.ONLINE_TYPE_FULL_PROCESS, received_on=common.Date(year=2023, month=3, day=1),
            fee_vnd=100000, paid_online=True), metadata=metadata, timeout=10)
        # 15 calendar days.
        assert received.due_on == common.Date(year=2023, month=3, day=16)
        with pytest.raises(grpc.RpcError) as failure:
            stub.MoveDossier(licensing.MoveDossierRequest(
                request_id="d2", code=received.code, status=licensing.DOSSIER_STATUS_RESOLVED,
                on=common.Date(year=2023, month=3, day=2), result_licence="1/GP-IN"), metadata=metadata, timeout=10)
        assert failure.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert failure.value.details().startswith("status: a received dossier cannot become resolved")

        licence = stub.IssueLicence(licensing.IssueLicenceRequest(
            request_id="p1", kind=licensing.LICENCE_KIND_PRINTING_PRESS, number="1/GP-IN", holder_id=holder.id,
            issued_on=common.Date(year=2023, month=3, day=10), valid_until=common.Date(year=2028, month=3, day=10),
            content=licensing.LicenceContent(printing=licensing.PrintingContent(
                facility_name="In Đức Thịnh", address="Tổ 1, phường Đức Xuân", activities=["in offset"]))),
            metadata=metadata, timeout=10)
        sanction = stub.RecordSanction(licensing.RecordSanctionRequest(request_id="s1", sanction=licensing.Sanction(
            decision_number="05/QĐ-XPHC", decided_on=common.Date(year=2023, month=3, day=20), subject_id=holder.id,
            licence_id=licence.id, violated_provision="Khoản 2 Điều 12", fine_vnd=15000000,
            suspends_licence=True)), metadata=metadata, timeout=10)
        assert sanction.payment_status == licensing.PAYMENT_STATUS_UNPAID
        after = stub.GetLicence(licensing.GetLicenceRequest(id=licence.id), metadata=metadata, timeout=10)
        assert after.status == licensing.LICENCE_STATUS_SUSPENDED and after.current.decision_number == "05/QĐ-XPHC"

    assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), f"--python_out={tmp_path}",
                        f"--grpc_python_out={tmp_path}", "dic/common/v1/indicators.proto"]) == 0
    sys.path.insert(0, str(tmp_path))
    indicators = importlib.import_module("dic.common.v1.indicators_pb2")
    indicators_grpc = importlib.import_module("dic.common.v1.indicators_pb2_grpc")
    with grpc.insecure_channel(service) as channel:
        values = indicators_grpc.IndicatorsStub(channel).ComputeIndicators(indicators.ComputeIndicatorsRequest(
            codes=["licensing.dossiers_received", "licensing.online_dossier_rate"],
            period=common.Period(kind=common.PERIOD_KIND_QUARTER, year=2023, index=1)),
            metadata=metadata, timeout=10).values
        assert [(v.code, v.value) for v in values] == [
            ("licensing.dossiers_received", 1.0), ("licensing.online_dossier_rate", 100.0)]


def test_dicctl_imports_a_register_and_names_bad_lines(service, tmp_path):
    import json
    binary = os.environ.get("DIC_DICCTL_BIN") or str(swift_bin_path() / "dicctl")
    register = tmp_path / "register.csv"
    register.write_text(REGISTER, encoding="utf-8")

    def dicctl(*args):
        return subprocess.run([binary, "licensing", *args, "--address", service], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "DIC_TOKEN": ADMIN_TOKEN})
    checked = dicctl("import", str(register), "--dry-run", "--output", "json")
    assert checked.returncode == 1 and f"{register}:5: effective_on: '2023-02-30' is not a date" in checked.stdout
    assert json.loads(checked.stdout[checked.stdout.index("{"):])["imported"] == 2
    listed = json.loads(dicctl("list", "--output", "json").stdout)
    assert listed == []
    imported = dicctl("import", str(register))
    assert imported.returncode == 1 and "1 licences refused" in imported.stderr
    exported = tmp_path / "export.csv"
    assert dicctl("export", "--out", str(exported)).returncode == 0
    rows = exported.read_text(encoding="utf-8").splitlines()
    # The website's term ended on 2025-06-01: the import recorded its expiry the next day.
    assert [row.split(",")[2] for row in rows[1:]] == ["issue", "issue", "extend", "expire"]
    assert rows[4].split(",")[3] == "2025-06-02"
    holders = json.loads(dicctl("orgs", "list", "bac kan", "--output", "json").stdout)
    assert sorted(h["name"] for h in holders) == ["Báo Bắc Kạn", "Hội Nông dân tỉnh, Bắc Kạn"]
