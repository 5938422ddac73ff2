"""`make -C Benchmarks compare BASE=dir`: two builds of dic-licensing side by side, for a change whose
effect is smaller than this machine's swings (the same binary runs 30% slower for minutes at a
time, so two measurements one after the other say more about the minute than the change).

Both servers run at once on one copy each of the same register (imported once, through the API),
pinned to core 0, and are loaded in turn, in short bursts, alternating which goes first; a slow
spell then falls on both. Per call: the server's CPU over each burst (h2load on core 1, the
benchmark's settings), and for writes (`licence-write-load`, 64 writers) the writes a second too.
Prints each build's mean over its bursts and in how many bursts the new build was the lower.

    compare_service.py --base DIR --new DIR --load PATH [--licences 100000] [--bursts 12]
        [--calls GetLicence,ListLicences,GetLicenceStatistics,IssueLicence]
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

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "Tests" / "Interop"))
from rpc_bench import cpu_seconds  # noqa: E402
from report_bench import TOKEN, dicctl, licences, units  # noqa: E402
from service_bench import AUTH, Messages, bodies, h2load_command, parse, start, stop, wait_for_trim  # noqa: E402

# Calls measured with h2load: requests a burst and streams a connection (the slow ones as in
# service_bench.py).
READS = {"GetLicence": (20_000, 32), "ListLicences": (400, 4), "GetLicenceStatistics": (4_000, 4)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=pathlib.Path, required=True, help="directory holding the base dic-licensing")
    parser.add_argument("--new", type=pathlib.Path, required=True, help="directory holding the new dic-licensing")
    parser.add_argument("--load", type=pathlib.Path, required=True, help="licence-write-load (dicctl beside it)")
    parser.add_argument("--licences", type=int, default=100_000)
    parser.add_argument("--bursts", type=int, default=12)
    parser.add_argument("--write-seconds", type=float, default=2)
    parser.add_argument("--calls", default="GetLicence,ListLicences,GetLicenceStatistics,IssueLicence")
    args = parser.parse_args()
    tools = args.load.parent
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="compare-service-"))
    builds = {"base": args.base, "new": args.new}
    running = {}
    try:
        messages = Messages(tmp)
        unit_file, communes = units(tmp)
        register = licences(tmp, communes, random.Random(1), count=args.licences)
        key = tmp / "audit.key"
        key.write_bytes(os.urandom(32))

        def environment(data):
            return {"DIC_DATA_DIR": str(data), "DIC_LISTEN": "127.0.0.1:0", "DIC_METRICS_LISTEN": "off",
                    "DIC_ADMIN_TOKEN": TOKEN, "DIC_UNITS": "demo", "DIC_AUDIT_KEY_FILE": str(key)}

        # The register is imported once, by the base build, and each build serves a copy of it (the
        # new one migrates its copy forward when it starts, as an upgrade would).
        loader, address = start([str(args.base / "dic-licensing")], environment(tmp / "register"))
        try:
            dicctl(tools, "units", "import", str(unit_file), "--address", address)
            dicctl(tools, "licensing", "import", str(register), "--address", address)
        finally:
            stop(loader)
        for name, directory in builds.items():
            shutil.copytree(tmp / "register", tmp / name)
            process, address = start([str(directory / "dic-licensing")], environment(tmp / name))
            # Each build's own holder for the writes, and its own answers' sizes to check against.
            (tmp / f"{name}-requests").mkdir()
            holder, sizes = bodies(messages, address, tmp / f"{name}-requests")
            running[name] = (process, address, holder, sizes)
            wait_for_trim(process)
        h2 = argparse.Namespace(connections=8, streams=32)
        calls = [call for call in args.calls.split(",") if call]
        results = {call: {name: [] for name in builds} for call in calls}
        for call in calls:
            for burst in range(args.bursts + 1):  # the first is a warm-up, not counted
                for name in (list(builds) if burst % 2 == 0 else list(reversed(builds))):
                    process, address, holder, sizes = running[name]
                    before = cpu_seconds(process.pid)
                    if call == "IssueLicence":
                        output = subprocess.run(
                            ["taskset", "-c", "1", str(args.load), "--token", TOKEN, "--holder", holder,
                             "--writers", "64", "--seconds", str(args.write_seconds), "--run", f"{name}-{burst}",
                             "--address", address], capture_output=True, text=True, check=True).stdout
                        found = re.search(r"writes: (\d+) in ([\d.]+) s = (\d+)/s, failures (\d+)", output)
                        if not found or int(found.group(4)):
                            sys.exit(f"licence-write-load: {output}")
                        count, rate = int(found.group(1)), float(found.group(3))
                    else:
                        count, h2.streams = READS[call]
                        output = subprocess.run(
                            h2load_command(f"http://{address}/dic.licensing.v1.Licensing/{call}", count, h2,
                                           tmp / f"{name}-requests" / f"{call}.bin", headers=(AUTH,)), capture_output=True,
                            text=True).stdout
                        rate = parse(output, count, sizes[call])
                    if burst > 0:
                        results[call][name].append(((cpu_seconds(process.pid) - before) / count * 1e6, rate))
        print(f"{args.licences:,} licences; {args.bursts} bursts a call and build, in turn; CPU of the server a call")
        for call, by_build in results.items():
            base, new = by_build["base"], by_build["new"]
            lower = sum(1 for b, n in zip(base, new) if n[0] < b[0])
            line = f"{call:<22}"
            for name, rows in by_build.items():
                line += f"  {name} {sum(r[0] for r in rows) / len(rows):8.1f} us"
                if call == "IssueLicence":
                    line += f" ({sum(r[1] for r in rows) / len(rows):,.0f}/s)"
            print(f"{line}  new lower in {lower} of {len(base)}")
    finally:
        for process, *_ in running.values():
            stop(process)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
