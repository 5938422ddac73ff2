"""Puts map entries of serialized protobuf in ascending key order, leaving every other byte alone.

Python's upb writes map entries in descending key order even with deterministic=True, while C++,
Go, Java and our codec write them ascending. Byte comparisons run on this canonical form so that
map order is the only thing they forgive."""
import struct

from google.protobuf.descriptor import FieldDescriptor as FD


def _varint(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def _records(data):
    """Yields (field number, wire type, whole record bytes, payload bytes or None)."""
    i = 0
    while i < len(data):
        start = i
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        payload = None
        if wire == 0:
            _, i = _varint(data, i)
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        elif wire == 2:
            length, i = _varint(data, i)
            payload = data[i : i + length]
            i += length
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, data[start:i], payload


def _tag_bytes(number, wire):
    key, out = (number << 3) | wire, bytearray()
    while key >= 0x80:
        out.append((key & 0x7F) | 0x80)
        key >>= 7
    out.append(key)
    return bytes(out)


def _length_prefixed(payload):
    n, out = len(payload), bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out) + payload


def _key_order(field, entry_payload):
    key_field = field.message_type.fields_by_number[1]
    for number, wire, record, payload in _records(entry_payload):
        if number != 1:
            continue
        t = key_field.type
        if t == FD.TYPE_STRING:
            return payload
        body = record[len(_tag_bytes(1, wire)) :]
        if wire == 0:
            v, _ = _varint(body, 0)
            if t in (FD.TYPE_SINT32, FD.TYPE_SINT64):
                return (v >> 1) ^ -(v & 1)
            if t in (FD.TYPE_INT32, FD.TYPE_INT64):
                return v - (1 << 64) if v >= 1 << 63 else v
            return v
        if wire == 5:
            return struct.unpack("<i" if t == FD.TYPE_SFIXED32 else "<I", body)[0]
        if wire == 1:
            return struct.unpack("<q" if t == FD.TYPE_SFIXED64 else "<Q", body)[0]
    return b"" if key_field.type == FD.TYPE_STRING else 0


def canonical(descriptor, data):
    out, pending_field, pending = bytearray(), None, []

    def flush():
        nonlocal pending_field, pending
        if pending:
            for _, record in sorted(pending, key=lambda p: p[0]):
                out.extend(record)
        pending_field, pending = None, []

    for number, wire, record, payload in _records(data):
        field = descriptor.fields_by_number.get(number)
        if field is None or field.type != FD.TYPE_MESSAGE or wire != 2:
            flush()
            out.extend(record)
            continue
        inner = canonical(field.message_type, payload)
        rebuilt = _tag_bytes(number, 2) + _length_prefixed(inner)
        if field.message_type.GetOptions().map_entry:
            if pending_field is not number:
                flush()
                pending_field = number
            pending.append((_key_order(field, inner), rebuilt))
        else:
            flush()
            out.extend(rebuilt)
    flush()
    return bytes(out)
