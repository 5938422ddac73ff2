"""Codec conformance against the reference implementation (Python protobuf, upb).

Python encodes, our Swift codec decodes and re-encodes, and the bytes must be equal; and the
reverse: Swift encodes seeded random messages, Python parses and re-encodes them, and the bytes must
be equal. Both sides serialize deterministically (map entries sorted by key)."""
import math
import random
import struct
import subprocess

import pytest
from google.protobuf import unknown_fields
from wire_canonical import canonical

SEEDS = [1, 2, 3, 20230331, 424242]
PER_SEED = 400  # messages per type per seed, both directions

INT32 = [0, 1, -1, -(2**31), 2**31 - 1, 127, 128, -128]
INT64 = [0, 1, -1, -(2**63), 2**63 - 1, 2**31]
UINT32 = [0, 1, 2**32 - 1, 2**31]
UINT64 = [0, 1, 2**64 - 1, 2**63]
FLOATS = [0.0, -0.0, math.nan, math.inf, -math.inf, 3.4028234663852886e38, 1.401298464324817e-45, 1.5]
DOUBLES = [0.0, -0.0, math.nan, math.inf, -math.inf, 1.7976931348623157e308, 5e-324, 0.1]
STRINGS = ["", "a", "Bắc Kạn", "Sở Thông tin và Truyền thông", "đ", "🇻🇳", "日本", "\x00", "x y", "ơ"]


def records(items):
    out = bytearray()
    for name, payload in items:
        encoded = name.encode()
        out += struct.pack("<I", len(encoded)) + encoded + struct.pack("<I", len(payload)) + payload
    return bytes(out)


def parse_records(data):
    items, offset = [], 0
    while offset < len(data):
        (n,) = struct.unpack_from("<I", data, offset)
        name = data[offset + 4 : offset + 4 + n].decode()
        offset += 4 + n
        (m,) = struct.unpack_from("<I", data, offset)
        items.append((name, data[offset + 4 : offset + 4 + m]))
        offset += 4 + m
    return items


def swift_roundtrip(swift_bin, items):
    """Sends (type name, bytes) pairs through the Swift codec; returns (ok, bytes or error) pairs."""
    proc = subprocess.run(
        [swift_bin / "ProtoConformanceRunner", "roundtrip"], input=records(items), capture_output=True, check=True
    )
    data, offset, results = proc.stdout, 0, []
    while offset < len(data):
        status = data[offset]
        (n,) = struct.unpack_from("<I", data, offset + 1)
        body = data[offset + 5 : offset + 5 + n]
        results.append((status == 0, body if status == 0 else body.decode()))
        offset += 5 + n
    assert len(results) == len(items)
    return results


