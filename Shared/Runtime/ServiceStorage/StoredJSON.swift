/// A JSON value read from a column the service wrote (``SortedJSON``), for reads on a hot path:
/// Foundation's `JSONDecoder` and the Codable machinery cost a read by id ~10 µs for one small
/// object. Strict and bounded: anything that is not JSON (or nests deeper than ``maximumDepth``,
/// repeats a key, holds a lone surrogate or text that is not UTF-8) gives nil, and the caller
/// decodes with Foundation instead, which then accepts or names the fault as before.
public enum StoredJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text as written: ``int`` and ``double`` read it as the type asks.
    case number(String)
    case string(String)
    case array([StoredJSON])
    /// Members in their written order.
    case object([(key: String, value: StoredJSON)])

    public static let maximumDepth = 32

    public init?(parsing text: String) {
        var text = text
        let parsed: StoredJSON? = text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            guard let value = reader.value(depth: 0) else { return nil }
            reader.skipSpace()
            return reader.index == bytes.count ? value : nil
        }
        guard let parsed else { return nil }
        self = parsed
    }

    public var int: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    public var double: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    public static func == (lhs: StoredJSON, rhs: StoredJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }
}
