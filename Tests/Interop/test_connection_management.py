"""Connection management with real peers: keepalive, maximum connection age, graceful shutdown."""
import socket
import time

import grpc
import h2.config
import h2.connection
import h2.events

from conftest import RunningServer


def test_keepalive_closes_a_peer_that_never_answers_pings():
    server = RunningServer("--threads", "1", "--keepalive-interval-ms", "200", "--keepalive-timeout-ms", "200")
    try:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        time.sleep(1.0)  # silent, not reading: the server's ping goes unanswered
        received = b""
        sock.settimeout(3)
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        events = conn.receive_data(received)
        assert any(isinstance(e, h2.events.PingReceived) for e in events), "the server never pinged"
        sock.close()
    finally:
        assert server.stop() == 0


def test_keepalive_keeps_a_peer_that_answers(echo_pb2):
    pb, pb_grpc = echo_pb2
    server = RunningServer("--threads", "1", "--keepalive-interval-ms", "200", "--keepalive-timeout-ms", "500")
    try:
        with grpc.insecure_channel(server.address) as channel:
            stub = pb_grpc.EchoStub(channel)
            assert stub.Get(pb.EchoRequest(text="a"), timeout=5).text == "a"
            time.sleep(1.2)  # several keepalive rounds, each answered by grpcio
            call = stub.Get.with_call(pb.EchoRequest(text="b"), timeout=5)
            assert call[0].text == "b"
    finally:
        assert server.stop() == 0


def test_max_connection_age_sends_goaway_and_clients_reconnect(echo_pb2):
    pb, pb_grpc = echo_pb2
    server = RunningServer("--threads", "1", "--max-connection-age-ms", "300")
    try:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        deadline = time.monotonic() + 3
        goaway = []
        while time.monotonic() < deadline and not goaway:
            sock.settimeout(deadline - time.monotonic())
            data = sock.recv(65536)
            if not data:
                break
            events = conn.receive_data(data)
            sock.sendall(conn.data_to_send())
            goaway = [e for e in events if isinstance(e, h2.events.ConnectionTerminated)]
        assert goaway and goaway[0].error_code == 0, "no GOAWAY (NO_ERROR) after the maximum age"
        sock.close()
        with grpc.insecure_channel(server.address) as channel:
            stub = pb_grpc.EchoStub(channel)
            for i in range(6):  # spans several connection lifetimes
                assert stub.Get(pb.EchoRequest(id=i), timeout=5).id == i
                time.sleep(0.2)
    finally:
        assert server.stop() == 0


def test_sigterm_lets_calls_in_flight_finish(echo_pb2):
    pb, pb_grpc = echo_pb2
    server = RunningServer("--threads", "2", "--shutdown-grace-ms", "5000")
    channel = grpc.insecure_channel(server.address)
    stub = pb_grpc.EchoStub(channel)
    assert stub.Get(pb.EchoRequest(text="warm"), timeout=5).text == "warm"
    futures = [stub.Get.future(pb.EchoRequest(id=i, delay_ms=500), timeout=20) for i in range(100)]
    time.sleep(0.2)
    started = time.monotonic()
    server.process.send_signal(15)
    assert sorted(f.result().id for f in futures) == list(range(100)), "a call in flight did not complete"
    assert server.process.wait(timeout=10) == 0
    assert time.monotonic() - started < 5, "the server did not exit promptly once idle"
    channel.close()


def test_a_quiet_client_does_not_hold_up_shutdown(echo_pb2):
    """After its last response, a client that sends nothing more must not keep the server waiting
    for the grace period: the server notices the stream closed when it sends, not when it next reads."""
    import h2.config
    import h2.connection
    import h2.events
    import struct

    pb, _ = echo_pb2
    server = RunningServer("--threads", "1", "--shutdown-grace-ms", "10000")
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    conn.send_headers(1, [(":method", "POST"), (":scheme", "http"), (":path", "/bench.Echo/Get"), (":authority", "x"),
                          ("content-type", "application/grpc"), ("te", "trailers")])
    payload = pb.EchoRequest(text="slow", delay_ms=500).SerializeToString()
    conn.send_data(1, b"\x00" + struct.pack(">I", len(payload)) + payload, end_stream=True)
    sock.sendall(conn.data_to_send())
    time.sleep(0.1)
    started = time.monotonic()
    server.process.send_signal(15)
    # Read, but send nothing back (no ACKs, no WINDOW_UPDATE): the quiet client. Frames are scanned
    # by hand, since h2's client state machine refuses frames that follow a GOAWAY.
    received, ended = b"", False
    sock.settimeout(8)
    while not ended:
        data = sock.recv(65536)
        if not data:
            break
        received += data
        offset = 0
        while offset + 9 <= len(received):
            length = int.from_bytes(received[offset:offset + 3], "big")
            kind, flags = received[offset + 3], received[offset + 4]
            stream = int.from_bytes(received[offset + 5:offset + 9], "big") & 0x7FFFFFFF
            if kind == 1 and flags & 0x1 and stream == 1:
                ended = True
            offset += 9 + length
    assert ended, "the call in flight did not finish"
    assert server.process.wait(timeout=8) == 0
    assert time.monotonic() - started < 3, "the server waited out its grace period for a quiet client"
    sock.close()
