import DomainRules
import Testing

/// Expects `body` to be refused by a domain rule of `kind` naming `field`, and returns the rule's
/// text: how the sector services' domain types say no, before any call carries it.
@discardableResult
public func refused(
    _ kind: RuleViolation.Kind, _ field: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> String {
    do {
        try body()
        Issue.record("expected a refusal naming \(field)", sourceLocation: sourceLocation)
        return ""
    } catch let error as RuleViolation {
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        return error.rule
    } catch {
        Issue.record("expected a RuleViolation, got \(error)", sourceLocation: sourceLocation)
        return ""
    }
}
