import Foundation
import Testing

@testable import LicensingDomain

struct LicensingIDTests {
    /// Every id is the prefix and exactly 23 lowercase hex digits (small numbers padded), and
    /// 20,000 made in the same millisecond do not repeat (48 random bits: a clash is about one in 10^6).
    @Test func idsAreThePrefixAndTwentyThreeHexDigits() {
        let now = Date()
        var seen: Set<String> = []
        var leadingZero = false
        for _ in 0..<20_000 {
            let id = LicensingID.make("lic", at: now)
            #expect(id.hasPrefix("lic-"))
            let digits = id.utf8.dropFirst(4)
            #expect(digits.count == 23, "\(id)")
            #expect(digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }, "\(id)")
            // One in 16 random parts begins with 0: padding is exercised, not assumed.
            leadingZero = leadingZero || digits.dropFirst(11).first == 0x30
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        #expect(leadingZero)
    }

    /// Ids made in a later millisecond sort after those of an earlier one, whatever their random
    /// parts: records made together sit together in an index by id.
    @Test func idsMadeLaterSortAfter() {
        let start = Date(timeIntervalSince1970: 1_764_806_400)  // 2025-12-04
        for step: TimeInterval in [0.001, 0.002, 1, 60, 86_400, 365 * 86_400] {
            let earlier = (0..<200).map { _ in LicensingID.make("lic", at: start) }
            let later = (0..<200).map { _ in LicensingID.make("lic", at: start.addingTimeInterval(step)) }
            #expect(earlier.max()! < later.min()!, "\(step) s")
        }
        #expect(LicensingID.make("lic", at: start).dropFirst(4).prefix(11) == "02b8841b000")
    }

    /// A clock before 2020, or one past what 44 bits of milliseconds count, gives an id all the same.
    @Test func clocksOutOfRangeGiveIds() {
        for time: TimeInterval in [0, -1e12, 1e13, .infinity, -.infinity, .nan] {
            let id = LicensingID.make("org", at: Date(timeIntervalSince1970: time))
            #expect(id.utf8.count == 27, "\(time): \(id)")
        }
        #expect(LicensingID.make("org", at: Date(timeIntervalSince1970: 0)).dropFirst(4).prefix(11) == "00000000000")
        #expect(LicensingID.make("org", at: Date(timeIntervalSince1970: 1e13)).dropFirst(4).prefix(11) == "fffffffffff")
    }
}
