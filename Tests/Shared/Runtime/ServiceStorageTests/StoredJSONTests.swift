import DICTestSupport
import Foundation
import Testing

@testable import ServiceStorage

/// The reader for stored JSON reads what `SortedJSON` writes as Foundation reads it, and gives nil
/// (so the caller falls back to Foundation) for anything that is not plain JSON.
struct StoredJSONTests {
    static let awkward = [
        "", "Tổ chức thử", "quote \" and backslash \\ and slash /", "line\nbreak\ttab\r", "\u{0}nul and \u{1}",
        "emoji 😀 and 𝔘", "a\u{7F}b", "e\u{301} decomposed", String(repeating: "dài ", count: 300),
    ]

    @Test func readsWhatSortedJSONWrites() throws {
        for text in Self.awkward {
            let written = try SortedJSON.text(["key \(text)": [text]])
            #expect(StoredJSON(parsing: written) == .object([(key: "key \(text)", value: .array([.string(text)]))]))
        }
        let numbers = try #require(StoredJSON(parsing: try SortedJSON.text([0.1, 19.5, 27, -3, 1e-7, 1e300])))
        guard case .array(let items) = numbers else { throw StoredDataError("not an array") }
        #expect(items.map(\.double) == [0.1, 19.5, 27, -3, 1e-7, 1e300])
        #expect(
            StoredJSON(parsing: "[12, -0, true, false, null]")
                == .array([
                    .number("12"), .number("-0"), .bool(true), .bool(false), .null,
                ]))
        #expect(StoredJSON(parsing: "12")?.int == 12 && StoredJSON(parsing: "12.5")?.int == nil)
    }

    @Test func writesWhatSortedJSONWrites() throws {
        // Every ASCII character, the awkward texts, and keys whose order a case-blind or numeric
        // sort would change.
        let ascii = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        for text in Self.awkward + [ascii, "\u{80}\u{A0}\u{2028}\u{2029}\u{FEFF}\u{10FFFF}"] {
            let members = ["key \(text)": [text], "B": [], "a10": ["x"], "a9": [], "b": [text, ""]]
            let value = StoredJSON.object(members.map { (key: $0.key, value: .array($0.value.map(StoredJSON.string))) })
            #expect(value.sortedText == (try SortedJSON.text(members)), "\(text)")
        }
        var random = SeededRandom(seed: 7)
        let doubles =
            [0, -0.0, 21, 14.8, 1e15, 1e16, 1e21, 1e-7, 0.1, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5]
            + (0..<2_000).map { _ in Double(bitPattern: random.next()) }.filter(\.isFinite)
            + (0..<2_000).map { _ in Double(Int.random(in: 0...100_000, using: &random)) / 100 }
        #expect(StoredJSON.array(doubles.compactMap(StoredJSON.init)).sortedText == (try SortedJSON.text(doubles)))
        let ints = [Int.min, -1, 0, 7, Int.max]
        #expect(StoredJSON.array(ints.map(StoredJSON.init)).sortedText == (try SortedJSON.text(ints)))
        #expect(StoredJSON(Double.nan) == nil && StoredJSON(-Double.infinity) == nil)
    }

    @Test func readsEscapesAsTheyMean() {
        #expect(StoredJSON(parsing: #""\u00e9\ud83d\ude00\/\b\f\n\r\t\"\\""#) == .string("é😀/\u{8}\u{C}\n\r\t\"\\"))
        #expect(StoredJSON(parsing: #""\u0000""#) == .string("\u{0}"))
        // Plain text after an escape is plain text.
        #expect(StoredJSON(parsing: #""\u00e9x \n y\ud83d\ude00z""#) == .string("éx \n y😀z"))
        #expect(
            StoredJSON(parsing: " { \"a\" : [ ] , \"b\" : { } } ") == .object([("a", .array([])), ("b", .object([]))]))
    }

    @Test func leavesWhatIsNotPlainJSONToFoundation() {
        for text in [
            "", " ", "{", "{\"a\":", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "[1 2]", "{} x", "{\"a\":1,\"a\":2}",
            #""\ud800""#, #""\ud800x""#, #""\udc00""#, #""\ud800\u0041""#, #""\x""#, #""\u12""#, "\"a\u{1}b\"",
            "\"open", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "NaN", "'a'",
        ] {
            #expect(StoredJSON(parsing: text) == nil, "\(text)")
        }
    }

    @Test func nestingIsBounded() {
        let deepest =
            String(repeating: "[", count: StoredJSON.maximumDepth)
            + String(repeating: "]", count: StoredJSON.maximumDepth)
        #expect(StoredJSON(parsing: deepest) != nil)
        #expect(StoredJSON(parsing: "[" + deepest + "]") == nil)
        // Far deeper than any stack allows, refused at the bound rather than by a crash.
        #expect(StoredJSON(parsing: String(repeating: "[", count: 1_000_000)) == nil)
    }
}
