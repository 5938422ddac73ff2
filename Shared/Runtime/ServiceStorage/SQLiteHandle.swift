import CSQLiteConfig
import SQLiteNIO
// SQLiteNIO's own build of SQLite (its symbols carry a `sqlite_nio_` prefix). Every connection to
// a file must use one copy of the library: two copies keep separate POSIX lock tables, and closing
// a file in one drops the locks the other holds, which can corrupt the database.
import VaporCSQLite

/// One SQLite connection handle with its statements prepared once and kept: parsing a statement
/// cost as much as running it for a read by key. Used by one task at a time (whoever holds it owns
/// it: ``SQLiteReaders`` hands each reader out to one read, the writer is used under the database's
/// write lock), so it needs no lock of its own.
final class SQLiteHandle: @unchecked Sendable {
    private struct Statement {
        let pointer: OpaquePointer
        let columns: SQLiteResultRow.Columns
        /// Every run so far took at most ``SQLiteHandle/quickSteps``: it may run on the caller's thread.
        var quick = false
        /// A run took more: it stays on the thread pool (for as long as it is cached), so a caller
        /// cannot make an event loop run it slowly by varying its parameters.
        var slow = false
    }

    /// How many virtual-machine steps a statement may take and still count as quick: reading a
    /// licence by its key takes a few hundred; this is well under a millisecond of work.
    static let quickSteps: Int32 = 20_000
    /// Distinct statements kept per connection; lists with a variable number of parameters make new
    /// texts, so the cache is bounded (and simply emptied when full).
    static let cacheLimit = 128
    /// The memory the kept statements of one connection may hold, by SQLite's own count: emptied
    /// when a new one would pass it. A read by key's statement holds 2-10 KiB, a search's up to 50.
    static let cacheBytes: Int32 = 1 << 20
    /// A statement that holds more is not kept: such are an import's inserts of hundreds of rows at
    /// once (up to 185 KiB each, in as many texts as batch sizes), whose parse is a small part of
    /// their work, and which used to stay for the process's life after the import (2.9 MB of them
    /// after 100,000 licences).
    static let keptStatementBytes: Int32 = 64 << 10
    static let busyTimeoutMilliseconds: Int32 = 5_000

    private var raw: OpaquePointer?
    private var statements: [String: Statement] = [:]
    private var keptBytes: Int32 = 0

    private init(_ raw: OpaquePointer) { self.raw = raw }

    /// What a savepoint's journal (the pages a write changes, as they were) may hold in memory
    /// before SQLite moves it to a temporary file. A write of the group commit is a savepoint of
    /// ~80 KB; under SQLite's 64 KiB default it would go to a file, and with `temp_store = MEMORY`
    /// it went into 1 KiB blocks instead (~77 allocations a write, ~5% of its CPU).
    /// Under 128 KiB: the journal moves to its file in one write per block, and SQLite's unix layer
    /// writes at most 128 KiB - 1 in a call (a larger block was cut short and taken for a full disk).
    static let statementJournalSpillBytes: Int32 = 127 << 10
    /// Whether the process's SQLite took ``statementJournalSpillBytes``: it must be set before the
    /// first connection opens, so the first ``open(path:create:)`` or `Database.openConnection`
    /// sets it. False only if a connection opened another way first; journals then spill to a file
    /// sooner, which is slower, not wrong.
    static let statementJournalConfigured: Bool =
        dic_sqlite3_set_statement_journal_spill(statementJournalSpillBytes) == SQLITE_OK

    /// Opens the database file at `path`, creating it if `create` (the writing connection does).
    static func open(path: String, create: Bool = false) throws(SQLiteFailure) -> SQLiteHandle {
        _ = statementJournalConfigured
        var raw: OpaquePointer?
        let flags =
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE | (create ? SQLITE_OPEN_CREATE : 0)
        // `unix-excl`: the process takes the file for itself at the first lock and keeps the WAL's
        // index in its own memory, so its connections lock among themselves without a system call
        // (1.7 `fcntl` calls a read before: 3% of a read by key). The database is the process's alone
        // while open, as its `.lock` file says already; another process reads a backup.
        let code = sqlite_nio_sqlite3_open_v2(path, &raw, flags, "unix-excl")
        guard code == SQLITE_OK, let raw else {
            let failure = SQLiteFailure(code: code, message: raw.map(Self.message) ?? "cannot open \(path)")
            sqlite_nio_sqlite3_close_v2(raw)
            throw failure
        }
        sqlite_nio_sqlite3_busy_timeout(raw, busyTimeoutMilliseconds)
        // Plans that do not depend on the values bound. Otherwise a partial index (organisations'
        // tax code) let the planner ask for a new plan whenever another value was bound, and every
        // kept statement was parsed again on every call (measured: searches and statistics, whose
        // plans could use the values, were no slower).
        guard dic_sqlite3_set_qpsg(raw, 1) == SQLITE_OK else {
            let failure = SQLiteFailure(code: SQLITE_ERROR, message: "cannot fix query plans: \(Self.message(raw))")
            sqlite_nio_sqlite3_close_v2(raw)
            throw failure
        }
        return SQLiteHandle(raw)
    }

