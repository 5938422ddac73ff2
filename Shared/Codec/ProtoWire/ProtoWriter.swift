/// Writes protobuf wire data into memory sized in advance by `serializedSize()`.
///
/// Messages compute their exact size first, so encoding is a single allocation with no growth and
/// no copying. Each write still checks the bound: a size computation that disagreed with the
/// encoder would trap rather than write past the buffer.
public struct ProtoWriter {
    @usableFromInline var position: UnsafeMutableRawPointer
    @usableFromInline let end: UnsafeMutableRawPointer

    /// A writer that fills `buffer` from its start.
    @inlinable
    public init(buffer: UnsafeMutableRawBufferPointer) {
        let start = buffer.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 1)!
        self.position = start
        self.end = start + buffer.count
    }

    /// Bytes left in the buffer; zero once an encoder has filled exactly what it measured.
    @inlinable
    public var remaining: Int { end - position }

    @inlinable
    mutating func reserve(_ count: Int) -> UnsafeMutableRawPointer {
        precondition(end - position >= count, "protobuf encoder wrote more than its computed size")
        let start = position
        position += count
        return start
    }

    @inlinable
    public mutating func writeVarint(_ value: UInt64) {
        if value < 0x80 {
            reserve(1).storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
            return
        }
        let size = ProtoSize.varint(value)
        let out = reserve(size)
        var v = value
        for index in 0..<(size - 1) {
            out.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, toByteOffset: index, as: UInt8.self)
            v >>= 7
        }
        out.storeBytes(of: UInt8(truncatingIfNeeded: v), toByteOffset: size - 1, as: UInt8.self)
    }

    @inlinable
    public mutating func writeFixed32(_ value: UInt32) {
        reserve(4).storeBytes(of: value.littleEndian, as: UInt32.self)
    }

    @inlinable
    public mutating func writeFixed64(_ value: UInt64) {
        reserve(8).storeBytes(of: value.littleEndian, as: UInt64.self)
    }

    @inlinable
    public mutating func writeTag(_ fieldNumber: Int, _ wireType: WireType) {
        writeVarint(UInt64(truncatingIfNeeded: fieldNumber << 3) | UInt64(wireType.rawValue))
    }

    @inlinable
    public mutating func writeRawBytes(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let source = bytes.baseAddress else { return }
        reserve(bytes.count).copyMemory(from: source, byteCount: bytes.count)
    }

    /// Writes a length prefix followed by `bytes`.
    @inlinable
    public mutating func writeLengthDelimited(_ bytes: UnsafeRawBufferPointer) {
        writeVarint(UInt64(bytes.count))
        writeRawBytes(bytes)
    }

    // MARK: Fields

    /// Writes a field with its tag, whatever its value.
    @inlinable
    public mutating func write<T: ProtoFieldType>(_: T.Type, _ fieldNumber: Int, _ value: T.Value) {
        writeTag(fieldNumber, T.wireType)
        T.write(value, to: &self)
    }

    /// Writes a proto3 implicit-presence field, omitting it when it holds the default value.
    @inlinable
    public mutating func writeSingular<T: ProtoFieldType>(_: T.Type, _ fieldNumber: Int, _ value: T.Value) {
        if !T.isDefault(value) {
            write(T.self, fieldNumber, value)
        }
    }

    /// Writes a field with explicit presence (`optional`, or a message field) when it is set.
    @inlinable
    public mutating func writeOptional<T: ProtoFieldType>(_: T.Type, _ fieldNumber: Int, _ value: T.Value?) {
        if let value {
            write(T.self, fieldNumber, value)
        }
    }

    /// Writes a repeated field: scalars packed into one length-delimited record, unless `packed` is
    /// false (the `[packed = false]` option); strings, bytes and messages one record each.
    @inlinable
    public mutating func writeRepeated<T: ProtoFieldType>(
        _: T.Type, _ fieldNumber: Int, _ values: [T.Value], packed: Bool = true
    ) {
        guard !values.isEmpty else { return }
        if T.isPackable && packed {
            writeTag(fieldNumber, .lengthDelimited)
            if T.fixedWidth == nil && values.count <= 12 {
                // At most 10 bytes per varint, so 12 of them fit a one-byte length (< 128): write the
                // values, then fill in the length, instead of sizing them a second time.
                let lengthByte = reserve(1)
                let start = position
                for value in values {
                    T.write(value, to: &self)
                }
                lengthByte.storeBytes(of: UInt8(truncatingIfNeeded: position - start), as: UInt8.self)
                return
            }
            writeVarint(UInt64(ProtoSize.packedPayload(T.self, values)))
            for value in values {
                T.write(value, to: &self)
            }
        } else {
            for value in values {
                write(T.self, fieldNumber, value)
            }
        }
    }

    /// Writes a `map<K, V>` as entries sorted by key, so that equal maps always encode to equal bytes.
    @inlinable
    public mutating func writeMap<K: ProtoMapKeyType, V: ProtoFieldType>(
        _: K.Type, _: V.Type, _ fieldNumber: Int, _ map: [K.Value: V.Value]
    ) {
        guard !map.isEmpty else { return }
        for key in map.keys.sorted(by: K.precedes) {
            let value = map[key]!
            writeTag(fieldNumber, .lengthDelimited)
            writeVarint(UInt64(ProtoSize.mapEntry(K.self, V.self, key, value)))
            write(K.self, 1, key)
            write(V.self, 2, value)
        }
    }

    /// Writes the fields a decoder did not know, exactly as they arrived.
    @inlinable
    public mutating func write(_ unknownFields: ProtoUnknownFields) {
        if !unknownFields.bytes.isEmpty {
            unknownFields.bytes.withUnsafeBytes { writeRawBytes($0) }
        }
    }
}
