"""Python grpcio (the independent peer) as a client of our HTTP/2 server, through the Echo contract."""
import queue
import threading
import time

import grpc
import pytest

UNICODE = "Không tìm thấy giấy phép — 🇻🇳 100%"


@pytest.fixture(scope="module")
def stub(echo_server, echo_pb2):
    _, echo_grpc = echo_pb2
    channel = grpc.insecure_channel(
        echo_server.address,
        options=[("grpc.max_send_message_length", 8 << 20), ("grpc.max_receive_message_length", 8 << 20)])
    yield echo_grpc.EchoStub(channel)
    channel.close()


@pytest.fixture(scope="module")
def pb(echo_pb2):
    return echo_pb2[0]


def test_unary_with_metadata_both_ways(stub, pb):
    request = pb.EchoRequest(text="Bắc Kạn", id=-7, values=[1, -2, 3], meta=pb.Meta(name="m", version=2**40))
    response, call = stub.Get.with_call(request, timeout=10, metadata=[
        ("x-grpc-test-echo-initial", "xin-chao"), ("x-grpc-test-echo-trailing-bin", b"\x00\x01\xfe\xff")])
    assert (response.text, response.id, list(response.values)) == ("Bắc Kạn", -7, [1, -2, 3])
    assert response.meta == request.meta
    assert ("x-grpc-test-echo-initial", "xin-chao") in call.initial_metadata()
    assert ("x-grpc-test-echo-trailing-bin", b"\x00\x01\xfe\xff") in call.trailing_metadata()
    assert call.code() == grpc.StatusCode.OK


def test_server_streaming(stub, pb):
    ids = [r.id for r in stub.Expand(pb.EchoRequest(text="t", values=list(range(50))), timeout=10)]
    assert ids == list(range(50))


def test_server_streaming_failure_after_messages(stub, pb):
    received = []
    with pytest.raises(grpc.RpcError) as failure:
        for response in stub.Expand(pb.EchoRequest(values=[1, 2, 3], fail_code=10, fail_message="sau"), timeout=10):
            received.append(response.id)
    assert received == [1, 2, 3]
    assert failure.value.code() == grpc.StatusCode.ABORTED
    assert failure.value.details() == "sau"


def test_client_streaming(stub, pb):
    requests = (pb.EchoRequest(text=str(i % 10), id=i) for i in range(1, 1001))
    response = stub.Collect(requests, timeout=10)
    assert response.id == 500500
    assert len(response.text) == 1000


def test_bidirectional_interleaves(stub, pb):
    outbox = queue.Queue()

    def requests():
        for i in range(20):
            yield pb.EchoRequest(text=f"r{i}", id=i)
            outbox.get(timeout=5)  # the next request only after the answer: proves interleaving

    texts = []
    for response in stub.Chat(requests(), timeout=10):
        texts.append(response.text)
        outbox.put(response.id)
    assert texts == [f"r{i}" for i in range(20)]


@pytest.mark.parametrize("code", [c for c in grpc.StatusCode if c != grpc.StatusCode.OK])
def test_every_status_code_with_unicode_message(stub, pb, code):
    with pytest.raises(grpc.RpcError) as failure:
        stub.Get(pb.EchoRequest(fail_code=code.value[0], fail_message=UNICODE), timeout=10)
    assert failure.value.code() == code
    assert failure.value.details() == UNICODE


def test_deadline_exceeded(stub, pb):
    start = time.monotonic()
    with pytest.raises(grpc.RpcError) as failure:
        stub.Get(pb.EchoRequest(delay_ms=5000), timeout=0.2)
    assert failure.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert time.monotonic() - start < 2


def test_cancel_mid_stream_then_server_still_serves(stub, pb):
    call = stub.Expand(pb.EchoRequest(values=list(range(100)), delay_ms=20), timeout=30)
    assert next(call).id == 0
    call.cancel()
    with pytest.raises(grpc.RpcError) as failure:
        for _ in call:
            pass
    assert failure.value.code() == grpc.StatusCode.CANCELLED
    assert stub.Get(pb.EchoRequest(text="still here"), timeout=10).text == "still here"


