"""`make fuzz-rpc`: a descriptor-driven fuzzer for every RPC of every DIC service.

It starts dic-licensing, dic-telecom, dic-dx and dic-aggregator from the built binaries, learns their
methods from server reflection (nothing here names a method), and sends each method, in its own call
kind, messages built from its descriptor with edge values, mutations of those messages and malformed
protobuf bytes, and requests it saw accepted with one field changed (strings it saw accepted or
answered, such as codes and ids, are reused, so that calls reach what is stored); and, over a raw
HTTP/2 connection, the header cases (grpc-timeout extremes and garbage,
wrong grpc-encoding, gzip bombs, 1,000 metadata entries, very long authorization values).

With --demo (the default when dicctl is beside the services), the demo data is loaded first through
the public APIs, and the records the services answer with (a site, a licence's date, a KPI) are kept
by message type. A write is then also built from such records with one value anywhere inside changed
to an edge value (half the time a number): valid in every other field, the value is stored. When it
or an accepted request with one value changed is stored, four of the service's reads (half of them
named like the write: a lease's acceptance after a lease) and one of the aggregator's (the quarter's
report reads every service) are called at once, with the names and periods the write held.
Each service's phase ends with a sweep: every field of one accepted request per write method, in
turn, at values its readers trip on (2^63-1, 1e20, a NUL, 10 kB of text, an enum value no reader
knows, a list empty, doubled or 200 long...), each one stored read back by the reads named like the
write and twice by the aggregator's report.
A value that is stored and then stops whoever reads it is found that way. Records the demo data
lacks (a Wi-Fi lease, a sanction) start from rpc_seeds.json, valid writes sent once after it.

After every call the service must answer health within 2 s. Findings:
  death       the process exited (reported with the method and the exact input; it is restarted)
  unhealthy   alive, but health did not answer within 2 s
  slow        the call took longer than 5 s
  status      the answer was UNKNOWN or INTERNAL (the server's fault, never the caller's)
  echo        an error repeated the caller's token
  seed        a seed of rpc_seeds.json was refused (the file no longer says what the services accept)
Every finding is written, with the exact input, as JSON under --findings. The exit status is 1 when
anything was found.

  rpc_fuzzer.py --bin BIN_DIR [--seconds 600] [--seed N] [--findings DIR] [--services licensing,...]
                [--demo DIR | --no-demo] [--postgres] [--verbose]
"""
import argparse
import base64
import collections
import csv
import gzip
import io
import itertools
import json
import os
import pathlib
import random
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

import grpc
import h2.config
import h2.connection
import h2.events
import h2.exceptions
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf.descriptor import FieldDescriptor
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

SERVICES = ("licensing", "telecom", "dx", "aggregator")
# Infrastructure every service shares; fuzzed too, but not counted as the service's own API.
SHARED_PREFIXES = ("grpc.",)
CALL_TIMEOUT = 10.0
# Server-streaming calls (some, like health Watch, stay open): their first message must come by then.
STREAM_TIMEOUT = 3.0
SLOW = 5.0
HEALTH_TIMEOUT = 2.0
# How long a service that stopped answering health is given to exit (a trap's backtrace) before it
# is reported unhealthy rather than dead.
DYING_TIMEOUT = 15.0
MAX_MESSAGE = 4 << 20

INT_EDGES = [0, 1, -1, 2, 7, 12, 13, 29, 31, 32, 100, 1970, 2023, 9999, 10000, 2**31 - 1, -2**31, 2**32 - 1,
             2**53, 2**63 - 1, -2**63]
UINT_EDGES = [0, 1, 2, 12, 31, 2023, 2**31 - 1, 2**32 - 1, 2**63 - 1, 2**64 - 1]
FLOAT_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, 100.0, 1e308, -1e308, 5e-324, 3.4e38, float("nan"), float("inf"),
               1e20, -1e20, 9.3e18, 2.0**53 + 2, 1e-9,
               float("-inf")]
STRING_EDGES = [
    "", " ", "a", "Bắc Kạn", "1", "0", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "1e9", "0x10", "NaN", "٣", "２０２３", "2023-02-30", "2023-13-01", "0000-00-00",
    "../../../../etc/passwd", "..\\..\\windows", "/", "a/../../b", "' OR '1'='1", "'; DROP TABLE audit; --",
    "%", "_", "%_\\", "\\", "\"", "\x00", "a\x00b", "\x01\x1b[31m", "\r\n", "\t", "\u202e", "\ufeff",
    "e\u0301" * 64, "\u0301" * 1000, "\U0001F600", "licensing.admin", "*", "=HYPERLINK(\"x\")", "+1", "@x",
    "x" * 256, "đ" * 5000, "A" * 65_536,
]
HUGE_STRING = "x" * (1 << 20)
# Valid writes of records the demo data lacks (a Wi-Fi lease, a sanction), sent after it is loaded.
SEEDS = pathlib.Path(__file__).resolve().parent / "rpc_seeds.json"
# Methods that read what is stored: called right after a write built from records was accepted.
READ_PREFIXES = ("Get", "List", "Export", "Preview", "Generate", "Search", "Estimate", "Watch", "Verify")
READ_BACKS = 4
# The share of each service's time given to the sweep of stored numbers and texts (Runner.sweep).
SWEEP_SHARE = 0.4
# The numbers a reader trips on once they are stored: the largest integers (a fee times the days of
# a month), figures past what 64 bits or a double's whole numbers hold, the smallest share of a plan.
SWEEP_INTS = [2**63 - 1, -2**63, 2**53, 2**32 - 1, 2**31 - 1, -2**31, -1]
SWEEP_FLOATS = [1e20, -1e20, 9.3e18, 1e308, 2.0**53 + 2, 1e-9, -1.0, 5e-324]
# And the texts: long (10 kB of Vietnamese), a NUL (PostgreSQL refuses it in text), a spreadsheet
# formula, a right-to-left override, a thousand combining marks, a character outside the BMP.
SWEEP_STRINGS = ["đ" * 5000, "a\x00b", "=HYPERLINK(\"http://x\")", "\u202eabc", "\u0301" * 1000, "\U0001F600"]
NUMERIC_TYPES = {getattr(FieldDescriptor, "TYPE_" + t) for t in (
    "INT32", "INT64", "UINT32", "UINT64", "SINT32", "SINT64", "FIXED32", "FIXED64", "SFIXED32", "SFIXED64",
    "DOUBLE", "FLOAT")}


def words(name):
    """The words of a field's or a method's name, plural or not: `lease_contract` and
    `ListWifiLeases` give {"lease", "contract"} and {"list", "wifi", "lease"}."""
    def singular(word):
        if word.endswith(("sses", "ches", "shes", "xes")):
            return word[:-2]
        return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us")) else word
    return {singular(p.lower()) for p in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name)}


def varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def tag(number, wire):
    return varint((number << 3) | wire)


def fresh_request_id(message, rng):
    """A new `request_id` for a changed request, so that it is stored: under the accepted request's
    id it would be refused as that id reused for a different request."""
    if "request_id" in message.DESCRIPTOR.fields_by_name and message.request_id:
        message.request_id = "fuzz-%016x" % rng.getrandbits(64)


# What the sweep does to a list (a repeated field): empties it, sends its first entry twice (a
# duplicate a unique index refuses), or 200 times (a page, a total, a loop over them).
LIST_CASES = ["empty", "twice", "many"]


