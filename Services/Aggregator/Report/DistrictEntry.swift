import DomainRules

/// What a district's culture and information office reported for a quarter: an activity (section
/// 6) or a difficulty raised for the department's quarterly meeting (section 8). Their
/// recommendations, which the department answers, are kept by the DX service with the answers.
public struct DistrictEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case activity, difficulty
    }

    /// Given by the register.
    public var id: String
    public var year: Int
    public var quarter: Int
    /// The district (or city) it came from, by its unit code.
    public var unitCode: String
    public var kind: Kind
    /// "bưu chính, viễn thông", "chuyển đổi số": what the report groups it by.
    public var field: String
    public var content: String

    public init(
        id: String = "", year: Int, quarter: Int, unitCode: String, kind: Kind, field: String = "", content: String
    ) {
        self.id = id
        self.year = year
        self.quarter = quarter
        self.unitCode = unitCode
        self.kind = kind
        self.field = field
        self.content = content
    }

    public static let maxContentLength = 4000

    public func validate() throws(RuleViolation) {
        guard (2000...2100).contains(year) else { throw .invalid("year", "\(year) is not a year this register keeps") }
        guard (1...4).contains(quarter) else { throw .invalid("quarter", "1 to 4") }
        try RuleViolation.required(unitCode, "unit_code")
        guard unitCode.count <= 64, unitCode.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw .invalid("unit_code", "a unit code is at most 64 printable ASCII characters")
        }
        try RuleViolation.required(content, "content")
        guard content.count <= Self.maxContentLength else {
            throw .invalid("content", "at most \(Self.maxContentLength) characters")
        }
        guard field.count <= 200 else { throw .invalid("field", "at most 200 characters") }
        for (name, value) in [("field", field), ("content", content)]
        where value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) {
            throw .invalid(name, "may not hold control characters")
        }
    }
}
