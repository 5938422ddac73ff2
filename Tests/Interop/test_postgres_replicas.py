"""dic-licensing as stateless replicas in front of one PostgreSQL (issue 20), over loopback with a
standard client (grpcio): two replicas started together share the schema, concurrent writers and
retries across replicas leave every acknowledged licence exactly once with one unbroken audit
chain, `kill -9` of a replica loses nothing acknowledged, and a database outage under load gives
UNAVAILABLE and NOT_SERVING, then the service carries on by itself."""
import itertools
import os
import signal
import subprocess
import threading
import time

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import ROOT, load_package, swift_bin_path, well_known_include
from pg_server import PostgresServer

ADMIN_TOKEN = "replica-admin-0123456789"
METADATA = [("authorization", f"Bearer {ADMIN_TOKEN}")]


@pytest.fixture(scope="module")
def pb(tmp_path_factory):
    import importlib
    tmp = tmp_path_factory.mktemp("replicagen")
    messages, stubs = load_package(
        tmp, ["licences", "dossiers", "enforcement", "register", "licensing"], "licensing")
    from grpc_tools import protoc
    assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), f"--python_out={tmp}",
                        f"--grpc_python_out={tmp}", "dic/common/v1/audit.proto"]) == 0
    audit = importlib.import_module("dic.common.v1.audit_pb2")
    audit_grpc = importlib.import_module("dic.common.v1.audit_pb2_grpc")
    return messages, stubs, importlib.import_module("dic.common.v1.common_pb2"), audit, audit_grpc


@pytest.fixture
def postgres(tmp_path):
    server = PostgresServer(tmp_path / "pg").start()
    server.create_database("licensing")
    yield server
    # A test that failed midway leaves its replicas running: none outlives the test.
    for replica in Replica.started:
        if replica.process.poll() is None:
            replica.process.kill()
            replica.process.wait(timeout=10)
    Replica.started.clear()
    server.stop()


class Replica:
    """One dic-licensing process on the shared database; the audit checkpoint key is shared too,
    as a Kubernetes Secret would be."""

    started = []

    def __init__(self, postgres, tmp_path, name, shared_key=True):
        # Not made here: on PostgreSQL the service makes its data directory itself (for its
        # checkpoint key, when it has none shared, and backups).
        data = tmp_path / name / "data"
        env = {**os.environ, "DIC_DATA_DIR": str(data), "DIC_LISTEN": "127.0.0.1:0", "DIC_METRICS_LISTEN": "off",
               "DIC_ADMIN_TOKEN": ADMIN_TOKEN, "DIC_DATABASE_URL": postgres.url("licensing"),
               "DIC_DATABASE_CONNECT_TIMEOUT": "2", "DIC_LOG_LEVEL": "warning"}
        if shared_key:
            key = tmp_path / "audit.key"
            if not key.exists():
                key.write_bytes(os.urandom(32))
                key.chmod(0o600)
            env["DIC_AUDIT_KEY_FILE"] = str(key)
        binary = os.environ.get("DIC_LICENSING_BIN") or str(swift_bin_path() / "dic-licensing")
        self.log = open(tmp_path / f"{name}.log", "w", buffering=1)
        self.process = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)
        Replica.started.append(self)
        self.address = None

    def wait_listening(self):
        for line in self.process.stdout:
            if line.startswith("listening on "):
                self.address = line.split()[-1]
                break
        assert self.address, f"the replica did not start; see {self.log.name}"
        # The service logs to standard output: kept in the replica's log file for a failure's story.
        threading.Thread(target=lambda: [self.log.write(line) for line in self.process.stdout], daemon=True).start()
        return self

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            assert self.process.wait(timeout=20) == 0
        self.log.close()


def issue(stub, licensing, common, holder_id, request_id, number):
    return stub.IssueLicence(licensing.IssueLicenceRequest(
        request_id=request_id, kind=licensing.LICENCE_KIND_WEBSITE, number=number, holder_id=holder_id,
        issued_on=common.Date(year=2023, month=1, day=5), valid_until=common.Date(year=2028, month=1, day=5),
        content=licensing.LicenceContent(website=licensing.WebsiteContent(
            domains=[f"{request_id}.example.vn"], responsible_person="Nguyễn Văn A", server_location="Bắc Kạn",
            server_in_vietnam=True))), metadata=METADATA, timeout=10)


def holder(stub, licensing):
    return stub.CreateOrganisation(licensing.CreateOrganisationRequest(
        request_id="holder", organisation=licensing.Organisation(name="Báo Bắc Kạn")), metadata=METADATA,
        timeout=10).id


def stored_licences(postgres):
    rows = postgres.psql("SELECT id, number FROM licences", database="licensing").split()
    return [tuple(row.split("|")) for row in rows]


def verify_audit(address, audit, audit_grpc):
    with grpc.insecure_channel(address) as channel:
        return audit_grpc.AuditStub(channel).VerifyAudit(audit.VerifyAuditRequest(), metadata=METADATA, timeout=30)


