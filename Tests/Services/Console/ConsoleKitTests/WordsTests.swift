import Testing

@testable import ConsoleKit

/// Figures as Vietnamese documents write them: dots between thousands, a decimal comma.
struct WordsTests {
    @Test func sumsAndCountsGroupThousandsWithDots() {
        #expect(Words.money(2_850_000) == "2.850.000 đ")
        #expect(Words.money(0) == "0 đ")
        #expect(Words.count(999) == "999" && Words.count(1000) == "1.000" && Words.count(-12345) == "-12.345")
        #expect(Words.count(Int64.min) == "-9.223.372.036.854.775.808")
    }

    @Test func measurementsUseADecimalCommaWithoutTrailingZeros() {
        #expect(Words.decimal(99) == "99" && Words.decimal(99.5) == "99,5" && Words.decimal(36.25) == "36,25")
        #expect(Words.decimal(1234.5) == "1.234,5" && Words.decimal(-0.5) == "-0,5" && Words.decimal(.nan) == "")
    }

    @Test func distancesInMetresThenKilometres() {
        #expect(Words.distance(15.4) == "15 m" && Words.distance(2380) == "2,4 km" && Words.distance(-1) == "")
        #expect(
            Words.distance(999.4) == "999 m" && Words.distance(999.6) == "1 km" && Words.distance(12_345) == "12,3 km")
    }

    /// What a service sends is written out whatever its size: a page that shows a figure no
    /// machine integer holds still answers, and the console keeps running for every officer.
    @Test func figuresBeyondAnyIntegerAreWrittenNotTrappedOn() {
        #expect(Words.figure(1e20) == "100.000.000.000.000.000.000" && Words.figure(79.64) == "79,6")
        #expect(Words.figure(105) == "105" && Words.figure(.infinity) == "")
        #expect(Words.decimal(1e18) == "1.000.000.000.000.000.000" && Words.decimal(-1e300).count > 300)
        #expect(
            Words.distance(1e21) == "1.000.000.000.000.000.000 km" && Words.distance(.greatestFiniteMagnitude) != "")
    }
}
