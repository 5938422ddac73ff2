"""Our server against a raw HTTP/2 peer (Python h2): protocol edge cases and hostile behaviour.
After each attack the server must still serve other connections."""
import socket
import struct
import time

import grpc
import h2.config
import h2.connection
import h2.events
import h2.settings
import pytest


class RawClient:
    def __init__(self, port, window=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.closed = False  # nothing more to read
        self.write_closed = False  # the server no longer takes our bytes
        self.events = []
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, validate_inbound_headers=False))
        self.conn.initiate_connection()
        if window is not None:
            self.conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: window})
        self.flush()

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            try:
                self.sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError):
                # The server has closed the connection (after a GOAWAY, in these tests). What it
                # said before closing may still be waiting to be read, so reading goes on.
                self.write_closed = True

    def request(self, path, content_type="application/grpc", end_stream=False, extra=()):
        stream = self.conn.get_next_available_stream_id()
        headers = [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "localhost"),
                   ("content-type", content_type), ("te", "trailers"), *extra]
        self.conn.send_headers(stream, headers, end_stream=end_stream)
        self.flush()
        return stream

    def pump(self, seconds=2.0, until=None):
        """Reads events for up to `seconds`, or until `until(events)` is true."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.closed:
            if until and until(self.events):
                return True
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except ConnectionResetError:
                data = b""
            if not data:
                self.closed = True
                break
            self.events.extend(self.conn.receive_data(data))
            self.flush()
        return bool(until and until(self.events))

    def of(self, kind, stream=None):
        return [e for e in self.events if isinstance(e, kind) and (stream is None or e.stream_id == stream)]

    def close(self):
        self.sock.close()


def grpc_frame(payload):
    return b"\x00" + struct.pack(">I", len(payload)) + payload


def still_serves(server, pb):
    with grpc.insecure_channel(server.address) as channel:
        _, echo_grpc = pb
        stub = echo_grpc.EchoStub(channel)
        assert stub.Get(pb[0].EchoRequest(text="ok"), timeout=10).text == "ok"


def headers_of(event):
    return {k.decode() if isinstance(k, bytes) else k: v.decode() if isinstance(v, bytes) else v for k, v in event.headers}


def test_wrong_content_type_is_http_415(echo_server, echo_pb2):
    client = RawClient(echo_server.port)
    stream = client.request("/bench.Echo/Get", content_type="application/json", end_stream=True)
    assert client.pump(until=lambda ev: any(isinstance(e, h2.events.ResponseReceived) for e in ev))
    assert headers_of(client.of(h2.events.ResponseReceived, stream)[0])[":status"] == "415"
    client.close()
    still_serves(echo_server, echo_pb2)


def test_unknown_method_gets_a_trailers_only_response(echo_server):
    client = RawClient(echo_server.port)
    stream = client.request("/bench.Echo/Nope")
    client.conn.send_data(stream, grpc_frame(b""), end_stream=True)
    client.flush()
    assert client.pump(until=lambda ev: any(isinstance(e, h2.events.StreamEnded) for e in ev))
    [response] = client.of(h2.events.ResponseReceived, stream)
    fields = headers_of(response)
    assert fields[":status"] == "200" and fields["grpc-status"] == "12"
    assert response.stream_ended is not None  # one HEADERS frame with END_STREAM
    assert client.of(h2.events.DataReceived, stream) == []
    client.close()


def test_length_prefix_larger_than_body_is_invalid_argument(echo_server, echo_pb2):
    client = RawClient(echo_server.port)
    stream = client.request("/bench.Echo/Get")
    client.conn.send_data(stream, b"\x00" + struct.pack(">I", 100) + b"short", end_stream=True)
    client.flush()
    assert client.pump(until=lambda ev: any(isinstance(e, h2.events.StreamEnded) for e in ev))
    trailers = client.of(h2.events.TrailersReceived, stream) or client.of(h2.events.ResponseReceived, stream)
    assert headers_of(trailers[-1])["grpc-status"] == "3"  # the caller's fault, not the server's
    client.close()
    still_serves(echo_server, echo_pb2)


def test_garbage_after_the_preface_closes_only_that_connection(echo_server, echo_pb2):
    sock = socket.create_connection(("127.0.0.1", echo_server.port), timeout=5)
    sock.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\xff" * 64)
    sock.settimeout(5)
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        received += chunk
    sock.close()
    still_serves(echo_server, echo_pb2)


def test_bad_client_preface_closes_the_connection(echo_server, echo_pb2):
    sock = socket.create_connection(("127.0.0.1", echo_server.port), timeout=5)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.settimeout(5)
    while sock.recv(65536):
        pass
    sock.close()
    still_serves(echo_server, echo_pb2)


def test_rapid_reset_storm_is_cut_off_with_goaway(echo_server, echo_pb2):
    client = RawClient(echo_server.port)
    for _ in range(1000):
        stream = client.request("/bench.Echo/Get")
        client.conn.reset_stream(stream)
        client.flush()
        if client.write_closed:
            break
    client.pump(seconds=3, until=lambda ev: any(isinstance(e, h2.events.ConnectionTerminated) for e in ev))
    terminated = client.of(h2.events.ConnectionTerminated)
    assert terminated or client.closed
    client.close()
    still_serves(echo_server, echo_pb2)


def test_oversized_headers_reset_the_stream(echo_server, echo_pb2):
    client = RawClient(echo_server.port)
    stream = client.request("/bench.Echo/Get", extra=[("x-huge", "a" * 20000)])
    assert client.pump(until=lambda ev: any(isinstance(e, h2.events.StreamReset) for e in ev))
    [reset] = client.of(h2.events.StreamReset, stream)
    assert reset.error_code == 11  # ENHANCE_YOUR_CALM
    client.close()
    still_serves(echo_server, echo_pb2)


def test_ping_flood_gets_goaway_too_many_pings(echo_server, echo_pb2):
    client = RawClient(echo_server.port)
    for i in range(10):
        client.conn.ping(struct.pack(">Q", i))
        client.flush()
    client.pump(seconds=3, until=lambda ev: any(isinstance(e, h2.events.ConnectionTerminated) for e in ev))
    [terminated] = client.of(h2.events.ConnectionTerminated)
    assert terminated.error_code == 11 and terminated.additional_data == b"too_many_pings"
    client.close()
    still_serves(echo_server, echo_pb2)


def test_fast_writer_is_held_back_by_a_slow_handler(echo_server, echo_pb2):
    """Collect with a 200 ms delay per message: the server must stop granting window, so the
    client cannot push more than about two windows before the handler catches up."""
    pb = echo_pb2[0]
    client = RawClient(echo_server.port)
    stream = client.request("/bench.Echo/Collect")
    message = grpc_frame(pb.EchoRequest(text="x" * 16000, delay_ms=200).SerializeToString())
    sent = 0
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        window = min(client.conn.local_flow_control_window(stream), client.conn.max_outbound_frame_size)
        if window >= len(message):
            client.conn.send_data(stream, message)
            client.flush()
            sent += len(message)
        else:
            client.pump(seconds=0.05)
    # 1 MiB stream window + 1 MiB of queued messages, with slack; unbounded would be far more.
    print(f"\nfast writer: sent {sent} bytes in 3 s")
    assert sent < 3 << 20, f"the client sent {sent} bytes to a handler that reads 5 messages a second"
    client.close()
    still_serves(echo_server, echo_pb2)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_peer_that_never_reads_does_not_grow_server_memory(echo_server, echo_pb2):
    pb = echo_pb2[0]
    before = rss_kib(echo_server.process.pid)
    client = RawClient(echo_server.port, window=2**31 - 1)
    client.conn.increment_flow_control_window(2**31 - 1 - 65535)
    client.flush()
    for _ in range(20):
        stream = client.request("/bench.Echo/Expand")
        request = pb.EchoRequest(values=list(range(1000)), response_bytes=100_000)  # 100 MB per stream
        client.conn.send_data(stream, grpc_frame(request.SerializeToString()), end_stream=True)
        client.flush()
    time.sleep(3)  # never read: the server can only buffer
    growth = rss_kib(echo_server.process.pid) - before
    print(f"\nnever-reading peer: server RSS {before} KiB -> +{growth} KiB")
    client.close()
    assert growth < 200_000, f"server RSS grew by {growth} KiB for a peer that never reads"
    still_serves(echo_server, echo_pb2)


def test_goaway_survives_a_peer_that_keeps_sending(echo_server, echo_pb2):
    """A peer that keeps sending after being told to go away must still read the GOAWAY: closing a
    socket with unread input makes the kernel send RST, which can destroy the GOAWAY in flight, so
    the server half-closes and drains before it closes."""
    sock = socket.create_connection(("127.0.0.1", echo_server.port), timeout=5)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    # Keep sending without reading: by the time the server closes, our pings sit unread in its
    # receive buffer (the case where a plain close becomes a reset). Read only afterwards.
    sock.setblocking(False)
    for number in range(400):
        try:
            sock.sendall(b"\x00\x00\x08\x06\x00\x00\x00\x00\x00" + struct.pack(">Q", number))  # PING
        except (BlockingIOError, BrokenPipeError, ConnectionResetError):
            break
        time.sleep(0.001)
    time.sleep(0.5)
    received = b""
    sock.setblocking(True)
    sock.settimeout(3)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    sock.close()
    # Scan the frames for GOAWAY (type 7) with ENHANCE_YOUR_CALM and "too_many_pings".
    offset, goaway = 0, None
    while offset + 9 <= len(received):
        length = int.from_bytes(received[offset:offset + 3], "big")
        if received[offset + 3] == 7:
            payload = received[offset + 9:offset + 9 + length]
            goaway = (int.from_bytes(payload[4:8], "big"), payload[8:])
        offset += 9 + length
    assert goaway == (11, b"too_many_pings"), f"no GOAWAY reached the peer (got {len(received)} bytes)"
    still_serves(echo_server, echo_pb2)
