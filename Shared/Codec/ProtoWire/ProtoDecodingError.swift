/// Why a buffer could not be decoded, and where: `fieldPath` names the proto fields from the
/// outermost message inwards (`["versions", "content", "domain_names"]`).
public struct ProtoDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The input ended in the middle of a tag or a value.
        case truncated
        /// A varint ran longer than the 10 bytes a 64-bit value can need.
        case varintTooLong
        /// A length prefix points past the end of its enclosing message.
        case lengthOutOfBounds(length: UInt64, available: Int)
        /// A known field arrived with a wire type its declared type cannot have.
        case wrongWireType(expected: WireType, actual: WireType)
        /// A proto2 group (wire type 3 or 4); proto3 has none.
        case groupNotSupported
        /// Wire type 6 or 7, which no protobuf version defines.
        case invalidWireType(UInt8)
        /// Field number 0 or above 2^29 - 1.
        case invalidFieldNumber(UInt64)
        /// A string field's bytes are not valid UTF-8.
        case invalidUTF8
        /// A string holds U+0000, and the options refuse that.
        case nulInString
        /// A string is longer than the options allow (``ProtoDecodingOptions/maxStringBytes``).
        case stringTooLong(length: Int, limit: Int)
        /// Messages nested deeper than the configured limit.
        case nestingTooDeep(limit: Int)
        /// The whole input is larger than the configured limit.
        case messageTooLarge(size: Int, limit: Int)
        /// A packed repeated field's payload is not a whole number of elements.
        case malformedPackedField
    }

    public var kind: Kind
    /// Proto field names, outermost first; empty when the error is in the top message's framing.
    public var fieldPath: [String]

    @inlinable
    public init(_ kind: Kind, fieldPath: [String] = []) {
        self.kind = kind
        self.fieldPath = fieldPath
    }

    /// The same error seen from one message further out, inside the field `name`.
    @inlinable
    public func within(_ name: String?) -> ProtoDecodingError {
        guard let name else { return self }
        var copy = self
        copy.fieldPath.insert(name, at: 0)
        return copy
    }

    public var reason: String {
        switch kind {
        case .truncated: "input ends in the middle of a field"
        case .varintTooLong: "varint longer than 10 bytes"
        case .lengthOutOfBounds(let length, let available):
            "length \(length) exceeds the \(available) bytes that remain"
        case .wrongWireType(let expected, let actual): "wire type \(actual) where \(expected) was expected"
        case .groupNotSupported: "group wire type is not supported in proto3"
        case .invalidWireType(let raw): "invalid wire type \(raw)"
        case .invalidFieldNumber(let number): "invalid field number \(number)"
        case .invalidUTF8: "string is not valid UTF-8"
        case .nulInString: "may not hold a NUL character (U+0000)"
        case .stringTooLong(let length, let limit): "text of \(length) bytes exceeds the limit of \(limit) bytes"
        case .nestingTooDeep(let limit): "messages nested deeper than \(limit) levels"
        case .messageTooLarge(let size, let limit): "message of \(size) bytes exceeds the limit of \(limit) bytes"
        case .malformedPackedField: "packed field length is not a whole number of elements"
        }
    }

    public var description: String {
        fieldPath.isEmpty ? reason : "\(fieldPath.joined(separator: ".")): \(reason)"
    }
}
