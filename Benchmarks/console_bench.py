"""Console benchmark (issue 19): a page of the licence register with 100,000 licences, rendered by a
release build of dic-console through a release build of the real dic-licensing over loopback.
Goal: under 200 ms server-side. Each page is timed from the request to the last byte over loopback,
so the figure includes the HTTP round trip (an upper bound on the server's time). Pages: the first,
one deep in the register, a search on a holder's name without diacritics, and a filter by kind.
Prints `console register 100k: median M ms, p95 P ms` last.

    console_bench.py --bin DIR [--licences 100000] [--requests 40] [--seed 1]
"""
import argparse
import http.client
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from report_bench import TOKEN, dicctl, licences, start, units  # noqa: E402


def sign_in(host, port):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    body = urllib.parse.urlencode({"token": TOKEN, "next": "/"})
    connection.request("POST", "/dang-nhap", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{host}:{port}"})
    response = connection.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    if response.status != 303 or not cookie.startswith("dic_session="):
        raise RuntimeError(f"sign-in failed: {response.status}")
    return connection, cookie


def timed(connection, cookie, path):
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200 or b'id="licences"' not in body:
        raise RuntimeError(f"{path}: {response.status}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", type=pathlib.Path, required=True)
    parser.add_argument("--licences", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    processes = []
    try:
        with tempfile.TemporaryDirectory() as scratch_name:
            scratch = pathlib.Path(scratch_name)
            unit_file, communes = units(scratch)
            # The demo's units (the register's templates name its wards) and the benchmark's communes.
            process, licensing = start(args.bin / "dic-licensing", scratch / "licensing", {"DIC_UNITS": "demo"})
            processes.append(process)
            dicctl(args.bin, "units", "import", str(unit_file), "--address", licensing)
            began = time.perf_counter()
            loaded = dicctl(args.bin, "licensing", "import",
                            str(licences(scratch, communes, rng, count=args.licences)), "--address", licensing)
            imported = re.search(r"^\s*(\d+)\s+(\d+)", loaded.splitlines()[-1])
            print(f"imported {imported.group(2) if imported else '?'} of {args.licences} licences in "
                  f"{time.perf_counter() - began:.1f} s")
            process, console = start(args.bin / "dic-console", scratch / "console", {
                "DIC_LICENSING_ADDRESS": licensing, "DIC_TELECOM_ADDRESS": licensing, "DIC_DX_ADDRESS": licensing,
                "DIC_AGGREGATOR_ADDRESS": licensing})
            processes.append(process)
            host, port = console.rsplit(":", 1)
            connection, cookie = sign_in(host, int(port))
            pages = ["/giay-phep", f"/giay-phep?page={args.licences // 100}", "/giay-phep?q=to+chuc+thu+4242",
                     "/giay-phep?kind=website&page=3"]
            for page in pages:  # warm the connections and caches once
                timed(connection, cookie, page)
            times = {page: [] for page in pages}
            for index in range(args.requests):
                page = pages[index % len(pages)]
                times[page].append(timed(connection, cookie, page))
            for page, values in times.items():
                print(f"{page}: median {statistics.median(values) * 1000:.1f} ms, max {max(values) * 1000:.1f} ms")
            every = sorted(value for values in times.values() for value in values)
            p95 = every[min(len(every) - 1, int(len(every) * 0.95))]
            print(f"console register {args.licences // 1000}k: median {statistics.median(every) * 1000:.1f} ms, "
                  f"p95 {p95 * 1000:.1f} ms")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
