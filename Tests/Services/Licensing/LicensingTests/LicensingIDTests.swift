import Testing

@testable import LicensingDomain

struct LicensingIDTests {
    /// Every id is the prefix and exactly 12 lowercase hex digits (small numbers padded), and
    /// 20,000 of them do not repeat (48 random bits: a clash is about one in 10^6 here).
    @Test func idsAreThePrefixAndTwelveRandomHexDigits() {
        var seen: Set<String> = []
        var leadingZero = false
        for _ in 0..<20_000 {
            let id = LicensingID.make("lic")
            #expect(id.hasPrefix("lic-"))
            let digits = id.utf8.dropFirst(4)
            #expect(digits.count == 12, "\(id)")
            #expect(digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }, "\(id)")
            leadingZero = leadingZero || digits.first == 0x30
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        #expect(leadingZero)  // one in 16 begins with 0: padding is exercised, not assumed
    }
}