def sweep_values(field):
    """The sweep's values for one field: for a number or text, values within what its type holds; for
    an enum, every value it names and one it does not (proto3 keeps an unknown number); for a
    list, LIST_CASES and, of numbers, texts and enums, a list of each such value alone."""
    t = FieldDescriptor
    if field.is_repeated:
        if field.type in (t.TYPE_MESSAGE, t.TYPE_GROUP):
            return LIST_CASES
        single = sweep_values_of_one(field)
        return LIST_CASES + [[value] for value in single]
    return sweep_values_of_one(field)


# A file's cells at what its readers trip on, for the imports: the same numbers written as a file
# writes them (and the ones a parser may take: NaN, Infinity, an exponent), then the texts.
SWEEP_CELLS = [str(v) for v in (2**63 - 1, -2**63, 2**53, 2**32 - 1, 2**31 - 1, -1)] + [
    "1e20", "-1e20", "1e308", "NaN", "Infinity", "1e-9", "9.3e18"] + SWEEP_STRINGS


# The imports the demo data has no file for, each with the field that carries its file and one
# valid row of its format: coverage declared for a demo village; a commune under a demo district
# (its code is made new for each case, as a file's `code` is).
TEMPLATE_FILES = {
    "ImportCoverageDeclarations": (None, ["village_code", "operator", "technology", "covered", "as_of"],
                                   ["BKN-V001", "viettel", "4G", "yes", "2023-03-31"]),
    "ImportAdminUnits": ("csv", ["code", "official_code", "name", "level", "parent_code", "valid_from", "valid_to",
                                 "placeholder", "source", "kind", "population"],
                         ["06.058.90", "", "Xã Thử Nghiệm", "commune", "06.058", "2020-01-01", "", "false", "fuzz",
                          "", "5000"]),
}


def demo_file(demo, service, method):
    """The demo file an import method reads, by the words of its name and the file's ("ImportSites"
    and telecom-sites-2023.csv), or the service's one file ("ImportLicences", licensing-*.csv)."""
    files = sorted(pathlib.Path(demo).glob("*.csv")) if demo else []
    topic = words(method.path.rsplit("/", 1)[1]) - {"import"}
    named = [f for f in files if words(f.stem.replace("-", "_")) & topic]
    own = [f for f in files if f.stem.split("-")[0] == service]
    return named[0] if len(named) == 1 else own[0] if len(own) == 1 and not named else None


def sweep_kind(field):
    """What a sweep case set, for the summary: a list, an enum, a text or a number."""
    if field.is_repeated:
        return "lists"
    if field.type == FieldDescriptor.TYPE_ENUM:
        return "enums"
    return "texts" if field.type in (FieldDescriptor.TYPE_STRING, FieldDescriptor.TYPE_BYTES) else "numbers"


def sweep_values_of_one(field):
    t = FieldDescriptor
    if field.type == t.TYPE_ENUM:
        return [value.number for value in field.enum_type.values] + [max(v.number for v in field.enum_type.values) + 50]
    if field.type == t.TYPE_BOOL:
        return [True, False]
    if field.type == t.TYPE_BYTES:
        return [b"", b"\x00" * 4096]
    if field.type == t.TYPE_STRING:
        return SWEEP_STRINGS
    if field.type in (t.TYPE_DOUBLE, t.TYPE_FLOAT):
        return [v for v in SWEEP_FLOATS if field.type == t.TYPE_DOUBLE or abs(v) < 3.4e38]
    bits = 32 if field.type in (t.TYPE_INT32, t.TYPE_SINT32, t.TYPE_SFIXED32, t.TYPE_UINT32, t.TYPE_FIXED32) else 64
    signed = field.type not in (t.TYPE_UINT32, t.TYPE_FIXED32, t.TYPE_UINT64, t.TYPE_FIXED64)
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    return sorted({max(low, min(high, v)) for v in SWEEP_INTS}, reverse=True)


def crash_report(log):
    """What a finding says of a service's log: the runtime's failure line and the crashed thread's
    first frames when there are, then the log's tail."""
    lines = log.splitlines()
    kept = [line for line in lines if line.startswith(("*** Swift runtime failure", "Fatal error"))][:2]
    for index, line in enumerate(lines):
        if line.endswith(" crashed:"):
            kept += [l[:300] for l in lines[index:index + 16] if l.strip()][:10]
            break
    return "\n".join(kept + ["(log tail)", log[-1500:]]) if kept else log[-3000:]


class Finding(Exception):
    pass


