/// Numbers as Vietnamese administrative documents write them: counts below ten with a leading
/// zero ("06 giấy phép"), a comma as the decimal mark, a dot between thousands. Every function
/// answers for every value it can be given: a figure a caller stored, or a share of a plan worked
/// out from one, is written out whatever its size, never turned into a machine integer that
/// cannot hold it.
public enum VietnameseNumbers {
    /// "06", "23", "5.689": a count as a report's sentence writes it.
    public static func count(_ value: Int) -> String {
        value >= 0 && value < 10 ? "0\(value)" : grouped(value)
    }

    /// "5.689", "-12.345".
    public static func grouped<Integer: BinaryInteger>(_ value: Integer) -> String {
        (value < 0 ? "-" : "") + grouped(digits: String(value.magnitude))
    }

    /// At most `decimals` decimals (0 to 6), rounded half away from zero, trailing zeros dropped:
    /// 94.29 -> "94,3", 80.0 -> "80", 1e20 -> "100.000.000.000.000.000.000". What is not a number
    /// (infinite, NaN) has no words: "".
    public static func decimal(_ value: Double, decimals: Int = 1) -> String {
        guard value.isFinite else { return "" }
        let places = min(max(decimals, 0), 6)
        var unit: Int64 = 1
        for _ in 0..<places { unit *= 10 }
        let scaled = (value * Double(unit)).rounded()
        // From 2^53 on a Double has no fraction left to write, and from 2^63 no Int64 holds it:
        // the whole part is written from the value's own decimal digits instead.
        guard scaled.magnitude < 0x1p53 else {
            return (value < 0 ? "-" : "") + grouped(digits: wholeDigits(of: value.rounded().magnitude))
        }
        let units = Int64(scaled)
        let whole = units.magnitude / unit.magnitude
        var fraction = String(units.magnitude % unit.magnitude)
        if fraction != "0" {
            fraction = String(repeating: "0", count: places - fraction.count) + fraction
        }
        while fraction.last == "0" { fraction.removeLast() }
        return (units < 0 ? "-" : "") + grouped(whole) + (fraction.isEmpty ? "" : "," + fraction)
    }

    /// Dots between each three digits from the right: "1234567" -> "1.234.567".
    static func grouped(digits: String) -> String {
        var result = ""
        result.reserveCapacity(digits.utf8.count + digits.utf8.count / 3)
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(character)
        }
        return result
    }

    /// The digits of a whole, non-negative, finite value, from its shortest decimal form
    /// ("1e+20", "9007199254740992.0"): 1e20 is "100000000000000000000", not the binary
    /// value's expansion.
    static func wholeDigits(of value: Double) -> String {
        let text = value.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let point = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        let integer = mantissa[..<point]
        let fraction = point == mantissa.endIndex ? "" : mantissa[mantissa.index(after: point)...]
        let count = max(1, integer.count + exponent)
        let digits = String(integer + fraction)
        let whole =
            digits.count >= count
            ? String(digits.prefix(count)) : digits + String(repeating: "0", count: count - digits.count)
        let significant = whole.drop { $0 == "0" }
        return significant.isEmpty ? "0" : String(significant)
    }
}
