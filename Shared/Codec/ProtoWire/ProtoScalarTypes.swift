// The proto scalar types. Each is a namespace: see ``ProtoFieldType``.

public enum ProtoInt32: ProtoMapKeyType {
    public static let wireType = WireType.varint
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Int32 {
        Int32(truncatingIfNeeded: try reader.readVarint())
    }
    // Negative values are sign-extended to 64 bits, as the format requires: 10 bytes on the wire.
    @inlinable public static func write(_ value: Int32, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(bitPattern: Int64(value)))
    }
    @inlinable public static func size(of value: Int32) -> Int { ProtoSize.varint(UInt64(bitPattern: Int64(value))) }
}

public enum ProtoInt64: ProtoMapKeyType {
    public static let wireType = WireType.varint
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Int64 {
        Int64(bitPattern: try reader.readVarint())
    }
    @inlinable public static func write(_ value: Int64, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(bitPattern: value))
    }
    @inlinable public static func size(of value: Int64) -> Int { ProtoSize.varint(UInt64(bitPattern: value)) }
}

public enum ProtoUInt32: ProtoMapKeyType {
    public static let wireType = WireType.varint
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> UInt32 {
        UInt32(truncatingIfNeeded: try reader.readVarint())
    }
    @inlinable public static func write(_ value: UInt32, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(value))
    }
    @inlinable public static func size(of value: UInt32) -> Int { ProtoSize.varint(UInt64(value)) }
}

public enum ProtoUInt64: ProtoMapKeyType {
    public static let wireType = WireType.varint
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> UInt64 {
        try reader.readVarint()
    }
    @inlinable public static func write(_ value: UInt64, to writer: inout ProtoWriter) { writer.writeVarint(value) }
    @inlinable public static func size(of value: UInt64) -> Int { ProtoSize.varint(value) }
}

public enum ProtoSInt32: ProtoMapKeyType {
    public static let wireType = WireType.varint
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Int32 {
        let raw = UInt32(truncatingIfNeeded: try reader.readVarint())
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
    @inlinable static func zigzag(_ value: Int32) -> UInt32 { UInt32(bitPattern: (value << 1) ^ (value >> 31)) }
    @inlinable public static func write(_ value: Int32, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(zigzag(value)))
    }
    @inlinable public static func size(of value: Int32) -> Int { ProtoSize.varint(UInt64(zigzag(value))) }
}

