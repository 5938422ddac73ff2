import Testing

@testable import ServiceStorage

struct SQLiteHandleDatabaseTests {
    /// A commit's cost is its fsync, not SQLite's steps: however quick it was, it never runs on an
    /// event loop; the statements of a write before it may.
    @Test func whatWaitsForTheDiskIsToldFromWhatDoesNot() {
        for sql in ["COMMIT", "END", "PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode = WAL", "VACUUM INTO ?1"] {
            #expect(SQLiteHandleDatabase.waitsForTheDisk(sql), "\(sql)")
        }
        for sql in [
            "BEGIN IMMEDIATE", "SAVEPOINT write", "RELEASE write", "ROLLBACK TO write",
            "INSERT INTO audit_log VALUES (?1)",
            "SELECT 1", "UPDATE licences SET status = ?1", "", "EN",
        ] {
            #expect(!SQLiteHandleDatabase.waitsForTheDisk(sql), "\(sql)")
        }
    }
}
