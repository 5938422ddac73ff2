"""Rules every dic.* API must follow, checked on the .proto files themselves with the reference
protoc, so a new service cannot forget them."""
import pathlib

from google.protobuf import descriptor_pb2

from conftest import ROOT, well_known_include

ACCESS_FIELD = 50001  # dic.common.v1.access
MAX_REQUEST_FIELD = 50003  # dic.common.v1.max_request_bytes
# Methods whose one request is a batch of separate rows, not one record: the message limit bounds it.
BATCHES = {"dic.dx.v1.DigitalTransformation/RecordMeasurements"}
ALLOWED = {"public", "reader", "editor", "admin"}


def descriptor_set(tmp_path):
    from grpc_tools import protoc

    files = sorted(str(p.relative_to(ROOT / "Protos")) for p in (ROOT / "Protos" / "dic").rglob("*.proto"))
    out = tmp_path / "set.pb"
    assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), "--include_imports", f"--descriptor_set_out={out}",
                        *files]) == 0
    result = descriptor_pb2.FileDescriptorSet()
    result.ParseFromString(out.read_bytes())
    return result


def declared_option(method, number):
    # Known as an extension when another test has imported options_pb2 in this process; otherwise
    # it is an unknown field. Either way it is the same number.
    from google.protobuf import unknown_fields

    for descriptor, value in method.options.ListFields():
        if descriptor.is_extension and descriptor.number == number:
            return value
    for field in unknown_fields.UnknownFieldSet(method.options):
        if field.field_number == number:
            return field.data.decode() if isinstance(field.data, bytes) else field.data
    return None


def declared_access(method):
    return declared_option(method, ACCESS_FIELD)


def test_every_method_declares_who_may_call_it(tmp_path):
    missing, wrong, count = [], [], 0
    for file in descriptor_set(tmp_path).file:
        if not file.package.startswith("dic."):
            continue
        for service in file.service:
            for method in service.method:
                count += 1
                access = declared_access(method)
                name = f"{file.package}.{service.name}/{method.name}"
                if access is None:
                    missing.append(name)
                elif access not in ALLOWED:
                    wrong.append(f"{name}: {access}")
    assert count >= 10
    assert missing == [], f"methods without (dic.common.v1.access): {missing}"
    assert wrong == [], f"unknown access values: {wrong}"


def test_every_method_that_keeps_what_it_is_sent_bounds_its_request(tmp_path):
    """A unary method for editors or administrators keeps one record from one request: it declares
    the largest request it takes, below the 4 MiB message limit, so no record can outgrow a page of
    the lists that show it."""
    missing, bounded = [], 0
    for file in descriptor_set(tmp_path).file:
        if not file.package.startswith("dic."):
            continue
        for service in file.service:
            for method in service.method:
                name = f"{file.package}.{service.name}/{method.name}"
                limit = declared_option(method, MAX_REQUEST_FIELD)
                if limit is not None:
                    assert 0 < limit < 4 << 20, f"{name}: {limit}"
                    bounded += 1
                if method.client_streaming or declared_access(method) not in ("editor", "admin") or name in BATCHES:
                    continue
                if limit is None:
                    missing.append(name)
    assert bounded >= 40
    assert missing == [], f"methods without (dic.common.v1.max_request_bytes): {missing}"
