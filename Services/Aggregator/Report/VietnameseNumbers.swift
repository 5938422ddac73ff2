import Foundation

/// Numbers as Vietnamese administrative reports write them: counts below ten with a leading zero
/// ("06 giấy phép"), a comma as the decimal mark, a dot between thousands.
public enum VietnameseNumbers {
    public static func count(_ value: Int) -> String {
        value >= 0 && value < 10 ? "0\(value)" : grouped(value)
    }

    public static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(character)
        }
        return value < 0 ? "-" + result : result
    }

    /// At most `decimals` decimals, trailing zeros dropped: 94.29 -> "94,3", 80.0 -> "80".
    public static func decimal(_ value: Double, decimals: Int = 1) -> String {
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        let whole = Int(rounded.rounded(.towardZero))
        var fraction = String(format: "%.\(decimals)f", abs(rounded - Double(whole))).dropFirst(2)
        while fraction.last == "0" { fraction = fraction.dropLast() }
        let sign = rounded < 0 && whole == 0 ? "-" : ""
        return sign + grouped(whole) + (fraction.isEmpty ? "" : "," + fraction)
    }
}
