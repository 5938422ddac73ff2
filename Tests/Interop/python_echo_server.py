"""The Echo contract served by Python grpcio: the independent peer for our client."""
import time
from concurrent import futures

import grpc


def make_servicer(pb, pb_grpc):
    def echo_metadata(context):
        initial = [(k, v) for k, v in context.invocation_metadata() if k == "x-grpc-test-echo-initial"]
        trailing = [(k, v) for k, v in context.invocation_metadata() if k == "x-grpc-test-echo-trailing-bin"]
        if initial:
            context.send_initial_metadata(initial)
        if trailing:
            context.set_trailing_metadata(trailing)

    def delay(request):
        if request.delay_ms:
            time.sleep(request.delay_ms / 1000)

    def fail_if_asked(request, context):
        if request.fail_code:
            context.abort(grpc.StatusCode(next(c for c in grpc.StatusCode if c.value[0] == request.fail_code)),
                          request.fail_message)

    def response(request):
        text = "x" * request.response_bytes if request.response_bytes else request.text
        return pb.EchoResponse(text=text, id=request.id, values=request.values, meta=request.meta)

    class Echo(pb_grpc.EchoServicer):
        def Get(self, request, context):
            echo_metadata(context)
            delay(request)
            fail_if_asked(request, context)
            return response(request)

        def Expand(self, request, context):
            echo_metadata(context)
            for value in request.values:
                delay(request)
                yield pb.EchoResponse(text=request.text, id=value, meta=request.meta)
            fail_if_asked(request, context)

        def Collect(self, requests, context):
            echo_metadata(context)
            result = pb.EchoResponse()
            for request in requests:
                delay(request)
                fail_if_asked(request, context)
                result.text += request.text
                result.id += request.id
            return result

        def Chat(self, requests, context):
            echo_metadata(context)
            for request in requests:
                delay(request)
                fail_if_asked(request, context)
                yield response(request)

    return Echo()


def start(pb, pb_grpc):
    # Every response gzip-compressed, so every client scenario also checks our decompression.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=64), compression=grpc.Compression.Gzip, options=[
        ("grpc.max_send_message_length", 8 << 20), ("grpc.max_receive_message_length", 8 << 20)])
    pb_grpc.add_EchoServicer_to_server(make_servicer(pb, pb_grpc), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port
