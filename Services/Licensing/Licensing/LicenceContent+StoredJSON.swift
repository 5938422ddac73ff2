import LicensingDomain
import ServiceStorage

extension LicenceContent {
    /// A version's content as stored (`content_json`, the synthesized Codable form:
    /// `{"website":{"_0":{...}}}`), read without Foundation's decoder: a read by id decodes one per
    /// version, and `JSONDecoder` was a fifth of GetLicence's CPU. Anything not exactly that form
    /// is left to Foundation, which reads it, or names what is wrong, as it always did.
    static func stored(_ text: String) throws -> LicenceContent {
        if let json = StoredJSON(parsing: text), let content = LicenceContent(stored: json) { return content }
        return try SortedJSON.decode(LicenceContent.self, text)
    }

    /// The text a version's content is stored as: exactly what `SortedJSON.text` writes for it
    /// (a version's text is compared as text), built without Foundation's encoder.
    var storedText: String {
        get throws {
            guard let json = storedJSON else { return try SortedJSON.text(self) }
            return json.sortedText
        }
    }

    /// The synthesized Codable form as a value; nil for a number Foundation would refuse.
    var storedJSON: StoredJSON? {
        func strings(_ values: [String]) -> StoredJSON { .array(values.map(StoredJSON.string)) }
        let (name, fields): (String, [(key: String, value: StoredJSON)])
        switch self {
        case .website(let website):
            name = "website"
            fields = [
                ("domains", strings(website.domains)), ("sections", strings(website.sections)),
                ("newsSources", strings(website.newsSources)),
                ("responsiblePerson", .string(website.responsiblePerson)),
                ("serverLocation", .string(website.serverLocation)),
                ("serverInVietnam", .bool(website.serverInVietnam)),
            ]
        case .newsletter(let newsletter):
            guard let width = StoredJSON(newsletter.widthCM), let height = StoredJSON(newsletter.heightCM) else {
                return nil
            }
            name = "newsletter"
            fields = [
                ("name", .string(newsletter.name)), ("purpose", .string(newsletter.purpose)),
                ("audience", .string(newsletter.audience)),
                ("distributionScope", .string(newsletter.distributionScope)),
                ("language", .string(newsletter.language)), ("periodicity", .string(newsletter.periodicity)),
                ("widthCM", width), ("heightCM", height), ("pages", StoredJSON(newsletter.pages)),
                ("printRun", StoredJSON(newsletter.printRun)), ("printingPlace", .string(newsletter.printingPlace)),
                ("responsiblePerson", .string(newsletter.responsiblePerson)),
            ]
        case .publication(let publication):
            name = "publication"
            fields = [
                ("title", .string(publication.title)), ("author", .string(publication.author)),
                ("language", .string(publication.language)), ("format", .string(publication.format)),
                ("pages", StoredJSON(publication.pages)), ("printRun", StoredJSON(publication.printRun)),
                ("printingFacility", .string(publication.printingFacility)),
                ("distributionPlace", .string(publication.distributionPlace)),
            ]
        case .printing(let printing):
            name = "printing"
            fields = [
                ("facilityName", .string(printing.facilityName)), ("address", .string(printing.address)),
                ("activities", strings(printing.activities)),
            ]
        }
        return .object([(name, .object([("_0", .object(fields))]))])
    }

    init?(stored json: StoredJSON) {
        guard case .object(let members) = json, members.count == 1, let fields = members[0].value["_0"] else {
            return nil
        }
        switch members[0].key {
        case "website":
            guard let domains = fields["domains"]?.strings, let sections = fields["sections"]?.strings,
                let newsSources = fields["newsSources"]?.strings,
                let responsiblePerson = fields["responsiblePerson"]?.string,
                let serverLocation = fields["serverLocation"]?.string,
                let serverInVietnam = fields["serverInVietnam"]?.bool
            else { return nil }
            self = .website(
                .init(
                    domains: domains, sections: sections, newsSources: newsSources,
                    responsiblePerson: responsiblePerson, serverLocation: serverLocation,
                    serverInVietnam: serverInVietnam))
        case "newsletter":
            guard let name = fields["name"]?.string, let purpose = fields["purpose"]?.string,
                let audience = fields["audience"]?.string, let scope = fields["distributionScope"]?.string,
                let language = fields["language"]?.string, let periodicity = fields["periodicity"]?.string,
                let width = fields["widthCM"]?.double, let height = fields["heightCM"]?.double,
                let pages = fields["pages"]?.int, let printRun = fields["printRun"]?.int,
                let printingPlace = fields["printingPlace"]?.string,
                let responsiblePerson = fields["responsiblePerson"]?.string
            else { return nil }
            self = .newsletter(
                .init(
                    name: name, purpose: purpose, audience: audience, distributionScope: scope, language: language,
                    periodicity: periodicity, widthCM: width, heightCM: height, pages: pages, printRun: printRun,
                    printingPlace: printingPlace, responsiblePerson: responsiblePerson))
        case "publication":
            guard let title = fields["title"]?.string, let author = fields["author"]?.string,
                let language = fields["language"]?.string, let format = fields["format"]?.string,
                let pages = fields["pages"]?.int, let printRun = fields["printRun"]?.int,
                let facility = fields["printingFacility"]?.string, let place = fields["distributionPlace"]?.string
            else { return nil }
            self = .publication(
                .init(
                    title: title, author: author, language: language, format: format, pages: pages,
                    printRun: printRun, printingFacility: facility, distributionPlace: place))
        case "printing":
            guard let name = fields["facilityName"]?.string, let address = fields["address"]?.string,
                let activities = fields["activities"]?.strings
            else { return nil }
            self = .printing(.init(facilityName: name, address: address, activities: activities))
        default:
            return nil
        }
    }
}
