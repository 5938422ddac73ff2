import ProtoWire

/// The `dic.common.v1.access` option a method declares in its `.proto`.
public enum MethodAccess: String, Sendable {
    case `public`, reader, editor, admin

    static let optionField = 50_001

    /// The declared access, read from the method's serialized options; nil when it declares none.
    public init?(_ method: ProtoMethodDescriptor) {
        let found: String? = method.options.withUnsafeBytes { buffer in
            guard var reader = try? ProtoReader(buffer: buffer) else { return nil }
            while let tag = try? reader.nextTag() {
                if tag.fieldNumber == Self.optionField, let value = try? reader.read(ProtoString.self, tag) {
                    return value
                }
                var skipped = ProtoUnknownFields()
                guard (try? reader.skip(tag, into: &skipped)) != nil else { return nil }
            }
            return nil
        }
        guard let found, let access = MethodAccess(rawValue: found) else { return nil }
        self = access
    }
}
