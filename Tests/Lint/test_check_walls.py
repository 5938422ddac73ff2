"""The walls checker finds each kind of forbidden edge, on a small package of its own."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import check_walls  # noqa: E402


def package(tmp_path, targets):
    """targets: (name, path, dependencies, {file: source}) for each target."""
    dump = {"targets": []}
    for name, path, dependencies, files in targets:
        folder = tmp_path / path
        folder.mkdir(parents=True, exist_ok=True)
        for file, source in files.items():
            (folder / file).write_text(source)
        dump["targets"].append({"name": name, "path": path, "type": "regular",
                                "dependencies": [{"byName": [d, None]} for d in dependencies]})
    return dump


def test_a_clean_package_passes(tmp_path):
    dump = package(tmp_path, [
        ("ProtoWire", "Shared/Codec/ProtoWire", [], {"A.swift": "import Foundation\n"}),
        ("RPCCore", "Shared/RPC/RPCCore", ["ProtoWire"], {"A.swift": "import ProtoWire\n"}),
        ("LicensingAPI", "Services/Licensing/LicensingAPI", ["RPCCore"], {"A.swift": "import RPCCore\n"}),
        ("Aggregator", "Services/Aggregator/Aggregator", ["LicensingAPI"], {"A.swift": "import LicensingAPI\n"}),
    ])
    assert check_walls.check(dump, tmp_path) == []


def test_each_forbidden_edge_is_named(tmp_path):
    dump = package(tmp_path, [
        ("ProtoWire", "Shared/Codec/ProtoWire", ["RPCCore"], {}),
        ("RPCCore", "Shared/RPC/RPCCore", [], {"A.swift": "@preconcurrency import NIOCore\n"}),
        ("HTTP2Transport", "Shared/Transport/HTTP2Transport", [], {}),
        ("Kernel", "Shared/Kernel/Kernel", ["Licensing"], {}),
        ("Licensing", "Services/Licensing/Licensing", ["HTTP2Transport", "LicensingAPI"],
         {"LicenceStore.swift": "import LicensingAPI\n"}),
        ("Report", "Services/Aggregator/Report", ["SQLKit"], {"B.swift": "import struct Licensing.Licence\n"}),
        ("LicensingAPI", "Services/Licensing/LicensingAPI", [], {}),
        ("LicensingDomain", "Services/Licensing/LicensingDomain", ["LicensingAPI", "SQLKit", "RequestRules"], {}),
    ])
    problems = "\n".join(check_walls.check(dump, tmp_path))
    assert "ProtoWire -> RPCCore: the codec depends on nothing of ours" in problems
    assert "RPCCore -> NIOCore: the RPC core knows nothing of NIO" in problems
    assert "RPCCore -> NIOCore: Shared/RPC/RPCCore/A.swift imports it, but RPCCore does not declare it" in problems
    assert "Kernel -> Licensing: Shared/ depends on a service" in problems
    assert "Licensing -> HTTP2Transport: a service's domain does not depend on the transport" in problems
    assert "Report -> Licensing: Aggregator uses Licensing beyond its generated API" in problems
    assert ("Licensing -> LicensingAPI: Services/Licensing/Licensing/LicenceStore.swift is a store, and a store "
            "speaks in domain types, never in generated wire messages") in problems
    assert "LicensingDomain -> LicensingAPI: a domain target holds no storage, wire types or RPC" in problems
    assert "LicensingDomain -> SQLKit: a domain target holds no storage, wire types or RPC" in problems
    assert "Report -> SQLKit: a domain target holds no storage, wire types or RPC" in problems
    assert "LicensingDomain -> RequestRules: a domain target holds no storage, wire types or RPC" in problems


def test_sqlites_c_module_is_allowed_only_beside_the_product_that_builds_it(tmp_path):
    dump = package(tmp_path, [
        ("ServiceStorage", "Shared/Runtime/ServiceStorage", ["SQLiteNIO"], {"A.swift": "import VaporCSQLite\n"}),
        ("Other", "Shared/Runtime/Other", ["SQLiteKit"], {"A.swift": "import VaporCSQLite\n"}),
    ])
    problems = check_walls.check(dump, tmp_path)
    assert problems == ["Other -> VaporCSQLite: Shared/Runtime/Other/A.swift imports it, but Other does not declare it"]
