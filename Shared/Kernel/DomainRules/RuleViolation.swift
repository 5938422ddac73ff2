/// A request a sector service's rules refuse: which field, and which rule. A bad value is
/// INVALID_ARGUMENT; what the record's state or history forbids is FAILED_PRECONDITION.
public struct RuleViolation: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case invalidValue, notAllowedNow
    }

    public var kind: Kind
    public var field: String
    public var rule: String

    public init(kind: Kind, field: String, rule: String) {
        self.kind = kind
        self.field = field
        self.rule = rule
    }

    public static func invalid(_ field: String, _ rule: String) -> RuleViolation {
        RuleViolation(kind: .invalidValue, field: field, rule: rule)
    }

    public static func notAllowed(_ field: String, _ rule: String) -> RuleViolation {
        RuleViolation(kind: .notAllowedNow, field: field, rule: rule)
    }

    /// Refuses an empty or blank text field.
    public static func required(_ value: String, _ field: String) throws(RuleViolation) {
        guard !value.allSatisfy(\.isWhitespace) else { throw .invalid(field, "is required") }
    }

    public var description: String { "\(field): \(rule)" }
}
