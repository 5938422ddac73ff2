import CoreMetrics
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// A service's own database, used through SQLKit so that the same queries run on SQLite (the
/// embedded default) and on PostgreSQL (replicas in front of one database; docs/postgresql.md).
///
/// SQLite: one connection, in WAL mode with `synchronous=FULL`: a commit that returned is on disk
/// and survives `kill -9`, a power cut and a restart. Transactions are serialized by a fair async
/// lock. PostgreSQL: a pool of connections; reads run side by side, a replica's writes take turns
/// under the same lock on one of them (sharing commits as SQLite's do), and write transactions take
/// one advisory lock, so writes are serialized across every replica as SQLite serializes them in
/// one process (the audit chain stays one chain, a retried request finds the first one's answer).
public final class Database: Sendable {
    /// SQLite: the file. PostgreSQL: the database's address, without any password.
    public let path: String
    let backend: Backend
    let lock = AsyncLock()
    /// SQLite: held while open, so no restore or second service uses the same file meanwhile.
    let fileLock: DatabaseFileLock?
    /// PostgreSQL: how long a statement may go unanswered before the call gives up on its
    /// connection (``AnsweredSQLDatabase``).
    let unansweredLimit: TimeAmount
    /// PostgreSQL: what the health probe connects with, outside the pool (``isReachable()``).
    let probeConfiguration: PostgresConnection.Configuration?
    /// SQLite: the connections reads use, once the schema is current (until then, reads take the
    /// writing connection's turn).
    let readers = Mutex<SQLiteReaders?>(nil)
    /// The write transaction left open for the writers waiting their turn (group commit).
    let batch = Mutex(WriteBatch())
    /// The write transactions committed since opening (each may carry several writes).
    let commits = Atomic<Int>(0)
    /// The audit chain's last record as the writing transaction sees it, so that an append need
    /// not read it (``AuditLog/append(_:call:entities:outcome:at:head:)``); nil when unknown, and
    /// made so by every rollback and, on PostgreSQL, by every new transaction.
    let auditHead = AuditLog.KeptHead()
    /// `db_operation_duration_seconds` for reads and for writes, made once: asking the metrics
    /// factory for them on every read took its lock and a lookup by name and labels.
    let readTimer = Timer(label: "db_operation_duration_seconds", dimensions: [("kind", "read")])
    let writeTimer = Timer(label: "db_operation_duration_seconds", dimensions: [("kind", "write")])

    // async-kit's group pool guards its state with a lock and hands each connection out on its own
    // event loop, so it is safe to share; it predates Sendable and does not say so.
    enum Backend: @unchecked Sendable {
        case sqlite(SQLiteHandle, any SQLDatabase)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    /// The key of the advisory lock every PostgreSQL write transaction takes ("dicw").
    static let writeLockKey: Int64 = 0x6469_6377
    /// The key of the advisory lock a replica holds while it migrates ("dicm").
    static let migrationLockKey: Int64 = 0x6469_636D

    public var isPostgres: Bool {
        if case .postgres = backend { return true }
        return false
    }

    /// The SQLite connection's SQL; a programming error on PostgreSQL, where work takes a pooled
    /// connection (``read(_:)``, ``write(_:)``).
    var sql: any SQLDatabase {
        guard case .sqlite(_, let sql) = backend else { preconditionFailure("no single connection on PostgreSQL") }
        return sql
    }

    private init(
        path: String, handle: SQLiteHandle, fileLock: DatabaseFileLock, eventLoop: any EventLoop, logger: Logger
    ) {
        self.path = path
        self.backend = .sqlite(handle, SQLiteHandleDatabase(handle: handle, logger: logger, eventLoop: eventLoop))
        self.fileLock = fileLock
        self.unansweredLimit = .seconds(0)
        self.probeConfiguration = nil
    }

