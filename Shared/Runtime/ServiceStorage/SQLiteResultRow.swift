import SQLKit
import SQLiteKit

/// A row read through a ``SQLiteHandle``, decoded as SQLiteKit decodes its own rows.
struct SQLiteResultRow: SQLRow {
    /// A statement's column names, shared by all its rows.
    final class Columns: Sendable {
        let names: [String]
        init(_ names: [String]) { self.names = names }
    }

    let columns: Columns
    let values: [SQLiteData]

    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }

    func contains(column: String) -> Bool { columns.names.contains(column) }

    func decodeNil(column: String) throws -> Bool {
        guard let index = columns.names.firstIndex(of: column) else { return true }
        return values[index] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = columns.names.firstIndex(of: column) else {
            throw DecodingError.keyNotFound(
                SQLiteColumnKey(column), .init(codingPath: [], debugDescription: "no column \(column) in this row"))
        }
        let value = values[index]
        // The columns a store reads most, as they are stored, without the decoder's dynamic casts
        // (a dozen per row read): each gives exactly what SQLiteDataDecoder gives. D is then the
        // type compared, so the casts are the identity.
        switch value {
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(String?.some(text), to: D.self) }
        case .integer(let integer):
            if D.self == Int.self { return unsafeBitCast(integer, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.some(integer), to: D.self) }
            if D.self == Int64.self { return unsafeBitCast(Int64(integer), to: D.self) }
        case .null:
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.none, to: D.self) }
        case .float, .blob: break
        }
        return try Self.decoder.decode(D.self, from: value)
    }
}

/// A column name as a coding key, for the error of a missing column.
private struct SQLiteColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
