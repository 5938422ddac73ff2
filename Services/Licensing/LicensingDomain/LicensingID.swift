/// Ids the service gives out: a prefix naming the kind of record and 12 random hex digits (48
/// bits: a register of a million records has about a one-in-500 chance of a single clash, which
/// the stores refuse rather than overwrite).
package enum LicensingID {
    package static func make(_ prefix: String) -> String {
        // 48 bits from the system's generator, as 12 lowercase hex digits: the same ids a UUID's
        // first 12 digits gave, without Foundation's string work (2% of an IssueLicence).
        let digits = String(UInt64.random(in: 0..<(1 << 48)), radix: 16)
        return prefix + "-" + String(repeating: "0", count: 12 - digits.utf8.count) + digits
    }
}
