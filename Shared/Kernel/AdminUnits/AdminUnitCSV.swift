import CalendarDates
import CommonAPI

/// The administrative-unit import format: a header line, then one unit per line
/// (`code,official_code,name,level,parent_code,valid_from,valid_to,placeholder,source`, optionally
/// followed by `kind,population`) or one lineage link (`lineage,old_code,new_code,effective_date`).
/// Fields may be quoted (RFC 4180).
public enum AdminUnitCSV {
    public static let header = "code,official_code,name,level,parent_code,valid_from,valid_to,placeholder,source"
    /// The header with the two optional columns: the unit's kind (empty: read from its name) and
    /// its population (empty: unknown).
    public static let fullHeader = header + ",kind,population"

    public struct RowError: Hashable, Sendable, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Every wrong row of an import.
    public struct RowErrors: Error, Sendable {
        public let rows: [RowError]
    }

    /// Why one field or row is wrong.
    struct Reason: Error, ExpressibleByStringInterpolation {
        let text: String
        init(stringLiteral value: String) { text = value }
        init(stringInterpolation: DefaultStringInterpolation) {
            text = String(stringInterpolation: stringInterpolation)
        }
    }

    public struct Parsed: Sendable {
        public var units: [AdminUnitRecord] = []
        public var lineage: [LineageRecord] = []
    }

    static let levels: [String: AdminLevel] = [
        "province": .province, "district": .district, "commune": .commune, "village": .village,
    ]

    /// Every row checked against the file itself and the units already known; all the errors, or
    /// the parsed rows.
    public static func parse(_ text: String, known: AdminUnitRegistry) -> Result<Parsed, RowErrors> {
        var parsed = Parsed()
        var errors: [RowError] = []
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would leave a CRLF file (as
        // spreadsheets save it) as a single line.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first, [header, fullHeader].contains(first.trimmingWhitespace()) else {
            return .failure(
                RowErrors(rows: [RowError(line: 1, reason: "the first line must be the header: \(fullHeader)")]))
        }
        let columns = first.trimmingWhitespace() == fullHeader ? 11 : 9
        var inFile: [String: AdminUnitRecord] = [:]
        var lineOf: [String: Int] = [:]
        var pendingLinks: [(Int, [String])] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingWhitespace().isEmpty {
            let number = offset + 1
            let fields: [String]
            switch split(line) {
            case .success(let values): fields = values
            case .failure(let reason):
                errors.append(RowError(line: number, reason: reason.text))
                continue
            }
            if fields.first == "lineage" {
                pendingLinks.append((number, fields))
                continue
            }
            switch unit(fields, columns: columns) {
            case .success(let unit):
                if inFile[unit.code] != nil {
                    errors.append(RowError(line: number, reason: "code '\(unit.code)' appears twice in the file"))
                } else {
                    inFile[unit.code] = unit
                    lineOf[unit.code] = number
                    parsed.units.append(unit)
                }
            case .failure(let reason):
                errors.append(RowError(line: number, reason: reason.text))
            }
        }
        // Parents and lineage may refer to rows anywhere in the file, so they are checked last.
        func find(_ code: String) -> AdminUnitRecord? { inFile[code] ?? known.unit(code) }
        for unit in parsed.units {
            // Remembered while reading: searching the lines again for each unit was quadratic.
            let number = lineOf[unit.code] ?? 0
            if unit.level == .province {
                if unit.parentCode != nil {
                    errors.append(RowError(line: number, reason: "parent_code: a province has no parent"))
                }
                continue
            }
            guard let parentCode = unit.parentCode else {
                errors.append(RowError(line: number, reason: "parent_code: required below province level"))
                continue
            }
            guard let parent = find(parentCode) else {
                errors.append(RowError(line: number, reason: "parent_code: no unit '\(parentCode)'"))
                continue
            }
            if parent.level.rawValue >= unit.level.rawValue {
                errors.append(
                    RowError(line: number, reason: "parent_code: '\(parentCode)' is not above a \(unit.level)"))
            }
        }
        for (number, fields) in pendingLinks {
            guard fields.count == 4 else {
                errors.append(
                    RowError(
                        line: number, reason: "a lineage row has 4 fields: lineage,old_code,new_code,effective_date"))
                continue
            }
            guard find(fields[1]) != nil else {
                errors.append(RowError(line: number, reason: "old_code: no unit '\(fields[1])'"))
                continue
            }
            guard find(fields[2]) != nil else {
                errors.append(RowError(line: number, reason: "new_code: no unit '\(fields[2])'"))
                continue
            }
            guard let date = CalendarDate(iso: fields[3]) else {
                errors.append(RowError(line: number, reason: "effective_date: '\(fields[3])' is not a YYYY-MM-DD date"))
                continue
            }
            parsed.lineage.append(LineageRecord(oldCode: fields[1], newCode: fields[2], effective: date))
        }
        return errors.isEmpty ? .success(parsed) : .failure(RowErrors(rows: errors.sorted { $0.line < $1.line }))
    }

