import AdminUnits
import CalendarDates

/// A community digital technology team of a village or commune: who founded it and who is in it.
public struct DigitalTeam: Sendable, Hashable {
    public struct Member: Sendable, Hashable, Codable {
        public var name: String
        public var role: String

        public init(name: String, role: String) {
            self.name = name
            self.role = role
        }
    }

    public var unitCode: String
    public var foundingDecision: String
    public var foundedOn: CalendarDate?
    public var members: [Member]

    public init(unitCode: String, foundingDecision: String, foundedOn: CalendarDate?, members: [Member]) {
        self.unitCode = unitCode
        self.foundingDecision = foundingDecision
        self.foundedOn = foundedOn
        self.members = members
    }

    public func validate() throws(DXError) {
        try DXError.required(unitCode, "unit_code")
        try DXError.required(foundingDecision, "founding_decision")
        for member in members { try DXError.required(member.name, "members.name") }
    }
}

/// A cashless-market pilot: how many traders, how many take QR payments, products listed online.
public struct CashlessMarket: Sendable, Hashable {
    public var code: String
    public var name: String
    public var unitCode: String
    public var traders: Int
    public var tradersAcceptingQR: Int
    public var productsListedOnline: Int
    public var asOf: CalendarDate

    public init(
        code: String, name: String, unitCode: String, traders: Int, tradersAcceptingQR: Int, productsListedOnline: Int,
        asOf: CalendarDate
    ) {
        self.code = code
        self.name = name
        self.unitCode = unitCode
        self.traders = traders
        self.tradersAcceptingQR = tradersAcceptingQR
        self.productsListedOnline = productsListedOnline
        self.asOf = asOf
    }

    public func validate() throws(DXError) {
        try DXError.required(code, "code")
        try DXError.required(name, "name")
        guard traders >= 0 else { throw .invalid("traders", "must not be negative") }
        guard (0...traders).contains(tradersAcceptingQR) else {
            throw .invalid("traders_accepting_qr", "0 to the number of traders (\(traders))")
        }
        guard productsListedOnline >= 0 else { throw .invalid("products_listed_online", "must not be negative") }
    }
}

/// A provincial DTI result for a year: overall ("tổng") or one pillar.
public struct DTIResult: Sendable, Hashable {
    public var year: Int
    public var pillar: String
    public var score: Double
    /// Among the 63 provinces; nil when not published.
    public var rank: Int?

    public init(year: Int, pillar: String, score: Double, rank: Int?) {
        self.year = year
        self.pillar = pillar
        self.score = score
        self.rank = rank
    }

    public func validate() throws(DXError) {
        guard (2018...2100).contains(year) else { throw .invalid("year", "2018 to 2100") }
        try DXError.required(pillar, "pillar")
        guard score.isFinite, score >= 0 else { throw .invalid("score", "a number, 0 or more") }
        if let rank { guard (1...63).contains(rank) else { throw .invalid("rank", "1 to 63") } }
    }
}