class RandomMessages:
    def __init__(self, pb2, seed):
        self.pb = pb2
        self.r = random.Random(seed)

    def int32(self):
        return self.r.choice(INT32) if self.r.random() < 0.3 else self.r.randint(-(2**31), 2**31 - 1) >> self.r.randint(0, 31)

    def int64(self):
        return self.r.choice(INT64) if self.r.random() < 0.3 else self.r.randint(-(2**63), 2**63 - 1) >> self.r.randint(0, 63)

    def uint32(self):
        return self.r.choice(UINT32) if self.r.random() < 0.3 else self.r.getrandbits(32) >> self.r.randint(0, 32)

    def uint64(self):
        return self.r.choice(UINT64) if self.r.random() < 0.3 else self.r.getrandbits(64) >> self.r.randint(0, 64)

    def float(self):
        if self.r.random() < 0.4:
            return self.r.choice(FLOATS)
        return struct.unpack("<f", struct.pack("<f", self.r.uniform(-1e6, 1e6)))[0]

    def double(self):
        return self.r.choice(DOUBLES) if self.r.random() < 0.4 else self.r.uniform(-1e300, 1e300)

    def string(self):
        return "".join(self.r.choice(STRINGS) for _ in range(self.r.randint(0, 3)))

    def bytes(self):
        return bytes(self.r.getrandbits(8) for _ in range(self.r.randint(0, 11)))

    def colour(self):
        if self.r.random() < 0.15:
            return self.int32()  # an unknown enum value: proto3 enums are open
        return self.r.choice([0, 1, 2, -3])

    def count(self):
        return self.r.choice([0, 0, 1, 3, 9, 13, 40])

    def scalars(self, m=None):
        m = m if m is not None else self.pb.Scalars()
        m.f_int32, m.f_int64, m.f_uint32, m.f_uint64 = self.int32(), self.int64(), self.uint32(), self.uint64()
        m.f_sint32, m.f_sint64, m.f_fixed32, m.f_fixed64 = self.int32(), self.int64(), self.uint32(), self.uint64()
        m.f_sfixed32, m.f_sfixed64, m.f_bool = self.int32(), self.int64(), self.r.random() < 0.5
        m.f_float, m.f_double, m.f_string, m.f_bytes = self.float(), self.double(), self.string(), self.bytes()
        m.f_enum = self.colour()
        return m

    def optionals(self):
        m = self.pb.Optionals()
        makers = {
            "int32": self.int32, "int64": self.int64, "uint32": self.uint32, "uint64": self.uint64,
            "sint32": self.int32, "sint64": self.int64, "fixed32": self.uint32, "fixed64": self.uint64,
            "sfixed32": self.int32, "sfixed64": self.int64, "bool": lambda: self.r.random() < 0.5,
            "float": self.float, "double": self.double, "string": self.string, "bytes": self.bytes,
            "enum": self.colour,
        }
        for kind, make in makers.items():
            if self.r.random() < 0.5:
                setattr(m, "o_" + kind, make())  # set, even to the default: presence is kept
        return m

    def repeateds(self):
        m = self.pb.Repeateds()
        makers = [
            ("int32", self.int32), ("int64", self.int64), ("uint32", self.uint32), ("uint64", self.uint64),
            ("sint32", self.int32), ("sint64", self.int64), ("fixed32", self.uint32), ("fixed64", self.uint64),
            ("sfixed32", self.int32), ("sfixed64", self.int64), ("bool", lambda: self.r.random() < 0.5),
            ("float", self.float), ("double", self.double), ("string", self.string), ("bytes", self.bytes),
            ("enum", self.colour), ("unpacked_int32", self.int32), ("unpacked_double", self.double),
            ("unpacked_enum", self.colour),
        ]
        for kind, make in makers:
            getattr(m, "r_" + kind).extend(make() for _ in range(self.count()))
        for _ in range(self.count()):
            self.scalars(m.r_message.add())
        return m

    def maps(self):
        m = self.pb.Maps()
        b = lambda: self.r.random() < 0.5  # noqa: E731
        plain = [
            ("m_string_string", self.string, self.string), ("m_int32_int64", self.int32, self.int64),
            ("m_int64_string", self.int64, self.string), ("m_uint32_bytes", self.uint32, self.bytes),
            ("m_uint64_double", self.uint64, self.double), ("m_sint32_float", self.int32, self.float),
            ("m_sint64_enum", self.int64, self.colour), ("m_fixed32_bool", self.uint32, b),
            ("m_sfixed32_sint32", self.int32, self.int32), ("m_sfixed64_uint64", self.int64, self.uint64),
            ("m_bool_string", b, self.string),
        ]
        for field, key, value in plain:
            target = getattr(m, field)
            for _ in range(self.r.choice([0, 1, 2, 5])):
                target[key()] = value()
        for field, key in [("m_fixed64_message", self.uint64), ("m_string_message", self.string)]:
            target = getattr(m, field)
            for _ in range(self.r.choice([0, 1, 2, 5])):
                self.scalars(target[key()])
        return m

    def choice(self, m=None):
        m = m if m is not None else self.pb.Choice()
        m.label = self.string()
        pick = self.r.randrange(7)
        if pick == 0:
            m.text = self.string()
        elif pick == 1:
            m.number = self.int64()
        elif pick == 2:
            self.scalars(m.scalars)
        elif pick == 3:
            m.blob = self.bytes()
        elif pick == 4:
            m.colour = self.colour()
        elif pick == 5:
            m.ratio = self.double()
        m.after = self.int32()
        split = self.r.randrange(3)
        if split == 0:
            m.split_low = self.int32()
        elif split == 1:
            m.split_high = self.string()
        m.between = self.r.random() < 0.5
        return m

    def node(self, m=None, depth=0):
        m = m if m is not None else self.pb.Node()
        deeper = depth < 4
        m.name = self.string()
        if deeper and self.r.random() < 0.4:
            self.node(m.left, depth + 1)
        if deeper:
            for _ in range(self.r.choice([0, 0, 1, 2])):
                self.node(m.children.add(), depth + 1)
        link = self.r.randrange(3)
        if link == 0 and deeper:
            self.node(m.right, depth + 1)
        elif link == 1:
            m.leaf = self.string()
        return m

    def everything(self):
        m = self.pb.Everything()
        if self.r.random() < 0.5:
            self.scalars(m.scalars)
        if self.r.random() < 0.5:
            m.optionals.CopyFrom(self.optionals())
        if self.r.random() < 0.5:
            m.repeateds.CopyFrom(self.repeateds())
        if self.r.random() < 0.5:
            m.maps.CopyFrom(self.maps())
        if self.r.random() < 0.5:
            self.choice(m.choice)
        if self.r.random() < 0.5:
            self.node(m.tree)
        for _ in range(self.count()):
            self.choice(m.choices.add())
        if self.r.random() < 0.5:
            m.inner.mood = self.r.choice([0, 1])
            m.inner.note = self.string()
        return m

    def all_kinds(self):
        return [self.scalars(), self.optionals(), self.repeateds(), self.maps(), self.choice(), self.node(),
                self.everything()]


