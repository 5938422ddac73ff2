/// The `grpc-timeout` header: a positive integer of at most 8 digits and a unit (H, M, S, m, u, n).
public enum GRPCTimeout {
    /// The duration a header value names, or nil when it is malformed.
    public static func parse(_ value: String) -> Duration? {
        let utf8 = Array(value.utf8)
        guard utf8.count >= 2, utf8.count <= 9, let unit = utf8.last else { return nil }
        var amount: Int64 = 0
        for digit in utf8.dropLast() {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            amount = amount * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        switch unit {
        case UInt8(ascii: "H"): return .seconds(amount * 3600)
        case UInt8(ascii: "M"): return .seconds(amount * 60)
        case UInt8(ascii: "S"): return .seconds(amount)
        case UInt8(ascii: "m"): return .milliseconds(amount)
        case UInt8(ascii: "u"): return .microseconds(amount)
        case UInt8(ascii: "n"): return .nanoseconds(amount)
        default: return nil
        }
    }

    /// The header value for `duration`: the finest unit whose amount fits in 8 digits, rounded up so
    /// the server never sees a shorter deadline than the client set.
    public static func format(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        guard seconds >= 0, duration > .zero else { return "1n" }
        let total = duration.saturatingNanoseconds
        let units: [(Int64, Character)] = [(1, "n"), (1000, "u"), (1_000_000, "m"), (1_000_000_000, "S")]
        for (divisor, unit) in units {
            // Rounded up without `total + divisor - 1`, which overflows near Int64.max.
            let amount = total / divisor + (total % divisor == 0 ? 0 : 1)
            if amount <= 99_999_999 { return "\(amount)\(unit)" }
        }
        let minutes = seconds / 60 + (seconds % 60 == 0 ? 0 : 1)
        if minutes <= 99_999_999 { return "\(minutes)M" }
        return "\(min(seconds / 3600 + 1, 99_999_999))H"
    }
}
