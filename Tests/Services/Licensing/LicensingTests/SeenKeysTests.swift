import Testing

@testable import LicensingDomain

struct SeenKeysTests {
    @Test func aKeyIsFoundWithItsLineAndOthersAreNot() {
        var seen = SeenKeys()
        for number in 1...1_000 { seen["website|\(number)/GP-STTTT|2023"] = number + 1 }
        #expect(seen.count == 1_000)
        #expect(seen["website|1/GP-STTTT|2023"] == 2)
        #expect(seen["website|1000/GP-STTTT|2023"] == 1_001)
        // Near misses: another year, another type, a longer number.
        #expect(seen["website|1/GP-STTTT|2024"] == nil)
        #expect(seen["press|1/GP-STTTT|2023"] == nil)
        #expect(seen["website|10001/GP-STTTT|2023"] == nil)
        seen["website|1/GP-STTTT|2023"] = 7
        #expect(seen["website|1/GP-STTTT|2023"] == 7 && seen.count == 1_000)
    }
}
