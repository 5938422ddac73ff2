import AdminUnits
import CommonAPI
import Indicators
import Testing

struct ReportingPeriodTests {
    @Test func periodsRunFromTheirFirstToTheirLastDay() throws {
        let q1 = try #require(ReportingPeriod(.quarter, year: 2023, index: 1))
        #expect(q1.start.description == "2023-01-01" && q1.end.description == "2023-03-31")
        #expect(q1.description == "Quý I/2023")
        let february = try #require(ReportingPeriod(.month, year: 2024, index: 2))
        #expect(february.end.description == "2024-02-29")
        let secondHalf = try #require(ReportingPeriod(.halfYear, year: 2023, index: 2))
        #expect(secondHalf.start.description == "2023-07-01" && secondHalf.end.description == "2023-12-31")
        let year = try #require(ReportingPeriod(.year, year: 2023))
        #expect(year.start.description == "2023-01-01" && year.end.description == "2023-12-31")
    }

    @Test func impossiblePeriodsAreRefusedByField() {
        #expect(ReportingPeriod(.quarter, year: 2023, index: 5) == nil)
        #expect(ReportingPeriod(.year, year: 2023, index: 1) == nil)
        #expect(throws: IndicatorError.invalid("period", "required")) { try ReportingPeriod(wire: nil) }
        #expect(throws: IndicatorError.self) { try ReportingPeriod(wire: Period(kind: .unspecified, year: 2023)) }
        do {
            _ = try ReportingPeriod(wire: Period(kind: .month, year: 2023, index: 13))
            Issue.record("month 13 accepted")
        } catch let error as IndicatorError {
            #expect(error.field == "period.index")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func wireRoundTrip() throws {
        let period = try #require(ReportingPeriod(.halfYear, year: 2022, index: 1))
        #expect(try ReportingPeriod(wire: period.wire) == period)
    }
}

struct ReportingPeriodTextTests {
    @Test(arguments: ["2023-Q1", "2023-03", "2023-H2", "2023"])
    func periodsReadBackFromTheirText(text: String) throws {
        let period = try #require(ReportingPeriod(text: text))
        #expect(period.text == text)
    }

    @Test func textThatIsNoPeriodIsRefused() {
        for text in ["2023-Q5", "2023-13", "2023-3", "Q1-2023", "2023-Q1-x", ""] {
            #expect(ReportingPeriod(text: text) == nil, "\(text)")
        }
    }
}
