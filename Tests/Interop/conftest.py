"""Shared fixtures for the interop tests: paths to our built executables and Python code generated
from our .proto files by the reference protoc (grpcio-tools)."""
import importlib
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The services the tests start keep the Bắc Kạn 2023 demo units, as `make demo` does; a
# deployment names its own file (DIC_UNITS), and with none set a service starts with no units.
os.environ.setdefault("DIC_UNITS", "demo")


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
    generate_python(tmp, ROOT / "Tests/Shared/Codec/ConformanceMessages/Protos", ["conformance/v1/everything.proto"])
    sys.path.insert(0, str(tmp))
    return importlib.import_module("conformance.v1.everything_pb2")


def echo_server_path() -> pathlib.Path:
    configured = os.environ.get("DIC_ECHO_SERVER")
    if configured:
        return pathlib.Path(configured)
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True)
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


def run_service(executable: str, data_dir, admin_token: str, prefix=()):
    """Starts a DIC service executable on a free loopback port with authentication on and
    `admin_token` as the bootstrap token; yields its address and checks it stops cleanly.
    The binary is $DIC_<NAME>_BIN or the Swift build's (dic-licensing -> DIC_LICENSING_BIN);
    `prefix` runs it under another command (`taskset -c 0`)."""
    import os
    import socket
    import subprocess
    import threading
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        metrics_port = s.getsockname()[1]
    variable = "DIC_" + executable.removeprefix("dic-").upper() + "_BIN"
    binary = os.environ.get(variable) or str(swift_bin_path() / executable)
    env = {**os.environ, "DIC_DATA_DIR": str(data_dir), "DIC_LISTEN": "127.0.0.1:0",
           "DIC_METRICS_LISTEN": f"127.0.0.1:{metrics_port}", "DIC_ADMIN_TOKEN": admin_token}
    process = subprocess.Popen([*prefix, binary], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    address = None
    for line in process.stdout:
        if line.startswith("listening on "):
            address = line.split()[-1]
            break
    assert address, process.stderr.read()
    # Keep draining the call log so the service never blocks on a full pipe.
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    yield address
    process.terminate()
    assert process.wait(timeout=20) == 0


def load_package(tmp, files, package: str):
    """Compiles the .proto files of one dic package (with the common ones) and returns one
    namespace holding every message and enum of the package, and its _grpc module's last file."""
    import importlib
    import sys
    import types
    from grpc_tools import protoc
    assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), f"--python_out={tmp}",
                        f"--grpc_python_out={tmp}", "dic/common/v1/common.proto", "dic/common/v1/options.proto",
                        "dic/common/v1/indicators.proto",
                        *[f"dic/{package}/v1/{name}.proto" for name in files]]) == 0
    sys.path.insert(0, str(tmp))
    messages = types.SimpleNamespace()
    for name in files:
        module = importlib.import_module(f"dic.{package}.v1.{name}_pb2")
        for attribute in dir(module):
            if not attribute.startswith("_"):
                setattr(messages, attribute, getattr(module, attribute))
    return messages, importlib.import_module(f"dic.{package}.v1.{files[-1]}_pb2_grpc")
