import CalendarDates

/// A postal service point, and the days it is open: a point that closes keeps its record, so a
/// past quarter still counts it.
public struct PostalPoint: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Bưu cục.
        case postOffice
        /// Điểm Bưu điện - Văn hoá xã.
        case communeCulturalPoint
        /// Đại lý, kiốt.
        case agent
    }

    public var code: String
    public var name: String
    public var kind: Kind
    public var operatorCode: String
    public var unitCode: String
    public var staffed: Bool
    /// Receives and returns administrative-procedure dossiers (the public-service postal route).
    public var handlesDossiers: Bool
    /// Opened on `from`, closed on `until` (nil: still open).
    public var validity: Validity

    public init(
        code: String, name: String, kind: Kind, operatorCode: String, unitCode: String, staffed: Bool,
        handlesDossiers: Bool, validity: Validity = .always
    ) {
        self.validity = validity
        self.code = code
        self.name = name
        self.kind = kind
        self.operatorCode = operatorCode
        self.unitCode = unitCode
        self.staffed = staffed
        self.handlesDossiers = handlesDossiers
    }

    public func validate(operators: Operators) throws(TelecomError) {
        try TelecomError.required(code, "code")
        try TelecomError.required(name, "name")
        _ = try operators.check(operatorCode, field: "operator")
        try TelecomError.required(unitCode, "unit_code")
        if let problem = validity.problem { throw .invalid("closed_on", "\(problem) (opened_on)") }
    }
}
