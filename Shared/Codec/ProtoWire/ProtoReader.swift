/// Reads protobuf wire data from contiguous memory without copying it.
///
/// A reader is only valid inside the `withUnsafeBytes` scope that made it; the message entry points
/// (`ProtoMessage.init(serializedBytes:)`) take care of that. Every read checks bounds and throws a
/// ``ProtoDecodingError`` instead of trapping, so any byte sequence is safe to feed in.
public struct ProtoReader {
    @usableFromInline var position: UnsafeRawPointer
    @usableFromInline let end: UnsafeRawPointer
    @usableFromInline let depth: Int
    @usableFromInline let maxDepth: Int
    @usableFromInline let refusesNUL: Bool
    @usableFromInline let maxStringBytes: Int

    @usableFromInline
    init(
        position: UnsafeRawPointer, end: UnsafeRawPointer, depth: Int, maxDepth: Int, refusesNUL: Bool,
        maxStringBytes: Int
    ) {
        self.position = position
        self.end = end
        self.depth = depth
        self.maxDepth = maxDepth
        self.refusesNUL = refusesNUL
        self.maxStringBytes = maxStringBytes
    }

    /// A reader over `buffer`, which must stay alive and unchanged while the reader is used.
    public init(buffer: UnsafeRawBufferPointer, options: ProtoDecodingOptions = .default) throws(ProtoDecodingError) {
        guard buffer.count <= options.maxMessageSize else {
            throw ProtoDecodingError(.messageTooLarge(size: buffer.count, limit: options.maxMessageSize))
        }
        // An empty buffer may have no base address; any non-null pointer works because nothing is read.
        let start = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        self.init(
            position: start, end: start + buffer.count, depth: 0, maxDepth: options.maxDepth,
            refusesNUL: options.refusesNULInStrings, maxStringBytes: options.maxStringBytes)
    }

    @inlinable
    public var isAtEnd: Bool { position >= end }

    @inlinable
    var remaining: Int { end - position }

    // MARK: Primitive reads

    @inlinable
    mutating func readByte() throws(ProtoDecodingError) -> UInt8 {
        guard position < end else { throw ProtoDecodingError(.truncated) }
        let byte = position.load(as: UInt8.self)
        position += 1
        return byte
    }

    @inlinable
    public mutating func readVarint() throws(ProtoDecodingError) -> UInt64 {
        guard position < end else { throw ProtoDecodingError(.truncated) }
        let first = position.load(as: UInt8.self)
        if first < 0x80 {
            position += 1
            return UInt64(first)
        }
        return try readVarintSlow()
    }