def serialize(message):
    """The reference encoding, with map entries in ascending key order (see wire_canonical)."""
    return canonical(message.DESCRIPTOR, message.SerializeToString(deterministic=True))


@pytest.mark.parametrize("seed", SEEDS)
def test_python_encodes_swift_reencodes_identically(swift_bin, conformance_pb2, seed):
    gen = RandomMessages(conformance_pb2, seed)
    items = []
    for _ in range(PER_SEED):
        for message in gen.all_kinds():
            items.append((message.DESCRIPTOR.full_name, serialize(message)))
    results = swift_roundtrip(swift_bin, items)
    for (name, sent), (ok, got) in zip(items, results):
        assert ok, f"{name}: Swift failed to decode: {got}"
        assert got == sent, f"{name}: re-encoded bytes differ"


@pytest.mark.parametrize("seed", SEEDS)
def test_swift_encodes_python_reencodes_identically(swift_bin, conformance_pb2, seed):
    out = subprocess.run(
        [swift_bin / "ProtoConformanceRunner", "generate", str(seed), str(PER_SEED)], capture_output=True, check=True
    ).stdout
    items = parse_records(out)
    assert len(items) == 7 * PER_SEED
    classes = {cls.DESCRIPTOR.full_name: cls for cls in [
        conformance_pb2.Scalars, conformance_pb2.Optionals, conformance_pb2.Repeateds, conformance_pb2.Maps,
        conformance_pb2.Choice, conformance_pb2.Node, conformance_pb2.Everything]}
    for name, payload in items:
        message = classes[name]()
        message.ParseFromString(payload)
        assert serialize(message) == payload, f"{name}: Python re-encodes Swift's bytes differently"
        assert len(unknown_fields.UnknownFieldSet(message)) == 0, f"{name}: Python saw fields it does not know"


