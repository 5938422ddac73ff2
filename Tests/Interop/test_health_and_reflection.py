"""The standard services through the standard Python clients: grpcio-health-checking and
grpcio-reflection (the same protocols Kubernetes probes and grpcurl use)."""
import grpc
import pytest
from google.protobuf import descriptor_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2 as alpha_pb2
from grpc_reflection.v1alpha import reflection_pb2_grpc as alpha_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from conftest import RunningServer


def test_health_check_overall_and_unknown(echo_server):
    with grpc.insecure_channel(echo_server.address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        assert stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=5).status == \
            health_pb2.HealthCheckResponse.SERVING
        with pytest.raises(grpc.RpcError) as failure:
            stub.Check(health_pb2.HealthCheckRequest(service="no.Such"), timeout=5)
        assert failure.value.code() == grpc.StatusCode.NOT_FOUND


def test_health_watch_reports_not_serving_when_shutdown_begins():
    server = RunningServer("--threads", "1")
    channel = grpc.insecure_channel(server.address)
    stream = health_pb2_grpc.HealthStub(channel).Watch(health_pb2.HealthCheckRequest(service=""), timeout=20)
    assert next(stream).status == health_pb2.HealthCheckResponse.SERVING
    server.process.send_signal(15)
    assert next(stream).status == health_pb2.HealthCheckResponse.NOT_SERVING
    channel.close()
    assert server.process.wait(timeout=20) == 0


def test_reflection_lists_services_and_resolves_descriptors(echo_server):
    with grpc.insecure_channel(echo_server.address) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        services = set(database.get_services())
        assert {"bench.Echo", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                "grpc.reflection.v1alpha.ServerReflection"} <= services
        echo_file = database.FindFileContainingSymbol("bench.Echo")
        assert echo_file.name == "bench/echo.proto"
        assert [m.name for m in echo_file.service[0].method] == ["Get", "Expand", "Collect", "Chat"]
        # A method name resolves through its service; a message through its own name.
        assert database.FindFileContainingSymbol("bench.Echo.Get").name == "bench/echo.proto"
        assert database.FindFileContainingSymbol("grpc.health.v1.HealthCheckResponse").name == \
            "grpc/health/v1/health.proto"


def test_reflection_errors_are_answers_not_failures(echo_server):
    with grpc.insecure_channel(echo_server.address) as channel:
        stub = alpha_grpc.ServerReflectionStub(channel)
        requests = [alpha_pb2.ServerReflectionRequest(file_containing_symbol="no.such.Symbol"),
                    alpha_pb2.ServerReflectionRequest(file_by_filename="bench/echo.proto")]
        responses = list(stub.ServerReflectionInfo(iter(requests), timeout=5))
        assert responses[0].error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]
        file = descriptor_pb2.FileDescriptorProto.FromString(
            responses[1].file_descriptor_response.file_descriptor_proto[0])
        assert file.package == "bench" and [m.name for m in file.message_type] == ["Meta", "EchoRequest", "EchoResponse"]


def test_reflection_v1_path_answers_too(echo_server):
    # v1 messages are wire-identical to v1alpha, so the v1alpha classes can speak to the v1 path.
    with grpc.insecure_channel(echo_server.address) as channel:
        call = channel.stream_stream("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
                                     request_serializer=alpha_pb2.ServerReflectionRequest.SerializeToString,
                                     response_deserializer=alpha_pb2.ServerReflectionResponse.FromString)
        [response] = list(call(iter([alpha_pb2.ServerReflectionRequest(list_services="")]), timeout=5))
        names = {service.name for service in response.list_services_response.service}
        assert "bench.Echo" in names and "grpc.reflection.v1.ServerReflection" in names
