import DICTestSupport
import Foundation
import ServiceStorage
import Testing

@testable import Licensing
@testable import LicensingDomain

/// A version's stored content is read without Foundation's decoder, and reads exactly as
/// Foundation reads it; what is not the stored form is still Foundation's to accept or refuse.
struct LicenceContentStoredJSONTests {
    static let pieces = [
        "", "Tổ chức thử 42", "quote \" backslash \\ slash /", "tab\tline\nreturn\r", "\u{0}\u{1F}",
        "😀 𝔘", "e\u{301}", "www.baobackan.vn",
    ]

    static func contents(seed: UInt64, pieces: [String] = pieces) -> [LicenceContent] {
        var random = SeededRandom(seed: seed)
        func text() -> String {
            (0..<Int.random(in: 1...3, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined(separator: " ")
        }
        func texts(_ most: Int) -> [String] { (0..<Int.random(in: 0...most, using: &random)).map { _ in text() } }
        return (0..<200).map { index in
            switch index % 4 {
            case 0:
                .website(
                    .init(
                        domains: texts(3), sections: texts(4), newsSources: texts(2), responsiblePerson: text(),
                        serverLocation: text(), serverInVietnam: Bool.random(using: &random)))
            case 1:
                .newsletter(
                    .init(
                        name: text(), purpose: text(), audience: text(), distributionScope: text(), language: text(),
                        periodicity: text(), widthCM: Double.random(in: 0.1...100, using: &random),
                        heightCM: Double(Int.random(in: 1...60, using: &random)),
                        pages: Int.random(in: 0...Int.max, using: &random),
                        printRun: Int.random(in: Int.min...0, using: &random), printingPlace: text(),
                        responsiblePerson: text()))
            case 2:
                .publication(
                    .init(
                        title: text(), author: text(), language: text(), format: text(),
                        pages: Int.random(in: 1...2_000, using: &random), printRun: 0, printingFacility: text(),
                        distributionPlace: text()))
            default:
                .printing(.init(facilityName: text(), address: text(), activities: texts(5)))
            }
        }
    }

    @Test func readsEveryStoredContentAsFoundationDoes() throws {
        for content in Self.contents(seed: 21) {
            let text = try SortedJSON.text(content)
            #expect(StoredJSON.read(text, { LicenceContent(reading: &$0) }) == content, "\(text)")
            #expect(try SortedJSON.decode(LicenceContent.self, text) == content)
        }
    }

    @Test func writesEveryContentAsFoundationDoes() throws {
        var contents = Self.contents(seed: 22)
        // Sizes of every kind a newsletter is given, and one Foundation refuses to write.
        for width in [0, -0.0, 21, 14.8, 29.7, 1e-7, 1e21, .greatestFiniteMagnitude, .nan] {
            contents.append(
                .newsletter(
                    .init(
                        name: "Bản tin", purpose: "", audience: "", distributionScope: "", language: "vi",
                        periodicity: "", widthCM: width, heightCM: 1, pages: 4, printRun: 100, printingPlace: "",
                        responsiblePerson: "")))
        }
        for content in contents {
            let foundation = Result { try SortedJSON.text(content) }
            switch foundation {
            case .success(let text): #expect(try content.storedText == text)
            case .failure: #expect(throws: EncodingError.self) { try content.storedText }
            }
        }
    }

    @Test func whatIsNotTheStoredFormIsFoundationsToJudge() throws {
        let website = try SortedJSON.text(
            LicenceContent.website(
                .init(domains: ["a.vn"], responsiblePerson: "A", serverLocation: "HN", serverInVietnam: true)))
        // A field missing, of another type, another case, or two cases at once: not read here...
        let unlike = [
            website.replacingOccurrences(of: "\"serverInVietnam\":true", with: "\"serverInVietnam\":1"),
            website.replacingOccurrences(of: ",\"serverLocation\":\"HN\"", with: ""),
            website.replacingOccurrences(of: "website", with: "radio"),
            "{\"printing\":{\"_0\":{}},\"website\":{\"_0\":{}}}",
            "{\"newsletter\":{\"_0\":{\"pages\":1.5}}}",
        ]
        for text in unlike {
            #expect(StoredJSON.read(text, { LicenceContent(reading: &$0) }) == nil, "\(text)")
            // ...and refused by Foundation, as before, naming the licence's content as broken.
            #expect(throws: DecodingError.self) { try LicenceContent.stored(text) }
        }
        // A member the form does not know is ignored, as Foundation ignores it.
        let extra = website.replacingOccurrences(of: "{\"domains\"", with: "{\"later\":[1],\"domains\"")
        #expect(try LicenceContent.stored(extra) == (try SortedJSON.decode(LicenceContent.self, website)))
        #expect(StoredJSON.read(extra, { LicenceContent(reading: &$0) }) != nil)
        // A field written twice is not read here (readers differ on which one counts).
        let twice = website.replacingOccurrences(of: "{\"domains\"", with: "{\"serverLocation\":\"HCM\",\"domains\"")
        #expect(twice != website)
        #expect(StoredJSON.read(twice, { LicenceContent(reading: &$0) }) == nil)
        // A name written with an escape is left to Foundation too (the stored form writes none).
        let escaped = website.replacingOccurrences(of: "\"domains\"", with: "\"do\\u006dains\"")
        #expect(escaped != website)
        #expect(StoredJSON.read(escaped, { LicenceContent(reading: &$0) }) == nil)
        #expect(try LicenceContent.stored(escaped) == (try SortedJSON.decode(LicenceContent.self, website)))
    }
}
