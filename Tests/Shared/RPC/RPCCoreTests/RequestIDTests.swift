import Testing

@testable import RPCCore

struct RequestIDTests {
    @Test func aNewIDIsSixteenHexDigitsAndNoneRepeats() {
        let ids = (0..<100_000).map { _ in RequestID.make() }
        #expect(Set(ids).count == ids.count)
        let hex = Set("0123456789abcdef".utf8)
        #expect(ids.allSatisfy { $0.utf8.count == 16 && $0.utf8.allSatisfy(hex.contains) })
        // Consecutive calls do not give consecutive numbers.
        let values = ids.prefix(1_000).compactMap { UInt64($0, radix: 16) }
        #expect(values.count == 1_000)
        #expect(zip(values, values.dropFirst()).filter { $1 == $0 &+ 1 }.isEmpty)
    }

    @Test func aPlausibleOfferedIDIsKeptAndAnythingElseReplaced() {
        #expect(RequestID.accept("abc-123") == "abc-123")
        for offered in [nil, "", "has space", "tab\there", String(repeating: "a", count: 129), "é"] {
            let id = RequestID.accept(offered)
            #expect(id != offered && id.utf8.count == 16)
        }
    }
}
