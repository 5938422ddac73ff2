import RPCCore
import Testing

struct GRPCTimeoutTests {
    @Test(arguments: [
        ("1S", Duration.seconds(1)), ("100m", .milliseconds(100)), ("5u", .microseconds(5)), ("7n", .nanoseconds(7)),
        ("2M", .seconds(120)), ("1H", .seconds(3600)), ("99999999S", .seconds(99_999_999)),
    ])
    func parses(_ text: String, _ expected: Duration) {
        #expect(GRPCTimeout.parse(text) == expected)
    }

    @Test(arguments: ["", "S", "1", "1s", "123456789S", "-1S", "1.5S", "1 S"])
    func rejectsMalformed(_ text: String) {
        #expect(GRPCTimeout.parse(text) == nil)
    }

    @Test func formatsInTheFinestUnitThatFitsRoundingUp() {
        #expect(GRPCTimeout.format(.milliseconds(50)) == "50000000n")
        #expect(GRPCTimeout.format(.seconds(1)) == "1000000u")
        #expect(GRPCTimeout.format(.seconds(30)) == "30000000u")
        #expect(GRPCTimeout.format(.seconds(3600)) == "3600000m")
        #expect(GRPCTimeout.format(.seconds(1_000_000)) == "1000000S")
        #expect(GRPCTimeout.format(.seconds(100_000_000)) == "1666667M")
        #expect(GRPCTimeout.format(.zero) == "1n")
        for duration: Duration in [.nanoseconds(1), .milliseconds(123), .seconds(86_400)] {
            let parsed = GRPCTimeout.parse(GRPCTimeout.format(duration))
            #expect(parsed.map { $0 >= duration } == true)
        }
    }
}
