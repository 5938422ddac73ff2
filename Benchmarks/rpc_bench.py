"""RPC benchmark: the Echo service on our stack and on grpc-swift 2, driven by h2load with identical
settings one after the other, plus nghttpd serving a static body of the same size as the physical
reference. Each server is pinned to core 0 with one event-loop thread; h2load runs on core 1.

Prints requests per second, latency percentiles (from h2load's per-request log), server CPU time
per request and peak RSS, then `unary ratio vs grpc-swift: R`."""
import argparse
import os
import pathlib
import signal
import struct
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "Interop"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def echo_modules(tmp):
    from grpc_tools import protoc

    if protoc.main(["protoc", f"-I{ROOT / 'Protos'}", f"--python_out={tmp}", f"--grpc_python_out={tmp}",
                    "bench/echo.proto"]) != 0:
        sys.exit("protoc failed")
    sys.path.insert(0, str(tmp))
    import bench.echo_pb2 as pb
    import bench.echo_pb2_grpc as pb_grpc
    return pb, pb_grpc


def frame(message):
    payload = message.SerializeToString()
    return b"\x00" + struct.pack(">I", len(payload)) + payload


def get_request(pb):
    """The ~150-byte Get request of the benchmark contract (134-byte message, 139 framed)."""
    return pb.EchoRequest(text="Báo cáo kết quả thực hiện nhiệm vụ quý I năm 2023 của Sở Thông tin và Truyền",
                          id=20230331, values=[1, 2, 3, 5, 8, 13, 21, 34, 55, 89],
                          meta=pb.Meta(name="dic-bench", version=2))


def cpu_seconds(pid):
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_mib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak_rss(pid):
    """Starts a new peak: what a process reached while its data was loaded is not what it needs
    under the load measured next (Linux resets VmHWM to the current RSS on `5` in clear_refs)."""
    pathlib.Path(f"/proc/{pid}/clear_refs").write_text("5")


