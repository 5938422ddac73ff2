import VietnameseNumbers

/// Figures as Vietnamese documents write them (the report writes them the same way): dots
/// between thousands, a decimal comma. Each answers for any value a service sends, however large.
extension Words {
    /// A measurement: at most two decimals, no trailing zeros ("99", "99,5", "1.234,5").
    static func decimal(_ value: Double) -> String { VietnameseNumbers.decimal(value, decimals: 2) }

    /// A plan's target or result as the plan's page shows it: at most one decimal ("105", "79,6").
    static func figure(_ value: Double) -> String { VietnameseNumbers.decimal(value, decimals: 1) }

    /// Metres as officers read them: "850 m", "2,4 km".
    static func distance(_ metres: Double) -> String {
        guard metres.isFinite, metres >= 0 else { return "" }
        if metres < 999.5 { return VietnameseNumbers.decimal(metres, decimals: 0) + " m" }
        return VietnameseNumbers.decimal(metres / 1000, decimals: 1) + " km"
    }

    /// Đồng with dots between thousands, as Vietnamese documents write sums.
    static func money(_ amount: Int64) -> String { count(amount) + " đ" }

    /// A whole number with dots between thousands: "12.345".
    static func count(_ value: Int64) -> String { VietnameseNumbers.grouped(value) }
}
