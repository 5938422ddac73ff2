import Foundation
import Logging
import Testing

@testable import ServiceRuntime

/// The handler writes its lines as bytes (``LogLineBytes``); these hold them to what Foundation's
/// JSON and the text line's escaping make of the same fields, for text that needs escaping too.
struct DICLogHandlerTests {
    static let awkward = [
        "plain", "", "Sở Thông tin và Truyền thông", "quote \" and \\ backslash", "a/b/c", "tab\tnew\nline\r",
        "bell \u{07} nul \u{00} esc \u{1B} unit \u{1F} del \u{7F}", "\u{08}\u{0C}", "emoji 🇻🇳", "z=1 y=2",
    ]

    func line(_ format: RuntimeConfiguration.LogFormat, _ text: String) throws -> String {
        let captured = CapturedLines()
        var handler = DICLogHandler(label: "dic.t", format: format, level: .info, output: captured.output)
        // Keys before, between and after the line's own ones, one that tries to replace one of them,
        // one the line has too, and values that are not strings.
        handler.metadata = [
            "a": .string(text), "b": "the handler's", "msg": "not the message", "m": .stringConvertible(42),
            "zz": .array([.string(text), .dictionary(["k": "v/w"])]),
        ]
        handler.log(level: .info, text, sortedFields: [("b", text), ("lz", "own"), ("ts", "forged")])
        return try #require(captured.all.first)
    }

    @Test(arguments: awkward)
    func aJSONLineIsWhatFoundationWritesForItsFields(text: String) throws {
        let line = try line(.json, text)
        #expect(line.hasSuffix("}\n") && line.filter(\.isNewline).count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let stamp = try #require(object["ts"] as? String)
        #expect(stamp != "forged" && stamp.count == 23)
        let expected: [String: Any] = [
            "a": text, "b": text, "level": "info", "logger": "dic.t", "lz": "own", "m": "42", "msg": text,
            "ts": stamp, "zz": [text, ["k": "v/w"]],
        ]
        let foundation = try JSONSerialization.data(
            withJSONObject: expected, options: [.sortedKeys, .withoutEscapingSlashes])
        #expect(line == String(decoding: foundation, as: UTF8.self) + "\n", "\(text.debugDescription)")
    }

    @Test(arguments: awkward)
    func aTextLineEscapesEachPieceAsTheFormatDoes(text: String) throws {
        let line = try line(.text, text)
        func escaped(_ piece: String) -> String {
            var out = ""
            LogLineFormat.appendControlsEscaped(piece, to: &out)
            return out
        }
        // The line's own fields win over the handler's metadata; the rest is in key order.
        let expected =
            " info dic.t: \(escaped(text)) a=\(escaped(text)) b=\(escaped(text)) lz=own m=42 "
            + "msg=not the message ts=forged zz=\(escaped(Logger.Metadata.Value.array([.string(text), .dictionary(["k": "v/w"])]).description))\n"
        #expect(line.dropFirst(23) == expected[...], "\(text.debugDescription)")
        #expect(line.filter(\.isNewline).count == 1)
    }
}
