import AdminUnits
import CSV
import CalendarDates
import Foundation

/// The CSV register format: one row per licence event, a licence's rows together and oldest
/// first, columns named by the header. Content columns not used by a licence's type stay empty;
/// lists are separated by ";". An export reads back as an import of the same register.
public enum LicenceRegister {
    public static let columns = [
        "kind", "number", "action", "effective_on", "valid_until", "decision_number", "reason", "requested_on",
        // An exchange's new document number; "number" stays the one the licence was issued under.
        "new_number",
        "holder_id", "holder_name", "holder_tax_code", "holder_address", "holder_unit_code",
        // Website.
        "domains", "sections", "news_sources", "responsible_person", "server_location", "server_in_vietnam",
        // Newsletter.
        "name", "purpose", "audience", "distribution_scope", "language", "periodicity", "width_cm", "height_cm",
        "pages", "print_run", "printing_place",
        // Publication.
        "title", "author", "format", "printing_facility", "distribution_place",
        // Printing.
        "facility_name", "address", "activities",
    ]

    /// Who holds the licence, as a register row names them: an id, or the details to find or
    /// create the organisation (by tax code, else by name).
    public struct Holder: Sendable, Hashable {
        public var id: String
        public var organisation: Organisation

        public init(id: String, organisation: Organisation) {
            self.id = id
            self.organisation = organisation
        }
    }

    /// One row, read: the event, and the holder and content its columns give.
    public struct Row: Sendable {
        public var line: Int
        public var kind: LicenceKind
        public var number: String
        public var change: LicenceChange
        public var validUntil: CalendarDate?
        public var holder: Holder
    }

    /// A field of a row and why it is wrong.
    public struct Problem: Error, Sendable, Hashable {
        public var line: Int
        public var field: String
        public var reason: String

        package init(line: Int, field: String, reason: String) {
            self.line = line
            self.field = field
            self.reason = reason
        }
    }

    /// Snake-case names in files; the enum's own names are accepted too.
    static func name(_ kind: LicenceKind) -> String { kindNames[kind] ?? kind.rawValue }
    static func name(_ action: LicenceAction) -> String { actionNames[action] ?? action.rawValue }

    // Made once: every row of a large register names a kind and an action.
    static let kindNames = Dictionary(uniqueKeysWithValues: LicenceKind.allCases.map { ($0, snakeCase($0.rawValue)) })
    static let actionNames = Dictionary(
        uniqueKeysWithValues: LicenceAction.allCases.map { ($0, snakeCase($0.rawValue)) })

    static func snakeCase(_ text: String) -> String {
        var result = ""
        for character in text {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Checks the header: every name known, none twice.
    public static func columnIndex(_ header: CSVReader.Record) throws(Problem) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            guard columns.contains(name) else {
                throw Problem(
                    line: header.line, field: name,
                    reason: "unknown column; the columns are \(columns.joined(separator: ","))")
            }
            guard index.updateValue(position, forKey: name) == nil else {
                throw Problem(line: header.line, field: name, reason: "the column appears twice")
            }
        }
        for required in ["kind", "number", "action", "effective_on"] where index[required] == nil {
            throw Problem(line: header.line, field: required, reason: "the header has no \(required) column")
        }
        return index
    }

