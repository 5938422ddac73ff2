import CommonAPI
import Testing

@testable import ConsoleKit

/// What a period's download asks for and how its file is named.
struct ConsoleDownloadsTests {
    func days(_ text: String) throws -> String {
        let period = try #require(Console.period(text), "\(text)")
        let (from, through) = Console.days(of: period)
        return "\(from.year)-\(from.month)-\(from.day)..\(through.year)-\(through.month)-\(through.day)"
    }

    @Test func aPeriodRunsFromItsFirstDayToItsLast() throws {
        #expect(try days("2023-Q1") == "2023-1-1..2023-3-31")
        #expect(try days("2023-Q4") == "2023-10-1..2023-12-31")
        #expect(try days("2023-H2") == "2023-7-1..2023-12-31")
        #expect(try days("2023") == "2023-1-1..2023-12-31")
        #expect(try days("2023-04") == "2023-4-1..2023-4-30")
        // February as the calendar has it: leap every four years, not in 2100, in 2000.
        #expect(try days("2024-02") == "2024-2-1..2024-2-29")
        #expect(try days("2023-02") == "2023-2-1..2023-2-28")
        #expect(try days("2100-02") == "2100-2-1..2100-2-28")
        #expect(try days("2000-02") == "2000-2-1..2000-2-29")
    }

    /// A file is named from the period's parts, never from the text sent for it.
    @Test func aFileIsNamedFromThePeriodNotTheTextSent() throws {
        for (sent, named) in [
            ("2023-q1", "2023-Q1"), ("2023-Q+1", "2023-Q1"), ("2023-+3", "2023-03"), ("2023-h2", "2023-H2"),
            ("2023", "2023"), ("2023-11", "2023-11"),
        ] {
            #expect(Console.text(of: try #require(Console.period(sent), "\(sent)")) == named, "\(sent)")
        }
    }
}