    @usableFromInline
    mutating func readVarintSlow() throws(ProtoDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var cursor = position
        while shift < 70 {
            guard cursor < end else { throw ProtoDecodingError(.truncated) }
            let byte = cursor.load(as: UInt8.self)
            cursor += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                position = cursor
                return result
            }
            shift += 7
        }
        throw ProtoDecodingError(.varintTooLong)
    }

    @inlinable
    public mutating func readFixed32() throws(ProtoDecodingError) -> UInt32 {
        guard remaining >= 4 else { throw ProtoDecodingError(.truncated) }
        let value = position.loadUnaligned(as: UInt32.self)
        position += 4
        return UInt32(littleEndian: value)
    }

    @inlinable
    public mutating func readFixed64() throws(ProtoDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw ProtoDecodingError(.truncated) }
        let value = position.loadUnaligned(as: UInt64.self)
        position += 8
        return UInt64(littleEndian: value)
    }

    /// Reads a length prefix and returns the bytes it covers, without copying them.
    @inlinable
    public mutating func readLengthDelimited() throws(ProtoDecodingError) -> UnsafeRawBufferPointer {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ProtoDecodingError(.lengthOutOfBounds(length: length, available: remaining))
        }
        let bytes = UnsafeRawBufferPointer(start: position, count: Int(length))
        position += Int(length)
        return bytes
    }

    // MARK: Tags

    /// The next field's tag, or `nil` at the end of the message.
    @inlinable
    public mutating func nextTag() throws(ProtoDecodingError) -> ProtoTag? {
        guard position < end else { return nil }
        let key = try readVarint()
        let number = key >> 3
        guard number > 0, number <= UInt64(ProtoTag.maxFieldNumber) else {
            throw ProtoDecodingError(.invalidFieldNumber(number))
        }
        let rawType = UInt8(truncatingIfNeeded: key & 7)
        guard let wireType = WireType(rawValue: rawType) else {
            throw ProtoDecodingError(rawType == 3 || rawType == 4 ? .groupNotSupported : .invalidWireType(rawType))
        }
        return ProtoTag(fieldNumber: Int(number), wireType: wireType)
    }

    @inlinable
    func expect(_ tag: ProtoTag, _ wireType: WireType) throws(ProtoDecodingError) {
        guard tag.wireType == wireType else {
            throw ProtoDecodingError(.wrongWireType(expected: wireType, actual: tag.wireType))
        }
    }

    // MARK: Fields

    /// Reads a singular field of type `T` whose tag was just read.
    @inlinable
    public mutating func read<T: ProtoFieldType>(_: T.Type, _ tag: ProtoTag) throws(ProtoDecodingError) -> T.Value {
        try expect(tag, T.wireType)
        return try T.read(from: &self)
    }

    /// Appends a repeated field's elements, accepting both packed and unpacked encodings of scalars.
    @inlinable
    public mutating func readRepeated<T: ProtoFieldType>(
        _: T.Type, _ tag: ProtoTag, into values: inout [T.Value]
    ) throws(ProtoDecodingError) {
        if tag.wireType == T.wireType {
            values.append(try T.read(from: &self))
            return
        }
        guard T.isPackable, tag.wireType == .lengthDelimited else {
            throw ProtoDecodingError(.wrongWireType(expected: T.wireType, actual: tag.wireType))
        }
        let payload = try readLengthDelimited()
        var sub = ProtoReader(
            position: payload.baseAddress ?? position, end: (payload.baseAddress ?? position) + payload.count,
            depth: depth, maxDepth: maxDepth, refusesNUL: refusesNUL, maxStringBytes: maxStringBytes)
        switch T.wireType {
        case .fixed32:
            guard payload.count % 4 == 0 else { throw ProtoDecodingError(.malformedPackedField) }
            values.reserveCapacity(values.count + payload.count / 4)
        case .fixed64:
            guard payload.count % 8 == 0 else { throw ProtoDecodingError(.malformedPackedField) }
            values.reserveCapacity(values.count + payload.count / 8)
        default:
            // Every varint ends with the one byte below 0x80, so counting those sizes the array
            // exactly: one allocation instead of a series of regrowths.
            var count = 0
            for byte in payload where byte < 0x80 { count &+= 1 }
            values.reserveCapacity(values.count + count)
        }
        while !sub.isAtEnd {
            values.append(try T.read(from: &sub))
        }
    }

    /// Merges an embedded message into `message`, as protobuf does when a singular message field
    /// appears more than once.
    @inlinable
    public mutating func mergeMessage<M: ProtoMessage>(
        _ tag: ProtoTag, into message: inout M
    ) throws(ProtoDecodingError) {
        try expect(tag, .lengthDelimited)
        let payload = try readLengthDelimited()
        var sub = try nested(payload)
        try message.merge(from: &sub)
    }

    /// Merges an embedded message into an optional field, creating it on first sight.
    @inlinable
    public mutating func mergeMessage<M: ProtoMessage>(
        _ tag: ProtoTag, into message: inout M?
    ) throws(ProtoDecodingError) {
        var value = message ?? M()
        try mergeMessage(tag, into: &value)
        message = value
    }

    /// Reads a length-delimited field as an embedded message: a reader over its bytes, one level
    /// deeper (and so subject to the nesting limit).
    @inlinable
    public mutating func readEmbedded(_ tag: ProtoTag) throws(ProtoDecodingError) -> ProtoReader {
        try expect(tag, .lengthDelimited)
        return try nested(try readLengthDelimited())
    }

    /// A reader for an embedded message one level deeper.
    @inlinable
    func nested(_ payload: UnsafeRawBufferPointer) throws(ProtoDecodingError) -> ProtoReader {
        guard depth < maxDepth else { throw ProtoDecodingError(.nestingTooDeep(limit: maxDepth)) }
        let start = payload.baseAddress ?? position
        return ProtoReader(
            position: start, end: start + payload.count, depth: depth + 1, maxDepth: maxDepth, refusesNUL: refusesNUL,
            maxStringBytes: maxStringBytes)
    }

    /// Reads one `map<K, V>` entry into `map`. A missing key or value takes its default, and a later
    /// entry with the same key replaces the earlier one.
    @inlinable
    public mutating func readMapEntry<K: ProtoFieldType, V: ProtoFieldType>(
        _: K.Type, _: V.Type, _ tag: ProtoTag, into map: inout [K.Value: V.Value]
    ) throws(ProtoDecodingError) {
        try expect(tag, .lengthDelimited)
        let payload = try readLengthDelimited()
        var sub = try nested(payload)
        var key = K.defaultValue
        var value = V.defaultValue
        while let entryTag = try sub.nextTag() {
            switch entryTag.fieldNumber {
            case 1:
                do { key = try sub.read(K.self, entryTag) } catch { throw error.within("key") }
            case 2:
                do { value = try sub.read(V.self, entryTag) } catch { throw error.within("value") }
            default:
                try sub.skipField(entryTag)
            }
        }
        map[key] = value
    }

    /// Skips a field this message does not know and keeps its bytes, so that re-encoding the message
    /// relays the field intact.
    @inlinable
    public mutating func skip(_ tag: ProtoTag, into unknownFields: inout ProtoUnknownFields) throws(ProtoDecodingError)
    {
        let valueStart = position
        try skipField(tag)
        unknownFields.append(tag: tag, value: UnsafeRawBufferPointer(start: valueStart, count: position - valueStart))
    }

    @inlinable
    mutating func skipField(_ tag: ProtoTag) throws(ProtoDecodingError) {
        switch tag.wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        }
    }
}
