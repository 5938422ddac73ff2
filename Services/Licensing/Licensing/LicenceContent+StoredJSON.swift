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
