"""The server's limits over real connections, against dic-licensing with small limits: the
connection cap, the request memory one connection may hold, and the request memory of the whole
service. Each refusal is RESOURCE_EXHAUSTED (or a closed connection, for the cap), counted in
grpc_server_limit_hits_total, and leaves other clients served."""
import os
import socket
import struct
import subprocess
import urllib.request

import grpc
import h2.events
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import swift_bin_path
from test_http2_abuse import RawClient, headers_of

TOKEN = "limits-admin-0123456789"
# A method without a request limit of its own: only the service's budgets decide here.
PATH = "/dic.licensing.v1.Licensing/GetLicence"


def start(tmp_path, **limits):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        metrics_port = s.getsockname()[1]
    env = {**os.environ, "DIC_DATA_DIR": str(tmp_path), "DIC_LISTEN": "127.0.0.1:0",
           "DIC_METRICS_LISTEN": f"127.0.0.1:{metrics_port}", "DIC_ADMIN_TOKEN": TOKEN,
           **{f"DIC_{name.upper()}": str(value) for name, value in limits.items()}}
    binary = os.environ.get("DIC_LICENSING_BIN") or str(swift_bin_path() / "dic-licensing")
    process = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    for line in process.stdout:
        if line.startswith("listening on "):
            address = line.split()[-1]
            break
    import threading
    threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
    return process, address, metrics_port


@pytest.fixture
def service(request, tmp_path):
    process, address, metrics_port = start(tmp_path, **request.param)
    yield address, metrics_port
    process.terminate()
    assert process.wait(timeout=20) == 0


def limit_hits(metrics_port, limit):
    text = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).read().decode()
    for line in text.splitlines():
        if line.startswith("grpc_server_limit_hits_total") and f'limit="{limit}"' in line:
            return float(line.split()[-1])
    return 0.0


def healthy(address):
    with grpc.insecure_channel(address) as channel:
        answer = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
        return answer.status == health_pb2.HealthCheckResponse.SERVING


def connected(port):
    """A raw client whose connection the server has taken (its SETTINGS arrived)."""
    client = RawClient(port)
    client.pump(seconds=5, until=lambda ev: any(isinstance(e, h2.events.RemoteSettingsChanged) for e in ev)
                and any(isinstance(e, h2.events.WindowUpdated) and e.stream_id == 0 for e in ev))
    return client


def partial(client, announced, sent):
    """Opens a call whose message announces `announced` bytes and sends `sent` of them."""
    stream = client.request(PATH, extra=[("authorization", f"Bearer {TOKEN}")])
    data = struct.pack(">BI", 0, announced) + b"\x0a" * sent
    size = client.conn.max_outbound_frame_size
    for offset in range(0, len(data), size):
        client.conn.send_data(stream, data[offset:offset + size])
    client.flush()
    return stream


def answer(client, stream, seconds=5):
    client.pump(seconds=seconds, until=lambda ev: any(
        isinstance(e, (h2.events.StreamEnded, h2.events.StreamReset)) and e.stream_id == stream for e in ev))
    blocks = client.of(h2.events.TrailersReceived, stream) or client.of(h2.events.ResponseReceived, stream)
    return headers_of(blocks[-1]) if blocks else {}


@pytest.mark.parametrize("service", [{"max_connections": 3}], indirect=True)
def test_connections_past_the_cap_are_closed_counted_and_the_next_one_served(service):
    address, metrics_port = service
    port = int(address.rsplit(":", 1)[1])
    held = [connected(port) for _ in range(3)]
    assert all(not client.closed for client in held)
    extra = RawClient(port)
    extra.pump(seconds=5, until=lambda ev: False)
    assert extra.closed, "a connection past the cap stayed open"
    assert limit_hits(metrics_port, "max_connections") >= 1
    held.pop().close()
    # The server notices the close on its own loop: the next connection may race it, so try a few.
    for _ in range(50):
        try:
            if healthy(address):
                break
        except grpc.RpcError:
            continue
    else:
        pytest.fail("no connection was served after one of the held ones closed")
    for client in held:
        client.close()


@pytest.mark.parametrize("service", [{"max_message_bytes": 1 << 20, "max_connection_buffered_bytes": 2 << 20,
                                      "max_buffered_bytes": 3 << 20}], indirect=True)
def test_request_memory_is_bounded_per_connection_and_per_service(service):
    address, metrics_port = service
    port = int(address.rsplit(":", 1)[1])
    first = connected(port)
    # A message's buffer is reserved whole once it is under way: 2 x 900 KiB of the connection's 2 MiB.
    held = [partial(first, 900 << 10, 800 << 10) for _ in range(2)]
    third = partial(first, 900 << 10, 800 << 10)
    refused = answer(first, third)
    assert refused.get("grpc-status") == "8", refused
    assert all(not first.of(h2.events.StreamEnded, stream) for stream in held), "the calls within budget went on"
    assert limit_hits(metrics_port, "max_connection_buffered_bytes") >= 1
    assert healthy(address)  # another connection is served meanwhile

    # The service as a whole: 1.8 MiB held above, 0.9 MiB more here fits in 3 MiB, the next does not.
    second = connected(port)
    partial(second, 900 << 10, 800 << 10)
    over = answer(second, partial(second, 900 << 10, 800 << 10))
    assert over.get("grpc-status") == "8", over
    assert limit_hits(metrics_port, "max_buffered_bytes") >= 1
    assert healthy(address)

    # Memory comes back: once the first connection goes, its 1.8 MiB is free for others. The
    # server notices the close on its own loop, so a call may still be refused for a moment.
    first.close()
    for _ in range(50):
        client = connected(port)
        stream = partial(client, 950 << 10, 900 << 10)
        rest = b"\x0a" * (50 << 10)
        for offset in range(0, len(rest), 16384):
            client.conn.send_data(stream, rest[offset:offset + 16384], end_stream=offset + 16384 >= len(rest))
        client.flush()
        status = answer(client, stream).get("grpc-status")
        client.close()
        if status != "8":  # held, completed and then read (the bytes are no request: INVALID_ARGUMENT)
            assert status == "3"
            break
    else:
        pytest.fail("memory held by a closed connection never came back")
    second.close()


@pytest.mark.parametrize("service", [{"max_message_bytes": 1 << 20, "max_connection_buffered_bytes": 2 << 20}],
                         indirect=True)
def test_a_connection_refused_for_memory_again_and_again_is_closed(service):
    """A flood: calls refused for memory, replaced at once. Past 64 refusals the connection is
    closed with GOAWAY ENHANCE_YOUR_CALM, so one client cannot keep the server reading its data."""
    address, metrics_port = service
    port = int(address.rsplit(":", 1)[1])
    client = connected(port)
    for _ in range(2):
        partial(client, 900 << 10, 800 << 10)  # the connection's budget, nearly all of it
    refused = 0
    while refused <= 64 and not client.of(h2.events.ConnectionTerminated):
        stream = partial(client, 1 << 20, 32 << 10)  # reserves the whole message: refused
        if answer(client, stream).get("grpc-status") == "8":
            refused += 1
        if client.of(h2.events.ConnectionTerminated):
            break
        client.conn.reset_stream(stream)
        client.flush()
    client.pump(seconds=5, until=lambda ev: any(isinstance(e, h2.events.ConnectionTerminated) for e in ev))
    goaway = client.of(h2.events.ConnectionTerminated)
    assert goaway and goaway[0].error_code == 11 and goaway[0].additional_data == b"too_many_refused_requests"
    assert refused == 64
    assert limit_hits(metrics_port, "max_memory_refusals") == 1
    client.close()
    assert healthy(address)
