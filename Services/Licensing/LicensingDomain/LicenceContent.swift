/// What a licence says, typed per licence type. A version keeps the whole content, so history
/// shows exactly what was licensed when.
public enum LicenceContent: Sendable, Hashable, Codable {
    case website(Website)
    case newsletter(Newsletter)
    case publication(Publication)
    case printing(Printing)

    public struct Website: Sendable, Hashable, Codable {
        public var domains: [String]
        public var sections: [String]
        public var newsSources: [String]
        public var responsiblePerson: String
        /// Where the servers are; the law requires at least one in Vietnam.
        public var serverLocation: String
        public var serverInVietnam: Bool

        public init(
            domains: [String], sections: [String] = [], newsSources: [String] = [], responsiblePerson: String,
            serverLocation: String, serverInVietnam: Bool
        ) {
            self.domains = domains
            self.sections = sections
            self.newsSources = newsSources
            self.responsiblePerson = responsiblePerson
            self.serverLocation = serverLocation
            self.serverInVietnam = serverInVietnam
        }
    }

    public struct Newsletter: Sendable, Hashable, Codable {
        public var name: String
        public var purpose: String
        public var audience: String
        public var distributionScope: String
        public var language: String
        public var periodicity: String
        public var widthCM: Double
        public var heightCM: Double
        public var pages: Int
        public var printRun: Int
        public var printingPlace: String
        public var responsiblePerson: String

        public init(
            name: String, purpose: String = "", audience: String = "", distributionScope: String = "",
            language: String = "Tiếng Việt", periodicity: String, widthCM: Double, heightCM: Double, pages: Int,
            printRun: Int, printingPlace: String = "", responsiblePerson: String
        ) {
            self.name = name
            self.purpose = purpose
            self.audience = audience
            self.distributionScope = distributionScope
            self.language = language
            self.periodicity = periodicity
            self.widthCM = widthCM
            self.heightCM = heightCM
            self.pages = pages
            self.printRun = printRun
            self.printingPlace = printingPlace
            self.responsiblePerson = responsiblePerson
        }
    }

    /// A non-commercial document: fields per the domain notes, marked unverified there.
    public struct Publication: Sendable, Hashable, Codable {
        public var title: String
        public var author: String
        public var language: String
        public var format: String
        public var pages: Int
        /// Zero for an electronic edition.
        public var printRun: Int
        public var printingFacility: String
        public var distributionPlace: String

        public init(
            title: String, author: String = "", language: String = "Tiếng Việt", format: String = "",
            pages: Int, printRun: Int, printingFacility: String = "", distributionPlace: String = ""
        ) {
            self.title = title
            self.author = author
            self.language = language
            self.format = format
            self.pages = pages
            self.printRun = printRun
            self.printingFacility = printingFacility
            self.distributionPlace = distributionPlace
        }
    }

    /// A print shop: both printing licences and the facility registration.
    public struct Printing: Sendable, Hashable, Codable {
        public var facilityName: String
        public var address: String
        public var activities: [String]

        public init(facilityName: String, address: String, activities: [String]) {
            self.facilityName = facilityName
            self.address = address
            self.activities = activities
        }
    }

    /// Which licence types this content belongs to.
    var fits: Set<LicenceKind> {
        switch self {
        case .website: [.website]
        case .newsletter: [.newsletter]
        case .publication: [.nonCommercialPublication]
        case .printing: [.printingPress, .printingPublications, .printFacilityRegistration]
        }
    }
}
