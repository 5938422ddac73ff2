import CalendarDates

extension Obligation {
    /// What the obligations rule reads of a licence: its type, number and holder, and the date,
    /// status and term of each version. A register's obligations are worked out from these
    /// without reading what each version's content holds.
    public struct Subject: Sendable, Hashable {
        public struct Term: Sendable, Hashable {
            public var effectiveOn: CalendarDate
            public var status: LicenceStatus
            public var validUntil: CalendarDate?

            public init(effectiveOn: CalendarDate, status: LicenceStatus, validUntil: CalendarDate?) {
                self.effectiveOn = effectiveOn
                self.status = status
                self.validUntil = validUntil
            }
        }

        public var kind: LicenceKind
        /// The number the licence carries now (``Licence/number``).
        public var number: String
        public var holderID: String
        /// One for each version, in the versions' order.
        public var terms: [Term]

        public init(kind: LicenceKind, number: String, holderID: String, terms: [Term]) {
            self.kind = kind
            self.number = number
            self.holderID = holderID
            self.terms = terms
        }

        public init(_ licence: Licence) {
            self.init(
                kind: licence.kind, number: licence.number, holderID: licence.holderID,
                terms: licence.versions.map {
                    Term(effectiveOn: $0.effectiveOn, status: $0.status, validUntil: $0.validUntil)
                })
        }
    }
}
