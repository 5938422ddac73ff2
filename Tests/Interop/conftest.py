"""Shared fixtures for the interop tests: paths to our built executables and Python code generated
from our .proto files by the reference protoc (grpcio-tools)."""
import importlib
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def well_known_include() -> str:
    """grpc_tools' copy of google/protobuf/*.proto, which protoc.main does not add by itself."""
    import importlib.resources

    return f"-I{importlib.resources.files('grpc_tools') / '_proto'}"


def swift_bin_path() -> pathlib.Path:
    configured = os.environ.get("DIC_SWIFT_BIN")
    if configured:
        return pathlib.Path(configured)
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True)
    return pathlib.Path(out.stdout.strip())


@pytest.fixture(scope="session")
def swift_bin() -> pathlib.Path:
    return swift_bin_path()


def generate_python(tmp: pathlib.Path, include: pathlib.Path, protos: list[str]) -> None:
    from grpc_tools import protoc  # the reference compiler, independent of ours

    args = ["protoc", f"-I{include}", well_known_include(), f"--python_out={tmp}"] + protos
    if protoc.main(args) != 0:
        raise RuntimeError(f"protoc failed for {protos}")


@pytest.fixture(scope="session")
def conformance_pb2(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pygen")
    generate_python(tmp, ROOT / "Tests/ConformanceMessages/Protos", ["conformance/v1/everything.proto"])
    sys.path.insert(0, str(tmp))
    return importlib.import_module("conformance.v1.everything_pb2")


def echo_server_path() -> pathlib.Path:
    configured = os.environ.get("DIC_ECHO_SERVER")
    if configured:
        return pathlib.Path(configured)
    out = subprocess.run(["swift", "build", "--package-path", "Benchmarks", "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return pathlib.Path(out.stdout.strip()) / "echo-server"


class RunningServer:
    """An echo-server process on a free loopback port."""

    def __init__(self, *args):
        self.process = subprocess.Popen([str(echo_server_path()), "--port", "0", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            self.process.kill()
            raise RuntimeError(f"echo-server did not start: {line!r} {self.process.stderr.read()}")
        self.address = line.split()[-1]
        self.port = int(self.address.rsplit(":", 1)[1])

    def stop(self, timeout=15):
        """SIGTERM, then the exit code (the server drains and exits on its own)."""
        self.process.send_signal(15)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


@pytest.fixture(scope="module")
def echo_server():
    server = RunningServer("--threads", "2")
    yield server
    assert server.stop() == 0, "echo-server did not exit cleanly on SIGTERM"


@pytest.fixture(scope="session")
def echo_pb2(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("echogen")
    from grpc_tools import protoc

    if protoc.main(["protoc", f"-I{ROOT / 'Protos'}", f"--python_out={tmp}", f"--grpc_python_out={tmp}",
                    "bench/echo.proto"]) != 0:
        raise RuntimeError("protoc failed for echo.proto")
    sys.path.insert(0, str(tmp))
    return importlib.import_module("bench.echo_pb2"), importlib.import_module("bench.echo_pb2_grpc")
