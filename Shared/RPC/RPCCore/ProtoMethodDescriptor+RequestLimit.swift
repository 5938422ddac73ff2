import ProtoWire

extension ProtoMethodDescriptor {
    /// The `dic.common.v1.max_request_bytes` option's field in `MethodOptions`.
    static let maxRequestBytesOption = 50_003

    /// The largest request message the method declares it takes; nil when it declares none (the
    /// transport's message limit alone applies). Read once, when the router registers the method.
    public var maxRequestBytes: Int? {
        options.withUnsafeBytes { buffer -> Int? in
            guard var reader = try? ProtoReader(buffer: buffer) else { return nil }
            while let tag = try? reader.nextTag() {
                if tag.fieldNumber == Self.maxRequestBytesOption, let value = try? reader.read(ProtoUInt32.self, tag) {
                    return value == 0 ? nil : Int(value)
                }
                var skipped = ProtoUnknownFields()
                guard (try? reader.skip(tag, into: &skipped)) != nil else { return nil }
            }
            return nil
        }
    }
}