def test_two_replicas_with_concurrent_writers_and_retries_across_them(postgres, tmp_path, pb):
    licensing, licensing_grpc, common, audit, audit_grpc = pb
    # Started together: one migrates, the other waits for it and finds nothing to do.
    replicas = [Replica(postgres, tmp_path, "a"), Replica(postgres, tmp_path, "b")]
    for replica in replicas:
        replica.wait_listening()
    channels = [grpc.insecure_channel(replica.address) for replica in replicas]
    stubs = [licensing_grpc.LicensingStub(channel) for channel in channels]
    holder_id = holder(stubs[0], licensing)
    acknowledged = {}
    lock = threading.Lock()
    failures = []

    def writer(worker):
        for index in range(20):
            request_id = f"w{worker}-{index}"
            first = issue(stubs[(worker + index) % 2], licensing, common, holder_id, request_id, f"{request_id}/GP")
            # The client did not hear back, say, and retries on the other replica: the same licence.
            again = issue(stubs[(worker + index + 1) % 2], licensing, common, holder_id, request_id,
                          f"{request_id}/GP")
            if again.id != first.id:
                failures.append((request_id, first.id, again.id))
            with lock:
                acknowledged[request_id] = first.id

    threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(acknowledged) == 160
    stored = stored_licences(postgres)
    assert sorted(licence_id for licence_id, _ in stored) == sorted(acknowledged.values())  # each exactly once
    for replica in replicas:
        verified = verify_audit(replica.address, audit, audit_grpc)
        assert verified.intact, verified.problem
        assert verified.records_checked >= 161  # the holder and every licence, whichever replica wrote it
    for channel in channels:
        channel.close()
    for replica in replicas:
        replica.stop()


def test_kill_minus_nine_of_one_replica_loses_nothing_acknowledged(postgres, tmp_path, pb):
    licensing, licensing_grpc, common, audit, audit_grpc = pb
    victim = Replica(postgres, tmp_path, "victim").wait_listening()
    survivor = Replica(postgres, tmp_path, "survivor").wait_listening()
    channels = [grpc.insecure_channel(victim.address), grpc.insecure_channel(survivor.address)]
    stubs = [licensing_grpc.LicensingStub(channel) for channel in channels]
    holder_id = holder(stubs[1], licensing)
    acknowledged = {}
    lock = threading.Lock()
    counter = itertools.count()
    killed = threading.Event()

    def writer(worker):
        for index in range(40):
            request_id = f"k{worker}-{index}"
            stub = stubs[(worker + index) % 2]
            try:
                licence = issue(stub, licensing, common, holder_id, request_id, f"{request_id}/GP")
            except grpc.RpcError as error:
                # Only the killed replica may fail, and only once it is gone.
                assert stub is stubs[0] and killed.is_set(), error
                continue
            with lock:
                acknowledged[licence.id] = request_id
            if next(counter) == 60:
                victim.process.send_signal(signal.SIGKILL)
                killed.set()

    threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert victim.process.wait(timeout=10) == -signal.SIGKILL
    assert killed.is_set() and len(acknowledged) > 60
    stored = dict(stored_licences(postgres))
    assert set(acknowledged) <= set(stored)  # every acknowledged write is there
    assert len(stored) == len(set(stored))
    # What the victim had in flight is there whole (with its audit record) or not at all.
    unaudited = postgres.psql(
        "SELECT COUNT(*) FROM licences l WHERE NOT EXISTS "
        "(SELECT 1 FROM audit_log a WHERE a.entity = 'licence:' || l.id)", database="licensing").strip()
    assert unaudited == "0"
    verified = verify_audit(survivor.address, audit, audit_grpc)
    assert verified.intact, verified.problem
    for channel in channels:
        channel.close()
    victim.log.close()
    survivor.stop()


def test_a_database_outage_under_load_is_unavailable_then_over(postgres, tmp_path, pb):
    licensing, licensing_grpc, common, audit, audit_grpc = pb
    replica = Replica(postgres, tmp_path, "r", shared_key=False).wait_listening()
    channel = grpc.insecure_channel(replica.address)
    stub = licensing_grpc.LicensingStub(channel)
    health = health_pb2_grpc.HealthStub(channel)
    holder_id = holder(stub, licensing)
    codes = []
    acknowledged = set()
    stop = threading.Event()

    def writer(worker):
        for index in itertools.count():
            if stop.is_set():
                return
            request_id = f"o{worker}-{index}"
            try:
                acknowledged.add(issue(stub, licensing, common, holder_id, request_id, f"{request_id}/GP").id)
                codes.append(grpc.StatusCode.OK)
            except grpc.RpcError as error:
                codes.append(error.code())

    def status():
        return health.Check(health_pb2.HealthCheckRequest(service=""), timeout=5).status

    def wait_for(condition, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.1)
        return False

    threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    assert wait_for(lambda: codes.count(grpc.StatusCode.OK) >= 20)
    postgres.stop()
    down_from = len(codes)
    assert wait_for(lambda: status() == health_pb2.HealthCheckResponse.NOT_SERVING)
    assert wait_for(lambda: grpc.StatusCode.UNAVAILABLE in codes[down_from:])
    postgres.resume()
    assert wait_for(lambda: status() == health_pb2.HealthCheckResponse.SERVING)
    back_from = len(codes)
    assert wait_for(lambda: codes[back_from:].count(grpc.StatusCode.OK) >= 20)
    stop.set()
    for thread in threads:
        thread.join()
    # Every failure said "try again", never INTERNAL; the replica never exited.
    assert set(codes) <= {grpc.StatusCode.OK, grpc.StatusCode.UNAVAILABLE}, set(codes)
    assert replica.process.poll() is None
    stored = {licence_id for licence_id, _ in stored_licences(postgres)}
    assert acknowledged <= stored
    verified = verify_audit(replica.address, audit, audit_grpc)
    assert verified.intact, verified.problem
    channel.close()
    replica.stop()