    /// Runs statements that return nothing (pragmas).
    func execute(_ sql: String) throws(SQLiteFailure) {
        let code = sqlite_nio_sqlite3_exec(raw, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Rows inserted, changed or deleted on this connection since it opened (SQLite's own count,
    /// read without a statement).
    var totalChanges: Int { Int(sqlite_nio_sqlite3_total_changes64(raw)) }

    /// Runs `sql` now if it ran here before and every run was quick, without waiting for a lock;
    /// nil (nothing done) when it is not known to be quick or met a lock. The kept statement is
    /// looked up once: its text is hashed once per run, not three times.
    func rowsIfQuick(_ sql: String, _ binds: [SQLiteData]) throws(SQLiteFailure) -> [SQLiteResultRow]? {
        guard let statement = statements[sql], statement.quick, !statement.slow else { return nil }
        guard let rows = try run(statement, binds, withoutWaiting: true) else { return nil }
        noteSteps(of: statement, sql)
        return rows
    }

    /// Runs `sql` with `binds` and returns its rows. With `withoutWaiting`, gives up (returning nil,
    /// nothing done) rather than wait for a lock: only for statements that change nothing, which
    /// can simply be run again where waiting does no harm.
    func rows(_ sql: String, _ binds: [SQLiteData], withoutWaiting: Bool) throws(SQLiteFailure) -> [SQLiteResultRow]? {
        let (statement, kept) = try prepared(sql)
        defer { if !kept { sqlite_nio_sqlite3_finalize(statement.pointer) } }
        guard let rows = try run(statement, binds, withoutWaiting: withoutWaiting) else { return nil }
        if kept { noteSteps(of: statement, sql) }
        return rows
    }

    /// Records whether the run just made was quick; the kept statement changes only when that
    /// changes what is known of it.
    private func noteSteps(of statement: Statement, _ sql: String) {
        let steps = sqlite_nio_sqlite3_stmt_status(statement.pointer, Int32(SQLITE_STMTSTATUS_VM_STEP), 1)
        if steps > Self.quickSteps {
            if !statement.slow { statements[sql]?.slow = true }
        } else if !statement.quick {
            statements[sql]?.quick = true
        }
    }

    private func run(
        _ statement: Statement, _ binds: [SQLiteData], withoutWaiting: Bool
    ) throws(SQLiteFailure)
        -> [SQLiteResultRow]?
    {
        let pointer = statement.pointer
        defer {
            sqlite_nio_sqlite3_reset(pointer)  // ends its read snapshot, so checkpoints are not held back
            sqlite_nio_sqlite3_clear_bindings(pointer)
        }
        for (index, value) in binds.enumerated() {
            try bind(value, at: Int32(index + 1), to: pointer)
        }
        if withoutWaiting { sqlite_nio_sqlite3_busy_timeout(raw, 0) }
        defer { if withoutWaiting { sqlite_nio_sqlite3_busy_timeout(raw, Self.busyTimeoutMilliseconds) } }
        var rows: [SQLiteResultRow] = []
        while true {
            let code = sqlite_nio_sqlite3_step(pointer)
            if code == SQLITE_ROW {
                rows.append(
                    SQLiteResultRow(columns: statement.columns, values: try values(of: pointer, statement.columns)))
                continue
            }
            if code == SQLITE_DONE { break }
            let primary = code & 0xFF
            if withoutWaiting, primary == SQLITE_BUSY || primary == SQLITE_LOCKED { return nil }
            throw failure(code)
        }
        return rows
    }

    /// How often SQLite had to parse and plan `sql` again since it was kept (a schema change does
    /// that; new bound values must not).
    func reprepares(_ sql: String) -> Int32 {
        guard let statement = statements[sql] else { return 0 }
        return sqlite_nio_sqlite3_stmt_status(statement.pointer, SQLITE_STMTSTATUS_REPREPARE, 0)
    }

    /// Whether `sql` is among the kept statements.
    func keeps(_ sql: String) -> Bool { statements[sql] != nil }

    /// The memory the kept statements hold, by SQLite's count when each was kept.
    var keptStatementBytes: Int { Int(keptBytes) }

    /// Finalizes the kept statements (the next run of each prepares it again): when the cache is
    /// full, and after a one-off task (the migrations) whose statements no call runs again.
    func forgetStatements() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement.pointer) }
        statements = [:]
        keptBytes = 0
    }

