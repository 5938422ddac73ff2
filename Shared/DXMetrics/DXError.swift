import RPCCore

/// A request the rules refuse: which field, and which rule. A bad value is INVALID_ARGUMENT; what
/// the record's state forbids is FAILED_PRECONDITION.
public struct DXError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case invalidValue, notAllowedNow
    }

    public var kind: Kind
    public var field: String
    public var rule: String

    public static func invalid(_ field: String, _ rule: String) -> DXError {
        DXError(kind: .invalidValue, field: field, rule: rule)
    }

    public static func notAllowed(_ field: String, _ rule: String) -> DXError {
        DXError(kind: .notAllowedNow, field: field, rule: rule)
    }

    public var description: String { "\(field): \(rule)" }

    static func required(_ value: String, _ field: String) throws(DXError) {
        guard !value.allSatisfy(\.isWhitespace) else { throw .invalid(field, "is required") }
    }
}

extension DXError: RPCErrorConvertible {
    public var rpcError: RPCError {
        RPCError(kind == .invalidValue ? .invalidArgument : .failedPrecondition, description)
    }
}