    private init(
        address: String, pool: EventLoopGroupConnectionPool<PostgresConnectionSource>, unansweredLimit: TimeAmount,
        probeConfiguration: PostgresConnection.Configuration
    ) {
        self.path = address
        self.backend = .postgres(pool)
        self.fileLock = nil
        self.unansweredLimit = unansweredLimit
        self.probeConfiguration = probeConfiguration
    }

    /// Opens a PostgreSQL database (`configuration` from ``DatabaseAddress``) with a pool of
    /// `poolSize` connections, and applies the migrations it lacks; several replicas starting at
    /// once migrate one after the other (the later ones find nothing to do).
    ///
    /// The connections live on `loops`: give it the server's event loops, and a call's queries run
    /// on a connection of the loop serving the call (NIO's `any()` picks the caller's own loop),
    /// where on loops of their own every query went to another thread and back.
    public static func open(
        postgres configuration: SQLPostgresConfiguration, address: String, poolSize: Int = 8,
        connectTimeout: Duration = .seconds(10), statementTimeout: Duration = .seconds(30), migrations: [Migration],
        loops: MultiThreadedEventLoopGroup = .singleton, logger: Logger
    ) async throws -> Database {
        let loopCount = max(1, Array(loops.makeIterator()).count)
        let pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            // At least two a loop: opening holds one (the migration lock) while migrating takes another,
            // and both may land on the same loop; one would wait out the request timeout.
            maxConnectionsPerEventLoop: max(2, poolSize / loopCount),
            requestTimeout: .milliseconds(max(1, connectTimeout.saturatingMilliseconds)), logger: Self.quiet(logger),
            on: loops)
        // The statement timeout ends a slow statement on the server; this is for one never answered.
        var probe = configuration.coreConfiguration
        probe.options.connectTimeout = .seconds(3)
        let database = Database(
            address: address, pool: pool,
            unansweredLimit: .milliseconds(statementTimeout.saturatingMilliseconds + 5_000), probeConfiguration: probe)
        var lockConfiguration = configuration.coreConfiguration
        lockConfiguration.options.connectTimeout = .milliseconds(max(1, connectTimeout.saturatingMilliseconds))
        do {
            try await withMigrationLock(configuration: lockConfiguration, logger: logger) {
                try await database.configure()
                try await database.migrate(migrations, logger: logger)
            }
        } catch {
            try? await pool.shutdownAsync()
            throw error
        }
        return database
    }

    /// How long a migration's statement may go unanswered: a migration is not a call, and on a
    /// large register it may run far past the statement timeout (which it does not have); this only
    /// ends a start that would otherwise wait for good on a connection that silently died.
    static let migrationUnansweredLimit: TimeAmount = .hours(24)

