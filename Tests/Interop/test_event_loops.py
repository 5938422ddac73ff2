"""A service runs one event loop per processor it may run on: pinned to one core (taskset, systemd's
CPUAffinity=), it serves from one loop, not from a loop per core of the machine taking turns on it;
and no loops beside those (its database and its metrics listener use them too)."""
import os
import pathlib
import shutil
import urllib.request

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import run_service


def thread_names(pid: int) -> list[str]:
    return [(task / "comm").read_text().strip() for task in pathlib.Path(f"/proc/{pid}/task").iterdir()]


def server_loops(pid: int) -> int:
    """The threads of the server's own event-loop group (NIO names them NIO-ELT-<group>-#<n>)."""
    return sum(1 for name in thread_names(pid) if name.startswith("NIO-ELT-"))


def service_pid(address: str) -> int:
    """The process listening on `address` (the only dic-licensing this test started)."""
    port = int(address.rsplit(":", 1)[1])
    inode = None
    for line in pathlib.Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":  # LISTEN
            inode = fields[9]
    assert inode, f"nothing listens on {address}"
    for process in pathlib.Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            for fd in (process / "fd").iterdir():
                if os.readlink(fd) == f"socket:[{inode}]":
                    return int(process.name)
        except (PermissionError, FileNotFoundError):
            continue
    raise AssertionError(f"no process holds the socket of {address}")


@pytest.mark.skipif(shutil.which("taskset") is None or len(os.sched_getaffinity(0)) < 2,
                    reason="needs taskset and two processors to tell one loop from one per core")
def test_a_service_pinned_to_one_core_serves_from_one_event_loop(tmp_path):
    core = min(os.sched_getaffinity(0))
    service = run_service("dic-licensing", tmp_path, "loops-admin-token", prefix=("taskset", "-c", str(core)))
    address = next(service)
    try:
        pid = service_pid(address)
        assert os.sched_getaffinity(pid) == {core}
        assert server_loops(pid) == 1
        with grpc.insecure_channel(address) as channel:
            answer = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
            assert answer.status == health_pb2.HealthCheckResponse.SERVING
    finally:
        next(service, None)


def test_an_unpinned_service_has_a_loop_per_processor_up_to_four(tmp_path):
    service = run_service("dic-licensing", tmp_path, "loops-admin-token")
    address = next(service)
    try:
        loops = server_loops(service_pid(address))
        assert 1 <= loops <= min(4, len(os.sched_getaffinity(0)))
    finally:
        next(service, None)


def test_a_service_starts_no_event_loops_beside_its_own(tmp_path):
    """NIO's shared group (threads NIO-SGLTN-*, one per core) is never started: the SQLite connections
    and the /metrics listener run on the server's loops."""
    service = run_service("dic-licensing", tmp_path, "loops-admin-token")
    address = next(service)
    try:
        pid = service_pid(address)
        with grpc.insecure_channel(address) as channel:
            health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
        metrics = [line for line in (pathlib.Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"))
                   if line.startswith(b"DIC_METRICS_LISTEN=")]
        listen = metrics[0].split(b"=", 1)[1].decode()
        with urllib.request.urlopen(f"http://{listen}/metrics", timeout=5) as answer:
            assert answer.status == 200
        assert [name for name in thread_names(pid) if name.startswith("NIO-SGLTN")] == []
        assert server_loops(pid) >= 1
    finally:
        next(service, None)