class Fuzzer:
    def __init__(self, rng, token):
        self.rng = rng
        self.token = token
        # What the services accepted and named: requests that were answered OK (by method), and the
        # strings in them and in the answers (codes, ids, contract numbers). A later request reuses
        # them, so that it reaches what is stored (a record by its code, a lease's month) instead
        # of being refused at the first field that names nothing, and mutates one field of a request
        # that was accepted, so that the rest of it is valid.
        self.accepted = collections.defaultdict(list)
        self.names = []
        self.known = set()
        # Records the services answered with, by message type (serialized), and the years they name.
        self.records = collections.defaultdict(list)
        self.years = set()
        # Strings and enum values by the name of the field that held them (a `holder_id`, a `kind`),
        # for the plain fields of a request built from records.
        self.by_field = collections.defaultdict(list)
        # How the last payload was made: "records" when built from kept records.
        self.last_origin = None

    def learn(self, path, data, request, answer):
        """Keeps an accepted request (its bytes) and the strings it and its answer hold."""
        kept = self.accepted[path]
        if len(data) > 65_536:
            pass  # a few huge accepted requests would hold gigabytes over every method; names still count
        elif len(kept) < 16:
            kept.append(data)
        else:
            kept[self.rng.randrange(16)] = data
        self.collect(request, 0, answered=False)
        self.collect(answer, 0)

    def collect(self, message, depth, answered=True):
        """Keeps the names, records and years in `message`; by field only what a service answered
        (a filter it accepted names nothing that exists)."""
        if message is None or depth > 6:
            return
        for field, value in message.ListFields():
            values = value if field.is_repeated else [value]
            for one in list(values)[:50]:
                if answered and field.type in (field.TYPE_STRING, field.TYPE_ENUM) and one != "" and one != 0:
                    keys = [field.enum_type.full_name if field.type == field.TYPE_ENUM else field.name]
                    if field.name in ("code", "id"):  # a Procedure's code is what `procedure_code` names
                        keys.append(re.sub(r"(?<!^)(?=[A-Z])", "_", message.DESCRIPTOR.name).lower() + "_" + field.name)
                    for key in keys:
                        kept = self.by_field[key]
                        if one in kept or (field.type == field.TYPE_STRING and len(one) > 128):
                            continue
                        if len(kept) < 32:
                            kept.append(one)
                        else:
                            kept[self.rng.randrange(32)] = one
                if field.type == field.TYPE_STRING and 0 < len(one) <= 128 and one not in self.known:
                    if len(self.names) >= 4096:
                        index = self.rng.randrange(4096)
                        self.known.discard(self.names[index])
                        self.names[index] = one
                    else:
                        self.names.append(one)
                    self.known.add(one)
                elif field.type == field.TYPE_MESSAGE and not field.message_type.GetOptions().map_entry:
                    self.keep_record(one)
                    self.collect(one, depth + 1, answered)
                elif field.name == "year" and field.type == field.TYPE_INT32 and 1900 <= one <= 2200:
                    self.years.add(one)

    def keep_record(self, message):
        data = message.SerializeToString()
        if not data or len(data) > 16_384:
            return
        kept = self.records[message.DESCRIPTOR.full_name]
        if data in kept:
            return
        if len(kept) < 32:
            kept.append(data)
        else:
            kept[self.rng.randrange(32)] = data

    # ---- values from descriptors ----

    def value(self, field, depth):
        rng = self.rng
        t = field.type
        if t in (field.TYPE_INT32, field.TYPE_SINT32, field.TYPE_SFIXED32):
            return self.clamp(rng.choice(INT_EDGES) if rng.random() < 0.7 else rng.randint(-5, 50), -2**31, 2**31 - 1)
        if t in (field.TYPE_INT64, field.TYPE_SINT64, field.TYPE_SFIXED64):
            return self.clamp(rng.choice(INT_EDGES) if rng.random() < 0.7 else rng.randint(-5, 50), -2**63, 2**63 - 1)
        if t in (field.TYPE_UINT32, field.TYPE_FIXED32):
            return self.clamp(rng.choice(UINT_EDGES), 0, 2**32 - 1)
        if t in (field.TYPE_UINT64, field.TYPE_FIXED64):
            return rng.choice(UINT_EDGES)
        if t in (field.TYPE_DOUBLE, field.TYPE_FLOAT):
            value = rng.choice(FLOAT_EDGES)
            return value if t == field.TYPE_DOUBLE or abs(value) < 3.4e38 or value != value or abs(value) == float("inf") else 0.0
        if t == field.TYPE_BOOL:
            return rng.random() < 0.5
        if t == field.TYPE_STRING:
            if rng.random() < 0.02:
                return HUGE_STRING
            if self.names and rng.random() < 0.35:
                return rng.choice(self.names)
            return rng.choice(STRING_EDGES)
        if t == field.TYPE_BYTES:
            return rng.choice([b"", b"\x00", os.urandom(rng.randint(1, 64)), b"\xff" * 1024])
        if t == field.TYPE_ENUM:
            numbers = [v.number for v in field.enum_type.values]
            return rng.choice(numbers + [-1, 2**31 - 1, -2**31, max(numbers) + 1])
        raise ValueError(f"unhandled field type {t}")

    @staticmethod
    def clamp(value, low, high):
        return max(low, min(high, value))

    def fill(self, message, depth=0):
        rng = self.rng
        for field in message.DESCRIPTOR.fields:
            if rng.random() < (0.35 if depth > 2 else 0.7):
                continue
            try:
                self.set_field(message, field, depth)
            except (ValueError, TypeError):
                pass  # the Python runtime refuses this value for this field (a closed enum, say)
        return message

    def set_field(self, message, field, depth):
        rng = self.rng
        repeated = field.is_repeated
        is_message = field.type in (field.TYPE_MESSAGE, field.TYPE_GROUP)
        if is_message and field.message_type.GetOptions().map_entry:
            key_field, value_field = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
            target = getattr(message, field.name)
            for _ in range(rng.choice([1, 2, 5])):
                key = self.value(key_field, depth)
                if value_field.type == value_field.TYPE_MESSAGE:
                    self.fill(target[key], depth + 1)
                else:
                    target[key] = self.value(value_field, depth)
            return
        if repeated:
            count = rng.choice([0, 1, 2, 3, 10, 100, 1000, 100_000 if not is_message else 2000])
            target = getattr(message, field.name)
            if is_message:
                if depth > 4:
                    count = min(count, 3)
                for _ in range(count):
                    self.fill(target.add(), depth + 1)
            else:
                one = self.value(field, depth)
                if isinstance(one, (str, bytes)) and len(one) > 1000:
                    count = min(count, 4)  # a few huge values, not 100,000 of them (100 GB)
                values = [one if rng.random() < 0.8 else self.value(field, depth) for _ in range(count)]
                if count > 4:  # the other values may be huge too: keep the whole field within 64 MiB
                    budget = 64 << 20
                    values = [v for v in values if not isinstance(v, (str, bytes))
                              or (budget := budget - len(v)) >= 0]
                target.extend(values)
            return
        if is_message:
            if depth < 8:
                self.fill(getattr(message, field.name), depth + 1)
            return
        setattr(message, field.name, self.value(field, depth))

    def payload(self, message_class, path=None):
        """One request message as bytes: built from stored records with one value changed, one field
        changed in a request the service accepted, built from the descriptor, mutated, or malformed."""
        rng = self.rng
        self.last_origin = None
        writes = path is not None and not path.rsplit("/", 1)[1].startswith(READ_PREFIXES)
        if rng.random() < (0.4 if writes else 0.15):
            message, used = self.from_records(message_class)
            if used:
                if rng.random() < 0.9:
                    self.change_one_value(message)
                self.last_origin = "records"
                return message.SerializeToString()
        if self.accepted.get(path) and rng.random() < 0.3:
            message = message_class.FromString(rng.choice(self.accepted[path]))
            fields = message.DESCRIPTOR.fields
            if rng.random() < 0.5:
                self.change_one_value(message)  # a value inside a record it holds, say
                fresh_request_id(message, rng)
                self.last_origin = "changed"  # valid but for one value: meant to be stored, then read
                return message.SerializeToString()
            if fields:
                field = rng.choice(fields)
                message.ClearField(field.name)
                try:
                    self.set_field(message, field, 0)
                except (ValueError, TypeError):
                    pass
                return message.SerializeToString()
        roll = rng.random()
        if roll < 0.6:
            data = self.fill(message_class()).SerializeToString()
        elif roll < 0.8:
            data = self.mutate(self.fill(message_class()).SerializeToString())
        else:
            data = self.malformed(message_class.DESCRIPTOR)
        if len(data) > MAX_MESSAGE + 1024 and rng.random() < 0.8:
            data = data[: rng.randint(0, MAX_MESSAGE)]
        return data

    def from_records(self, message_class, written=None):
        """A request whose message fields hold records the services answered with, its strings
        names they used (from `written`, a message just stored, when given), its year one they named.
        Says whether any record or name of `written` went in."""
        rng = self.rng
        message = message_class()
        used = False
        strings, numbers = [], collections.defaultdict(list)
        if written is not None:
            # The written message's plain values and those of the records in it, three levels down
            # (a report's hotspot code, a measurement's period's year), for the reads that name them.
            plain = []
            self.plain_values(written, 0, plain)
            strings = [(f.name, v) for f, v in plain if f.type == f.TYPE_STRING]
            for f, v in plain:
                if f.type in (f.TYPE_INT32, f.TYPE_INT64):
                    numbers[f.name].append(v)
        for field in message.DESCRIPTOR.fields:
            try:
                if field.type == field.TYPE_MESSAGE:
                    kept = self.records.get(field.message_type.full_name)
                    if not kept or field.message_type.GetOptions().map_entry or rng.random() < 0.1:
                        continue
                    if field.is_repeated:
                        for _ in range(rng.choice([1, 1, 2, 3])):
                            getattr(message, field.name).add().MergeFromString(rng.choice(kept))
                    else:
                        getattr(message, field.name).MergeFromString(rng.choice(kept))
                    used = True
                elif field.is_repeated:
                    continue
                elif field.name == "request_id":
                    setattr(message, field.name, "fuzz-%016x" % rng.getrandbits(64))
                elif field.type == field.TYPE_STRING:
                    # The written value under the same name, else under a name sharing a word (a
                    # lease's `contract_number` for a read's `lease_contract`), else any of them.
                    overlap = {n: len(words(n) & words(field.name)) for n, _ in strings}
                    most = max(overlap.values(), default=0)
                    same = ([v for n, v in strings if n == field.name]
                            or [v for n, v in strings if most and overlap[n] == most])
                    if same or strings:
                        setattr(message, field.name, rng.choice(same or [v for _, v in strings]))
                        used = True
                    elif self.by_field.get(field.name) and rng.random() < 0.9:
                        setattr(message, field.name, rng.choice(self.by_field[field.name]))
                        used = True
                    elif self.names and rng.random() < 0.7:
                        setattr(message, field.name, rng.choice(self.names))
                elif field.name in numbers and field.type in (field.TYPE_INT32, field.TYPE_INT64):
                    setattr(message, field.name, rng.choice(numbers[field.name]))
                elif field.name == "year" and self.years:
                    setattr(message, field.name, rng.choice(sorted(self.years)))
                elif field.name == "quarter":
                    setattr(message, field.name, rng.randint(1, 4))
                elif field.name == "month":
                    setattr(message, field.name, rng.randint(1, 12))
                elif field.type == field.TYPE_ENUM and rng.random() < 0.9:
                    choices = (self.by_field.get(field.enum_type.full_name)
                               or [v.number for v in field.enum_type.values if v.number])
                    if choices:
                        setattr(message, field.name, rng.choice(choices))
            except (ValueError, TypeError):
                pass
        return message, used

    def plain_values(self, message, depth, out):
        """The set singular strings and integers in `message`, in the first few entries of repeated
        records too, down to `depth` 3: (field, value) pairs."""
        for f, v in message.ListFields():
            if f.type == f.TYPE_MESSAGE:
                if depth < 3 and not f.message_type.GetOptions().map_entry:
                    for one in (list(v)[:3] if f.is_repeated else [v]):
                        self.plain_values(one, depth + 1, out)
            elif not f.is_repeated and f.type in (f.TYPE_STRING, f.TYPE_INT32, f.TYPE_INT64):
                out.append((f, v))

    def change_one_value(self, message):
        """Sets one value anywhere inside `message` (a field of a record in it, say) to an edge value;
        half the time a number, when there is one: a figure or fee past what its readers add up or
        convert is what a stored value breaks."""
        leaves = []
        self.leaves(message, 0, leaves)
        if not leaves:
            return
        numeric = [(p, f) for p, f in leaves if f.type in NUMERIC_TYPES and not f.is_repeated]
        parent, field = self.rng.choice(numeric if numeric and self.rng.random() < 0.5 else leaves)
        parent.ClearField(field.name)
        try:
            self.set_field(parent, field, 3)
        except (ValueError, TypeError):
            pass

    @staticmethod
    def sweep_set(parent, field, value):
        """Sets one sweep case's value (see sweep_values); False when the field cannot hold it."""
        if not field.is_repeated:
            setattr(parent, field.name, value)
            return True
        entries = getattr(parent, field.name)
        if isinstance(value, list):
            del entries[:]
            entries.extend(value)
            return True
        if value == "empty":
            if not len(entries):
                return False
            del entries[:]
            return True
        if not len(entries):
            return False
        first = entries[0]
        for _ in range(1 if value == "twice" else 199):
            if field.type in (field.TYPE_MESSAGE, field.TYPE_GROUP):
                entries.add().CopyFrom(first)
            else:
                entries.append(first)
        return True

    def leaves(self, message, depth, out, lists=False):
        """The fields of `message` and the records in it that are not records, in a fixed order (a
        sweep case names one by its index in a fresh copy); with `lists`, the lists of records too."""
        for field in message.DESCRIPTOR.fields:
            if field.type in (field.TYPE_MESSAGE, field.TYPE_GROUP):
                if field.message_type.GetOptions().map_entry or depth > 6:
                    continue
                if field.is_repeated:
                    if lists:
                        out.append((message, field))
                    for one in list(getattr(message, field.name))[:5]:
                        self.leaves(one, depth + 1, out, lists)
                elif message.HasField(field.name):
                    self.leaves(getattr(message, field.name), depth + 1, out, lists)
            elif field.name != "request_id":
                out.append((message, field))

    def mutate(self, data):
        rng = self.rng
        data = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            choice = rng.random()
            if not data or choice < 0.25:
                data[rng.randint(0, len(data)):rng.randint(0, len(data))] = os.urandom(rng.randint(1, 16))
            elif choice < 0.5:
                data[rng.randrange(len(data))] = rng.randrange(256)
            elif choice < 0.7:
                start = rng.randrange(len(data))
                del data[start:start + rng.randint(1, 32)]
            elif choice < 0.85:
                data = data[: rng.randrange(len(data) + 1)]
            else:
                start = rng.randrange(len(data))
                data[start:start] = data[start:start + rng.randint(1, 64)] * rng.randint(2, 50)
        return bytes(data)

    def malformed(self, message_descriptor):
        rng = self.rng
        numbers = [f.number for f in message_descriptor.fields] or [1]
        number = rng.choice(numbers)
        cases = [
            lambda: os.urandom(rng.randint(1, 256)),
            lambda: tag(number, 0) + b"\xff" * 11,  # a varint longer than ten bytes
            lambda: tag(number, 0) + b"\x80",  # cut varint
            lambda: tag(number, 2) + varint(2**64 - 1) + b"abc",  # length beyond the end
            lambda: tag(number, 2) + varint(2**31) + b"abc",
            lambda: tag(number, 2) + varint(5) + b"ab",  # cut body
            lambda: tag(number, rng.choice([3, 4, 6, 7])) + b"\x01",  # groups and invalid wire types
            lambda: tag(number, 5) + b"\x00\x00",  # cut fixed32
            lambda: tag(number, 1) + b"\x00" * 3,  # cut fixed64
            lambda: tag(0, 0) + b"\x01",  # field number 0
            lambda: varint((2**29 - 1) << 3) + b"\x01",  # the largest field number
            lambda: varint(2**35) + b"\x01",  # a field number beyond the limit
            lambda: tag(number, 0) + b"\x01" + tag(number, 2) + varint(3) + b"abc",  # one field, two wire types
            lambda: tag(number, 2) + varint(4) + b"\xff\xfe\xc0\x80",  # invalid UTF-8 for a string field
            lambda: self.deep(number, rng.choice([50, 101, 1000, 100_000])),
            lambda: tag(number, 3) * 10_000,  # unterminated nested groups
        ]
        return rng.choice(cases)()

    @staticmethod
    def deep(number, depth):
        inner = b""
        for _ in range(depth):
            inner = tag(number, 2) + varint(len(inner)) + inner
            if len(inner) > MAX_MESSAGE:
                break
        return inner


