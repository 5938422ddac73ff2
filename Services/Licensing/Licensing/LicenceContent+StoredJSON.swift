import LicensingDomain
import ServiceStorage

extension LicenceContent {
    /// A version's content as stored (`content_json`, the synthesized Codable form:
    /// `{"website":{"_0":{...}}}`), read without Foundation's decoder: a read by id decodes one per
    /// version, and `JSONDecoder` was a fifth of GetLicence's CPU. Anything not exactly that form
    /// is left to Foundation, which reads it, or names what is wrong, as it always did.
    static func stored(_ text: String) throws -> LicenceContent {
        if let content = StoredJSON.read(text, { LicenceContent(reading: &$0) }) { return content }
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

    /// The stored form read straight from its text (``StoredJSON/read(_:_:)``): one member, the
    /// case, holding `_0`, holding the fields; members the form does not know are skipped, as
    /// Foundation skips them. Nil for anything else (a field missing, repeated or of another type),
    /// which is then Foundation's to read or refuse.
    init?(reading reader: inout StoredJSON.Reader) {
        var content: LicenceContent?
        var cases = 0
        let read = reader.plainMembers(depth: 1) { reader, name in
            cases += 1
            guard cases == 1 else { return false }
            return reader.plainMembers(depth: 2) { reader, key in
                guard case "_0" = key else { return reader.skipValue(depth: 2) }
                guard content == nil else { return false }
                content = Self.fields(of: name, &reader)
                return content != nil
            }
        }
        guard read, let content else { return nil }
        self = content
    }

    /// One case's fields, at the object that holds them.
    private static func fields(of name: StoredJSON.Reader.Key, _ reader: inout StoredJSON.Reader) -> LicenceContent? {
        switch name {
        case "website": website(&reader)
        case "newsletter": newsletter(&reader)
        case "publication": publication(&reader)
        case "printing": printing(&reader)
        default: nil
        }
    }

    /// Sets `slot` to `value` the first time; false for no value, or for a field met twice.
    private static func once<T>(_ slot: inout T?, _ value: T?) -> Bool {
        guard slot == nil, let value else { return false }
        slot = value
        return true
    }

    private static func website(_ reader: inout StoredJSON.Reader) -> LicenceContent? {
        var domains: [String]?
        var sections: [String]?
        var newsSources: [String]?
        var responsiblePerson: String?
        var serverLocation: String?
        var serverInVietnam: Bool?
        let read = reader.plainMembers(depth: 3) { reader, key in
            switch key {
            case "domains": once(&domains, reader.stringsValue())
            case "sections": once(&sections, reader.stringsValue())
            case "newsSources": once(&newsSources, reader.stringsValue())
            case "responsiblePerson": once(&responsiblePerson, reader.stringValue())
            case "serverLocation": once(&serverLocation, reader.stringValue())
            case "serverInVietnam": once(&serverInVietnam, reader.boolValue())
            default: reader.skipValue(depth: 3)
            }
        }
        guard read, let domains, let sections, let newsSources, let responsiblePerson, let serverLocation,
            let serverInVietnam
        else { return nil }
        return .website(
            .init(
                domains: domains, sections: sections, newsSources: newsSources, responsiblePerson: responsiblePerson,
                serverLocation: serverLocation, serverInVietnam: serverInVietnam))
    }

    private static func newsletter(_ reader: inout StoredJSON.Reader) -> LicenceContent? {
        var name: String?
        var purpose: String?
        var audience: String?
        var scope: String?
        var language: String?
        var periodicity: String?
        var width: Double?
        var height: Double?
        var pages: Int?
        var printRun: Int?
        var printingPlace: String?
        var responsiblePerson: String?
        let read = reader.plainMembers(depth: 3) { reader, key in
            switch key {
            case "name": once(&name, reader.stringValue())
            case "purpose": once(&purpose, reader.stringValue())
            case "audience": once(&audience, reader.stringValue())
            case "distributionScope": once(&scope, reader.stringValue())
            case "language": once(&language, reader.stringValue())
            case "periodicity": once(&periodicity, reader.stringValue())
            case "widthCM": once(&width, reader.doubleValue())
            case "heightCM": once(&height, reader.doubleValue())
            case "pages": once(&pages, reader.intValue())
            case "printRun": once(&printRun, reader.intValue())
            case "printingPlace": once(&printingPlace, reader.stringValue())
            case "responsiblePerson": once(&responsiblePerson, reader.stringValue())
            default: reader.skipValue(depth: 3)
            }
        }
        guard read, let name, let purpose, let audience, let scope, let language, let periodicity, let width,
            let height, let pages, let printRun, let printingPlace, let responsiblePerson
        else { return nil }
        return .newsletter(
            .init(
                name: name, purpose: purpose, audience: audience, distributionScope: scope, language: language,
                periodicity: periodicity, widthCM: width, heightCM: height, pages: pages, printRun: printRun,
                printingPlace: printingPlace, responsiblePerson: responsiblePerson))
    }

    private static func publication(_ reader: inout StoredJSON.Reader) -> LicenceContent? {
        var title: String?
        var author: String?
        var language: String?
        var format: String?
        var pages: Int?
        var printRun: Int?
        var facility: String?
        var place: String?
        let read = reader.plainMembers(depth: 3) { reader, key in
            switch key {
            case "title": once(&title, reader.stringValue())
            case "author": once(&author, reader.stringValue())
            case "language": once(&language, reader.stringValue())
            case "format": once(&format, reader.stringValue())
            case "pages": once(&pages, reader.intValue())
            case "printRun": once(&printRun, reader.intValue())
            case "printingFacility": once(&facility, reader.stringValue())
            case "distributionPlace": once(&place, reader.stringValue())
            default: reader.skipValue(depth: 3)
            }
        }
        guard read, let title, let author, let language, let format, let pages, let printRun, let facility,
            let place
        else { return nil }
        return .publication(
            .init(
                title: title, author: author, language: language, format: format, pages: pages, printRun: printRun,
                printingFacility: facility, distributionPlace: place))
    }

    private static func printing(_ reader: inout StoredJSON.Reader) -> LicenceContent? {
        var name: String?
        var address: String?
        var activities: [String]?
        let read = reader.plainMembers(depth: 3) { reader, key in
            switch key {
            case "facilityName": once(&name, reader.stringValue())
            case "address": once(&address, reader.stringValue())
            case "activities": once(&activities, reader.stringsValue())
            default: reader.skipValue(depth: 3)
            }
        }
        guard read, let name, let address, let activities else { return nil }
        return .printing(.init(facilityName: name, address: address, activities: activities))
    }
}