def start(command):
    process = subprocess.Popen(["taskset", "-c", "0", *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        sys.exit(f"{command[0]} did not start: {line!r} {process.stderr.read()}")
    return process, int(line.strip().rsplit(":", 1)[1])


def h2load(url, requests, connections, streams, body=None, log=None, expect_data=None):
    """Runs h2load and returns requests per second. h2load counts any HTTP 200 as a success, and
    a gRPC error is an HTTP 200 whose trailers say so (with no message): so the response bytes are
    checked too, `expect_data` per request, which a single error answer would make fall short."""
    command = ["taskset", "-c", "1", "h2load", "-n", str(requests), "-c", str(connections), "-m", str(streams)]
    if body is not None:
        command += ["-d", str(body), "-H", "content-type: application/grpc", "-H", "te: trailers"]
    if log is not None:
        command += [f"--log-file={log}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return parse_h2load(output, requests, expect_data)


def parse_h2load(output, requests, expect_data=None, on_failure=lambda: None):
    """Requests per second from h2load's output; stops the benchmark if any request failed or the
    response bytes are not `expect_data` per request (then `on_failure` may say more)."""
    rate = failed = data = None
    for line in output.splitlines():
        if line.startswith("finished in"):
            rate = float(line.split(",")[1].split()[0])
        if line.startswith("requests:"):
            failed = int(line.split(",")[4].split()[0])
        if line.startswith("traffic:"):
            data = int(line.rsplit("(", 1)[1].split(")")[0])
    if rate is None or failed:
        on_failure()
        sys.exit(f"h2load failed or saw failures:\n{output}")
    if expect_data is not None and data != expect_data * requests:
        on_failure()
        sys.exit(f"h2load: {data} response bytes, expected {expect_data} x {requests} = {expect_data * requests}: "
                 f"some answers were not the expected message (a gRPC error is an HTTP 200)\n{output}")
    return rate


def percentiles(log):
    durations = sorted(int(line.split("\t")[2]) for line in pathlib.Path(log).read_text().splitlines() if line)
    def at(p):
        return durations[min(len(durations) - 1, int(len(durations) * p))] / 1000
    return at(0.50), at(0.90), at(0.99)


def measure(name, process, url, args, body, tmp, kind, expect_data):
    h2load(url, max(2000, args.requests // 10), args.connections, args.streams, body,  # warm-up
           expect_data=expect_data)
    before = cpu_seconds(process.pid)
    log = tmp / f"{name}-{kind}.log"
    rate = h2load(url, args.requests, args.connections, args.streams, body, log, expect_data=expect_data)
    cpu = cpu_seconds(process.pid) - before
    p50, p90, p99 = percentiles(log)
    return {"name": name, "rate": rate, "p50": p50, "p90": p90, "p99": p99,
            "cpu_us": cpu / args.requests * 1e6, "rss": peak_rss_mib(process.pid)}


def check_echo(port, pb, pb_grpc, ca=None):
    import grpc

    channel = (grpc.secure_channel(f"localhost:{port}", grpc.ssl_channel_credentials(root_certificates=ca.read_bytes()))
               if ca else grpc.insecure_channel(f"127.0.0.1:{port}"))
    with channel:
        response = pb_grpc.EchoStub(channel).Get(get_request(pb), timeout=10)
        if response.id != 20230331:
            sys.exit(f"the server on {port} answered wrongly: {response}")
        expanded = list(pb_grpc.EchoStub(channel).Expand(pb.EchoRequest(text="stream", values=list(range(20))),
                                                         timeout=10))
        if [r.id for r in expanded] != list(range(20)):
            sys.exit(f"the server on {port} streamed wrongly")
        # What h2load must receive per request: the framed response message(s).
        return len(frame(response)), sum(len(frame(r)) for r in expanded)


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def row(result, per="req/s", width=14):
    return (f"{result['name']:<{width}} {result['rate']:>12,.0f} {per:<6} p50 {result['p50']:>7.2f} ms  "
            f"p90 {result['p90']:>7.2f} ms  p99 {result['p99']:>7.2f} ms  CPU {result['cpu_us']:>6.1f} us/req  "
            f"peak RSS {result['rss']:>6.1f} MiB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ours", required=True)
    parser.add_argument("--grpc-swift", required=True)
    parser.add_argument("--requests", type=int, default=300_000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--streams", type=int, default=32)
    args = parser.parse_args()
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="rpc-bench-"))
    pb, pb_grpc = echo_modules(tmp)
    get_body = tmp / "get.bin"
    get_body.write_bytes(frame(get_request(pb)))
    expand_body = tmp / "expand.bin"
    expand_body.write_bytes(frame(pb.EchoRequest(text="stream", values=list(range(20)))))
    response_size = len(frame(pb.EchoResponse(text=get_request(pb).text, id=20230331,
                                              values=get_request(pb).values, meta=get_request(pb).meta)))

    print(f"h2load: {args.requests:,} requests, {args.connections} connections x {args.streams} streams; "
          f"server on core 0 with 1 event loop, h2load on core 1. Get request {get_body.stat().st_size} bytes framed.")
    unary, streaming = [], []
    servers = [("ours", [args.ours, "--port", "0", "--threads", "1"]),
               ("grpc-swift 2", [args.grpc_swift, "0", "1"])]
    for name, command in servers:
        process, port = start(command)
        try:
            get_size, expand_size = check_echo(port, pb, pb_grpc)
            unary.append(measure(name, process, f"http://127.0.0.1:{port}/bench.Echo/Get", args, get_body, tmp,
                                 "get", get_size))
            result = measure(name, process, f"http://127.0.0.1:{port}/bench.Echo/Expand",
                             argparse.Namespace(**{**vars(args), "requests": args.requests // 10}), expand_body, tmp,
                             "expand", expand_size)
            result["rate"] *= 20  # messages per second
            streaming.append(result)
        finally:
            stop(process)

    site = tmp / "site"
    site.mkdir()
    (site / "body").write_bytes(b"x" * response_size)
    nghttpd = subprocess.Popen(["taskset", "-c", "0", "nghttpd", "--no-tls", "-d", str(site), "50099"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        unary.append(measure("nghttpd", nghttpd, "http://127.0.0.1:50099/body", args, None, tmp, "static",
                             response_size))
    finally:
        stop(nghttpd)

    print("\nUnary (Get):")
    for result in unary:
        print(row(result))
    print(f"\nServer streaming (Expand, 20 messages per call):")
    for result in streaming:
        print(row(result, per="msg/s"))
    # TLS: the same Get load over TLS 1.3 with ALPN h2, on both stacks.
    import certificates
    certs = certificates.make(tmp)
    tls_results = []
    for name, command in [("ours TLS", [args.ours, "--port", "0", "--threads", "1", "--tls-cert",
                                        str(certs / "server.crt"), "--tls-key", str(certs / "server.key")]),
                          ("grpc-swift 2 TLS", [args.grpc_swift, "0", "1", str(certs / "server.crt"),
                                                str(certs / "server.key")])]:
        process, port = start(command)
        try:
            get_size, _ = check_echo(port, pb, pb_grpc, ca=certs / "ca.crt")
            tls_results.append(measure(name, process, f"https://127.0.0.1:{port}/bench.Echo/Get", args, get_body, tmp,
                                       "tls", get_size))
        finally:
            stop(process)
    print("\nUnary (Get) over TLS:")
    for result in tls_results:
        print(row(result))
    cost = 1 - tls_results[0]["rate"] / unary[0]["rate"]
    print(f"TLS cost vs our h2c throughput: {cost * 100:.1f}% (goal: under 15%); "
          f"ours vs grpc-swift over TLS: {tls_results[0]['rate'] / tls_results[1]['rate']:.2f}x")
    ratio = unary[0]["rate"] / unary[1]["rate"]
    print(f"\nunary ratio vs grpc-swift: {ratio:.2f}")


if __name__ == "__main__":
    main()
