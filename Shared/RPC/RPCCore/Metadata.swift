/// gRPC metadata: ordered key-value pairs sent as HTTP/2 headers or trailers. Keys are lowercase
/// ASCII; keys ending in `-bin` carry binary values (base64 on the wire), all others ASCII text.
public struct Metadata: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public enum Value: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
        case string(String)
        case binary([UInt8])

        public init(stringLiteral value: String) { self = .string(value) }

        public var description: String {
            switch self {
            case .string(let text): text
            case .binary(let bytes): "<\(bytes.count) bytes>"
            }
        }
    }

    public struct Entry: Sendable, Hashable {
        public let key: String
        public let value: Value
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, Value)...) {
        for (key, value) in elements { add(key, value) }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// Adds a text value. Binary keys (`-bin`) take ``addBinary(_:_:)``.
    public mutating func add(_ key: String, _ value: String) {
        entries.append(Entry(key: key.lowercased(), value: .string(value)))
    }

    public mutating func addBinary(_ key: String, _ value: [UInt8]) {
        entries.append(Entry(key: key.lowercased(), value: .binary(value)))
    }

    public mutating func add(_ key: String, _ value: Value) {
        entries.append(Entry(key: key.lowercased(), value: value))
    }

    public mutating func add(contentsOf other: Metadata) {
        entries.append(contentsOf: other.entries)
    }

    public mutating func removeAll(_ key: String) {
        let key = key.lowercased()
        entries.removeAll { $0.key == key }
    }

    /// The first text value for `key`.
    public subscript(key: String) -> String? {
        let key = key.lowercased()
        for entry in entries where entry.key == key {
            if case .string(let text) = entry.value { return text }
        }
        return nil
    }

    public func values(_ key: String) -> [Value] {
        let key = key.lowercased()
        return entries.filter { $0.key == key }.map(\.value)
    }

    public func binaryValues(_ key: String) -> [[UInt8]] {
        values(key).compactMap {
            if case .binary(let bytes) = $0 { return bytes }
            return nil
        }
    }

    /// Whether `key` may carry a binary value.
    public static func isBinaryKey(_ key: String) -> Bool { key.hasSuffix("-bin") }

    /// Keys the gRPC protocol reserves: never passed to handlers as application metadata, and never
    /// accepted from them.
    /// `grpc-status-details-bin` (rich error details, `google.rpc.Status`) is the one `grpc-` key
    /// that applications send and read, so it passes through.
    public static func isReserved(_ key: String) -> Bool {
        (key.hasPrefix("grpc-") && key != statusDetailsKey) || key.hasPrefix(":") || key == "content-type"
            || key == "te"
            || key == "user-agent" || key == "content-length" || key == "connection" || key == "host"
    }

    /// The trailer carrying a serialized `google.rpc.Status` with rich error details.
    public static let statusDetailsKey = "grpc-status-details-bin"
}
