"""Shared fixtures for the interop tests: paths to our built executables and Python code generated
from our .proto files by the reference protoc (grpcio-tools)."""
import importlib
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


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

    args = ["protoc", f"-I{include}", f"--python_out={tmp}"] + protos
    if protoc.main(args) != 0:
        raise RuntimeError(f"protoc failed for {protos}")


@pytest.fixture(scope="session")
def conformance_pb2(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pygen")
    generate_python(tmp, ROOT / "Tests/ConformanceMessages/Protos", ["conformance/v1/everything.proto"])
    sys.path.insert(0, str(tmp))
    return importlib.import_module("conformance.v1.everything_pb2")
