import SQLKit

/// An INSERT of rows into a table whose name and columns are the code's own: `StaticString`, so a
/// caller's text can never become one. Written as they stand, where SQLKit's builder quotes and
/// escapes every name of every statement through the standard library's generic `replacing` (15%
/// of a licence write's CPU). Values are bound, as in any SQLKit query; the same text runs on
/// SQLite and PostgreSQL (the names are lowercase and need no quotes on either).
public struct PlainInsert: SQLExpression {
    public let table: StaticString
    public let columns: [StaticString]
    /// Each row's values, bound in order: values, never SQL, so the statement's text is the same
    /// for any values and can be written without SQLKit's serializer (`sqliteStatement()`).
    public private(set) var rows: [[any Encodable & Sendable]] = []

    public init(into table: StaticString, columns: [StaticString]) {
        self.table = table
        self.columns = columns
    }

    /// Adds a row of values, one per column.
    public mutating func values(_ values: [any Encodable & Sendable]) {
        precondition(values.count == columns.count, "a row of \(values.count) values for \(columns.count) columns")
        rows.append(values)
    }

    public func serialize(to serializer: inout SQLSerializer) {
        serializer.write("INSERT INTO \(table) (")
        for (index, column) in columns.enumerated() {
            if index > 0 { serializer.write(", ") }
            serializer.write("\(column)")
        }
        serializer.write(") VALUES ")
        for (rowIndex, row) in rows.enumerated() {
            serializer.write(rowIndex == 0 ? "(" : ", (")
            for (index, value) in row.enumerated() {
                if index > 0 { serializer.write(", ") }
                serializer.write(bind: value)
            }
            serializer.write(")")
        }
    }

    /// Runs it; nothing is done for no rows.
    public func run(on database: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        try await database.execute(sql: self) { _ in }
    }
}
