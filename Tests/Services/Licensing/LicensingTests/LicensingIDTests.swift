import Foundation
import Testing

@testable import LicensingDomain

struct LicensingIDTests {
    /// Every id is the prefix and exactly 20 lowercase hex digits (small numbers padded), and
    /// 20,000 made in the same second do not repeat (48 random bits: a clash is about one in 10^6).
    @Test func idsAreThePrefixAndTwentyHexDigits() {
        let now = Date()
        var seen: Set<String> = []
        var leadingZero = false
        for _ in 0..<20_000 {
            let id = LicensingID.make("lic", at: now)
            #expect(id.hasPrefix("lic-"))
            let digits = id.utf8.dropFirst(4)
            #expect(digits.count == 20, "\(id)")
            #expect(digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }, "\(id)")
            // One in 16 random parts begins with 0: padding is exercised, not assumed.
            leadingZero = leadingZero || digits.dropFirst(8).first == 0x30
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        #expect(leadingZero)
    }

    /// Ids made in a later second sort after those of an earlier one, whatever their random
    /// parts: records made together sit together in an index by id.
    @Test func idsMadeLaterSortAfter() {
        let start = Date(timeIntervalSince1970: 1_764_806_400)  // 2025-12-04
        for step: TimeInterval in [1, 2, 60, 86_400, 365 * 86_400] {
            let earlier = (0..<200).map { _ in LicensingID.make("lic", at: start) }
            let later = (0..<200).map { _ in LicensingID.make("lic", at: start.addingTimeInterval(step)) }
            #expect(earlier.max()! < later.min()!, "\(step) s")
        }
        #expect(LicensingID.make("lic", at: start).dropFirst(4).prefix(8) == "0b24ee00")
    }

    /// A clock before 2020, or one past what 32 bits count, gives an id all the same.
    @Test func clocksOutOfRangeGiveIds() {
        for time: TimeInterval in [0, -1e12, 1e13, .infinity, -.infinity, .nan] {
            let id = LicensingID.make("org", at: Date(timeIntervalSince1970: time))
            #expect(id.utf8.count == 24, "\(time): \(id)")
        }
        #expect(LicensingID.make("org", at: Date(timeIntervalSince1970: 0)).dropFirst(4).prefix(8) == "00000000")
        #expect(LicensingID.make("org", at: Date(timeIntervalSince1970: 1e13)).dropFirst(4).prefix(8) == "ffffffff")
    }
}