    /// Runs `body` holding the migration lock, on a connection of its own (outside the pool, so
    /// what it sets stays there, and closing it frees the lock whatever happened). Another
    /// replica's migration may take longer than the statement timeout, so the wait has none; it
    /// is logged, so a start that waits says why.
    static func withMigrationLock(
        configuration: PostgresConnection.Configuration, logger: Logger, _ body: () async throws -> Void
    ) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 0,
                logger: Self.quiet(logger))
        } catch let error as PSQLError {
            throw StorageError(.unavailable, "the database cannot be reached: \(StorageError.postgres(error).detail)")
        } catch {
            // As `withPostgres` says it: the replica's start then names the address it could not reach.
            throw StorageError(.unavailable, "the database cannot be reached: \(error)")
        }
        do {
            let sql = AnsweredSQLDatabase(connection, limit: migrationUnansweredLimit)
            try await sql.raw("SET statement_timeout = 0").run()
            let locked = try await sql.raw(
                "SELECT pg_try_advisory_lock(\(literal: migrationLockKey)) AS locked"
            ).first()?.decode(column: "locked", as: Bool.self)
            if locked != true {
                logger.info("waiting for another replica to finish migrating the schema")
                try await sql.raw("SELECT pg_advisory_lock(\(literal: migrationLockKey))").run()
            }
            try await body()
            try await sql.raw("SELECT pg_advisory_unlock(\(literal: migrationLockKey))").run()
        } catch let error as PSQLError {
            try? await connection.close()
            throw StorageError.postgres(error)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// The pool's own logger: it logs an error for every connection it fails to open, thousands a
    /// second while the database is down. The outage is logged once by the health watch, and each
    /// failed call by the call log, so the pool speaks only of what is critical.
    static func quiet(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = .critical
        return quiet
    }

    /// Runs `body` with a pooled PostgreSQL connection, returned to the pool afterwards.
    func withPostgres<T: Sendable>(
        limit: TimeAmount? = nil, _ body: (PostgresConnection, any SQLDatabase) async throws -> T
    ) async throws -> T {
        guard case .postgres(let pool) = backend else { preconditionFailure("not a PostgreSQL database") }
        let connection: PostgresConnection
        do {
            connection = try await pool.requestConnection().get()
        } catch let error as PSQLError {
            let cause = StorageError.postgres(error)
            throw StorageError(.unavailable, "the database cannot be reached: \(cause.detail)")
        } catch {
            throw StorageError(.unavailable, "the database cannot be reached: \(error)")
        }
        defer { pool.releaseConnection(connection) }
        do {
            return try await body(connection, AnsweredSQLDatabase(connection, limit: limit ?? unansweredLimit))
        } catch let error as PSQLError {
            throw StorageError.postgres(error)
        }
    }

    /// Whether the database answers now. PostgreSQL: a connection of its own, outside the pool, runs
    /// `SELECT 1` within a few seconds; a pool busy with slow calls is not a database that is down,
    /// and a probe queued behind them would report every busy replica NOT_SERVING at once. SQLite
    /// is the process's own file and always answers.
    public func isReachable() async -> Bool {
        guard let probeConfiguration else { return true }
        do {
            let connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: probeConfiguration, id: 0,
                logger: Self.quiet(Logger(label: "dic.database.probe")))
            let answered = try? await AnsweredSQLDatabase(connection, limit: .seconds(5)).raw("SELECT 1 AS one").first()
            // A hard close, so it ends even when the server does not answer.
            try? await connection.close()
            return answered != nil
        } catch {
            return false
        }
    }

    /// Opens (creating if needed) the database at `path` and applies the migrations it lacks.
    /// Refuses a database whose schema is newer than `migrations` know.
    ///
    /// SQLKit asks each connection for an event loop (its futures complete there): give the
    /// server's, so that a service runs no event loops but its own (NIO's shared group is a thread
    /// more per core, started only for this).
    public static func open(
        path: String, migrations: [Migration], loops: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) async throws -> Database {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        guard let fileLock = try await DatabaseFileLock.acquire(databasePath: path, patience: DatabaseFileLock.patience)
        else {
            throw StorageError(
                .cannotOpen, "the database at \(path) is in use by another process (it holds \(path).lock)")
        }
        let handle: SQLiteHandle
        do {
            handle = try await openHandle(path: path, create: true)
        } catch {
            throw StorageError(.cannotOpen, "cannot open the database at \(path): \(error)")
        }
        let database = Database(path: path, handle: handle, fileLock: fileLock, eventLoop: loops.any(), logger: logger)
        do {
            try await database.configure()
            try await database.migrate(migrations, logger: logger)
            // Each migration's statements run once; kept, they would hold their memory for good.
            handle.forgetStatements()
            let readers = try await SQLiteReaders.open(
                path: path, count: min(8, max(2, System.coreCount)), loops: loops, logger: logger)
            database.readers.withLock { $0 = readers }
        } catch {
            await Self.closeHandles([handle])
            // The process takes the file for itself at its first lock (``SQLiteHandle/open``): busy
            // then means another process has it open, an idle `sqlite3` shell included.
            if let failure = error as? SQLiteFailure, failure.isBusy {
                throw StorageError(
                    .cannotOpen,
                    "the database at \(path) is open in another process (a sqlite3 shell?): a service holds "
                        + "its database alone while it runs; close that process, or read a backup instead")
            }
            throw error
        }
        return database
    }

    /// A connection of our own to the file (``SQLiteHandle``), opened on the thread pool.
    static func openHandle(path: String, create: Bool = false) async throws -> SQLiteHandle {
        try await fileLifecycle.withLock {
            try await NIOThreadPool.singleton.runIfActive { try SQLiteHandle.open(path: path, create: create) }
        }
    }

    /// Closes connections under the same ordering as ``openHandle(path:create:)``, also from a
    /// cancelled task (the pool's async path refuses work for one, which would leave them open).
    static func closeHandles(_ handles: [SQLiteHandle]) async {
        await fileLifecycle.withLock {
            await withCheckedContinuation { (closed: CheckedContinuation<Void, Never>) in
                NIOThreadPool.singleton.submit { state in
                    if case .active = state {
                        for handle in handles { handle.close() }
                    }
                    closed.resume()
                }
            }
        }
    }

    /// A plain SQLiteNIO connection to a file, on the shared thread pool (to inspect a backup).
    static func openConnection(path: String, logger: Logger) async throws -> SQLiteConnection {
        _ = SQLiteHandle.statementJournalConfigured  // before SQLite's first connection, whichever it is
        return try await fileLifecycle.withLock {
            try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: .singleton, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton.any())
        }
    }

    /// Opening and closing connections one at a time in the process. SQLite's unix file layer
    /// takes a global mutex and a per-file one in different orders when connections open and
    /// close at once on different threads, which has been reported to hang; a process opens its
    /// database once, but the test suite opens hundreds concurrently, and one run here stalled.
    static let fileLifecycle = AsyncLock()

    /// Closes a connection under the same ordering as ``openConnection(path:logger:)``.
    static func closeConnection(_ connection: SQLiteConnection) async throws {
        try await fileLifecycle.withLock { try await connection.close() }
    }

    /// Pages of WAL after which a commit copies them into the database file (``configure()``).
    static let walCheckpointPages = 8_000

    private func configure() async throws {
        if isPostgres {
            try await write { database in try await Self.createRuntimeTables(database) }
            return
        }
        for pragma in [
            "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
            // Each write of a group commit is a savepoint, whose undo pages SQLite keeps in a
            // sub-journal. With temporary storage in files it is one block of memory up to
            // `SQLiteHandle.statementJournalSpillBytes` (a write needs ~80 KB), and a file only past
            // that (an import's statements); in memory it was 1 KiB blocks, ~77 allocations a
            // write. Losing it loses nothing committed (the WAL holds that).
            "PRAGMA temp_store = FILE",
            // The WAL is copied into the database every 8,000 pages (~32 MB) instead of SQLite's
            // 1,000: a page written by every commit (an index's) is then copied once for eight
            // times as many commits. After a checkpoint the WAL file is cut back to 64 MB if a
            // long transaction grew it past that. Durability is the same: commits are on disk
            // in the WAL.
            "PRAGMA wal_autocheckpoint = \(Self.walCheckpointPages)",
            "PRAGMA journal_size_limit = \(64 << 20)",
        ] {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
        try await Self.createRuntimeTables(sql)
    }

    /// The runtime's own tables; services number their migrations from 1 independently.
    static func createRuntimeTables(_ database: any SQLDatabase) async throws {
        for statement in [
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                namespace TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,
                applied_at_ms INTEGER NOT NULL, PRIMARY KEY (namespace, version))
            """,
            """
            CREATE TABLE IF NOT EXISTS idempotency_keys (
                request_id TEXT PRIMARY KEY, method TEXT NOT NULL, response BLOB NOT NULL,
                created_at_ms INTEGER NOT NULL, request_digest BLOB)
            """,
        ] {
            try await database.raw(SQLQueryString(StorageDialect.spelling(statement, for: database))).run()
        }
        // A database made before requests were kept as digests (``idempotentWrite(requestID:method:_:)``).
        // Looked up first: on PostgreSQL an ALTER locks the table even when it has nothing to do,
        // and the other replicas are writing.
        let column: SQLQueryString =
            StorageDialect.isPostgres(database)
            ? """
            SELECT 1 AS present FROM information_schema.columns WHERE table_schema = current_schema()
                AND table_name = 'idempotency_keys' AND column_name = 'request_digest'
            """
            : "SELECT 1 AS present FROM pragma_table_info('idempotency_keys') WHERE name = 'request_digest'"
        if try await database.raw(column).first() == nil {
            try await database.raw(
                SQLQueryString(
                    StorageDialect.spelling(
                        "ALTER TABLE idempotency_keys ADD COLUMN request_digest BLOB", for: database))
            ).run()
        }
        if !StorageDialect.isPostgres(database) {
            // Rows whose search index entries the commit is to write (``SearchIndex/deferUpdates(on:)``).
            try await database.raw(
                "CREATE TABLE IF NOT EXISTS search_pending (search_index TEXT NOT NULL, id TEXT NOT NULL)"
            ).run()
            // The same, with the key a changed or deleted row had (``SearchIndex/keepOneEntryPerRow(on:)``).
            try await database.raw(
                "CREATE TABLE IF NOT EXISTS search_changes (search_index TEXT NOT NULL, id TEXT NOT NULL, old_key TEXT)"
            ).run()
        }
    }

    /// The highest migration applied in `namespace`.
    public func schemaVersion(namespace: String = "service") async throws -> Int {
        try await read { database in
            try await database.raw(
                "SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations WHERE namespace = \(bind: namespace)"
            ).first()?.decode(column: "version", as: Int.self) ?? 0
        }
    }

    /// The highest migration applied in every namespace.
    public func schemaVersions() async throws -> [String: Int] {
        try await read { database in
            var versions: [String: Int] = [:]
            for row in try await database.raw(
                "SELECT namespace, MAX(version) AS version FROM schema_migrations GROUP BY namespace"
            ).all() {
                versions[try row.decode(column: "namespace", as: String.self)] = try row.decode(
                    column: "version", as: Int.self)
            }
            return versions
        }
    }

    private func migrate(_ migrations: [Migration], logger: Logger) async throws {
        for namespace in Set(migrations.map(\.namespace)).sorted() {
            try await migrate(migrations.filter { $0.namespace == namespace }, namespace: namespace, logger: logger)
        }
        // A namespace the binary does not know at all may still be newer than it.
        let recorded = try await read { database in
            try await database.raw("SELECT DISTINCT namespace FROM schema_migrations").all()
                .map { try $0.decode(column: "namespace", as: String.self) }
        }
        for namespace in recorded where !migrations.contains(where: { $0.namespace == namespace }) {
            try await migrate([], namespace: namespace, logger: logger)
        }
    }

    private func migrate(_ migrations: [Migration], namespace: String, logger: Logger) async throws {
        let ordered = migrations.sorted { $0.version < $1.version }
        guard ordered.map(\.version) == Array(0..<ordered.count).map({ $0 + 1 }) else {
            throw StorageError(
                .migrationFailed(version: 0), "\(namespace) migrations must be numbered 1, 2, 3... without gaps")
        }
        let current = try await schemaVersion(namespace: namespace)
        let known = ordered.last?.version ?? 0
        guard current <= known else {
            throw StorageError(
                .schemaTooNew(database: current, binary: known),
                "the database at \(path) has \(namespace) schema version \(current), newer than this binary's "
                    + "\(known): run the newer binary, or restore a backup made by this version")
        }
        for migration in ordered where migration.version > current {
            do {
                try await migrationWrite { database in
                    try await migration.apply(database)
                    try await database.insert(into: "schema_migrations")
                        .columns("namespace", "version", "name", "applied_at_ms")
                        .values(
                            SQLBind(namespace), SQLBind(migration.version), SQLBind(migration.name),
                            SQLBind(Self.nowMilliseconds())
                        )
                        .run()
                }
                logger.info(
                    "applied migration",
                    metadata: [
                        "namespace": "\(namespace)", "version": "\(migration.version)", "name": "\(migration.name)",
                    ])
            } catch {
                throw StorageError(
                    .migrationFailed(version: migration.version),
                    "migration \(migration.version) (\(migration.name)) failed: \(error)")
            }
        }
    }

    // MARK: Access

    /// Reads outside a transaction (each statement sees a consistent snapshot of what is committed).
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        if isPostgres {
            let start = ContinuousClock.now
            defer { Self.record(readTimer, since: start) }
            return try await withPostgres { _, sql in try await body(sql) }
        }
        if let readers = readers.withLock({ $0 }) {
            return try await readers.withReader { sql in
                let start = ContinuousClock.now
                defer { Self.record(readTimer, since: start) }
                return try await body(sql)
            }
        }
        return try await lock.withLock {
            try await commitBatch()  // what it reads is committed
            let start = ContinuousClock.now
            defer { Self.record(readTimer, since: start) }
            return try await body(sql)
        }
    }

    /// SQLite: runs `body` on the writing connection, outside a transaction, between two writes
    /// (what must not run on a reader, such as `VACUUM INTO`).
    func onWriter<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await lock.withLock {
            try await commitBatch()
            return try await body(sql)
        }
    }

    /// `db_operation_duration_seconds{kind}`: how long reads and write transactions take, once they
    /// hold the connection (waiting for it is not counted, so slow queries stand out).
    static func record(_ timer: CoreMetrics.Timer, since start: ContinuousClock.Instant) {
        timer.recordNanoseconds((ContinuousClock.now - start).saturatingNanoseconds)
    }

    /// Runs `body` in one transaction: all of it is committed, or none of it.
    public func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        if case .postgres(let pool) = backend { return try await postgresWrite(pool, body) }
        return try await sqliteWrite(body)
    }

    /// A migration's transaction. PostgreSQL: without the statement timeout (for this transaction
    /// only), since a migration of a large register may run longer than any call should.
    private func migrationWrite(_ body: (any SQLDatabase) async throws -> Void) async throws {
        guard isPostgres else { return try await write(body) }
        try await withPostgres(limit: Self.migrationUnansweredLimit) { connection, sql in
            try await transaction(on: sql, connection: connection) { database in
                try await database.raw("SET LOCAL statement_timeout = 0").run()
                try await body(database)
            }
        }
    }

    /// One write transaction on `database`: begun as the backend serializes writes, committed
    /// whole or rolled back whole.
    func transaction<T: Sendable>(
        on database: any SQLDatabase, connection: PostgresConnection? = nil,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await begin(on: database)
        do {
            let result = try await changes(on: database, body)
            try await control("COMMIT", on: database)
            return result
        } catch {
            if let connection, Self.lostConnection(error) {
                // PostgreSQL rolls back the transaction of a connection that ended. A ROLLBACK sent on a
                // connection the server is ending was seen never to be answered (postgres-nio 1.33), which
                // hung the call: none is sent, and the connection is closed so the pool drops it.
                Self.abandon(connection)
            } else {
                try? await control("ROLLBACK", on: database)
            }
            throw error
        }
    }

    /// A write's own work inside its transaction: audited when a call is being served, and refused
    /// when that call ended meanwhile (what it changed must then not be committed).
    func changes<T: Sendable>(
        on database: any SQLDatabase, _ body: (any SQLDatabase) async throws -> T
    )
        async throws -> T
    {
        let result: T
        if let call = AuditCall.current {
            result = try await audited(call, on: database, body)
        } else {
            result = try await body(database)
        }
        try Task.checkCancellation()
        return result
    }

    /// Closes a PostgreSQL connection without waiting for the close, so the pool drops it.
    static func abandon(_ connection: PostgresConnection) {
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in }
    }

    /// Whether `error` means the PostgreSQL connection is gone or going (the server shutting down,
    /// the socket closed), rather than a statement refused on a connection that is still good.
    static func lostConnection(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return StorageError.postgres(error).kind == .unavailable }
        return (error as? StorageError)?.kind == .unavailable
    }

    /// SQLite: the write lock at once. PostgreSQL: the writers' advisory lock, held to the end of
    /// the transaction, so writes from every replica take turns.
    func begin(on database: any SQLDatabase) async throws {
        if isPostgres {
            try await control("BEGIN", on: database)
            try await control("SELECT pg_advisory_xact_lock(\(Self.writeLockKey))", on: database)
        } else {
            try await control("BEGIN IMMEDIATE", on: database)
        }
    }

    /// Runs a transaction-control statement whatever the calling task's state. The async query path
    /// gives up at once in a cancelled task (the thread pool refuses new work for it), and a skipped
    /// ROLLBACK or COMMIT left the one connection inside a transaction, failing every later write
    /// ("cannot start a transaction within a transaction") until a restart. The future-based path
    /// is not cancellable, so the statement always runs.
    func control(_ statement: String, on database: any SQLDatabase) async throws {
        try await database.execute(sql: SQLRaw(statement)) { _ in }.get()
    }

    /// Runs `body` and appends its audit records in the same transaction: one per entity it named
    /// with ``AuditLog/touch(_:)``, or, when it changed rows without naming any, one for the call.
    func audited<T: Sendable>(
        _ call: AuditCall, on database: any SQLDatabase, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let before = try await totalChanges(database)
        let pending = AuditLog.Pending()
        let result = try await AuditLog.$pending.withValue(pending) { try await body(database) }
        var entities = pending.entities.withLock { $0 }
        let bookkeeping = pending.bookkeepingRows.withLock { $0 }
        if entities.isEmpty, try await totalChanges(database) - before > bookkeeping { entities = [""] }
        try await AuditLog.append(
            database, call: call, entities: entities, outcome: "OK", at: Self.nowMilliseconds(), head: keptAuditHead)
        return result
    }

    /// The audit head kept between appends. PostgreSQL's replicas append to one chain: there it is
    /// kept only within one transaction (under the writers' lock), and read again at its start.
    var keptAuditHead: AuditLog.KeptHead? { auditHead }

    /// Rows changed so far through this connection, counted without a statement: SQLite counts
    /// them itself; on PostgreSQL each statement's completion tag is counted as it arrives.
    private func totalChanges(_ database: any SQLDatabase) async throws -> Int {
        if let connection = database as? SQLiteHandleDatabase { return connection.handle.totalChanges }
        if let connection = database as? AnsweredSQLDatabase { return connection.changedRows.value }
        return try await database.raw("SELECT total_changes() AS n").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Records a change that failed, in a transaction of its own (the failed one rolled back).
    /// Runs to the end even when the failed call was cancelled: the record of a cancelled change is
    /// exactly the one an auditor wants.
    public func auditFailure(_ call: AuditCall, entity: String = "", outcome: String) async throws {
        try await auditFailures([(call, entity, outcome)])
    }

    /// Records several failed or refused calls in one transaction, in order.
    public func auditFailures(_ records: [(call: AuditCall, entity: String, outcome: String)]) async throws {
        guard !records.isEmpty else { return }
        let database = self
        try await Task {
            // Outside any call: the records are written as they are, not audited again.
            try await AuditCall.$current.withValue(nil) {
                try await database.write { sql in
                    let now = Self.nowMilliseconds()
                    for record in records {
                        try await AuditLog.append(
                            sql, call: record.call, entities: [record.entity], outcome: record.outcome, at: now,
                            head: database.keptAuditHead)
                    }
                }
            }
        }.value
    }

    public func close() async throws {
        switch backend {
        case .sqlite(let handle, _):
            await readers.withLock { $0.take() }?.close()
            await lock.withLock {
                try? await commitBatch()
                await Self.closeHandles([handle])
            }
            fileLock?.release()
        case .postgres(let pool):
            await lock.withLock { try? await commitPostgresBatch() }
            try await pool.shutdownAsync()
        }
    }

    package static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
