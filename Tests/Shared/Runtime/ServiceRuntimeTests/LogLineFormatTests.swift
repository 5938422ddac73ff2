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
}
