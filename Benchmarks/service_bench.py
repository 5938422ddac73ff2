"""Service-path benchmark (issues 20 and 21): a real call through authentication, logging, metrics
and storage, beside the Echo server in the same run, with the same h2load settings as `make
bench-rpc` (server on core 0 with one event loop where it has that setting, h2load on core 1).

On a register of 100,000 licences (imported through the service's API before the clock starts),
for dic-licensing on SQLite, on PostgreSQL with one replica, and with two replicas on one
database: health Check, GetLicence (by id; with the bootstrap admin token, then with a signed identity
token as the console sends for an officer), ListLicences (a page of 50 with a search),
GetLicenceStatistics (a quarter), and IssueLicence (a write with its audit record, 64 concurrent
writers through `licence-write-load`, each call a new licence). Each line gives requests per
second, latency percentiles, the server's CPU per call and its peak RSS during that measurement
(the peak of loading the register is left behind); every response's bytes
are checked (h2load counts a gRPC error as an HTTP 200). Ends with
`service path ratio vs echo: R` (GetLicence req/s on SQLite over Echo Get req/s). The Echo server
runs beside the SQLite service, and the two figures of that ratio are measured in turn, in bursts
(`--rounds`, 4 each), so that a slow spell of this machine falls on both of them.

With `--allocations SHIM` (`make -C Benchmarks allocations`) every server runs with the counting
library `alloc_count.c` preloaded, and each line also gives the heap allocations a call made: a
figure the same from run to run on a machine whose CPU times are not (its timings are then the
counting build's, a little slower, and not for comparing with a plain run's).

    service_bench.py --bin DIR --echo PATH --load PATH [--licences 100000] [--backends sqlite,postgres]
        [--allocations alloc_count.so]
"""
import argparse
import os
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "Tests" / "Interop"))
from rpc_bench import (check_echo, cpu_seconds, echo_modules, frame, get_request, parse_h2load,  # noqa: E402
                       peak_rss_mib, percentiles, reset_peak_rss, row, stop)
from report_bench import TOKEN, dicctl, licences, units  # noqa: E402

AUTH = f"authorization: Bearer {TOKEN}"


LOGS = []
# With --allocations: the environment that preloads the counter into every server started.
COUNTING = {}


def start(command, env=None, core="0"):
    process = subprocess.Popen(["taskset", "-c", core, *command], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {}), **COUNTING})
    for line in process.stdout:
        if "listening on" in line:
            # The call log goes to standard output: kept (the failures' lines only), so the pipe never
            # fills and a failed measurement can say what the server answered.
            import threading
            threading.Thread(target=lambda: [LOGS.append(line) for line in process.stdout
                                             if "rpc.status=" in line and "rpc.status=OK" not in line],
                             daemon=True).start()
            return process, line.strip().rsplit(" ", 1)[-1]
    sys.exit(f"{command[0]} did not start")


def resident_mib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_for_trim(process, seconds=10):
    """Loading the register leaves memory the allocator holds free; the service gives it back
    within 5 s (MemoryRelease). The measurements start from the RSS it serves with, not that peak."""
    loaded = resident_mib(process.pid)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and resident_mib(process.pid) > loaded * 0.8:
        time.sleep(0.25)


def allocations(processes):
    """The allocations the processes have made so far, as the counter last wrote them (None
    without --allocations). It writes ten times a second: read after it has written again."""
    if not COUNTING:
        return None
    time.sleep(0.3)
    directory = pathlib.Path(COUNTING["DIC_ALLOC_COUNT_DIR"])
    return sum(int((directory / str(process.pid)).read_text()) for process in processes)


def per_call(before, processes, calls):
    after = allocations(processes)
    return None if before is None else (after - before) / calls


def h2load_command(url, requests, args, body, log=None, headers=()):
    command = ["taskset", "-c", "1", "h2load", "-n", str(requests), "-c", str(args.connections), "-m",
               str(args.streams), "-d", str(body), "-H", "content-type: application/grpc", "-H", "te: trailers"]
    for header in headers:
        command += ["-H", header]
    if log is not None:
        command += [f"--log-file={log}"]
    return command + [url]


def parse(output, requests, expect_data):
    return parse_h2load(output, requests, expect_data,
                        on_failure=lambda: print("".join(LOGS[-5:]), file=sys.stderr))


