import RPCCore

/// A request the rules refuse: which field, and which rule. A bad value is INVALID_ARGUMENT; an
/// action the licence's state or history does not allow is FAILED_PRECONDITION.
public struct LicensingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case invalidValue, notAllowedNow
    }

    public var kind: Kind
    public var field: String
    public var rule: String

    public static func invalid(_ field: String, _ rule: String) -> LicensingError {
        LicensingError(kind: .invalidValue, field: field, rule: rule)
    }

    public static func notAllowed(_ field: String, _ rule: String) -> LicensingError {
        LicensingError(kind: .notAllowedNow, field: field, rule: rule)
    }

    public var description: String { "\(field): \(rule)" }
}

extension LicensingError: RPCErrorConvertible {
    public var rpcError: RPCError {
        RPCError(kind == .invalidValue ? .invalidArgument : .failedPrecondition, description)
    }
}