class Service:
    """One service process on a free loopback port, restarted after a death."""

    def __init__(self, name, binary, work, token, extra_env):
        self.name, self.binary, self.work, self.token, self.extra_env = name, binary, work, token, extra_env
        self.process = None
        self.tail = collections.deque(maxlen=40)
        self.starts = 0

    def start(self, listen="127.0.0.1:0"):
        self.starts += 1
        data = self.work / f"{self.name}-data"
        data.mkdir(parents=True, exist_ok=True)
        self.stderr_path = self.work / f"{self.name}-{self.starts}.log"
        env = {**os.environ, "DIC_DATA_DIR": str(data), "DIC_LISTEN": listen, "DIC_METRICS_LISTEN": "off",
               "DIC_ADMIN_TOKEN": self.token, "DIC_LOG_FORMAT": "text", "DIC_UNITS": "demo", **self.extra_env}
        self.process = subprocess.Popen([str(self.binary)], stdout=subprocess.PIPE,
                                        stderr=open(self.stderr_path, "w"), text=True, env=env)
        for line in self.process.stdout:
            if line.startswith("listening on "):
                self.address = line.split()[-1]
                break
        else:
            raise RuntimeError(f"{self.name} did not start: {self.stderr_path.read_text()[-2000:]}")
        self.port = int(self.address.rsplit(":", 1)[1])
        threading.Thread(target=self.drain, args=(self.process,), daemon=True).start()
        self.channel = grpc.insecure_channel(self.address, options=[
            ("grpc.max_receive_message_length", 64 << 20), ("grpc.max_send_message_length", 64 << 20)])
        self.health_channel = grpc.insecure_channel(self.address)
        self.health = health_pb2_grpc.HealthStub(self.health_channel)

    def drain(self, process):
        for line in process.stdout:
            self.tail.append(line)

    def alive(self):
        return self.process.poll() is None

    def healthy(self):
        try:
            answer = self.health.Check(health_pb2.HealthCheckRequest(), timeout=HEALTH_TIMEOUT)
            return answer.status == health_pb2.HealthCheckResponse.SERVING
        except grpc.RpcError:
            return False

    def stop(self):
        self.channel.close()
        self.health_channel.close()
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self):
        """Starts it again on its address, where the aggregator looks for it (a fresh port if that
        is taken)."""
        self.stop()
        try:
            self.start(self.address)
        except RuntimeError:
            self.start()


