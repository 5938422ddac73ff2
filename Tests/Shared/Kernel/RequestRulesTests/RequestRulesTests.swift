import AdminUnits
import CalendarDates
import CommonAPI
import RPCCore
import Testing

@testable import RequestRules

/// A domain enum naming some of the wire cases, as the services' enums do.
private enum Span: String, WireNamed {
    case month, quarter
}

struct RequestRulesTests {
    @Test func violationsMapToTheirStatusAndNameTheField() {
        let bad = RuleViolation.invalid("content.title", "is required").rpcError
        #expect(bad.code == .invalidArgument)
        #expect(bad.message == "content.title: is required")
        #expect(RuleViolation.notAllowed("status", "revoked").rpcError.code == .failedPrecondition)
        #expect(throws: RuleViolation.invalid("name", "is required")) { try RuleViolation.required(" \n", "name") }
        #expect(throws: Never.self) { try RuleViolation.required("Bắc Kạn", "name") }
    }

    @Test func wireNamesMapBothWaysAndRefuseWhatTheDomainLacks() throws {
        #expect(try Span(wire: PeriodKind.quarter, field: "kind") == .quarter)
        #expect(Span.month.wire(PeriodKind.self) == .month)
        #expect(throws: RuleViolation.invalid("kind", "required: one of month, quarter")) {
            try Span(wire: PeriodKind.unspecified, field: "kind")
        }
        #expect(throws: RuleViolation.self) { try Span(wire: PeriodKind.year, field: "kind") }
        #expect(try Span(filter: PeriodKind.unspecified, field: "kind") == nil)
        #expect(try Span(filter: PeriodKind.month, field: "kind") == .month)
    }

    @Test func requestDatesMustBeRealDates() throws {
        #expect(
            try CalendarDate.required(Date(year: 2023, month: 3, day: 31), field: "as_of")
                == CalendarDate(iso: "2023-03-31"))
        #expect(try CalendarDate.optional(nil, field: "as_of") == nil)
        #expect(throws: RuleViolation.invalid("as_of", "required")) { try CalendarDate.required(nil, field: "as_of") }
        #expect(throws: RuleViolation.invalid("as_of", "2023-2-30 is not a real date")) {
            try CalendarDate.optional(Date(year: 2023, month: 2, day: 30), field: "as_of")
        }
    }

    @Test func aSearchIsBoundedInCharactersWhateverItsEncoding() throws {
        #expect(try SearchQuery.checked(String(repeating: "a", count: 200)).count == 200)
        // "ệ" decomposed: e and two combining marks, one character of five bytes.
        let decomposed = String(repeating: "e\u{0323}\u{0302}", count: 200)
        #expect(decomposed.count == 200 && decomposed.utf8.count == 1000)
        #expect(try SearchQuery.checked(decomposed) == decomposed)
        #expect(throws: RPCError(.invalidArgument, "query: at most 200 characters")) {
            try SearchQuery.checked(String(repeating: "ạ", count: 201))
        }
        #expect(throws: RPCError(.invalidArgument, "owner: at most 200 characters")) {
            try SearchQuery.checked(String(repeating: "a", count: 4 << 20), field: "owner")
        }
    }
}
