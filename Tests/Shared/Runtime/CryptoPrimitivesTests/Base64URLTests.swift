import Testing

@testable import CryptoPrimitives

struct Base64URLTests {
    @Test(arguments: [0, 1, 2, 3, 4, 5, 31, 32, 33, 64])
    func decodingReturnsWhatWasEncoded(count: Int) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
        let text = Base64URL.encode(bytes)
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(Base64URL.decode(text) == bytes)
    }

    @Test func knownVectorsOfRFC4648() {
        #expect(Base64URL.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
    }

    @Test(arguments: ["Zm8=", "Zm+v", "Zm/v", "Z", "Zm9vY", "Zm9 ", "Zm9", "Zm9\u{0}"])
    func refusesWhatIsNotCanonicalURLSafeBase64(text: String) {
        // "Zm9" is "fo" plus non-zero leftover bits: a second spelling of "fo" ("Zm8"), refused.
        #expect(Base64URL.decode(text) == nil)
    }
}
