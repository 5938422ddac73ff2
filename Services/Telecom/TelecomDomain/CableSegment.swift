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

    public func validate(operators: Operators) throws(TelecomError) {
        try TelecomError.required(code, "code")
        _ = try operators.check(operatorCode, field: "operator")
        try TelecomError.required(unitCode, "unit_code")
        guard lengthKm.isFinite, lengthKm > 0 else { throw .invalid("length_km", "must be more than 0") }
        if let problem = validity.problem { throw .invalid("removed_on", "\(problem) (in_service_from)") }
    }
}
