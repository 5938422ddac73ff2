import CalendarDates

/// A stretch of telecom cable in an urban area: the underground ratio is underground length over
/// all length (domain notes: km underground / km total). A cable replaced is removed on a day and
/// its successor in service from that day: both stay in the register.
public struct CableSegment: Sendable, Hashable {
    public var code: String
    public var operatorCode: String
    public var unitCode: String
    public var lengthKm: Double
    public var underground: Bool
    /// In an urban area (the indicator counts only those).
    public var urban: Bool
    /// In service from `from`, removed on `until` (nil: still in service).
    public var validity: Validity

    public init(
        code: String, operatorCode: String, unitCode: String, lengthKm: Double, underground: Bool, urban: Bool,
        validity: Validity = .always
    ) {
        self.validity = validity
        self.code = code
        self.operatorCode = operatorCode
        self.unitCode = unitCode
        self.lengthKm = lengthKm
        self.underground = underground
        self.urban = urban
    }

    /// The longest a segment may be: ten times the length of Vietnam. Past it, a length is a slip,
    /// and sums of lengths over a province stay finite.
    public static let longestKm: Double = 20_000

    public func validate(operators: Operators) throws(TelecomError) {
        try TelecomError.required(code, "code")
        _ = try operators.check(operatorCode, field: "operator")
        try TelecomError.required(unitCode, "unit_code")
        guard lengthKm.isFinite, lengthKm > 0 else { throw .invalid("length_km", "must be more than 0") }
        guard lengthKm <= Self.longestKm else { throw .invalid("length_km", "at most 20000 km for one segment") }
        if let problem = validity.problem { throw .invalid("removed_on", "\(problem) (in_service_from)") }
    }
}
