/// A file's header read against the columns an import knows: any order, unknown or repeated
/// names refused, required ones checked. Rows are then read by column name.
public struct CSVHeader: Sendable {
    public struct Problem: Error, Sendable, Hashable {
        public var line: Int
        public var field: String
        public var reason: String

        public init(line: Int, field: String, reason: String) {
            self.line = line
            self.field = field
            self.reason = reason
        }
    }

    let index: [String: Int]

    public init(_ record: CSVReader.Record, known: [String], required: [String]) throws(Problem) {
        var index: [String: Int] = [:]
        for (position, raw) in record.fields.enumerated() {
            let name = raw.trimmingSpaces().lowercased()
            guard known.contains(name) else {
                throw Problem(
                    line: record.line, field: name,
                    reason: "unknown column; the columns are \(known.joined(separator: ","))")
            }
            guard index.updateValue(position, forKey: name) == nil else {
                throw Problem(line: record.line, field: name, reason: "the column appears twice")
            }
        }
        for name in required where index[name] == nil {
            throw Problem(line: record.line, field: name, reason: "the header has no \(name) column")
        }
        self.index = index
    }

    /// A row's fields by column name.
    public func row(_ record: CSVReader.Record) -> CSVRow { CSVRow(record: record, index: index) }
}

/// One data row, read by column name; each reader names the column in its error.
public struct CSVRow: Sendable {
    public let record: CSVReader.Record
    let index: [String: Int]

    public var line: Int { record.line }

    /// The field without surrounding spaces; empty when the column is absent.
    public func text(_ column: String) -> String {
        guard let position = index[column], position < record.fields.count else { return "" }
        return CSVRow.unneutralised(record.fields[position]).trimmingSpaces()
    }

    /// Undoes ``CSVWriter``'s protection of a formula-like cell ("'=SUM(A1)" reads as "=SUM(A1)").
    static func unneutralised(_ field: String) -> String {
        let bytes = field.utf8
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "'"),
            CSVWriter.formulaStarts.contains(bytes[bytes.index(after: bytes.startIndex)])
        else { return field }
        return String(field.dropFirst())
    }

    public func required(_ column: String) throws(CSVHeader.Problem) -> String {
        let value = text(column)
        guard !value.isEmpty else { throw CSVHeader.Problem(line: line, field: column, reason: "required") }
        return value
    }

    /// A number with "." or "," as the decimal mark; `empty` when the field is empty.
    public func double(_ column: String, empty: Double? = nil) throws(CSVHeader.Problem) -> Double {
        let value = text(column).replacingOccurrences(",", ".")
        if value.isEmpty, let empty { return empty }
        guard let number = Double(value), number.isFinite else {
            throw CSVHeader.Problem(line: line, field: column, reason: "'\(text(column))' is not a number")
        }
        return number
    }

    public func integer(_ column: String, empty: Int? = nil) throws(CSVHeader.Problem) -> Int {
        let value = text(column)
        if value.isEmpty, let empty { return empty }
        guard let number = Int(value) else {
            throw CSVHeader.Problem(line: line, field: column, reason: "'\(value)' is not a whole number")
        }
        return number
    }

    /// yes/no, true/false, 1/0, có/không; `empty` when the field is empty.
    public func flag(_ column: String, empty: Bool = false) throws(CSVHeader.Problem) -> Bool {
        switch text(column).lowercased() {
        case "": return empty
        case "yes", "true", "1", "có", "x": return true
        case "no", "false", "0", "không": return false
        case let other: throw CSVHeader.Problem(line: line, field: column, reason: "'\(other)' is not yes or no")
        }
    }

    /// A list separated by ";", empty items dropped.
    public func list(_ column: String) -> [String] {
        text(column).splitAtEvery(";").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs; most fields have none, so most pay nothing.
    func trimmingSpaces() -> String {
        guard first?.isWhitespace == true || last?.isWhitespace == true else { return self }
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }

    func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