    /// Reads one data row; the error names the column.
    public static func row(_ record: CSVReader.Record, columns index: [String: Int]) throws(Problem) -> Row {
        let line = record.line
        func text(_ column: String) -> String {
            guard let position = index[column], position < record.fields.count else { return "" }
            let field = record.fields[position]
            // Most fields have no surrounding spaces; trimming only those that do keeps large imports quick.
            guard field.first?.isWhitespace == true || field.last?.isWhitespace == true else { return field }
            return field.trimmingCharacters(in: .whitespaces)
        }
        func list(_ column: String) -> [String] {
            text(column).splitAtEvery(";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        func date(_ column: String) throws(Problem) -> CalendarDate? {
            let value = text(column)
            guard !value.isEmpty else { return nil }
            guard let date = CalendarDate(iso: value) else {
                throw Problem(line: line, field: column, reason: "'\(value)' is not a date (YYYY-MM-DD)")
            }
            return date
        }
        func integer(_ column: String) throws(Problem) -> Int {
            let value = text(column)
            guard !value.isEmpty else { return 0 }
            guard let number = Int(value) else {
                throw Problem(line: line, field: column, reason: "'\(value)' is not a whole number")
            }
            return number
        }
        func decimal(_ column: String) throws(Problem) -> Double {
            let value = text(column).replacingOccurrences(of: ",", with: ".")
            guard !value.isEmpty else { return 0 }
            guard let number = Double(value), number.isFinite else {
                throw Problem(line: line, field: column, reason: "'\(value)' is not a number")
            }
            return number
        }
        func flag(_ column: String) throws(Problem) -> Bool {
            switch text(column).lowercased() {
            case "", "false", "no", "0", "không": return false
            case "true", "yes", "1", "có": return true
            case let other: throw Problem(line: line, field: column, reason: "'\(other)' is not yes or no")
            }
        }

        let kindText = text("kind")
        guard let kind = LicenceKind.allCases.first(where: { name($0) == kindText || $0.rawValue == kindText }) else {
            throw Problem(
                line: line, field: "kind",
                reason: "'\(kindText)' is not one of \(LicenceKind.allCases.map(name).joined(separator: ", "))")
        }
        let actionText = text("action")
        guard let action = LicenceAction.allCases.first(where: { name($0) == actionText || $0.rawValue == actionText })
        else {
            throw Problem(
                line: line, field: "action",
                reason: "'\(actionText)' is not one of \(LicenceAction.allCases.map(name).joined(separator: ", "))")
        }
        guard let effectiveOn = try date("effective_on") else {
            throw Problem(line: line, field: "effective_on", reason: "required")
        }
        var content: LicenceContent?
        if action == .issue || action.changesContent {
            switch kind {
            case .website:
                content = .website(
                    .init(
                        domains: list("domains"), sections: list("sections"), newsSources: list("news_sources"),
                        responsiblePerson: text("responsible_person"), serverLocation: text("server_location"),
                        serverInVietnam: try flag("server_in_vietnam")))
            case .newsletter:
                content = .newsletter(
                    .init(
                        name: text("name"), purpose: text("purpose"), audience: text("audience"),
                        distributionScope: text("distribution_scope"), language: text("language"),
                        periodicity: text("periodicity"), widthCM: try decimal("width_cm"),
                        heightCM: try decimal("height_cm"), pages: try integer("pages"),
                        printRun: try integer("print_run"), printingPlace: text("printing_place"),
                        responsiblePerson: text("responsible_person")))
            case .nonCommercialPublication:
                content = .publication(
                    .init(
                        title: text("title"), author: text("author"), language: text("language"),
                        format: text("format"), pages: try integer("pages"), printRun: try integer("print_run"),
                        printingFacility: text("printing_facility"), distributionPlace: text("distribution_place")))
            case .printingPress, .printingPublications, .printFacilityRegistration:
                content = .printing(
                    .init(facilityName: text("facility_name"), address: text("address"), activities: list("activities"))
                )
            }
        }
        let validUntil = try date("valid_until")
        let change = LicenceChange(
            action, on: effectiveOn, decision: text("decision_number"), reason: text("reason"),
            content: action == .issue ? nil : content, newValidUntil: action == .extend ? validUntil : nil,
            requestedOn: try date("requested_on"), newNumber: text("new_number").isEmpty ? nil : text("new_number"))
        let holder = Holder(
            id: text("holder_id"),
            organisation: Organisation(
                name: text("holder_name"), taxCode: text("holder_tax_code"), address: text("holder_address"),
                unitCode: text("holder_unit_code")))
        var row = Row(
            line: line, kind: kind, number: text("number"), change: change, validUntil: validUntil, holder: holder)
        if action == .issue { row.change.content = content }
        return row
    }

    /// The rows of one licence, oldest event first, in `columns` order.
    public static func rows(of licence: Licence, holder: Holder) -> [[String]] {
        licence.versions.map { version in
            var fields: [String: String] = [
                "kind": name(licence.kind), "number": licence.issuedNumber, "action": name(version.action),
                "effective_on": version.effectiveOn.description, "valid_until": version.validUntil?.description ?? "",
                "decision_number": version.decisionNumber, "reason": version.reason,
                "holder_id": holder.id, "holder_name": holder.organisation.name,
                "holder_tax_code": holder.organisation.taxCode, "holder_address": holder.organisation.address,
                "holder_unit_code": holder.organisation.unitCode,
            ]
            fields["requested_on"] = version.requestedOn?.description ?? ""
            if version.action != .issue { fields["new_number"] = version.licenceNumber ?? "" }
            switch version.content {
            case .website(let w):
                fields["domains"] = w.domains.joined(separator: ";")
                fields["sections"] = w.sections.joined(separator: ";")
                fields["news_sources"] = w.newsSources.joined(separator: ";")
                fields["responsible_person"] = w.responsiblePerson
                fields["server_location"] = w.serverLocation
                fields["server_in_vietnam"] = w.serverInVietnam ? "yes" : "no"
            case .newsletter(let n):
                fields["name"] = n.name
                fields["purpose"] = n.purpose
                fields["audience"] = n.audience
                fields["distribution_scope"] = n.distributionScope
                fields["language"] = n.language
                fields["periodicity"] = n.periodicity
                fields["width_cm"] = "\(n.widthCM)"
                fields["height_cm"] = "\(n.heightCM)"
                fields["pages"] = "\(n.pages)"
                fields["print_run"] = "\(n.printRun)"
                fields["printing_place"] = n.printingPlace
                fields["responsible_person"] = n.responsiblePerson
            case .publication(let p):
                fields["title"] = p.title
                fields["author"] = p.author
                fields["language"] = p.language
                fields["format"] = p.format
                fields["pages"] = "\(p.pages)"
                fields["print_run"] = "\(p.printRun)"
                fields["printing_facility"] = p.printingFacility
                fields["distribution_place"] = p.distributionPlace
            case .printing(let p):
                fields["facility_name"] = p.facilityName
                fields["address"] = p.address
                fields["activities"] = p.activities.joined(separator: ";")
            }
            return columns.map { fields[$0] ?? "" }
        }
    }
}