def test_three_mebibyte_messages_both_ways(stub, pb):
    big = "ạ" * ((3 << 20) // 3)
    assert stub.Get(pb.EchoRequest(text=big), timeout=30).text == big
    assert len(stub.Get(pb.EchoRequest(response_bytes=3 << 20), timeout=30).text) == 3 << 20


def test_request_over_the_inbound_limit_is_resource_exhausted(stub, pb):
    with pytest.raises(grpc.RpcError) as failure:
        stub.Get(pb.EchoRequest(text="x" * (5 << 20)), timeout=30)
    assert failure.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "exceeds the limit" in failure.value.details()


def test_response_over_the_outbound_limit_is_resource_exhausted(stub, pb):
    with pytest.raises(grpc.RpcError) as failure:
        stub.Get(pb.EchoRequest(response_bytes=5 << 20), timeout=30)
    assert failure.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


@pytest.mark.parametrize("path", ["/bench.Echo/Missing", "/no.Such/Service"])
def test_unknown_method_or_service_is_unimplemented(echo_server, path):
    with grpc.insecure_channel(echo_server.address) as channel:
        call = channel.unary_unary(path, request_serializer=lambda b: b, response_deserializer=lambda b: b)
        with pytest.raises(grpc.RpcError) as failure:
            call(b"", timeout=10)
    assert failure.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_undecodable_request_is_invalid_argument_naming_the_field(echo_server):
    with grpc.insecure_channel(echo_server.address) as channel:
        call = channel.unary_unary("/bench.Echo/Get", request_serializer=lambda b: b,
                                   response_deserializer=lambda b: b)
        with pytest.raises(grpc.RpcError) as failure:
            call(b"\x0a\x02\xc3\x28", timeout=10)  # text (field 1) with invalid UTF-8
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "text" in failure.value.details()


def test_thousand_concurrent_calls_on_one_connection(stub, pb):
    futures = [stub.Get.future(pb.EchoRequest(text=f"c{i}", id=i), timeout=30) for i in range(1000)]
    results = [f.result() for f in futures]
    assert [r.id for r in results] == list(range(1000))


def test_calls_from_many_threads(stub, pb):
    errors = []

    def worker(n):
        try:
            for i in range(50):
                assert stub.Get(pb.EchoRequest(id=n * 100 + i), timeout=10).id == n * 100 + i
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_gzip_compressed_requests_and_streams(echo_server, pb):
    with grpc.insecure_channel(echo_server.address, compression=grpc.Compression.Gzip) as channel:
        from bench import echo_pb2_grpc
        stub = echo_pb2_grpc.EchoStub(channel)
        text = "nén gzip " * 20000
        assert stub.Get(pb.EchoRequest(text=text), timeout=10).text == text
        response = stub.Collect(iter([pb.EchoRequest(text="ab", id=i) for i in range(1, 11)]), timeout=10)
        assert response.id == 55


def test_unsupported_encoding_is_unimplemented_and_names_what_is_accepted(echo_server):
    import h2.config
    import h2.connection
    import h2.events
    import socket

    sock = socket.create_connection(("127.0.0.1", echo_server.port), timeout=5)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    conn.send_headers(1, [(":method", "POST"), (":scheme", "http"), (":path", "/bench.Echo/Get"),
                          (":authority", "x"), ("content-type", "application/grpc"), ("te", "trailers"),
                          ("grpc-encoding", "br")], end_stream=True)
    sock.sendall(conn.data_to_send())
    fields = {}
    while "grpc-status" not in fields:
        for event in conn.receive_data(sock.recv(65536)):
            if isinstance(event, h2.events.ResponseReceived):
                fields = {k.decode(): v.decode() for k, v in event.headers}
        sock.sendall(conn.data_to_send())
    sock.close()
    assert fields["grpc-status"] == "12"
    assert "identity,gzip" in fields["grpc-message"]
    assert fields["grpc-accept-encoding"] == "identity,gzip"
