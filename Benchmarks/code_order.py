"""Which code the services run, in the order they first run it: the linker's layout for release
builds (Deploy/release/code-order.txt, read by `--section-ordering-file`).

A release build puts every function in a section of its own; laid out in this order, the code a
service runs sits in a few hundred pages instead of being spread over its whole binary, where the
kernel maps 64 KiB around every page a process touches (Deploy/release/README.md). What ran is
found exactly, not sampled: each executable runs under `first-run` (first-run.c), which stops a
program the first time each of its functions runs and lets it go on at full speed after that.

Three runs, in this order of the file:
  1. dic-licensing under the calls of `make bench-service` (GetLicence, ListLicences with a
     search, the statistics, health Check, IssueLicence from 64 writers) on a register imported
     through its API;
  2. dic-console in front of it, an officer signed in, going through the register's pages (as
     `make -C Benchmarks console` does) and the others' (whose services are not there: their
     error pages);
  3. `make demo`: every service started, the demo data loaded with dicctl, the quarterly report
     generated through the aggregator.
Then every private function (`.text..L*`: small helpers without a symbol, which the tracer cannot
see; 0.2 MiB in all).

    code_order.py --bin DIR --out Deploy/release/code-order.txt [--licences 5000]
"""
import argparse
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "Tests" / "Interop"))
from report_bench import TOKEN, dicctl, licences, units  # noqa: E402
from console_bench import sign_in  # noqa: E402
from service_bench import AUTH, Messages, bodies, start  # noqa: E402
from rpc_bench import stop  # noqa: E402

EXECUTABLES = ["dic-licensing", "dic-telecom", "dic-dx", "dic-aggregator", "dic-console", "dic-units", "dicctl"]


def functions(executable):
    """Address (as linked) -> the names of the functions there."""
    listing = subprocess.run(["nm", "-S", "--defined-only", str(executable)], capture_output=True, text=True,
                             check=True).stdout
    names = {}
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[2] in "tTwW" and int(fields[1], 16) > 0:
            names.setdefault(int(fields[0], 16), []).append(fields[3])
    return names


class Tracer:
    """first-run built once, and each executable's function addresses written for it."""

    def __init__(self, bin_dir, work):
        self.bin_dir, self.work = bin_dir, work
        self.tool = work / "first-run"
        subprocess.run(["clang", "-O2", "-o", str(self.tool), str(HERE / "first-run.c")], check=True)
        self.names = {}
        (work / "ran").mkdir()
        for name in EXECUTABLES + ["licence-write-load"]:
            executable = bin_dir / name
            if not executable.exists():
                sys.exit(f"{executable} is missing: build it with the release flags first")
            self.names[name] = functions(executable)
            (work / f"{name}.addresses").write_text("".join(f"{a:x}\n" for a in sorted(self.names[name])))

    def command(self, name, run):
        return [str(self.tool), str(self.work / f"{name}.addresses"), str(self.work / "ran" / f"{run}.{name}"),
                str(self.bin_dir / name)]

    def wrappers(self):
        """A directory standing in for the build's: each executable runs traced, one list a process."""
        directory = self.work / "traced-bin"
        directory.mkdir()
        for name in EXECUTABLES:
            tool, addresses, ran, real = self.command(name, "demo")
            script = directory / name
            script.write_text(f'#!/bin/sh\nexec "{tool}" "{addresses}" "{ran}.$$" "{real}" "$@"\n')
            script.chmod(0o755)
        return directory

    def ran(self, run, name):
        """The names of the functions `name` ran in `run`, in the order they first ran, each process
        in turn."""
        order = []
        for path in sorted((self.work / "ran").glob(f"{run}.{name}*")):
            for line in path.read_text().split():
                order += self.names[name].get(int(line, 16), [])
        return order


