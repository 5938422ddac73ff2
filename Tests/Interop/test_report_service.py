"""dic-aggregator over loopback with a standard client (grpcio), in front of the three real
services: the server-streamed generation, stored reports in every format, narratives, and clear
errors for bad requests."""
import importlib
import json
import os
import subprocess

import grpc
import pytest

from conftest import load_package, run_service, swift_bin_path

TOKEN = "report-admin-0123456789abcdef"


@pytest.fixture(scope="module")
def pb(tmp_path_factory):
    messages, stubs = load_package(tmp_path_factory.mktemp("reportgen"), ["report"], "report")
    return messages, stubs


@pytest.fixture
def aggregator(tmp_path, monkeypatch):
    """Each service with its own token, as tokens belong to the service that issued them; the
    aggregator is given each one (DIC_<SERVICE>_TOKEN)."""
    services = {}
    generators = []
    for name in ("licensing", "telecom", "dx"):
        generator = run_service(f"dic-{name}", tmp_path / name, f"{name}-only-0123456789abcdef")
        services[name] = next(generator)
        generators.append(generator)
        monkeypatch.setenv(f"DIC_{name.upper()}_ADDRESS", services[name])
        monkeypatch.setenv(f"DIC_{name.upper()}_TOKEN", f"{name}-only-0123456789abcdef")
    own = run_service("dic-aggregator", tmp_path / "aggregator", TOKEN)
    yield next(own)
    for generator in [own, *generators]:
        next(generator, None)  # stops the process and checks it exited cleanly


def test_a_generation_retried_with_its_request_id_is_answered_with_the_first_report(aggregator, pb, tmp_path):
    """A client that did not see its answer sends the request again: with the same request_id it
    gets the report the first call kept, at once, and the quarter has one draft, not two. dicctl
    sends an id of its own each run (--request-id to reuse one)."""
    report, report_grpc = pb
    metadata = [("authorization", f"Bearer {TOKEN}")]
    with grpc.insecure_channel(aggregator) as channel:
        stub = report_grpc.ReportsStub(channel)
        request = report.GenerateQuarterlyReportRequest(year=2023, quarter=2, request_id="retry-1")
        first = list(stub.GenerateQuarterlyReport(request, metadata=metadata, timeout=60))
        again = list(stub.GenerateQuarterlyReport(request, metadata=metadata, timeout=60))
        assert len(first) == 9 and first[-1].report.id == "2023-Q2-1"
        assert len(again) == 1 and again[0].report == first[-1].report
        with pytest.raises(grpc.RpcError) as failure:
            list(stub.GenerateQuarterlyReport(
                report.GenerateQuarterlyReportRequest(year=2023, quarter=3, request_id="retry-1"),
                metadata=metadata, timeout=60))
        assert failure.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert failure.value.details().startswith("request_id 'retry-1'")

        binary = os.environ.get("DIC_DICCTL_BIN") or str(swift_bin_path() / "dicctl")
        env = {**os.environ, "DIC_TOKEN": TOKEN}
        ids = []
        for request_id in ("run-1", "run-1", "run-2", None):
            args = [binary, "report", "quarterly", "--year", "2023", "--quarter", "2", "--out",
                    str(tmp_path / "q2.md"), "--format", "markdown", "--output", "json", "--address", aggregator]
            if request_id:
                args += ["--request-id", request_id]
            result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode in (0, 3), result.stderr
            ids.append(json.loads(result.stdout)["id"])
        assert ids == ["2023-Q2-2", "2023-Q2-2", "2023-Q2-3", "2023-Q2-4"], ids
        listed = stub.ListReports(report.ListReportsRequest(year=2023, quarter=2), metadata=metadata, timeout=10)
        assert [item.id for item in listed.reports] == ["2023-Q2-4", "2023-Q2-3", "2023-Q2-2", "2023-Q2-1"]


def test_generation_streams_progress_then_the_stored_report(aggregator, pb):
    report, report_grpc = pb
    metadata = [("authorization", f"Bearer {TOKEN}")]
    with grpc.insecure_channel(aggregator) as channel:
        stub = report_grpc.ReportsStub(channel)
        narrative = report.Narrative(year=2023, quarter=1, section="1", paragraphs=["Đoạn của Sở."])
        saved = stub.SaveNarrative(report.SaveNarrativeRequest(request_id="n-1", narrative=narrative),
                                   metadata=metadata, timeout=10)
        assert saved.updated_by == "bootstrap-admin" and list(saved.paragraphs) == ["Đoạn của Sở."]

        events = list(stub.GenerateQuarterlyReport(report.GenerateQuarterlyReportRequest(year=2023, quarter=1),
                                                   metadata=metadata, timeout=60))
        progress = [event.progress for event in events if event.HasField("progress")]
        assert [step.done for step in progress] == list(range(1, 9)) and all(step.ok for step in progress)
        assert events[-1].HasField("report")
        summary = events[-1].report
        assert summary.complete and summary.id == "2023-Q1-1"
        assert [source.service for source in summary.sources] == ["dic-licensing", "dic-telecom", "dic-dx"]
        assert all(source.version for source in summary.sources)

        document = stub.GetReport(report.GetReportRequest(id=summary.id, format=report.REPORT_FORMAT_JSON),
                                  metadata=metadata, timeout=10)
        model = json.loads(document.content)
        assert model["sections"][0]["narrative"] == ["Đoạn của Sở."]
        assert len(model["kpis"]) == 11 and document.content_type == "application/json"
        html = stub.GetReport(report.GetReportRequest(year=2023, quarter=1), metadata=metadata, timeout=10)
        assert html.format == report.REPORT_FORMAT_HTML and html.file_name == "bao-cao-quy-1-2023.html"
        assert b'<table id="kpi"' in html.content
        docx = stub.GetReport(report.GetReportRequest(id=summary.id, format=report.REPORT_FORMAT_DOCX),
                              metadata=metadata, timeout=10)
        assert docx.file_name == "bao-cao-quy-1-2023.docx" and docx.content.startswith(b"PK\x03\x04")
        assert docx.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

        listed = stub.ListReports(report.ListReportsRequest(year=2023), metadata=metadata, timeout=10)
        assert [item.id for item in listed.reports] == [summary.id]

        with pytest.raises(grpc.RpcError) as failure:
            list(stub.GenerateQuarterlyReport(report.GenerateQuarterlyReportRequest(year=2023, quarter=7),
                                              metadata=metadata, timeout=10))
        assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert failure.value.details().startswith("quarter: ")
        with pytest.raises(grpc.RpcError) as failure:
            stub.ListReports(report.ListReportsRequest(), timeout=10)
        assert failure.value.code() == grpc.StatusCode.UNAUTHENTICATED
