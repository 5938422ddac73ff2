"""Writes seed inputs for the decode fuzzer: the Everything messages the conformance runner makes."""
import pathlib
import struct
import subprocess
import sys

runner, out = sys.argv[1], pathlib.Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
data = subprocess.run([runner, "generate", "7", "40"], check=True, capture_output=True).stdout
offset = index = 0
while offset < len(data):
    (n,) = struct.unpack_from("<I", data, offset)
    name = data[offset + 4 : offset + 4 + n].decode()
    offset += 4 + n
    (m,) = struct.unpack_from("<I", data, offset)
    if name == "conformance.v1.Everything":
        (out / f"seed-{index}").write_bytes(data[offset + 4 : offset + 4 + m])
        index += 1
    offset += 4 + m