    static func unit(_ fields: [String], columns: Int = 9) -> Result<AdminUnitRecord, Reason> {
        guard fields.count == columns else { return .failure("expected \(columns) fields, found \(fields.count)") }
        let code = fields[0].trimmingWhitespace()
        guard !code.isEmpty, code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
            return .failure("code: '\(fields[0])' must be letters, digits, '.' or '-'")
        }
        let name = fields[2].trimmingWhitespace()
        guard !name.isEmpty else { return .failure("name: required") }
        guard let level = levels[fields[3].trimmingWhitespace().lowercased()] else {
            return .failure("level: '\(fields[3])' is not province, district, commune or village")
        }
        guard let from = CalendarDate(iso: fields[5].trimmingWhitespace()) else {
            return .failure("valid_from: '\(fields[5])' is not a YYYY-MM-DD date")
        }
        var to: CalendarDate?
        if !fields[6].trimmingWhitespace().isEmpty {
            guard let end = CalendarDate(iso: fields[6].trimmingWhitespace()) else {
                return .failure("valid_to: '\(fields[6])' is not a YYYY-MM-DD date")
            }
            guard end > from else { return .failure("valid_to: must be after valid_from") }
            to = end
        }
        let placeholder: Bool
        switch fields[7].trimmingWhitespace().lowercased() {
        case "", "false", "0", "no": placeholder = false
        case "true", "1", "yes": placeholder = true
        default: return .failure("placeholder: '\(fields[7])' is not true or false")
        }
        var kind: AdminUnitKind?
        var population: Int?
        if columns == 11 {
            let kindText = fields[9].trimmingWhitespace()
            if !kindText.isEmpty {
                guard let known = AdminUnitKind(rawValue: kindText) else {
                    let kinds = AdminUnitKind.allCases.map(\.rawValue).joined(separator: ", ")
                    return .failure("kind: '\(kindText)' is not one of \(kinds)")
                }
                kind = known
            }
            let populationText = fields[10].trimmingWhitespace()
            if !populationText.isEmpty {
                guard let count = Int(populationText), (0...200_000_000).contains(count) else {
                    return .failure("population: '\(populationText)' is not a number of people")
                }
                population = count
            }
        }
        let parent = fields[4].trimmingWhitespace()
        return .success(
            AdminUnitRecord(
                code: code, officialCode: fields[1].trimmingWhitespace(), name: name, level: level,
                parentCode: parent.isEmpty ? nil : parent, validFrom: from, validTo: to, placeholder: placeholder,
                source: fields[8].trimmingWhitespace(), kind: kind, population: population))
    }

    /// Splits one CSV line, honouring quotes (`""` inside quotes is a quote). Read by Unicode
    /// scalars: as Swift characters, a comma or quote followed by a combining mark is one
    /// character, and the field that mark starts would run into the one before it.
    static func split(_ line: String) -> Result<[String], Reason> {
        var fields: [String] = []
        var current = String.UnicodeScalarView()
        var quoted = false
        let scalars = line.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    let next = scalars.index(after: index)
                    if next < scalars.endIndex && scalars[next] == "\"" {
                        current.append("\"")
                        index = next
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(scalar)
                }
            } else if scalar == "\"" && current.isEmpty {
                quoted = true
            } else if scalar == "," {
                fields.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
            index = scalars.index(after: index)
        }
        guard !quoted else { return .failure("a quoted field is not closed") }
        fields.append(String(current))
        return .success(fields)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
