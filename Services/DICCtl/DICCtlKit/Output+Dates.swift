import ArgumentParser
import CommonAPI
import Foundation

extension Output {
    /// `YYYY-MM-DD`, or empty when unset.
    static func date(_ date: CommonAPI.Date?) -> String {
        guard let date else { return "" }
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date.year)-\(pad(date.month))-\(pad(date.day))"
    }

    /// The days something is in force, `from – until`: "…" for an unknown start, nothing after the
    /// dash while it still is; empty when always.
    static func span(_ from: CommonAPI.Date?, _ until: CommonAPI.Date?) -> String {
        guard from != nil || until != nil else { return "" }
        return "\(from == nil ? "…" : date(from)) – \(date(until))"
    }

    /// ISO 8601 in UTC, or `unset` when there is no time.
    static func time(_ timestamp: Timestamp?, unset: String = "") -> String {
        guard let timestamp else { return unset }
        return ISO8601DateFormatter().string(
            from: Foundation.Date(timeIntervalSince1970: TimeInterval(timestamp.seconds)))
    }

    /// A `YYYY-MM-DD` option; the service checks that it is a real date.
    static func parseDate(_ text: String, option: String) throws -> CommonAPI.Date {
        let parts = text.split(separator: "-").compactMap { Int32($0) }
        guard parts.count == 3 else { throw ValidationError("\(option): '\(text)' is not YYYY-MM-DD") }
        return CommonAPI.Date(year: parts[0], month: parts[1], day: parts[2])
    }
}
