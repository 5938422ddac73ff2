import Foundation
import SQLKit

/// The one place where SQLite and PostgreSQL are spelled differently. Schemas and migrations are
/// written once, in SQLite's words (frozen: a migration's text never changes once released), and
/// given PostgreSQL's where the two differ: SQLite's INTEGER holds 64 bits (BIGINT), its REAL is a
/// double (DOUBLE PRECISION), BLOB is BYTEA, and INSERT OR IGNORE is INSERT … ON CONFLICT DO
/// NOTHING. Stores use SQLKit's builders (`ignoringConflicts()`) for the latter instead.
public enum StorageDialect {
    public static func isPostgres(_ database: any SQLDatabase) -> Bool {
        database.dialect.name == "postgresql"
    }

    /// `statement` as `database` spells it.
    public static func spelling(_ statement: String, for database: any SQLDatabase) -> String {
        isPostgres(database) ? postgres(statement) : statement
    }

    static let types: [(String, String)] = [
        (#"\bINTEGER PRIMARY KEY AUTOINCREMENT\b"#, "BIGSERIAL PRIMARY KEY"), (#"\bINTEGER\b"#, "BIGINT"),
        (#"\bREAL\b"#, "DOUBLE PRECISION"), (#"\bBLOB\b"#, "BYTEA"),
    ]

    static func postgres(_ statement: String) -> String {
        var text = statement
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.uppercased().hasPrefix("CREATE TABLE") || trimmed.uppercased().hasPrefix("ALTER TABLE") {
            for (pattern, replacement) in types {
                text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
            }
        }
        if let range = text.range(of: "INSERT OR IGNORE INTO", options: [.caseInsensitive]) {
            text.replaceSubrange(range, with: "INSERT INTO")
            text = text.trimmingCharacters(in: .whitespacesAndNewlines) + " ON CONFLICT DO NOTHING"
        }
        return text
    }
}