def licensing_under_load(tracer, work, count):
    """dic-licensing traced through an import and the benchmark's calls."""
    data = work / "licensing"
    data.mkdir()
    key = data / "audit.key"
    key.write_bytes(os.urandom(32))
    unit_file, communes = units(work)
    register = licences(work, communes, random.Random(1), count=count)
    env = {"DIC_DATA_DIR": str(data / "db"), "DIC_LISTEN": "127.0.0.1:0", "DIC_METRICS_LISTEN": "off",
           "DIC_ADMIN_TOKEN": TOKEN, "DIC_UNITS": "demo", "DIC_AUDIT_KEY_FILE": str(key)}
    process, address = start(tracer.command("dic-licensing", "load"), env)
    try:
        dicctl(tracer.bin_dir, "units", "import", str(unit_file), "--address", address)
        dicctl(tracer.bin_dir, "licensing", "import", str(register), "--address", address)
        holder, _ = bodies(Messages(data), address, data)
        paths = {"Check": "grpc.health.v1.Health/Check", "GetLicence": "dic.licensing.v1.Licensing/GetLicence",
                 "ListLicences": "dic.licensing.v1.Licensing/ListLicences",
                 "GetLicenceStatistics": "dic.licensing.v1.Licensing/GetLicenceStatistics"}
        for method, path in paths.items():
            subprocess.run(["h2load", "-n", "2000", "-c", "8", "-m", "4", "-d", str(data / f"{method}.bin"),
                            "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", AUTH,
                            f"http://{address}/{path}"], check=True, capture_output=True)
        subprocess.run([str(tracer.bin_dir / "licence-write-load"), "--address", address, "--token", TOKEN,
                        "--holder", holder, "--seconds", "3", "--run", f"order{int(time.time())}"],
                       check=True, capture_output=True)
        console_pages(tracer, work, address)
    finally:
        stop(process)


CONSOLE_PAGES = ["/", "/giay-phep", "/giay-phep?page=3", "/giay-phep?q=to+chuc+thu+42", "/giay-phep?kind=website",
                 "/giay-phep/cap-moi", "/ho-so", "/nhiem-vu", "/thanh-tra", "/bao-cao", "/vien-thong", "/chi-tieu",
                 "/an-toan-thong-tin", "/static/console.css", "/static/progress.js", "/healthz"]


def console_pages(tracer, work, licensing):
    """dic-console traced, an officer going through its pages over the register."""
    data = work / "console"
    data.mkdir()
    env = {"DIC_DATA_DIR": str(data), "DIC_LISTEN": "127.0.0.1:0", "DIC_METRICS_LISTEN": "off",
           "DIC_ADMIN_TOKEN": TOKEN, "DIC_UNITS": "demo", "DIC_LICENSING_ADDRESS": licensing,
           "DIC_TELECOM_ADDRESS": licensing, "DIC_DX_ADDRESS": licensing, "DIC_AGGREGATOR_ADDRESS": licensing}
    process, address = start(tracer.command("dic-console", "console"), env)
    try:
        host, port = address.rsplit(":", 1)
        connection, cookie = sign_in(host, int(port))
        first = None
        for path in CONSOLE_PAGES * 3:
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            page = response.read().decode("utf-8", "replace")
            if path == "/giay-phep" and first is None:
                found = re.search(r'href="/giay-phep/(lic-[0-9a-f]+)"', page)
                first = found.group(1) if found else None
        if first is None:
            sys.exit("the console's register page linked no licence")
        for path in [f"/giay-phep/{first}", f"/giay-phep/{first}/sua-doi"] * 3:
            connection.request("GET", path, headers={"Cookie": cookie})
            connection.getresponse().read()
    finally:
        stop(process)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", type=pathlib.Path, required=True, help="release build directory (the release flags)")
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--licences", type=int, default=5_000)
    args = parser.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="code-order-"))
    try:
        tracer = Tracer(args.bin.resolve(), work)
        licensing_under_load(tracer, work, args.licences)
        demo_out = work / "demo-out"
        subprocess.run([str(ROOT / "Deploy/demo/run-demo.sh"), str(tracer.wrappers()), str(demo_out)], check=True,
                       env={**os.environ, "DIC_DEMO_STAY": "0"}, stdout=subprocess.DEVNULL)
        sections, seen = [], set()
        # dic-units is not part of the demo (the services keep their units themselves): only the
        # code it shares with the others is laid out for it.
        runs = [("load", "dic-licensing"), ("console", "dic-console")]
        runs += [("demo", name) for name in EXECUTABLES if name != "dic-units"]
        for run, name in runs:
            names = tracer.ran(run, name)
            if not names:
                sys.exit(f"{name} ran nothing traced in the {run} run")
            for function in names:
                if function not in seen:
                    seen.add(function)
                    sections.append(f".text.{function}")
            print(f"{run:7} {name:16} {len(names):6} functions ran")
        sections.append(".text..L*")
        args.out.write_text("\n".join(sections) + "\n")
        print(f"{args.out}: {len(sections)} sections")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
