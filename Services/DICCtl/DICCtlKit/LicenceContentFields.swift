import ArgumentParser
import LicensingAPI

/// Licence content from `--set field=value` options, named as the register's CSV columns are
/// (domains, responsible_person, title, pages...): an officer changes only what changes, and
/// the rest is kept from the licence's current content. Lists are separated by ";".
enum LicenceContentFields {
    static func parse(_ pairs: [String]) throws -> [String: String] {
        var fields: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--set: '\(pair)' is not field=value")
            }
            fields[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return fields
    }

    /// `base` (or empty content of the kind's type) with `fields` applied; unknown fields are refused.
    static func apply(
        _ fields: [String: String], kind: APILicenceKind, to base: APILicenceContent?
    ) throws
        -> APILicenceContent
    {
        var left = fields
        func text(_ name: String, _ value: inout String) { if let new = left.removeValue(forKey: name) { value = new } }
        func list(_ name: String, _ value: inout [String]) {
            if let new = left.removeValue(forKey: name) {
                value = new.split(separator: ";").map { String($0).trimmingCharacters(in: .whitespaces) }
            }
        }
        func number<N: LosslessStringConvertible>(_ name: String, _ value: inout N) throws {
            guard let new = left.removeValue(forKey: name) else { return }
            guard let parsed = N(new) else { throw ValidationError("--set \(name): '\(new)' is not a number") }
            value = parsed
        }
        func flag(_ name: String, _ value: inout Bool) throws {
            guard let new = left.removeValue(forKey: name) else { return }
            switch new.lowercased() {
            case "yes", "true", "1": value = true
            case "no", "false", "0": value = false
            default: throw ValidationError("--set \(name): '\(new)' is not yes or no")
            }
        }
        var content = base ?? APILicenceContent()
        switch kind {
        case .website:
            var w: APIWebsiteContent
            if case .website(let current) = content.content { w = current } else { w = APIWebsiteContent() }
            list("domains", &w.domains)
            list("sections", &w.sections)
            list("news_sources", &w.newsSources)
            text("responsible_person", &w.responsiblePerson)
            text("server_location", &w.serverLocation)
            try flag("server_in_vietnam", &w.serverInVietnam)
            content.content = .website(w)
        case .newsletter:
            var n: APINewsletterContent
            if case .newsletter(let current) = content.content { n = current } else { n = APINewsletterContent() }
            text("name", &n.name)
            text("purpose", &n.purpose)
            text("audience", &n.audience)
            text("distribution_scope", &n.distributionScope)
            text("language", &n.language)
            text("periodicity", &n.periodicity)
            try number("width_cm", &n.widthCm)
            try number("height_cm", &n.heightCm)
            try number("pages", &n.pages)
            try number("print_run", &n.printRun)
            text("printing_place", &n.printingPlace)
            text("responsible_person", &n.responsiblePerson)
            content.content = .newsletter(n)
        case .nonCommercialPublication:
            var p: APIPublicationContent
            if case .publication(let current) = content.content { p = current } else { p = APIPublicationContent() }
            text("title", &p.title)
            text("author", &p.author)
            text("language", &p.language)
            text("format", &p.format)
            try number("pages", &p.pages)
            try number("print_run", &p.printRun)
            text("printing_facility", &p.printingFacility)
            text("distribution_place", &p.distributionPlace)
            content.content = .publication(p)
        default:
            var p: APIPrintingContent
            if case .printing(let current) = content.content { p = current } else { p = APIPrintingContent() }
            text("facility_name", &p.facilityName)
            text("address", &p.address)
            list("activities", &p.activities)
            content.content = .printing(p)
        }
        if let unknown = left.keys.sorted().first {
            throw ValidationError("--set: '\(unknown)' is not a content field of a \(kind) licence")
        }
        return content
    }
}
