"""The architecture's walls, checked on the package as SwiftPM sees it (`swift package dump-package`)
and on the `import` lines of every target's sources: prints each offending edge and exits 1.

An edge is a target's declared dependency or a module one of its files imports. The rules:
- every module a file imports is one its target declares (SwiftPM lets a transitive one through);
- no Shared/ target depends on a Services/ target (Shared/ never names a licence, a site or a KPI);
- a service's targets use another service only through its generated API (Services/<Name>/<X>API);
- ProtoWire depends on nothing of ours; RPCCore knows nothing of NIO, nghttp2 or OpenSSL;
- a service's domain targets (not its API, not its executable) never depend on the transport;
- a `<Name>Domain` target (and the aggregator's `Report`) holds plain Swift: no storage (SQLKit,
  ServiceStorage), no wire types (a generated API, CommonAPI), no RPC or its request rules;
- a service's store (`<X>Store.swift`) imports no generated API: it takes and returns domain types.

Usage: check_walls.py [--package-dump FILE] [ROOT]
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys

IMPORT = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|protocol|typealias|func|let|var)\s+)?(\w+)",
    re.M)
# Modules of the toolchain and the system: always allowed.
SYSTEM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Darwin", "Musl", "Dispatch",
          "Synchronization", "Testing", "XCTest", "_Concurrency", "Swift", "os", "CryptoKit", "Android"}
# What a `<Name>Domain` target may not see: storage, wire types, RPC.
NOT_DOMAIN = {"SQLKit", "SQLiteKit", "PostgresKit", "ServiceStorage", "CommonAPI", "RPCCore", "ProtoWire",
              "RequestRules"}
# Domain targets not named `<Name>Domain`: the aggregator's report model.
DOMAIN_TARGETS = {"Report"}
TRANSPORT = {"HTTP2Transport", "OpenSSLTLS", "CNGHTTP2", "COpenSSL", "NIOPosix", "NIOHTTP1", "NIOHTTP2", "NIOSSL"}
NIO = re.compile(r"^_?NIO")
# C modules a package builds for a product without making them a product of their own, so no target
# can declare them: importing one is allowed to a target that declares the product. SQLiteNIO's build
# of SQLite, which ServiceStorage calls directly so that every connection to a file uses one copy of
# the library (two copies keep separate POSIX locks and can corrupt the file).
UNEXPORTED = {"VaporCSQLite": "SQLiteNIO"}
# A service's store files: `FooStore.swift`, `FooStore+Concern.swift`.
STORE = re.compile(r"^\w+Store(\+\w+)?\.swift$")
# Folders of Services/ that are clients of the services rather than services (the command line, the web
# console): they talk over the wire.
CLIENTS = {"DICCtl", "Console"}


def dependency_names(target, products):
    names = []
    for dependency in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                name = dependency[kind][0]
                names.append(name)
                # A product's modules may differ from its name; importing them is allowed.
                names.extend(products.get(name, []))
    return names


def product_modules(root):
    """Module names each dependency product provides, from the checked-out packages' manifests."""
    modules = {}
    checkouts = root / ".build" / "checkouts"
    for manifest in checkouts.glob("*/Package.swift") if checkouts.exists() else []:
        text = manifest.read_text(errors="replace")
        for match in re.finditer(r'\.library\(\s*name:\s*"([^"]+)"[^)]*?targets:\s*\[([^\]]*)\]', text, re.S):
            modules.setdefault(match.group(1), []).extend(re.findall(r'"([^"]+)"', match.group(2)))
    return modules


def check(package, root):
    targets = {target["name"]: target for target in package["targets"]}
    products = product_modules(root)
    ours = set(targets)

    def place(name):
        path = targets[name].get("path") or ""
        parts = path.split("/")
        if parts[0] == "Services" and len(parts) >= 3:
            return "service", parts[1], parts[2]
        return parts[0].lower(), None, None

    problems = []
    for name, target in sorted(targets.items()):
        declared = set(dependency_names(target, products))
        path = root / (target.get("path") or "")
        imported = {}
        if target["type"] != "system":
            for source in sorted(path.rglob("*.swift")):
                modules = IMPORT.findall(source.read_text(errors="replace"))
                for module in modules:
                    imported.setdefault(module, source.relative_to(root))
                if STORE.match(source.name) and place(name)[0] == "service":
                    for module in modules:
                        if module.endswith("API") and module != "CommonAPI" and module in ours:
                            problems.append(f"{name} -> {module}: {source.relative_to(root)} is a store, and a "
                                            "store speaks in domain types, never in generated wire messages")
        for module, source in imported.items():
            if module in SYSTEM or module == name or module in declared:
                continue
            if UNEXPORTED.get(module) in declared:
                continue
            problems.append(f"{name} -> {module}: {source} imports it, but {name} does not declare it")
        edges = declared | set(imported)
        layer, service, folder = place(name)
        for other in sorted(edges & ours):
            other_layer, other_service, other_folder = place(other)
            if layer == "shared" and other_layer == "service":
                problems.append(f"{name} -> {other}: Shared/ depends on a service ({targets[other]['path']})")
            if (layer == "service" and other_layer == "service" and service != other_service
                    and not other_folder.endswith("API")):
                problems.append(f"{name} -> {other}: {service} uses {other_service} beyond its generated API "
                                f"({targets[other]['path']})")
        if name == "ProtoWire":
            for other in sorted(edges & ours):
                problems.append(f"ProtoWire -> {other}: the codec depends on nothing of ours")
        if name == "RPCCore":
            for other in sorted(edges):
                if NIO.match(other) or other in TRANSPORT:
                    problems.append(f"RPCCore -> {other}: the RPC core knows nothing of NIO, nghttp2 or OpenSSL")
        domain = (layer == "service" and service not in CLIENTS and target["type"] == "regular"
                  and not folder.endswith("API"))
        if domain:
            for other in sorted(edges & TRANSPORT):
                problems.append(f"{name} -> {other}: a service's domain does not depend on the transport")
        if layer == "service" and (name.endswith("Domain") or name in DOMAIN_TARGETS):
            for other in sorted(edges):
                if other in NOT_DOMAIN or (other.endswith("API") and other in ours):
                    problems.append(f"{name} -> {other}: a domain target holds no storage, wire types or RPC")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".")
    parser.add_argument("--package-dump", help="the output of `swift package dump-package` (run when absent)")
    args = parser.parse_args()
    root = pathlib.Path(args.root).resolve()
    if args.package_dump:
        package = json.loads(pathlib.Path(args.package_dump).read_text())
    else:
        package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                            capture_output=True, text=True).stdout)
    problems = check(package, root)
    for problem in problems:
        print(f"wall: {problem}")
    if problems:
        print(f"{len(problems)} forbidden edge(s); see docs/architecture.md", file=sys.stderr)
        return 1
    print(f"walls: {len(package['targets'])} targets, no forbidden edge")
    return 0


if __name__ == "__main__":
    sys.exit(main())
