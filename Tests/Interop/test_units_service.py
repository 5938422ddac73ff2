"""dic-units, the smallest real service on the shared runtime, driven as a process from Python:
grpcio calls, the runtime's health, reflection, /metrics and /healthz, graceful shutdown under load,
and the crash test (SIGKILL at random moments; every acknowledged write survives, none twice)."""
import concurrent.futures
import importlib
import os
import pathlib
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import ROOT, swift_bin_path, well_known_include

HEADER = "code,official_code,name,level,parent_code,valid_from,valid_to,placeholder,source"


@pytest.fixture(scope="module")
def units_pb2(tmp_path_factory):
    from grpc_tools import protoc

    tmp = tmp_path_factory.mktemp("unitsgen")
    assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), f"--python_out={tmp}", f"--grpc_python_out={tmp}",
                        "dic/common/v1/common.proto", "dic/common/v1/options.proto",
                        "dic/common/v1/admin_units.proto"]) == 0
    sys.path.insert(0, str(tmp))
    return (importlib.import_module("dic.common.v1.admin_units_pb2"),
            importlib.import_module("dic.common.v1.admin_units_pb2_grpc"),
            importlib.import_module("dic.common.v1.common_pb2"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class UnitsService:
    def __init__(self, data_dir, grpc_port=0, env=None):
        """Auth is off unless `env` turns it on: most tests here are about the data, not tokens."""
        self.data_dir = data_dir
        self.metrics_port = free_port()
        binary = os.environ.get("DIC_UNITS_BIN") or str(swift_bin_path() / "dic-units")
        env = {**os.environ, "DIC_DATA_DIR": str(data_dir), "DIC_LISTEN": f"127.0.0.1:{grpc_port}",
               "DIC_METRICS_LISTEN": f"127.0.0.1:{self.metrics_port}", "DIC_LOG_FORMAT": "json", "DIC_AUTH": "off", **(env or {})}
        self.process = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.log = []
        for line in self.process.stdout:
            self.log.append(line)
            if line.startswith("listening on "):
                self.address = line.split()[-1]
                # Keep reading: the service logs a line per call, and a full pipe would block it.
                threading.Thread(target=self._drain, daemon=True).start()
                return
        raise RuntimeError(f"dic-units did not start: {self.process.stderr.read()}")

    def _drain(self):
        for line in self.process.stdout:
            self.log.append(line)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)


@pytest.fixture
def service(tmp_path):
    running = UnitsService(tmp_path)
    yield running
    if running.process.poll() is None:
        assert running.stop() == 0


def test_grpcio_client_lists_searches_and_resolves(service, units_pb2):
    pb, pb_grpc, common = units_pb2
    q1 = common.Date(year=2023, month=3, day=31)
    with grpc.insecure_channel(service.address) as channel:
        stub = pb_grpc.AdminUnitsStub(channel)
        districts = stub.ListChildren(pb.ListChildrenRequest(parent_code="06", as_of=q1), timeout=10)
        assert len(districts.units) == 8 and districts.page.total_size == 8
        found = stub.SearchAdminUnits(pb.SearchAdminUnitsRequest(query="bac kan", as_of=q1), timeout=10)
        assert [u.name for u in found.units] == ["Thành phố Bắc Kạn", "Tỉnh Bắc Kạn"]
        ancestor = stub.GetAncestor(pb.AncestorRequest(code="06.064.08", level=common.ADMIN_LEVEL_DISTRICT, as_of=q1),
                                    timeout=10)
        assert ancestor.name == "Huyện Chợ Đồn"
        with pytest.raises(grpc.RpcError) as failure:
            stub.GetAdminUnit(pb.GetAdminUnitRequest(code="nope"), timeout=10)
        assert failure.value.code() == grpc.StatusCode.NOT_FOUND
        assert "nope" in failure.value.details()


def test_runtime_health_reflection_metrics_and_healthz(service, units_pb2):
    pb, pb_grpc, _ = units_pb2
    with grpc.insecure_channel(service.address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for name in ["", "dic.common.v1.AdminUnits"]:
            assert health.Check(health_pb2.HealthCheckRequest(service=name), timeout=5).status == \
                health_pb2.HealthCheckResponse.SERVING
        from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
        database = ProtoReflectionDescriptorDatabase(channel)
        assert "dic.common.v1.AdminUnits" in database.get_services()
        assert database.FindFileContainingSymbol("dic.common.v1.AdminUnits").name == "dic/common/v1/admin_units.proto"
        pb_grpc.AdminUnitsStub(channel).GetAdminUnit(pb.GetAdminUnitRequest(code="06"), timeout=5)
    base = f"http://127.0.0.1:{service.metrics_port}"
    assert urllib.request.urlopen(base + "/healthz", timeout=5).read() == b"ok\n"
    metrics = urllib.request.urlopen(base + "/metrics", timeout=5).read().decode()
    assert 'rpc_server_calls_total{service="dic.common.v1.AdminUnits",method="GetAdminUnit",status="OK"} 1' in metrics
    assert 'db_operation_duration_seconds_count{kind="write"}' in metrics  # the seed data went in one write
    assert "grpc_server_connections" in metrics


def test_sigterm_under_load_completes_or_refuses_and_exits(service, units_pb2):
    pb, pb_grpc, _ = units_pb2
    channel = grpc.insecure_channel(service.address)
    stub = pb_grpc.AdminUnitsStub(channel)
    stub.GetAdminUnit(pb.GetAdminUnitRequest(code="06"), timeout=5)
    outcomes = []

    def call(_):
        try:
            stub.ListChildren(pb.ListChildrenRequest(parent_code="06.064"), timeout=15)
            return "ok"
        except grpc.RpcError as error:
            return error.code().name

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        futures = [pool.submit(call, i) for i in range(200)]
        time.sleep(0.02)
        started = time.monotonic()
        service.process.send_signal(signal.SIGTERM)
        outcomes = [f.result(timeout=20) for f in futures]  # none hangs
    assert service.process.wait(timeout=15) == 0
    assert time.monotonic() - started < 12, "the service did not exit within its grace period"
    assert set(outcomes) <= {"ok", "UNAVAILABLE"}, outcomes
    assert "ok" in outcomes
    channel.close()


def test_acknowledged_writes_survive_sigkill_and_none_applies_twice(tmp_path, units_pb2):
    """Eight clients at once import one new unit per request, each with its own request id, so that
    writes share commits (group commit); the service is killed with SIGKILL at random moments and
    restarted. An unacknowledged request is retried with the same id. At the end every acknowledged
    unit is present and no request was applied twice."""
    import threading
    pb, pb_grpc, _ = units_pb2
    rng = random.Random(20230331)
    acknowledged, applied_responses = set(), {}
    state = {"sent": 0}
    guard = threading.Lock()
    for round_number in range(4):
        service = UnitsService(tmp_path)
        channel = grpc.insecure_channel(service.address)
        stub = pb_grpc.AdminUnitsStub(channel)
        kill_at = time.monotonic() + rng.uniform(0.3, 1.2)
        with guard:
            pending = [n for n in range(state["sent"]) if n not in acknowledged]  # retry what was never answered
        failures = []

        def client():
            while time.monotonic() < kill_at:
                with guard:
                    if pending:
                        n = pending.pop()
                    else:
                        n = state["sent"]
                        state["sent"] += 1
                csv = f"{HEADER}\n06.064.c{n},,Xã Thử {n},commune,06.064,2024-01-01,,false,crash test\n"
                try:
                    response = stub.ImportAdminUnits(
                        iter([pb.ImportAdminUnitsRequest(request_id=f"crash-{n}", csv=csv)]), timeout=5)
                except grpc.RpcError:
                    continue
                with guard:
                    if response.errors or applied_responses.setdefault(n, response) != response:
                        failures.append((n, response))
                    acknowledged.add(n)

        clients = [threading.Thread(target=client) for _ in range(8)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        service.process.send_signal(signal.SIGKILL)
        service.process.wait(timeout=10)
        channel.close()
        assert not failures, f"a request failed or was applied again: {failures[:3]}"
    assert len(acknowledged) > 20, "too few writes to mean anything"
    final = UnitsService(tmp_path)
    try:
        with grpc.insecure_channel(final.address) as channel:
            stub = pb_grpc.AdminUnitsStub(channel)
            units = stub.SearchAdminUnits(pb.SearchAdminUnitsRequest(query="xa thu", page={"page_size": 1000}),
                                          timeout=10).units
            codes = sorted(u.code for u in units if u.code.startswith("06.064.c"))
            assert len(codes) == len(set(codes))
            present = {int(code.rsplit(".c", 1)[1]) for code in codes}
            assert acknowledged <= present, f"lost acknowledged writes: {sorted(acknowledged - present)[:10]}"
            for n in sorted(acknowledged)[:20]:  # a retry of an applied request changes nothing
                csv = f"{HEADER}\n06.064.c{n},,Xã Thử {n},commune,06.064,2024-01-01,,false,crash test\n"
                again = stub.ImportAdminUnits(iter([pb.ImportAdminUnitsRequest(request_id=f"crash-{n}", csv=csv)]), timeout=5)
                assert again == applied_responses[n]
    finally:
        assert final.stop() == 0
