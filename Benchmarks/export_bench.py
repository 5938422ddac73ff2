"""Export benchmark: what a register's CSV export costs the service that streams it and the console
that relays it to a browser, and whether the memory either holds grows with the register.

Release builds of dic-licensing, dic-dx and dic-console over loopback; 100,000 licences and ten
years of quarterly figures for 980 more communes (117,600), loaded through the services' APIs.
Each export is taken by `dicctl` (straight from the service) and as the console's download, and
measured from the request to the last byte: its rows and bytes, the wall time, and each process's
peak RSS during it over its RSS before (`/proc/PID/clear_refs`, then `VmHWM`). Prints one line an
export:

    export <what> via <dicctl|console>: <rows> rows, <MiB> MiB in <s> s; <process> +<MiB> MiB (peak <MiB>) ...

Memory a process kept from an earlier take (glibc does not give every freed page back) is in its
RSS before the next, so a take's growth can read low; its peak is the whole figure.

    export_bench.py --bin DIR [--licences 100000] [--seed 1]
"""
import argparse
import http.client
import pathlib
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from console_bench import sign_in  # noqa: E402
from report_bench import TOKEN, dicctl, licences, measurements, start, units  # noqa: E402


def kib(pid, field):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


def measured(processes, take):
    """Runs `take` (which returns the export's bytes), with every process's peak RSS reset first."""
    before = {}
    for name, process in processes.items():
        pathlib.Path(f"/proc/{process.pid}/clear_refs").write_text("5")
        before[name] = kib(process.pid, "VmRSS")
    started = time.perf_counter()
    body = take()
    elapsed = time.perf_counter() - started
    peaks = {name: kib(process.pid, "VmHWM") for name, process in processes.items()}
    grew = {name: ((peaks[name] - before[name]) / 1024, peaks[name] / 1024) for name in processes}
    return body, elapsed, grew


def report(what, via, body, elapsed, grew):
    rows = body.count(b"\n") - 1
    peaks = ", ".join(f"{name} +{value:.1f} MiB (peak {peak:.1f})" for name, (value, peak) in grew.items())
    print(f"export {what} via {via}: {rows:,} rows, {len(body) / (1 << 20):.1f} MiB in {elapsed:.2f} s; {peaks}",
          flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", type=pathlib.Path, required=True)
    parser.add_argument("--licences", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="takes of each export")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    processes = {}
    try:
        with tempfile.TemporaryDirectory() as scratch_name:
            scratch = pathlib.Path(scratch_name)
            unit_file, communes = units(scratch)
            for name in ("licensing", "dx"):
                process, address = start(args.bin / f"dic-{name}", scratch / name, {"DIC_UNITS": "demo"})
                processes[name] = (process, address)
                dicctl(args.bin, "units", "import", str(unit_file), "--address", address)
            licensing, dx = processes["licensing"][1], processes["dx"][1]
            dicctl(args.bin, "licensing", "import", str(licences(scratch, communes, rng, count=args.licences)),
                   "--address", licensing)
            figures, count = measurements(scratch, communes, rng)
            dicctl(args.bin, "dx", "import", str(figures), "--address", dx)
            print(f"loaded {args.licences:,} licences and {count:,} figures", flush=True)
            process, console = start(args.bin / "dic-console", scratch / "console", {
                "DIC_LICENSING_ADDRESS": licensing, "DIC_TELECOM_ADDRESS": licensing, "DIC_DX_ADDRESS": dx,
                "DIC_AGGREGATOR_ADDRESS": licensing})
            processes["console"] = (process, console)
            host, port = console.rsplit(":", 1)

            def through_dicctl(*command):
                return subprocess.run([str(args.bin / "dicctl"), *command, "--timeout", "3600"], check=True,
                                      capture_output=True, env={"DIC_TOKEN": TOKEN}).stdout

            def through_console(path):
                connection, cookie = sign_in(host, int(port))
                connection.timeout = 3600
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or not body.startswith(b"\xef\xbb\xbf"):
                    raise RuntimeError(f"{path}: {response.status} {body[:300]!r}")
                return body[3:]

            console_process = processes["console"][0]
            takes = [
                ("licences", "dicctl", ["licensing"],
                 lambda: through_dicctl("licensing", "export", "--address", licensing)),
                ("licences", "console", ["licensing"], lambda: through_console("/giay-phep/tai-ve")),
                ("figures", "dicctl", ["dx"], lambda: through_dicctl("dx", "export", "--address", dx)),
                ("figures of 2019", "console", ["dx"], lambda: through_console("/chi-tieu/tai-ve?period=2019")),
            ]
            for what, via, names, take in takes:
                watched = {name: processes[name][0] for name in names}
                if via == "console":
                    watched["console"] = console_process
                for _ in range(args.runs):
                    report(what, via, *measured(watched, take))
    finally:
        for process, _ in processes.values():
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