def test_unknown_fields_survive_an_older_schema(swift_bin, conformance_pb2):
    pb = conformance_pb2
    newer = pb.Newer(name="Bắc Kạn", count=8, extra_numbers=[1, -2, 2**40], extra_fixed32=7, extra_fixed64=2**60,
                     extra_text="mới", extra_big_field_number=2**64 - 1)
    newer.extra_message.f_string = "lồng nhau"
    newer.extra_message.f_sint64 = -5
    sent = serialize(newer)
    [(ok, relayed)] = swift_roundtrip(swift_bin, [("conformance.v1.Older", sent)])
    assert ok, relayed
    assert relayed == sent
    back = pb.Newer()
    back.ParseFromString(relayed)
    assert back == newer


def test_extreme_values(swift_bin, conformance_pb2):
    pb = conformance_pb2
    items = []
    for values in zip(INT32, INT64, UINT32, UINT64):
        s = pb.Scalars(f_int32=values[0], f_int64=values[1], f_uint32=values[2], f_uint64=values[3],
                       f_sint32=values[0], f_sint64=values[1], f_fixed32=values[2], f_fixed64=values[3],
                       f_sfixed32=values[0], f_sfixed64=values[1])
        items.append(s)
    for f, d in zip(FLOATS, DOUBLES):
        items.append(pb.Scalars(f_float=f, f_double=d))
        items.append(pb.Optionals(o_float=f, o_double=d))
    items.append(pb.Scalars(f_string="x" * (1 << 20), f_bytes=b"\xff" * (1 << 20)))
    items.append(pb.Scalars(f_string="ạ" * (1 << 19)))
    items.append(pb.Optionals(o_int32=0, o_string="", o_bytes=b"", o_bool=False, o_enum=0))
    items.append(pb.Repeateds(r_int32=INT32, r_int64=INT64, r_uint32=UINT32, r_uint64=UINT64, r_sint32=INT32,
                              r_sint64=INT64, r_float=FLOATS, r_double=DOUBLES, r_unpacked_int32=INT32,
                              r_unpacked_double=DOUBLES, r_string=STRINGS))
    maps = pb.Maps()
    for key in INT32:
        maps.m_int32_int64[key] = 0  # default values inside map entries
        maps.m_sfixed32_sint32[key] = key
    maps.m_bool_string[False] = ""
    maps.m_bool_string[True] = "đúng"
    maps.m_string_string[""] = ""
    items.append(maps)
    sent = [(m.DESCRIPTOR.full_name, serialize(m)) for m in items]
    for (name, payload), (ok, got) in zip(sent, swift_roundtrip(swift_bin, sent)):
        assert ok, f"{name}: {got}"
        assert got == payload, f"{name}: bytes differ"


def test_unpacked_input_is_accepted_and_packed_on_output(swift_bin, conformance_pb2):
    # r_int32 (field 1) sent unpacked: two separate varint records. The reference packs on output.
    unpacked = bytes([0x08, 0x05, 0x08, 0x96, 0x01])
    [(ok, got)] = swift_roundtrip(swift_bin, [("conformance.v1.Repeateds", unpacked)])
    assert ok, got
    expected = conformance_pb2.Repeateds(r_int32=[5, 150])
    assert got == serialize(expected)


def test_malformed_input_is_an_error_not_a_crash(swift_bin):
    cases = [
        ("conformance.v1.Scalars", bytes([0x08])),  # truncated varint value
        ("conformance.v1.Scalars", bytes([0x72, 0x05, 0x61])),  # string length past the end
        ("conformance.v1.Scalars", bytes([0x72, 0x02, 0xC3, 0x28])),  # invalid UTF-8
        ("conformance.v1.Scalars", bytes([0x0B])),  # group start
        ("conformance.v1.Scalars", bytes([0x08] + [0xFF] * 10 + [0x01])),  # varint over 10 bytes
    ]
    results = swift_roundtrip(swift_bin, cases)
    assert [ok for ok, _ in results] == [False] * len(cases)
    assert "f_string" in results[2][1]
