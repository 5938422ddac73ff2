import Foundation

/// Ids the service gives out: a prefix naming the kind of record and 12 random hex digits (48
/// bits: a register of a million records has about a one-in-500 chance of a single clash, which
/// the stores refuse rather than overwrite).
package enum LicensingID {
    package static func make(_ prefix: String) -> String {
        prefix + "-" + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))
    }
}
