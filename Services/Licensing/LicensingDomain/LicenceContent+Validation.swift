extension LicenceContent {
    /// Checks the content against the rules for `kind`; the error names the field.
    public func validate(for kind: LicenceKind, rules: LicenceRules) throws(LicensingError) {
        guard fits.contains(kind) else {
            throw .invalid("content", "is not the content of a \(kind.rawValue) licence")
        }
        guard textBytes <= rules.contentMaximumBytes else {
            throw .invalid("content", "at most \(rules.contentMaximumBytes) bytes of text in all, not \(textBytes)")
        }
        switch self {
        case .website(let site):
            guard !site.domains.isEmpty else {
                throw .invalid("content.domains", "at least one domain name is required")
            }
            for domain in site.domains where !Self.isDomainName(domain) {
                throw .invalid("content.domains", "'\(domain)' is not a domain name")
            }
            try Self.required(site.responsiblePerson, "content.responsible_person")
            guard site.serverInVietnam else {
                throw .invalid("content.server_in_vietnam", "a general website must have a server in Vietnam")
            }
        case .newsletter(let newsletter):
            try Self.required(newsletter.name, "content.name")
            try Self.required(newsletter.periodicity, "content.periodicity")
            try Self.required(newsletter.responsiblePerson, "content.responsible_person")
            guard (1...rules.newsletterMaximumPages).contains(newsletter.pages) else {
                throw .invalid("content.pages", "must be 1 to \(rules.newsletterMaximumPages)")
            }
            guard newsletter.widthCM > 0, newsletter.heightCM > 0,
                newsletter.widthCM <= rules.newsletterMaximumWidthCM,
                newsletter.heightCM <= rules.newsletterMaximumHeightCM
            else {
                throw .invalid(
                    "content.format",
                    "at most \(Int(rules.newsletterMaximumWidthCM)) x \(Int(rules.newsletterMaximumHeightCM)) cm")
            }
            guard newsletter.printRun > 0 else { throw .invalid("content.print_run", "must be more than 0") }
        case .publication(let publication):
            try Self.required(publication.title, "content.title")
            guard publication.pages > 0 else { throw .invalid("content.pages", "must be more than 0") }
            guard publication.printRun >= 0 else { throw .invalid("content.print_run", "must not be negative") }
        case .printing(let printing):
            try Self.required(printing.facilityName, "content.facility_name")
            try Self.required(printing.address, "content.address")
            guard !printing.activities.isEmpty else {
                throw .invalid("content.activities", "at least one printing activity is required")
            }
        }
    }

    static func required(_ value: String, _ field: String) throws(LicensingError) {
        guard !value.allSatisfy(\.isWhitespace) else { throw .invalid(field, "is required") }
    }

    /// Letters, digits and hyphens in dot-separated labels, with a top-level label; Vietnamese
    /// names are written in their ASCII (punycode) form, as registrars record them.
    static func isDomainName(_ text: String) -> Bool {
        let labels = text.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        }
    }
}

extension LicenceContent {
    /// The UTF-8 bytes of every text the content holds, lists included.
    public var textBytes: Int {
        let texts: [String] =
            switch self {
            case .website(let site):
                site.domains + site.sections + site.newsSources + [site.responsiblePerson, site.serverLocation]
            case .newsletter(let newsletter):
                [
                    newsletter.name, newsletter.purpose, newsletter.audience, newsletter.distributionScope,
                    newsletter.language, newsletter.periodicity, newsletter.printingPlace,
                    newsletter.responsiblePerson,
                ]
            case .publication(let publication):
                [
                    publication.title, publication.author, publication.language, publication.format,
                    publication.printingFacility, publication.distributionPlace,
                ]
            case .printing(let printing): [printing.facilityName, printing.address] + printing.activities
            }
        return texts.reduce(0) { $0 + $1.utf8.count }
    }
}
