"""Our HTTP/2 client against Python grpcio's server (the independent peer), one scenario each."""
import os
import pathlib
import subprocess

import pytest

import python_echo_server
from conftest import echo_server_path

SCENARIOS = ["unary-metadata", "server-streaming", "client-streaming", "bidirectional", "status-codes", "deadline",
             "cancel-mid-stream", "large-messages", "concurrency", "unimplemented"]


@pytest.fixture(scope="module")
def python_server(echo_pb2):
    server, port = python_echo_server.start(*echo_pb2)
    yield port
    server.stop(grace=1)


def interop_client():
    configured = os.environ.get("DIC_ECHO_INTEROP_CLIENT")
    return pathlib.Path(configured) if configured else echo_server_path().parent / "echo-interop-client"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_our_client_against_grpcio_server(python_server, scenario):
    result = subprocess.run([str(interop_client()), "--port", str(python_server), scenario], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"PASS {scenario}"
