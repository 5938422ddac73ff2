/// The operators the service knows, by code: mobile networks, fixed and postal operators. A
/// site list naming another operator is a typing error until an administrator adds it.
public struct Operators: Sendable, Hashable {
    public var names: [String: String]

    public init(names: [String: String]) {
        self.names = names
    }

    /// Vietnam's licensed mobile networks and the main fixed, Wi-Fi and postal operators.
    public static let defaults = Operators(names: [
        "viettel": "Viettel", "vnpt": "VNPT (VinaPhone)", "mobifone": "MobiFone", "vietnamobile": "Vietnamobile",
        "gmobile": "Gmobile", "fpt": "FPT Telecom", "cmc": "CMC Telecom", "sctv": "SCTV",
        "vnpost": "Bưu điện Việt Nam (VNPost)", "viettelpost": "Viettel Post",
    ])

    /// The code, or an error naming `field` and the codes known.
    public func check(_ code: String, field: String) throws(TelecomError) -> String {
        let normalised = code.lowercased()
        guard names[normalised] != nil else {
            throw .invalid(field, "unknown operator '\(code)'; known: \(names.keys.sorted().joined(separator: ", "))")
        }
        return normalised
    }
}
