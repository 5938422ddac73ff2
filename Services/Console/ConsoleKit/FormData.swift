import Foundation
import Hummingbird

/// A submitted form's fields (application/x-www-form-urlencoded), read within a size limit.
public struct FormData: Sendable {
    public private(set) var values: [String: [String]] = [:]

    public init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(1000) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    /// The form a request carries, refusing a body over `limit` bytes.
    public static func read(_ request: Request, limit: Int = 1 << 20) async throws -> FormData {
        let buffer = try await request.body.collect(upTo: limit)
        return FormData(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    public subscript(_ name: String) -> String { values[name]?.first ?? "" }

    /// The field trimmed of surrounding white space.
    public func trimmed(_ name: String) -> String {
        self[name].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
