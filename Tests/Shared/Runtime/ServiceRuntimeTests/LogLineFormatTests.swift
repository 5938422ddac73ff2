import Foundation
import Logging
import Testing

@testable import ServiceRuntime

struct LogLineFormatTests {
    /// What Foundation writes for the same object: the hand-built line must be byte for byte the same.
    func foundation(_ object: [String: Any]) throws -> String {
        String(
            decoding: try JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]),
            as: UTF8.self)
    }

    @Test func jsonIsWhatFoundationWrites() throws {
        let awkward = [
            "plain", "", "Sở Thông tin và Truyền thông", "quote \" and \\ backslash", "a/b/c", "tab\tnew\nline\r",
            "bell \u{07} nul \u{00} esc \u{1B} unit \u{1F} del \u{7F}", "\u{08}\u{0C}", "emoji 🇻🇳", "z=1 y=2",
        ]
        for text in awkward {
            var line = ""
            LogLineFormat.jsonObject([("msg", .string(text)), ("b", .stringConvertible(42))], into: &line)
            #expect(line == (try foundation(["msg": text, "b": "42"])), "\(text.debugDescription)")
        }
        var nested = ""
        LogLineFormat.jsonObject(
            [
                ("z", .array([.string("x\"y"), .dictionary(["k": .string("v/w"), "a": .array([])])])),
                ("a", .string("1")),
            ],
            into: &nested)
        #expect(nested == (try foundation(["z": ["x\"y", ["k": "v/w", "a": [String]()]], "a": "1"])))
    }

    @Test func timestampsAreUTCToTheMillisecond() throws {
        let before = Date()
        let stamp = LogLineFormat.timestamp()
        let after = Date()
        #expect(stamp.count == 23, "\(stamp)")
        let reference = Date.ISO8601FormatStyle.iso8601.year().month().day().time(includingFractionalSeconds: true)
        let parsed = try reference.parse(stamp)
        #expect(parsed >= before.addingTimeInterval(-0.002) && parsed <= after, "\(stamp)")
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}/) != nil, "\(stamp)")
    }

    @Test func everyPartOfATimestampIsPaddedToItsWidth() {
        func stamp(
            _ year: Int32, _ month: Int32, _ day: Int32, _ hour: Int32, _ minute: Int32, _ second: Int32, _ ms: Int
        )
            -> String
        {
            var parts = tm()
            (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
            (parts.tm_hour, parts.tm_min, parts.tm_sec) = (hour, minute, second)
            return LogLineFormat.timestamp(parts, milliseconds: ms)
        }
        #expect(stamp(2026, 12, 3, 7, 15, 28, 941) == "2026-12-03T07:15:28.941")
        #expect(stamp(999, 1, 1, 0, 0, 0, 0) == "0999-01-01T00:00:00.000")
        #expect(stamp(2031, 10, 31, 23, 59, 60, 7) == "2031-10-31T23:59:60.007")
    }
}
