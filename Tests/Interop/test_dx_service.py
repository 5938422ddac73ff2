"""dic-dx over loopback with a standard client (grpcio): figures recorded by an editor, rolled up
from counts (not averaged percentages), plan against result, and dicctl dx reading it."""
import importlib
import json
import os
import subprocess

import grpc
import pytest

from conftest import load_package, run_service, swift_bin_path

ADMIN_TOKEN = "dx-admin-0123456789abcdef"
FILES = ["plan", "records", "community", "dx"]


@pytest.fixture(scope="module")
def pb(tmp_path_factory):
    messages, stubs = load_package(tmp_path_factory.mktemp("dxgen"), FILES, "dx")
    return (messages, stubs, importlib.import_module("dic.common.v1.common_pb2"))


@pytest.fixture
def service(tmp_path):
    yield from run_service("dic-dx", tmp_path, ADMIN_TOKEN)


def test_figures_roll_up_from_counts_and_meet_the_plan(service, pb):
    dx, dx_grpc, common = pb
    metadata = [("authorization", f"Bearer {ADMIN_TOKEN}")]
    q1 = common.Period(kind=common.PERIOD_KIND_QUARTER, year=2023, index=1)

    def figure(code, unit, numerator, denominator):
        return dx.Measurement(indicator_code=code, unit_code=unit, period=q1, numerator=numerator,
                              denominator=denominator)
    with grpc.insecure_channel(service) as channel:
        stub = dx_grpc.DigitalTransformationStub(channel)
        recorded = stub.RecordMeasurements(dx.RecordMeasurementsRequest(measurements=[
            figure("dx.online_dossier_rate", "06.058.01", 1, 10),
            figure("dx.online_dossier_rate", "06.058.02", 900, 1000)]), metadata=metadata, timeout=10)
        assert [m.revision for m in recorded.measurements] == [1, 1]
        assert recorded.measurements[0].entered_by == "bootstrap-admin"
        rolled = stub.RollUp(dx.RollUpRequest(indicator_code="dx.online_dossier_rate", period=q1, unit_code="06"),
                             metadata=metadata, timeout=10)
        # 901 of 1,010: the average of 10 % and 90 % would be 50 %.
        assert (rolled.numerator, rolled.denominator, rolled.units) == (901, 1010, 2)
        assert round(rolled.value, 2) == 89.21

        with pytest.raises(grpc.RpcError) as failure:
            stub.RecordMeasurements(dx.RecordMeasurementsRequest(measurements=[
                figure("dx.online_dossier_rate", "06.058.01", 11, 10)]), metadata=metadata, timeout=10)
        assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert failure.value.details().startswith("measurements[0].numerator: ")

    binary = os.environ.get("DIC_DICCTL_BIN") or str(swift_bin_path() / "dicctl")
    results = subprocess.run([binary, "dx", "results", "--period", "2023-Q1", "--unit", "06", "--output", "json",
                              "--address", service], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "DIC_TOKEN": ADMIN_TOKEN})
    assert results.returncode == 0, results.stderr
    by_code = {line["code"]: line for line in json.loads(results.stdout)}
    assert len(by_code) == 15
    assert by_code["dx.online_dossier_rate"]["verdict"] == "exceeded"
    assert by_code["dx.online_meeting_rate"]["verdict"] == "not_yet_measured"
    assert by_code["telecom.urban_underground_ratio"]["target"] == 25