    /// Finalizes every statement and closes the connection.
    func close() {
        forgetStatements()
        sqlite_nio_sqlite3_close_v2(raw)
        raw = nil
    }

    /// The kept statement for `sql`, or a new one, kept unless it holds more than
    /// ``keptStatementBytes`` (then the caller finalizes it after its run).
    private func prepared(_ sql: String) throws(SQLiteFailure) -> (Statement, kept: Bool) {
        if let statement = statements[sql] { return (statement, true) }
        var pointer: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(raw, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else { throw failure(code) }
        let count = sqlite_nio_sqlite3_column_count(pointer)
        let names = (0..<count).map { index in
            sqlite_nio_sqlite3_column_name(pointer, index).map { String(cString: $0) } ?? ""
        }
        let statement = Statement(pointer: pointer, columns: SQLiteResultRow.Columns(names))
        let bytes = sqlite_nio_sqlite3_stmt_status(pointer, SQLITE_STMTSTATUS_MEMUSED, 0)
        guard bytes <= Self.keptStatementBytes else { return (statement, false) }
        if statements.count >= Self.cacheLimit || keptBytes > Self.cacheBytes - bytes { forgetStatements() }
        statements[sql] = statement
        keptBytes += bytes
        return (statement, true)
    }

    private func bind(_ value: SQLiteData, at index: Int32, to pointer: OpaquePointer) throws(SQLiteFailure) {
        let code: Int32
        switch value {
        case .integer(let integer): code = sqlite_nio_sqlite3_bind_int64(pointer, index, Int64(integer))
        case .float(let double): code = sqlite_nio_sqlite3_bind_double(pointer, index, double)
        case .null: code = sqlite_nio_sqlite3_bind_null(pointer, index)
        case .text(let text):
            var text = text
            code = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    // A NULL pointer would bind NULL, not the empty text.
                    guard let start = chars.baseAddress else {
                        return sqlite_nio_sqlite3_bind_text64(pointer, index, "", 0, Self.transient, UInt8(SQLITE_UTF8))
                    }
                    return sqlite_nio_sqlite3_bind_text64(
                        pointer, index, start, UInt64(chars.count), Self.transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let buffer):
            code = buffer.withUnsafeReadableBytes { bytes in
                // As with text, a NULL pointer would bind NULL: an empty blob is bound as one.
                guard let start = bytes.baseAddress, !bytes.isEmpty else {
                    return sqlite_nio_sqlite3_bind_zeroblob(pointer, index, 0)
                }
                return sqlite_nio_sqlite3_bind_blob64(pointer, index, start, UInt64(bytes.count), Self.transient)
            }
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    private func values(
        of pointer: OpaquePointer, _ columns: SQLiteResultRow.Columns
    ) throws(SQLiteFailure) -> [SQLiteData] {
        var values: [SQLiteData] = []
        values.reserveCapacity(columns.names.count)
        for index in 0..<Int32(columns.names.count) {
            switch sqlite_nio_sqlite3_column_type(pointer, index) {
            case SQLITE_INTEGER: values.append(.integer(Int(sqlite_nio_sqlite3_column_int64(pointer, index))))
            case SQLITE_FLOAT: values.append(.float(sqlite_nio_sqlite3_column_double(pointer, index)))
            case SQLITE_TEXT:
                let text = sqlite_nio_sqlite3_column_text(pointer, index)
                let count = Int(sqlite_nio_sqlite3_column_bytes(pointer, index))
                values.append(
                    .text(
                        text.map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""
                    ))
            case SQLITE_BLOB:
                let blob = sqlite_nio_sqlite3_column_blob(pointer, index)
                let count = Int(sqlite_nio_sqlite3_column_bytes(pointer, index))
                var buffer = ByteBuffer()
                if let blob { buffer.writeBytes(UnsafeRawBufferPointer(start: blob, count: count)) }
                values.append(.blob(buffer))
            default: values.append(.null)
            }
        }
        return values
    }

    private func failure(_ code: Int32) -> SQLiteFailure {
        SQLiteFailure(code: code, message: raw.map(Self.message) ?? "the connection is closed")
    }

    private static func message(_ raw: OpaquePointer) -> String {
        sqlite_nio_sqlite3_errmsg(raw).map { String(cString: $0) } ?? "unknown error"
    }

    /// SQLite copies what is bound (the Swift string's storage is only lent for the call).
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