public enum ProtoSInt64: ProtoMapKeyType {
    public static let wireType = WireType.varint
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Int64 {
        let raw = try reader.readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
    @inlinable static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
    @inlinable public static func write(_ value: Int64, to writer: inout ProtoWriter) {
        writer.writeVarint(zigzag(value))
    }
    @inlinable public static func size(of value: Int64) -> Int { ProtoSize.varint(zigzag(value)) }
}

public enum ProtoFixed32: ProtoMapKeyType {
    public static let wireType = WireType.fixed32
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> UInt32 {
        try reader.readFixed32()
    }
    @inlinable public static func write(_ value: UInt32, to writer: inout ProtoWriter) { writer.writeFixed32(value) }
    @inlinable public static func size(of value: UInt32) -> Int { 4 }
}

public enum ProtoFixed64: ProtoMapKeyType {
    public static let wireType = WireType.fixed64
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> UInt64 {
        try reader.readFixed64()
    }
    @inlinable public static func write(_ value: UInt64, to writer: inout ProtoWriter) { writer.writeFixed64(value) }
    @inlinable public static func size(of value: UInt64) -> Int { 8 }
}

public enum ProtoSFixed32: ProtoMapKeyType {
    public static let wireType = WireType.fixed32
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Int32 {
        Int32(bitPattern: try reader.readFixed32())
    }
    @inlinable public static func write(_ value: Int32, to writer: inout ProtoWriter) {
        writer.writeFixed32(UInt32(bitPattern: value))
    }
    @inlinable public static func size(of value: Int32) -> Int { 4 }
}

public enum ProtoSFixed64: ProtoMapKeyType {
    public static let wireType = WireType.fixed64
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Int64 {
        Int64(bitPattern: try reader.readFixed64())
    }
    @inlinable public static func write(_ value: Int64, to writer: inout ProtoWriter) {
        writer.writeFixed64(UInt64(bitPattern: value))
    }
    @inlinable public static func size(of value: Int64) -> Int { 8 }
}

public enum ProtoBool: ProtoMapKeyType {
    public static let wireType = WireType.varint
    public static let defaultValue = false
    @inlinable public static func isDefault(_ value: Bool) -> Bool { !value }
    @inlinable public static func precedes(_ lhs: Bool, _ rhs: Bool) -> Bool { !lhs && rhs }
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Bool {
        try reader.readVarint() != 0
    }
    @inlinable public static func write(_ value: Bool, to writer: inout ProtoWriter) {
        writer.writeVarint(value ? 1 : 0)
    }
    @inlinable public static func size(of value: Bool) -> Int { 1 }
}

public enum ProtoFloat: ProtoFieldType {
    public static let wireType = WireType.fixed32
    public static let defaultValue: Float = 0
    // Only +0.0 is the default: -0.0 and NaN are values and must survive a round trip.
    @inlinable public static func isDefault(_ value: Float) -> Bool { value.bitPattern == 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Float {
        Float(bitPattern: try reader.readFixed32())
    }
    @inlinable public static func write(_ value: Float, to writer: inout ProtoWriter) {
        writer.writeFixed32(value.bitPattern)
    }
    @inlinable public static func size(of value: Float) -> Int { 4 }
}

public enum ProtoDouble: ProtoFieldType {
    public static let wireType = WireType.fixed64
    public static let defaultValue: Double = 0
    @inlinable public static func isDefault(_ value: Double) -> Bool { value.bitPattern == 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> Double {
        Double(bitPattern: try reader.readFixed64())
    }
    @inlinable public static func write(_ value: Double, to writer: inout ProtoWriter) {
        writer.writeFixed64(value.bitPattern)
    }
    @inlinable public static func size(of value: Double) -> Int { 8 }
}

public enum ProtoString: ProtoMapKeyType {
    public static let wireType = WireType.lengthDelimited
    public static let defaultValue = ""
    @inlinable public static func isDefault(_ value: String) -> Bool { value.isEmpty }
    // Map entries are ordered by UTF-8 bytes, as other protobuf runtimes order them, not by Swift's
    // Unicode-aware comparison.
    @inlinable public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> String {
        try read(from: &reader, limit: reader.maxStringBytes)
    }
    @inlinable static func read(from reader: inout ProtoReader, limit: Int) throws(ProtoDecodingError) -> String {
        let bytes = try reader.readLengthDelimited()
        guard bytes.count <= limit else { throw ProtoDecodingError(.stringTooLong(length: bytes.count, limit: limit)) }
        guard let string = makeString(validating: bytes) else {
            throw ProtoDecodingError(.invalidUTF8)
        }
        if reader.refusesNUL, bytes.contains(0) { throw ProtoDecodingError(.nulInString) }
        return string
    }
    @inlinable public static func write(_ value: String, to writer: inout ProtoWriter) {
        var value = value
        value.withUTF8 { writer.writeLengthDelimited(UnsafeRawBufferPointer($0)) }
    }
    @inlinable public static func size(of value: String) -> Int { ProtoSize.lengthDelimited(value.utf8.count) }
}

/// A string field the proto marks `(dic.common.v1.long_text)` (a file's lines, say): read like
/// ``ProtoString`` but bounded only by the message, not by ``ProtoDecodingOptions/maxStringBytes``.
public enum ProtoLongString: ProtoFieldType {
    public static let wireType = WireType.lengthDelimited
    public static let defaultValue = ""
    @inlinable public static func isDefault(_ value: String) -> Bool { value.isEmpty }
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> String {
        try ProtoString.read(from: &reader, limit: .max)
    }
    @inlinable public static func write(_ value: String, to writer: inout ProtoWriter) {
        ProtoString.write(value, to: &writer)
    }
    @inlinable public static func size(of value: String) -> Int { ProtoString.size(of: value) }
}

/// A String from UTF-8 bytes, or nil when they are not valid UTF-8.
///
/// `String(validating:as:)` goes through an unspecialized generic path that looks up type metadata
/// at run time on every call (a third of decode time in profiles); the standard library's
/// underscored `_tryFromUTF8` validates and copies in one non-generic pass.
@inlinable
func makeString(validating bytes: UnsafeRawBufferPointer) -> String? {
    if bytes.isEmpty { return "" }
    return String._tryFromUTF8(bytes.assumingMemoryBound(to: UInt8.self))
}

public enum ProtoBytes: ProtoFieldType {
    public static let wireType = WireType.lengthDelimited
    public static let defaultValue: [UInt8] = []
    @inlinable public static func isDefault(_ value: [UInt8]) -> Bool { value.isEmpty }
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> [UInt8] {
        Array(try reader.readLengthDelimited())
    }
    @inlinable public static func write(_ value: [UInt8], to writer: inout ProtoWriter) {
        value.withUnsafeBytes { writer.writeLengthDelimited($0) }
    }
    @inlinable public static func size(of value: [UInt8]) -> Int { ProtoSize.lengthDelimited(value.count) }
}

/// A proto enum field (open: unknown numbers are kept as `unrecognized`).
public enum ProtoEnumType<E: ProtoEnum>: ProtoFieldType {
    public static var wireType: WireType { .varint }
    @inlinable public static var defaultValue: E { E(rawValue: 0) }
    @inlinable public static func isDefault(_ value: E) -> Bool { value.rawValue == 0 }
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> E {
        E(rawValue: Int32(truncatingIfNeeded: try reader.readVarint()))
    }
    @inlinable public static func write(_ value: E, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(bitPattern: Int64(value.rawValue)))
    }
    @inlinable public static func size(of value: E) -> Int {
        ProtoSize.varint(UInt64(bitPattern: Int64(value.rawValue)))
    }
}

/// An embedded message field.
public enum ProtoMessageType<M: ProtoMessage>: ProtoFieldType {
    public static var wireType: WireType { .lengthDelimited }
    @inlinable public static var defaultValue: M { M() }
    // Message fields have explicit presence; a set but empty message is still written.
    @inlinable public static func isDefault(_ value: M) -> Bool { false }
    @inlinable public static func read(from reader: inout ProtoReader) throws(ProtoDecodingError) -> M {
        let payload = try reader.readLengthDelimited()
        var sub = try reader.nested(payload)
        var message = M()
        try message.merge(from: &sub)
        return message
    }
    @inlinable public static func write(_ value: M, to writer: inout ProtoWriter) {
        writer.writeVarint(UInt64(value.serializedSize()))
        value.encode(to: &writer)
    }
    @inlinable public static func size(of value: M) -> Int { ProtoSize.lengthDelimited(value.serializedSize()) }
}
