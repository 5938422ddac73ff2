import Foundation
import Testing

@testable import ServiceRuntime

struct LogLineBytesTests {
    @Test func timestampsAreUTCToTheMillisecond() throws {
        let before = Date()
        var line = LogLineBytes(capacity: 23)
        line.timestamp()
        let stamp = line.text
        let after = Date()
        #expect(stamp.count == 23, "\(stamp)")
        let reference = Date.ISO8601FormatStyle.iso8601.year().month().day().time(includingFractionalSeconds: true)
        let parsed = try reference.parse(stamp)
        #expect(parsed >= before.addingTimeInterval(-0.002) && parsed <= after, "\(stamp)")
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}/) != nil, "\(stamp)")
    }

    @Test func everyPartOfATimestampIsPaddedOrCutToItsWidth() {
        func stamp(
            _ year: Int32, _ month: Int32, _ day: Int32, _ hour: Int32, _ minute: Int32, _ second: Int32, _ ms: Int
        )
            -> String
        {
            var parts = tm()
            (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
            (parts.tm_hour, parts.tm_min, parts.tm_sec) = (hour, minute, second)
            var line = LogLineBytes(capacity: 23)
            line.timestamp(parts, milliseconds: ms)
            return line.text
        }
        #expect(stamp(2026, 12, 3, 7, 15, 28, 941) == "2026-12-03T07:15:28.941")
        #expect(stamp(999, 1, 1, 0, 0, 0, 0) == "0999-01-01T00:00:00.000")
        #expect(stamp(2031, 10, 31, 23, 59, 60, 7) == "2031-10-31T23:59:60.007")
        #expect(stamp(12345, 1, 9, 0, 0, 0, 1234) == "9999-01-09T00:00:00.234")
    }
}
