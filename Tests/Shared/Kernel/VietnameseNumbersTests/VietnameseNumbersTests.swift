import Testing

@testable import VietnameseNumbers

/// Figures as the report and the console write them.
struct VietnameseNumbersTests {
    @Test func countsDecimalsAndThousands() {
        #expect(VietnameseNumbers.count(6) == "06" && VietnameseNumbers.count(23) == "23")
        #expect(VietnameseNumbers.count(5_689) == "5.689")
        #expect(VietnameseNumbers.decimal(94.2857) == "94,3" && VietnameseNumbers.decimal(80) == "80")
        #expect(VietnameseNumbers.decimal(11.111) == "11,1" && VietnameseNumbers.decimal(1_234.5) == "1.234,5")
        #expect(VietnameseNumbers.decimal(-0.5) == "-0,5" && VietnameseNumbers.decimal(-0.04) == "0")
        #expect(VietnameseNumbers.decimal(94.25) == "94,3" && VietnameseNumbers.decimal(0.05) == "0,1")
    }

    /// A figure or a share of a plan too large for a machine integer is still written out: the
    /// report of a quarter whose figures hold one is made, not the aggregator stopped.
    @Test func figuresBeyondAnyIntegerAreWrittenInFull() {
        #expect(VietnameseNumbers.decimal(1e20) == "100.000.000.000.000.000.000")
        #expect(VietnameseNumbers.decimal(-2.5e18, decimals: 3) == "-2.500.000.000.000.000.000")
        #expect(VietnameseNumbers.decimal(1e300).hasPrefix("1.000.000.000.000.000.0"))
        #expect(VietnameseNumbers.decimal(.greatestFiniteMagnitude).count > 300)
        #expect(VietnameseNumbers.decimal(.infinity) == "" && VietnameseNumbers.decimal(.nan) == "")
        #expect(
            VietnameseNumbers.decimal(5.25, decimals: 400) == "5,25"
                && VietnameseNumbers.decimal(5.25, decimals: -3) == "5")
    }
}