class Method:
    def __init__(self, service, path, request_class, client_streaming, server_streaming, response_class=None):
        self.service, self.path, self.request_class = service, path, request_class
        self.response_class = response_class
        self.client_streaming, self.server_streaming = client_streaming, server_streaming

    @property
    def kind(self):
        return {(False, False): "unary", (False, True): "server-streaming", (True, False): "client-streaming",
                (True, True): "bidirectional"}[(self.client_streaming, self.server_streaming)]


def discover(service):
    """Every method of every service the process lists in reflection, with its request class."""
    database = ProtoReflectionDescriptorDatabase(service.channel)
    pool = descriptor_pool.DescriptorPool(database)
    methods = []
    for name in database.get_services():
        if name.startswith("grpc.reflection"):
            continue  # reflection's own stream is the fuzzer's instrument
        service_descriptor = pool.FindServiceByName(name)
        for method in service_descriptor.methods:
            proto = descriptor_pb2.MethodDescriptorProto()
            method.CopyToProto(proto)
            methods.append(Method(name, f"/{name}/{method.name}", message_factory.GetMessageClass(method.input_type),
                                  proto.client_streaming, proto.server_streaming,
                                  message_factory.GetMessageClass(method.output_type)))
    return methods


class Runner:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.token = "fuzz-admin-" + "".join(self.rng.choice("0123456789abcdef") for _ in range(24))
        # A second credential-like value, sent only as a wrong token: it must never come back either.
        self.wrong = "fuzz-wrong-" + "".join(self.rng.choice("ghijklmnop") for _ in range(24))
        self.fuzzer = Fuzzer(self.rng, self.token)
        self.findings = []
        self.calls = collections.Counter()
        self.statuses = collections.Counter()
        self.findings_dir = pathlib.Path(args.findings)
        self.findings_dir.mkdir(parents=True, exist_ok=True)
        self.services = []
        self.methods = {}
        # Writes built from records: refused (False) and accepted (True); reads that followed them.
        self.built = collections.Counter()
        self.read_backs = 0
        # Writes meant to be stored (built from records, or accepted requests with one value
        # changed) that were accepted.
        self.stored = 0
        self.swept = 0
        self.repeats = collections.Counter()
        self.sweep_cases = 0
        self.swept_kinds = collections.Counter()
        self.by_name = {}
        self.after_write = {}
        self.seeds = json.loads(SEEDS.read_text())["seeds"] if args.demo and not args.no_demo else []
        self.seeded = 0
        self.last_details = ""

    def metadata(self):
        roll = self.rng.random()
        if roll < 0.85:
            return [("authorization", f"Bearer {self.token}")]
        if roll < 0.9:
            return []
        if roll < 0.95:
            return [("authorization", "Bearer " + self.wrong + "Q" * self.rng.choice([0, 4000]))]
        return [("authorization", f"Bearer {self.token}")] + [(f"x-fuzz-{i}", "v" * 10) for i in range(1000)]

    def record(self, service, kind, method, detail, request):
        finding = {"kind": kind, "service": service.name, "method": method, "detail": detail, **request}
        self.findings.append(finding)
        # A stored value that stops a reader stops every later read of it: the first three of one
        # failure in one method are written, the rest counted.
        lines = detail.splitlines() or [""]
        key = (kind, service.name, method.split(" ")[0], lines[0][:200])
        self.repeats[key] += 1
        if self.repeats[key] > 3:
            return
        path = self.findings_dir / f"finding-{len(self.findings):04d}.json"
        path.write_text(json.dumps(finding, ensure_ascii=False, indent=1))
        print(f"fuzz-rpc: FINDING {kind} {service.name} {method}: " + " | ".join(lines[:3])[:600] + f" ({path})",
              flush=True)

    def check_after(self, service, method, request):
        # A call to the aggregator reads the other services: each must still be running too (and
        # answering, after the aggregator's own calls).
        for other in self.services:
            if other is not service and (not other.alive() or (service.name == "aggregator" and not other.healthy())):
                self.judge(other, f"{method} (through {service.name})", request)
        if not service.alive() or not service.healthy():
            self.judge(service, method, request)

    def judge(self, service, method, request):
        """Records a service that died or stopped answering, and starts it again. A process that
        traps is alive while Swift's backtracer writes its report (seconds here): it is waited for,
        so that a crash is reported as one, with its backtrace."""
        try:
            service.process.wait(timeout=DYING_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
        log = crash_report(service.stderr_path.read_text(errors="replace"))
        if service.alive():
            self.record(service, "unhealthy", method, f"health did not answer within 2 s; log tail:\n{log}", request)
        else:
            self.record(service, "death", method, f"exit status {service.process.poll()}; log tail:\n{log}", request)
        service.restart()

    def echoes_token(self, text):
        return self.token in text or self.wrong in text

    def call(self, service, method, payload=None, store=False, thorough=False):
        """One call; `payload` is the request, or one is made. A `store` call, when accepted, is
        read back (by more reads when `thorough`). Returns the status code."""
        rng = self.rng
        if payload is not None:
            payloads = [payload]
        else:
            payloads = [self.fuzzer.payload(method.request_class, method.path)
                        for _ in range(rng.choice([0, 1, 2, 5, 100, 1000]) if method.client_streaming else 1)]
        from_records = payload is None and self.fuzzer.last_origin == "records"
        # Built to be stored: from records, or an accepted request with one value changed.
        to_store = store or from_records or (payload is None and self.fuzzer.last_origin == "changed")
        # What is built to reach storage, and the reads after it, go with the valid token.
        valid = to_store or payload is not None
        metadata = [("authorization", f"Bearer {self.token}")] if valid else self.metadata()
        request = {"call": method.kind, "metadata": [k for k, _ in metadata][:3] + [f"... {len(metadata)} in all"],
                   "messages_base64": [base64.b64encode(p).decode() for p in payloads[:20]],
                   "message_count": len(payloads), **self.after_write}
        identity = dict(request_serializer=None, response_deserializer=None)
        channel = service.channel
        start = time.monotonic()
        code, details, trailers = grpc.StatusCode.OK, "", ()
        received = []
        try:
            if not method.client_streaming and not method.server_streaming:
                answer, call = channel.unary_unary(method.path, **identity).with_call(
                    payloads[0], metadata=metadata, timeout=CALL_TIMEOUT)
                trailers = call.trailing_metadata() or ()
                try:
                    self.fuzzer.learn(method.path, payloads[0], method.request_class.FromString(payloads[0]),
                                      method.response_class.FromString(answer))
                except Exception:  # a payload the Python runtime cannot read back (malformed but accepted)
                    pass
            elif not method.client_streaming:
                call = channel.unary_stream(method.path, **identity)(payloads[0], metadata=metadata,
                                                                     timeout=STREAM_TIMEOUT)
                received = self.read_stream(call)
            elif not method.server_streaming:
                _, call = channel.stream_unary(method.path, **identity).with_call(
                    iter(payloads), metadata=metadata, timeout=CALL_TIMEOUT)
            else:
                call = channel.stream_stream(method.path, **identity)(iter(payloads), metadata=metadata,
                                                                      timeout=STREAM_TIMEOUT)
                received = self.read_stream(call)
        except grpc.RpcError as error:
            received = getattr(error, "received", received)
            code, details = error.code(), error.details() or ""
            trailers = error.trailing_metadata() or ()
        elapsed = time.monotonic() - start
        self.calls[service.name] += 1
        self.statuses[code.name] += 1
        if method.server_streaming and code == grpc.StatusCode.DEADLINE_EXCEEDED and not received:
            self.record(service, "slow", method.path, f"no first message within {STREAM_TIMEOUT} s", request)
        elif elapsed > SLOW and not (method.server_streaming and code == grpc.StatusCode.DEADLINE_EXCEEDED):
            self.record(service, "slow", method.path, f"{elapsed:.1f} s, answered {code.name}", request)
        if code in (grpc.StatusCode.UNKNOWN, grpc.StatusCode.INTERNAL):
            self.record(service, "status", method.path, f"{code.name}: {details[:300]}", request)
        if self.echoes_token(details) or any(self.echoes_token(str(v)) for _, v in trailers):
            self.record(service, "echo", method.path, "an error repeated the caller's credentials", request)
        self.check_after(service, method.path, request)
        self.last_details = details
        if from_records:
            self.built[code == grpc.StatusCode.OK] += 1
            if self.args.verbose:
                self.built[(method.path.rsplit("/", 1)[1], code.name, details[:80])] += 1
        if to_store and code == grpc.StatusCode.OK and not method.path.rsplit("/", 1)[1].startswith(READ_PREFIXES):
            self.stored += 1
            self.read_back(service, method, payloads[0], thorough)
        return code

    def send_seeds(self, service, methods):
        """The seeds' valid writes for this service, once each: what is accepted is then changed one
        value at a time like any accepted request. A refused seed is a finding: the file no longer
        says what the services accept, and the fuzzer would quietly stop reaching those records."""
        by_path = {m.path: m for m in methods}
        for seed in self.seeds:
            method = by_path.get(seed["method"])
            if method is None:
                continue
            try:
                request = json_format.ParseDict(self.resolve(seed["request"]), method.request_class())
            except (KeyError, IndexError, json_format.ParseError) as error:
                self.record(service, "seed", method.path, f"the seed cannot be built: {error!r}", {"seed": seed})
                continue
            code = self.call(service, method, request.SerializeToString())
            if code == grpc.StatusCode.OK:
                self.seeded += 1
            else:
                self.record(service, "seed", method.path, f"the seed was refused: {code.name}: {self.last_details}",
                            {"seed": seed})

    def resolve(self, value):
        """A seed's "$name" strings as values the services answered under that name."""
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, str) and value.startswith("$"):
            return self.fuzzer.by_field[value[1:]][0]
        return value

    def import_cases(self, service):
        """For each import (a client stream of a file's bytes) whose file the demo data has, or that
        TEMPLATE_FILES names: one of its rows, each cell in turn at each of SWEEP_CELLS. A case's data
        is (file field, header, row)."""
        cases = []
        for method in self.methods[service.name]:
            if not method.client_streaming or method.server_streaming:
                continue
            fields = [f for f in method.request_class.DESCRIPTOR.fields if f.type == f.TYPE_BYTES]
            template = TEMPLATE_FILES.get(method.path.rsplit("/", 1)[1])
            if template is not None:
                field, header, row = template
                field = field or (fields[0].name if len(fields) == 1 else None)
                if field is not None:
                    cases += [(method, (field, header, row), column, value) for column in range(len(header))
                              for value in SWEEP_CELLS]
                continue
            path = demo_file(self.args.demo if not self.args.no_demo else None, service.name, method)
            if len(fields) != 1 or path is None:
                continue
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            if len(rows) < 2:
                continue
            header, row = rows[0], self.rng.choice(rows[1:])
            cases += [(method, (fields[0].name, header, row), column, value) for column in range(len(header))
                      for value in SWEEP_CELLS]
        return cases

    def import_payload(self, method, data, column, value):
        """The one message of an import: the file's header and the row with `column` set to `value`,
        and its own `code` or `number` made new (an import skips a record it already has)."""
        field, header, row = data
        row = list(row) + [""] * (len(header) - len(row))
        for key, name in enumerate(header):
            if name in ("code", "number") and key != column:
                row[key] = f"{row[key]}-{self.rng.randrange(10**6)}"
        row[column] = value
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows([header, row])
        descriptor = method.request_class.DESCRIPTOR.fields_by_name
        content = text.getvalue() if descriptor[field].type == descriptor[field].TYPE_STRING else text.getvalue().encode()
        request = method.request_class(**{field: content})
        if "request_id" in descriptor:  # an import that is a change of its own (the units' registry)
            request.request_id = f"fuzz-import-{self.rng.randrange(10**12)}"
        return request.SerializeToString()

    def read_back(self, service, method, data, thorough=False):
        """Reads what a write built from records just stored: a few of the service's reads, asked
        with the names the write used, the year it named, and records. `thorough`: every read named
        like the write (up to six) and the aggregator's twice."""
        try:
            written = method.request_class.FromString(data)
        except Exception:
            return
        def reads(name):
            return [m for m in self.methods.get(name, [])
                    if not m.client_streaming and m.path.rsplit("/", 1)[1].startswith(READ_PREFIXES)]
        readers = reads(service.name)
        # Half of them name what was written (a lease's acceptance after the lease, by the words of
        # the method's name), the rest any read; and the quarter's report, which reads every service.
        topic = words(method.path.rsplit("/", 1)[1]) - {"save", "create", "update", "record", "set", "add", "import"}
        near = [m for m in readers if words(m.path.rsplit("/", 1)[1]) & topic]
        chosen = self.rng.sample(near, min(6 if thorough else READ_BACKS // 2, len(near)))
        rest = [m for m in readers if m not in chosen]
        chosen += self.rng.sample(rest, min(1 if thorough else READ_BACKS - len(chosen), len(rest)))
        if service.name != "aggregator" and "aggregator" in self.by_name:
            report = reads("aggregator")
            if thorough:  # the report itself, which reads every service, for two of the quarters
                report = [m for m in report if m.path.rsplit("/", 1)[1].startswith(("Generate", "Preview"))] * 2
            chosen += [(self.by_name["aggregator"], m) for m in self.rng.sample(report, min(2 if thorough else 1,
                                                                                            len(report)))]
        # A finding of a read names the write before it: that is what stored the value.
        self.after_write = {"after_write": method.path, "write_base64": base64.b64encode(data).decode()}
        try:
            for reader in chosen:
                target, reader = reader if isinstance(reader, tuple) else (service, reader)
                request, _ = self.fuzzer.from_records(reader.request_class, written)
                self.read_backs += 1
                self.call(target, reader, request.SerializeToString())
        finally:
            self.after_write = {}

    @staticmethod
    def read_stream(call):
        """Reads a response stream into a list. A stream that stays open (health Watch) ends at the
        deadline; that is fine once its first message has come."""
        received = []
        try:
            for message in call:
                received.append(len(message))
                if len(received) > 10_000:
                    call.cancel()
                    break
        except grpc.RpcError as error:
            error.received = received
            raise
        return received

    # ---- header cases over a raw HTTP/2 connection ----

    def header_case(self, service, method):
        rng = self.rng
        body = self.fuzzer.fill(method.request_class()).SerializeToString()[:MAX_MESSAGE + 1024]
        flag = 0
        headers = [("authorization", f"Bearer {self.token}")]
        case = rng.choice(["timeout", "timeout", "encoding", "bomb", "metadata", "authorization"])
        if case == "timeout":
            headers.append(("grpc-timeout", rng.choice([
                "99999999H", "99999999M", "99999999S", "99999999m", "99999999u", "99999999n", "0n", "0S", "1n",
                "123456789S", "1234567890S", "-1S", "+1S", "1X", "", "S", "1.5S", "١S", "00000001H", " 1S",
                "1S ", "1 S", "18446744073709551616n", "9" * 100 + "H"])))
        elif case == "encoding":
            encoding = rng.choice(["snappy", "GZIP", "identity", "deflate", "gzip", "", "gzip, deflate"])
            headers.append(("grpc-encoding", encoding))
            flag = 1
            body = rng.choice([body, b"not gzip at all", gzip.compress(body)[:-4]])
        elif case == "bomb":
            headers.append(("grpc-encoding", "gzip"))
            flag = 1
            size = rng.choice([MAX_MESSAGE - 1024, MAX_MESSAGE, 64 << 20])
            body = gzip.compress(b"\x00" * size, compresslevel=9)
        elif case == "metadata":
            headers += [(f"x-fuzz-{i}", rng.choice(["v", "v" * 100, "é"])) for i in range(1000)]
        else:
            headers = [("authorization", "Bearer " + self.wrong + "Q" * rng.choice([1000, 8000, 16_000, 65_000, 200_000]))]
        frame = struct.pack(">BI", flag, len(body)) + body
        request = {"call": "raw HTTP/2, " + case, "headers": [(k, v[:200]) for k, v in headers[:5]],
                   "header_count": len(headers), "body_base64": base64.b64encode(frame[:4096]).decode(),
                   "body_length": len(frame)}
        limit = STREAM_TIMEOUT if method.server_streaming else CALL_TIMEOUT
        outcome = raw_call(service.port, method.path, headers, frame, limit)
        elapsed = outcome.get("elapsed", 0.0)
        self.calls[service.name] += 1
        self.statuses[f"raw {case} " + outcome.get("grpc-status", outcome.get("outcome", "?"))] += 1
        live_stream = method.server_streaming and outcome.get(":status") == "200"
        if outcome.get("outcome") == "no answer" and not live_stream:
            self.record(service, "slow", method.path, f"no answer within {limit} s", request)
        elif elapsed > SLOW and not live_stream:
            self.record(service, "slow", method.path, f"{elapsed:.1f} s", request)
        if outcome.get("grpc-status") in ("2", "13"):
            self.record(service, "status", method.path, f"grpc-status {outcome['grpc-status']}: "
                        f"{outcome.get('grpc-message', '')[:300]}", request)
        if self.echoes_token(outcome.get("grpc-message", "")):
            self.record(service, "echo", method.path, "an error repeated the caller's credentials", request)
        self.check_after(service, method.path, request)

    def run(self, services):
        per_service = self.args.seconds / len(services)
        # Every service's methods first: a write's read-backs include the aggregator's report.
        for service in services:
            self.methods[service.name] = discover(service)
            self.by_name[service.name] = service
        for service in services:
            methods = self.methods[service.name]
            own = [m for m in methods if not m.service.startswith(SHARED_PREFIXES)]
            kinds = collections.Counter(m.kind for m in methods)
            print(f"fuzz-rpc: {service.name}: {len(methods)} methods ({len(own)} of its own; "
                  + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + ")", flush=True)
            deadline = time.monotonic() + per_service
            # What is stored, read once by every read that needs no argument, for records to build on.
            for method in methods:
                if not method.client_streaming and method.path.rsplit("/", 1)[1].startswith(READ_PREFIXES):
                    self.call(service, method, b"")
            self.send_seeds(service, methods)
            # Every method once first, so even a short smoke run covers the whole surface.
            for method in methods:
                self.call(service, method)
            # Random calls for most of the service's time, then the sweep of stored values, then
            # random calls again for whatever time the sweep left.
            self.random_calls(service, methods, deadline - per_service * SWEEP_SHARE)
            self.sweep(service, deadline)
            self.random_calls(service, methods, deadline)

    def random_calls(self, service, methods, until):
        while time.monotonic() < until:
            method = self.rng.choice(methods)
            if self.rng.random() < 0.15:
                self.header_case(service, method)
            else:
                self.call(service, method)

    def sweep(self, service, deadline):
        """Each field of an accepted write (one request kept per method), in turn, at each of the
        values its readers can trip on (see sweep_values), and each cell of an import's demo row (see
        import_cases); every one stored is read back by the reads named like the write and by the
        quarter's report. The random calls reach such a value and then the one read that trips on it
        too rarely: a fee near 2^63 read by its month's acceptance, a figure of 10^20 by the report.
        The methods take turns, each one's cases shuffled, so a run cut short by its deadline still
        covers every method a little."""
        writes = [m for m in self.methods[service.name] if not m.client_streaming and self.fuzzer.accepted.get(m.path)
                  and not m.path.rsplit("/", 1)[1].startswith(READ_PREFIXES)]
        cases = []
        for method in writes:
            data = self.rng.choice(self.fuzzer.accepted[method.path])
            targets = []
            self.fuzzer.leaves(method.request_class.FromString(data), 0, targets, lists=True)
            for index, (_, field) in enumerate(targets):
                cases += [(method, data, index, value) for value in sweep_values(field)]
        cases += self.import_cases(service)
        # Each method in turn, its cases shuffled: an import's thirty columns would otherwise take
        # most of a short run, and a method with few fields would come late.
        by_method = collections.defaultdict(list)
        for case in cases:
            by_method[case[0].path].append(case)
        groups = list(by_method.values())
        for group in groups:
            self.rng.shuffle(group)
        self.rng.shuffle(groups)
        cases = [case for turn in itertools.zip_longest(*groups) for case in turn if case is not None]
        self.sweep_cases += len(cases)
        for method, data, index, value in cases:
            if time.monotonic() >= deadline:
                break
            if isinstance(data, tuple):  # a file's row with one cell changed, streamed to its import
                self.swept += 1
                self.swept_kinds["file cells"] += 1
                self.call(service, method, self.import_payload(method, data, index, value), store=True, thorough=True)
                continue
            message = method.request_class.FromString(data)
            targets = []
            self.fuzzer.leaves(message, 0, targets, lists=True)
            parent, field = targets[index]
            try:
                if not self.fuzzer.sweep_set(parent, field, value):
                    continue
            except (ValueError, TypeError):
                continue
            fresh_request_id(message, self.rng)
            self.swept += 1
            self.swept_kinds[sweep_kind(field)] += 1
            self.call(service, method, message.SerializeToString(), store=True, thorough=True)


def load_demo(demo, bin_dir, token, started):
    """The demo data, through the services' APIs with dicctl, as `make demo` loads it."""
    began = time.monotonic()
    addresses = [started[name].address for name in ("licensing", "telecom", "dx", "aggregator")]
    done = subprocess.run([str(demo / "load-demo.sh"), str(bin_dir / "dicctl"), str(demo), *addresses],
                          env={**os.environ, "DIC_TOKEN": token}, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"loading the demo data failed ({done.returncode}):\n{done.stdout[-2000:]}"
                           f"{done.stderr[-3000:]}")
    print(f"fuzz-rpc: demo data loaded in {time.monotonic() - began:.1f} s", flush=True)


def raw_call(port, path, headers, frame, limit):
    """One gRPC call over a fresh raw HTTP/2 connection; returns what came back."""
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=limit)
    except OSError as error:
        return {"outcome": f"connect failed: {error}"}
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, validate_inbound_headers=False,
                                                                validate_outbound_headers=False,
                                                                normalize_outbound_headers=False))
    result = {}
    started = None
    try:
        conn.initiate_connection()
        if any(len(value) > 16_384 for _, value in headers):
            # The hpack package's Huffman coder is quadratic (6 s for one 200 kB value); plain literals
            # are as valid and keep a header case from spending the run's time in the client.
            encode = conn.encoder.encode
            conn.encoder.encode = lambda block, huffman=True: encode(block, huffman=False)
        conn.increment_flow_control_window(64 << 20)
        stream = conn.get_next_available_stream_id()
        conn.send_headers(stream, [(":method", "POST"), (":scheme", "http"), (":path", path),
                                   (":authority", "localhost"), ("content-type", "application/grpc"),
                                   ("te", "trailers"), *headers])
        encoded = conn.data_to_send()
        # The server's time starts here, after the client's own encoding work.
        started = time.monotonic()
        sock.sendall(encoded)
        offset = 0
        deadline = started + limit
        done = False
        while not done and time.monotonic() < deadline:
            while offset < len(frame) and not done:
                window = min(conn.local_flow_control_window(stream), conn.max_outbound_frame_size)
                if window <= 0:
                    break
                chunk = frame[offset:offset + window]
                offset += len(chunk)
                conn.send_data(stream, chunk, end_stream=offset >= len(frame))
                sock.sendall(conn.data_to_send())
            if not frame and offset == 0:
                conn.end_stream(stream)
                sock.sendall(conn.data_to_send())
                offset = 1
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data = sock.recv(65536)
            except socket.timeout:
                break
            if not data:
                result.setdefault("outcome", "connection closed")
                break
            for event in conn.receive_data(data):
                if isinstance(event, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                    for name, value in event.headers:
                        name, value = name.decode(), value.decode(errors="replace")
                        if name in ("grpc-status", "grpc-message", ":status"):
                            result[name] = value
                elif isinstance(event, h2.events.DataReceived):
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamReset):
                    result["outcome"] = f"reset {event.error_code}"
                    done = True
                elif isinstance(event, h2.events.ConnectionTerminated):
                    result["outcome"] = f"goaway {event.error_code}"
                    done = True
                if isinstance(event, h2.events.StreamEnded):
                    done = True
            pending = conn.data_to_send()
            if pending:
                sock.sendall(pending)
        if not done and "outcome" not in result:
            result["outcome"] = "no answer"
    except (OSError, h2.exceptions.ProtocolError) as error:
        result.setdefault("outcome", f"connection ended: {type(error).__name__}")
    finally:
        sock.close()
        if started is not None:
            result["elapsed"] = time.monotonic() - started
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the directory holding the dic-* executables")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--findings", default=".build-fuzz/rpc-findings")
    parser.add_argument("--services", default=",".join(SERVICES))
    parser.add_argument("--demo", type=pathlib.Path, default=None,
                        help="the demo data's directory (Deploy/demo), loaded with dicctl before fuzzing; "
                             "the default when dicctl is in --bin")
    parser.add_argument("--no-demo", action="store_true", help="fuzz services that start empty")
    parser.add_argument("--verbose", action="store_true", help="print what each request built from records got")
    parser.add_argument("--postgres", action="store_true",
                        help="each service on a database of a throwaway PostgreSQL 15 (Tests/Interop/pg_server.py)")
    args = parser.parse_args()
    if args.demo is None and not args.no_demo and (pathlib.Path(args.bin) / "dicctl").exists():
        args.demo = pathlib.Path(__file__).resolve().parents[2] / "Deploy" / "demo"
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(2**32)
    print(f"fuzz-rpc: seed {args.seed} (rerun with --seed {args.seed})", flush=True)
    runner = Runner(args)
    work = pathlib.Path(tempfile.mkdtemp(prefix="fuzz-rpc-"))
    bin_dir = pathlib.Path(args.bin)
    names = args.services.split(",")
    started = {}
    postgres = None
    try:
        def database(name):
            return {"DIC_DATABASE_URL": postgres.create_database(f"dic_{name}")} if postgres else {}
        if args.postgres:
            sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Interop"))
            from pg_server import PostgresServer
            postgres = PostgresServer(work / "postgres").start()
            print("fuzz-rpc: on PostgreSQL", flush=True)
        for name in ("licensing", "telecom", "dx"):
            if name in names or "aggregator" in names:
                started[name] = Service(name, bin_dir / f"dic-{name}", work, runner.token, database(name))
                started[name].start()
        if "aggregator" in names:
            upstream = {f"DIC_{n.upper()}_ADDRESS": started[n].address for n in ("licensing", "telecom", "dx")}
            started["aggregator"] = Service("aggregator", bin_dir / "dic-aggregator", work, runner.token,
                                            {**upstream, "DIC_UPSTREAM_TOKEN": runner.token, **database("aggregator")})
            started["aggregator"].start()
        runner.services = list(started.values())
        if args.demo and not args.no_demo and len(started) == 4:
            load_demo(args.demo, bin_dir, runner.token, started)
        runner.run([started[name] for name in names])
    finally:
        for service in started.values():
            service.stop()
        if postgres:
            postgres.stop()
    total = sum(runner.calls.values())
    print(f"fuzz-rpc: {total} calls in {args.seconds:.0f} s (" + ", ".join(
        f"{name} {count}" for name, count in runner.calls.items()) + ")")
    print("fuzz-rpc: answers: " + ", ".join(f"{k} {v}" for k, v in runner.statuses.most_common()))
    built = runner.built
    print(f"fuzz-rpc: {runner.seeded} of {len(runner.seeds)} seeds accepted; {built[True] + built[False]} requests "
          f"built from {len(runner.fuzzer.records)} kinds of stored record: {built[True]} accepted; "
          f"{runner.stored} writes with one value changed stored, {runner.read_backs} reads after them")
    kinds = ", ".join(f"{kind} {runner.swept_kinds[kind]}"
                      for kind in ("numbers", "texts", "enums", "lists", "file cells"))
    print(f"fuzz-rpc: swept {runner.swept} of {runner.sweep_cases} stored values at their edges ({kinds})")
    if args.verbose:  # what became of the requests built from records, to see which writes they reach
        for key, n in sorted((k, v) for k, v in built.items() if isinstance(k, tuple)):
            print(f"fuzz-rpc:   {n} x {key[0]}: {key[1]} {key[2]}")
    learned = runner.fuzzer.accepted
    print(f"fuzz-rpc: reused {sum(map(len, learned.values()))} accepted requests of {len(learned)} methods "
          f"and {len(runner.fuzzer.names)} names they and their answers held")
    kinds = collections.Counter(f["kind"] for f in runner.findings)
    print(f"fuzz-rpc: {len(runner.findings)} findings" + (" (" + ", ".join(
        f"{k} {v}" for k, v in kinds.items()) + f"), written to {runner.findings_dir}" if runner.findings else ""))
    for (kind, service, method, first), n in runner.repeats.items():
        if n > 3:
            print(f"fuzz-rpc:   {n} x {kind} {service} {method}: {first[:120]} (three written)")
    return 1 if runner.findings else 0


if __name__ == "__main__":
    sys.exit(main())