def measure(name, processes, urls, requests, args, body, expect_data, tmp, headers=(AUTH,)):
    """h2load against each url at once (one per replica), `requests` in all; the rates add up."""
    each = requests // len(urls)
    warm = [subprocess.run(h2load_command(url, max(1000, each // 10), args, body, headers=headers),
                           capture_output=True, text=True, check=True).stdout for url in urls]
    for url, output in zip(urls, warm):
        parse(output, max(1000, each // 10), expect_data)
    for process in processes:
        reset_peak_rss(process.pid)
    counted = allocations(processes)
    before = sum(cpu_seconds(process.pid) for process in processes)
    logs = [tmp / f"{name}-{index}.log".replace(" ", "-").replace("/", "-") for index in range(len(urls))]
    running = [subprocess.Popen(h2load_command(url, each, args, body, log, headers), stdout=subprocess.PIPE,
                                text=True) for url, log in zip(urls, logs)]
    rate = sum(parse(process.communicate()[0], each, expect_data) for process in running)
    cpu = sum(cpu_seconds(process.pid) for process in processes) - before
    merged = tmp / f"{name}-merged.log".replace(" ", "-").replace("/", "-")
    merged.write_text("".join(log.read_text() for log in logs))
    p50, p90, p99 = percentiles(merged)
    return {"name": name, "rate": rate, "p50": p50, "p90": p90, "p99": p99, "cpu_us": cpu / (each * len(urls)) * 1e6,
            "rss": max(peak_rss_mib(process.pid) for process in processes),
            "allocations": per_call(counted, processes, each * len(urls))}


def writes(name, processes, addresses, holder, args, run):
    for process in processes:
        reset_peak_rss(process.pid)
    counted = allocations(processes)
    before = sum(cpu_seconds(process.pid) for process in processes)
    command = ["taskset", "-c", "1", str(args.load), "--token", TOKEN, "--holder", holder, "--writers",
               str(args.writers), "--seconds", str(args.seconds), "--run", run]
    for address in addresses:
        command += ["--address", address]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"writes: (\d+) in ([\d.]+) s = (\d+)/s, failures (\d+)", output)
    if not found or int(found.group(4)):
        sys.exit(f"licence-write-load: {output}")
    count = int(found.group(1))
    cpu = sum(cpu_seconds(process.pid) for process in processes) - before
    return {"name": name, "rate": float(found.group(3)), "p50": 0, "p90": 0, "p99": 0, "cpu_us": cpu / count * 1e6,
            "rss": max(peak_rss_mib(process.pid) for process in processes),
            "allocations": per_call(counted, processes, count)}


class Messages:
    def __init__(self, tmp):
        from conftest import load_package
        from grpc_health.v1 import health_pb2, health_pb2_grpc
        self.licensing, self.stubs = load_package(
            tmp, ["licences", "dossiers", "enforcement", "register", "licensing"], "licensing")
        import importlib
        self.common = importlib.import_module("dic.common.v1.common_pb2")
        self.health, self.health_grpc = health_pb2, health_pb2_grpc
        from grpc_tools import protoc
        from conftest import ROOT, well_known_include
        assert protoc.main(["protoc", f"-I{ROOT / 'Protos'}", well_known_include(), f"--python_out={tmp}",
                            f"--grpc_python_out={tmp}", "dic/common/v1/access.proto"]) == 0
        self.access = importlib.import_module("dic.common.v1.access_pb2")
        self.access_grpc = importlib.import_module("dic.common.v1.access_pb2_grpc")


def identity_token(messages, args, base, service_address):
    """A signed identity token for an officer who reads licences, as the console sends on an officer's
    behalf: made at an issuer of its own (as in a deployment, where one service signs and the others
    hold only its public key), for an officer the measured service granted licensing.reader."""
    import grpc
    a = messages.access
    admin = [("authorization", f"Bearer {TOKEN}")]
    issuer, issuer_address = start([str(args.bin / "dic-licensing")], {
        "DIC_DATA_DIR": str(base / "issuer"), "DIC_LISTEN": "127.0.0.1:0", "DIC_METRICS_LISTEN": "off",
        "DIC_ADMIN_TOKEN": TOKEN, "DIC_UNITS": "demo", "DIC_IDENTITY_SIGNING_KEY": str(base / "identity.key")},
        core="1")
    try:
        with grpc.insecure_channel(issuer_address) as channel:
            access = messages.access_grpc.AccessStub(channel)
            personal = access.CreateToken(a.CreateTokenRequest(request_id="bench-officer", principal="bench.officer"),
                                          metadata=admin, timeout=60).token
            identity = access.IssueIdentity(a.IssueIdentityRequest(),
                                            metadata=[("authorization", f"Bearer {personal}")], timeout=60)
    finally:
        stop(issuer)
    with grpc.insecure_channel(service_address) as channel:
        messages.access_grpc.AccessStub(channel).GrantRoles(
            a.ChangeRolesRequest(request_id="bench-officer-role", principal="bench.officer", roles=["licensing.reader"]),
            metadata=admin, timeout=60)
    if not identity.token.startswith("dic2."):
        sys.exit("the issuer issued no identity token")
    return identity.token


def bodies(messages, address, tmp):
    """The request bodies, and what each answer must be (its framed size), from one grpcio call each."""
    import grpc
    l, c = messages.licensing, messages.common
    metadata = [("authorization", f"Bearer {TOKEN}")]
    with grpc.insecure_channel(address) as channel:
        stub = messages.stubs.LicensingStub(channel)
        page = stub.ListLicences(l.ListLicencesRequest(page=c.PageRequest(page_size=1)), metadata=metadata, timeout=60)
        holder = stub.CreateOrganisation(l.CreateOrganisationRequest(
            request_id="bench-holder", organisation=l.Organisation(name="Công ty Thử tải")), metadata=metadata,
            timeout=60).id
        requests = {
            "GetLicence": l.GetLicenceRequest(id=page.licences[0].id),
            "ListLicences": l.ListLicencesRequest(query="to chuc thu 42", page=c.PageRequest(page_size=50)),
            "GetLicenceStatistics": l.LicenceStatisticsRequest(
                **{"from": c.Date(year=2023, month=1, day=1)}, through=c.Date(year=2023, month=3, day=31)),
        }
        sizes = {}
        for method, request in requests.items():
            answer = getattr(stub, method)(request, metadata=metadata, timeout=60)
            sizes[method] = len(frame(answer))
            (tmp / f"{method}.bin").write_bytes(frame(request))
        listed = stub.ListLicences(requests["ListLicences"], metadata=metadata, timeout=60)
        if len(listed.licences) != 50:
            sys.exit(f"the search found {len(listed.licences)} licences, not a page of 50")
        check = messages.health.HealthCheckRequest(service="")
        sizes["Check"] = len(frame(messages.health_grpc.HealthStub(channel).Check(check, timeout=10)))
        (tmp / "Check.bin").write_bytes(frame(check))
    return holder, sizes


def side_by_side(specs, requests, args, tmp):
    """`specs` (each a `measure` of one server: name, processes, urls, body, expect_data, headers)
    measured in turn, `args.rounds` bursts each, in alternating order, all servers up throughout: a
    phase of this machine (the same binary 30% slower for minutes, then not) falls on every one of
    them alike, where one after the other it fell on whichever ran then. Each result's rate is its
    requests over the time its bursts took; its CPU and latencies are those of its bursts."""
    each = requests // args.rounds
    for spec in specs:
        for output in [subprocess.run(h2load_command(url, max(1000, requests // 10), args, spec["body"],
                                                     headers=spec["headers"]), capture_output=True, text=True,
                                      check=True).stdout for url in spec["urls"]]:
            parse(output, max(1000, requests // 10), spec["expect_data"])
        for process in spec["processes"]:
            reset_peak_rss(process.pid)
        spec.update(seconds=0.0, cpu=0.0, logs=[], counted=allocations(spec["processes"]))
    for burst in range(args.rounds):
        for spec in (specs if burst % 2 == 0 else list(reversed(specs))):
            before = sum(cpu_seconds(process.pid) for process in spec["processes"])
            log = tmp / f"{spec['name']}-{burst}.log".replace(" ", "-").replace("/", "-")
            rate = parse(subprocess.run(h2load_command(spec["urls"][0], each, args, spec["body"], log, spec["headers"]),
                                        capture_output=True, text=True).stdout, each, spec["expect_data"])
            spec["cpu"] += sum(cpu_seconds(process.pid) for process in spec["processes"]) - before
            spec["seconds"] += each / rate
            spec["logs"].append(log)
    results = []
    for spec in specs:
        merged = tmp / f"{spec['name']}-merged.log".replace(" ", "-").replace("/", "-")
        merged.write_text("".join(log.read_text() for log in spec["logs"]))
        p50, p90, p99 = percentiles(merged)
        calls = each * args.rounds
        results.append({"name": spec["name"], "rate": calls / spec["seconds"], "p50": p50, "p90": p90, "p99": p99,
                        "cpu_us": spec["cpu"] / calls * 1e6,
                        "rss": max(peak_rss_mib(process.pid) for process in spec["processes"]),
                        "allocations": per_call(spec["counted"], spec["processes"], calls)})
    return results


def run_backend(label, args, tmp, messages, extra_env, replicas, echo=None):
    """One licensing replica (then a second, when `replicas` is 2), loaded and measured."""
    base = tmp / label.replace(" ", "-")
    base.mkdir()
    key = base / "audit.key"
    key.write_bytes(os.urandom(32))
    signing = base / "identity.key"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(signing)], check=True)
    signing.chmod(0o600)
    subprocess.run(["openssl", "pkey", "-in", str(signing), "-pubout", "-out", str(base / "identity-keys.pem")],
                   check=True)
    env = {"DIC_DATA_DIR": str(base / "a"), "DIC_LISTEN": "127.0.0.1:0", "DIC_METRICS_LISTEN": "off",
           "DIC_ADMIN_TOKEN": TOKEN, "DIC_UNITS": "demo", "DIC_AUDIT_KEY_FILE": str(key),
           "DIC_IDENTITY_KEYS": str(base / "identity-keys.pem"), **extra_env}
    first, address = start([str(args.bin / "dic-licensing")], env)
    processes, addresses = [first], [address]
    try:
        dicctl(args.bin, "units", "import", str(args.unit_file), "--address", address)
        dicctl(args.bin, "licensing", "import", str(args.register), "--address", address)
        holder, sizes = bodies(messages, address, base)
        wait_for_trim(first)
        results = []
        for count in ([1, 2] if replicas == 2 else [1]):
            if count == 2:
                second, other = start([str(args.bin / "dic-licensing")], {**env, "DIC_DATA_DIR": str(base / "b")})
                processes.append(second)
                addresses.append(other)
            suffix = f" x{count}" if replicas == 2 else ""
            urls = lambda method: [f"http://{a}/{method}" for a in addresses]  # noqa: E731
            if count == 1:
                results.append(measure(f"{label} Check", processes, urls("grpc.health.v1.Health/Check"),
                                       args.requests, args, base / "Check.bin", sizes["Check"], base, headers=()))
            if echo is not None and count == 1:
                # The ratio's two figures, measured side by side.
                echo_result, get = side_by_side([
                    {**echo, "name": "echo Get"},
                    {"name": f"{label}{suffix} GetLicence", "processes": processes,
                     "urls": urls("dic.licensing.v1.Licensing/GetLicence"), "body": base / "GetLicence.bin",
                     "expect_data": sizes["GetLicence"], "headers": (AUTH,)},
                ], args.requests, args, base)
                results.insert(0, echo_result)
                results.append(get)
            else:
                results.append(measure(f"{label}{suffix} GetLicence", processes,
                                       urls("dic.licensing.v1.Licensing/GetLicence"), args.requests, args,
                                       base / "GetLicence.bin", sizes["GetLicence"], base))
            if count == 1:
                # Made now: an identity lives five minutes, and the loading above takes longer.
                officer = f"authorization: Bearer {identity_token(messages, args, base, addresses[0])}"
                results.append(measure(f"{label} GetLicence (identity)", processes,
                                       urls("dic.licensing.v1.Licensing/GetLicence"), args.requests, args,
                                       base / "GetLicence.bin", sizes["GetLicence"], base, headers=(officer,)))
                slow = argparse.Namespace(**{**vars(args), "streams": args.slow_streams})
                results.append(measure(f"{label} ListLicences", processes,
                                       urls("dic.licensing.v1.Licensing/ListLicences"), args.slow_requests, slow,
                                       base / "ListLicences.bin", sizes["ListLicences"], base))
                results.append(measure(f"{label} Statistics", processes,
                                       urls("dic.licensing.v1.Licensing/GetLicenceStatistics"), args.slow_requests,
                                       slow, base / "GetLicenceStatistics.bin", sizes["GetLicenceStatistics"], base))
            results.append(writes(f"{label}{suffix} IssueLicence", processes, addresses, holder, args,
                                  f"{label}-{count}".replace(" ", "")))
        return results
    finally:
        for process in processes:
            stop(process)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", type=pathlib.Path, required=True, help="release build directory of the package")
    parser.add_argument("--echo", type=pathlib.Path, required=True)
    parser.add_argument("--load", type=pathlib.Path, required=True, help="licence-write-load")
    parser.add_argument("--licences", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--slow-requests", type=int, default=2_000, help="for ListLicences and the statistics")
    # 256 searches at once queue for longer than a PostgreSQL call waits for a connection (10 s),
    # and are shed UNAVAILABLE by design: the slow calls run 8 x 4 at once.
    parser.add_argument("--slow-streams", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--streams", type=int, default=32)
    parser.add_argument("--writers", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=4, help="bursts each of Echo and GetLicence, in turn")
    parser.add_argument("--allocations", type=pathlib.Path, help="alloc_count.so: count each call's allocations")
    args = parser.parse_args()
    # Under root the throwaway PostgreSQL needs its folder under the temporary directory.
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="service-bench-"))
    if args.allocations:
        (tmp / "allocations").mkdir()
        COUNTING.update({"LD_PRELOAD": str(args.allocations.resolve()), "DIC_ALLOC_COUNT_DIR": str(tmp / "allocations")})
    try:
        pb, pb_grpc = echo_modules(tmp)
        messages = Messages(tmp)
        args.unit_file, communes = units(tmp)
        args.register = licences(tmp, communes, random.Random(args.seed), count=args.licences)
        print(f"h2load: {args.requests:,} requests, {args.connections} connections x {args.streams} streams, h2load on "
              f"core 1, the service on core 0; {args.licences:,} licences; writes: {args.writers} writers for "
              f"{args.seconds:g} s; Echo and GetLicence in {args.rounds} bursts each, in turn. {os.cpu_count()} cores here: "
              "PostgreSQL and a second replica share them.")
        results = []
        # Up beside the SQLite service, idle but for its bursts (`side_by_side`).
        echo, echo_address = start([str(args.echo), "--port", "0", "--threads", "1"])
        try:
            port = int(echo_address.rsplit(":", 1)[1])
            get_size, _ = check_echo(port, pb, pb_grpc)
            body = tmp / "echo.bin"
            body.write_bytes(frame(get_request(pb)))
            spec = {"processes": [echo], "urls": [f"http://{echo_address}/bench.Echo/Get"], "body": body,
                    "expect_data": get_size, "headers": ()}
            backends = args.backends.split(",")
            if "sqlite" in backends:
                results += run_backend("sqlite", args, tmp, messages, {}, replicas=1, echo=spec)
            else:
                results.append(measure("echo Get", [echo], spec["urls"], args.requests, args, body, get_size, tmp,
                                       headers=()))
        finally:
            stop(echo)
        if "postgres" in backends:
            from pg_server import PostgresServer
            with PostgresServer(tmp / "pg") as server:
                url = server.create_database("licensing")
                results += run_backend("postgres", args, tmp, messages, {"DIC_DATABASE_URL": url}, replicas=2)
        print()
        for result in results:
            line = (row(result, per="req/s", width=28) if "IssueLicence" not in result["name"] else
                    f"{result['name']:<28} {result['rate']:>12,.0f} req/s  (writes; {args.writers} writers)"
                    f"{'':>26}CPU {result['cpu_us']:>6.1f} us/req  peak RSS {result['rss']:>6.1f} MiB")
            if result["allocations"] is not None:
                line += f"  allocations {result['allocations']:>7.1f}/call"
            print(line)
        echo_rate = results[0]["rate"]
        get = next(r for r in results if r["name"].endswith("GetLicence"))
        print(f"\nservice path ratio vs echo: {get['rate'] / echo_rate:.3f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
