import Geo

/// What the telecom service knows of a village (thôn, bản, tổ dân phố) beyond the registry: where
/// it is, how many live there, the terrain radio has to cross, whether it is a town centre (the
/// 5G indicator) and whether fibre reaches it.
public struct Village: Sendable, Hashable {
    public enum Terrain: String, Sendable, Hashable, CaseIterable {
        case urban, rural, mountainous
    }

    public var code: String
    /// The commune it belongs to.
    public var communeCode: String
    public var name: String
    public var position: GeoPoint
    public var population: Int
    public var households: Int
    public var terrain: Terrain
    public var isTownCentre: Bool
    /// Fixed broadband: operators with fibre access in the village.
    public var fibreOperators: [String]

    public init(
        code: String, communeCode: String, name: String, position: GeoPoint, population: Int = 0,
        households: Int = 0, terrain: Terrain = .rural, isTownCentre: Bool = false, fibreOperators: [String] = []
    ) {
        self.code = code
        self.communeCode = communeCode
        self.name = name
        self.position = position
        self.population = population
        self.households = households
        self.terrain = terrain
        self.isTownCentre = isTownCentre
        self.fibreOperators = fibreOperators
    }

    /// The most people, or households, one village may be recorded with.
    public static let mostPeople = 1_000_000

    public func validate(operators: Operators) throws(TelecomError) {
        try TelecomError.required(code, "code")
        try TelecomError.required(communeCode, "commune_code")
        guard GeoBoundingBox.vietnam.contains(position) else {
            throw .invalid("position", "\(position) is outside Vietnam (latitude 7.5 to 23.5, longitude 102 to 118)")
        }
        guard population >= 0 else { throw .invalid("population", "must not be negative") }
        guard households >= 0 else { throw .invalid("households", "must not be negative") }
        // The largest wards have about a hundred thousand people: a count past this is a typing
        // error, which the gap ranking would otherwise put first.
        guard population <= Self.mostPeople else { throw .invalid("population", "at most \(Self.mostPeople)") }
        guard households <= Self.mostPeople else { throw .invalid("households", "at most \(Self.mostPeople)") }
        // A household has someone in it; a population of 0 is one not counted yet.
        guard population == 0 || households <= population else {
            throw .invalid("households", "\(households) households is more than the \(population) people")
        }
        for code in fibreOperators { _ = try operators.check(code, field: "fibre_operators") }
    }
}
