import CommonAPI
import Foundation
import Logging
import RPCCore
import SQLKit
import ServiceTesting
import Testing

@testable import ServiceStorage

/// The storage guarantees, on SQLite and on PostgreSQL alike (issue 20): migrations, a write
/// whole or not at all, a retried request answered once, an unbroken audit chain under
/// concurrent writers; and on PostgreSQL, the same with two replicas on one database.
struct DatabaseBackendTests {
    static let migrations =
        unitMigrations + AuditLog.migrations + [
            Migration(
                namespace: "extra", 1, "types",
                sql: [
                    "CREATE TABLE readings (id TEXT PRIMARY KEY, at_ms INTEGER NOT NULL, value REAL NOT NULL, raw BLOB)",
                    "INSERT OR IGNORE INTO readings (id, at_ms, value) VALUES ('a', 1764720000000, 0.5)",
                    "INSERT OR IGNORE INTO readings (id, at_ms, value) VALUES ('a', 1, 9)",
                ])
        ]

    @Test(arguments: TestBackend.allCases)
    func migrationsKeepSQLitesMeaningOnBothBackends(_ backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            #expect(try await database.schemaVersion() == 2)
            #expect(try await database.schemaVersions()["extra"] == 1)
            // A millisecond time does not fit 32 bits; a REAL keeps its fraction; OR IGNORE ignored.
            let row = try await database.read { try await $0.raw("SELECT at_ms, value FROM readings").all() }
            #expect(row.count == 1)
            #expect(try row.first?.decode(column: "at_ms", as: Int64.self) == 1_764_720_000_000)
            #expect(try row.first?.decode(column: "value", as: Double.self) == 0.5)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aWriteIsWholeOrNotAtAll(_ backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await database.write { sql in
                    try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('1', 'A', 'a')").run()
                    throw Refused()
                }
            }
            let count = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aRetriedRequestGetsTheFirstAnswerAndChangesNothing(_ backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            func rename(_ name: String) async throws -> String {
                try await database.idempotentWrite(requestID: "req-7", method: "Rename") { sql in
                    try await sql.raw(
                        "INSERT INTO units (id, name, search_key) VALUES (\(bind: name), \(bind: name), '')"
                    ).run()
                    return name
                }
            }
            #expect(try await rename("first") == "first")
            #expect(try await rename("second") == "first")
            let count = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 1)
        }
    }

    /// A retry is the same request again: the id with a different request is refused by name, where
    /// it used to answer with the first request's record and the caller took its change as made.
    @Test(arguments: TestBackend.allCases)
    func aRequestIDReusedForADifferentRequestIsRefusedAndTheSameRequestAnswered(_ backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            // The request being served, as the router makes it known.
            func add(_ name: String, requestID: String = "req-9") async throws -> String {
                try await ServedRequest.$message.withValue(AdminUnitRef(code: requestID, name: name)) {
                    try await database.idempotentWrite(requestID: requestID, method: "Add") { sql in
                        try await sql.raw(
                            "INSERT INTO units (id, name, search_key) VALUES (\(bind: name), \(bind: name), '')"
                        ).run()
                        return name
                    }
                }
            }
            #expect(try await add("Ba Bể") == "Ba Bể")
            #expect(try await add("Ba Bể") == "Ba Bể")
            let error = await #expect(throws: StorageError.self) { _ = try await add("Pác Nặm") }
            #expect(error?.rpcError.code == .failedPrecondition)
            #expect(
                error?.rpcError.message
                    == "request_id 'req-9' was already used for a different Add request: send that request again "
                    + "unchanged to get its answer, or use a new request_id for this one")
            // Outside a call there is no request to compare: the id answers as it always has.
            #expect(try await database.idempotentWrite(requestID: "req-9", method: "Add") { _ in "not run" } == "Ba Bể")
            #expect(try await add("Pác Nặm", requestID: "req-10") == "Pác Nặm")
            let names = try await database.read {
                try await $0.raw("SELECT name FROM units ORDER BY name").all().map {
                    try $0.decode(column: "name", as: String.self)
                }
            }
            #expect(names == ["Ba Bể", "Pác Nặm"])
        }
    }

    /// A database made before the digests: the column is added at start, and the ids it recorded
    /// without one still answer their retries.
    @Test(arguments: TestBackend.allCases)
    func aDatabaseFromBeforeRequestDigestsGainsTheColumnAndKeepsItsIDs(_ backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            try await database.write { sql in
                try await sql.raw("ALTER TABLE idempotency_keys DROP COLUMN request_digest").run()
                var insert = PlainInsert(
                    into: "idempotency_keys", columns: ["request_id", "method", "response", "created_at_ms"])
                insert.values(["req-old", "Add", Data(RecordKey("Ba Bể").serializedBytes()), Int64(1)])
                try await insert.run(on: sql)
                try await Database.createRuntimeTables(sql)
                // Twice, as every start after the first does it: nothing left to add.
                try await Database.createRuntimeTables(sql)
            }
            let retried = try await ServedRequest.$message.withValue(AdminUnitRef(code: "x", name: "y")) {
                try await database.idempotentWrite(requestID: "req-old", method: "Add") { _ in "not run" }
            }
            #expect(retried == "Ba Bể")
            let digests = try await database.read {
                try await $0.raw("SELECT COUNT(request_digest) AS n FROM idempotency_keys").first()?.decode(
                    column: "n", as: Int.self)
            }
            #expect(digests == 0)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func requestIDsPastTheirRetentionAreForgottenAndTheRestStillAnswerRetries(_ backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            func add(_ id: String, name: String) async throws -> String {
                try await database.idempotentWrite(requestID: id, method: "Add") { sql in
                    try await sql.raw(
                        "INSERT INTO units (id, name, search_key) VALUES (\(bind: name), \(bind: name), '')"
                    ).run()
                    return name
                }
            }
            // 23 old ids (more than three batches of 7) and 5 recent ones.
            for index in 0..<28 { _ = try await add("req-\(index)", name: "u\(index)") }
            let now = Database.nowMilliseconds()
            try await database.write { sql in
                try await sql.raw(
                    "UPDATE idempotency_keys SET created_at_ms = \(bind: now - 10_000) WHERE request_id NOT IN ('req-23', 'req-24', 'req-25', 'req-26', 'req-27')"
                ).run()
            }
            #expect(try await database.forgetRequestIDs(before: now - 5_000, batch: 7) == 23)
            #expect(try await database.forgetRequestIDs(before: now - 5_000, batch: 7) == 0)
            let kept = try await database.read {
                try await $0.raw("SELECT request_id FROM idempotency_keys ORDER BY request_id").all().map {
                    try $0.decode(column: "request_id", as: String.self)
                }
            }
            #expect(kept == ["req-23", "req-24", "req-25", "req-26", "req-27"])
            // A kept id still answers its retry with the first answer; a forgotten one makes the change anew.
            #expect(try await add("req-27", name: "again-27") == "u27")
            #expect(try await add("req-3", name: "again-3") == "again-3")
            let names = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
            }
            #expect(names == 29)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentAuditedWritesKeepOneChain(_ backend: TestBackend) async throws {
        try await withTemporaryDatabase(backend, migrations: Self.migrations) { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let call = AuditCall(principal: "p\(index % 3)", method: "/m", requestID: "r\(index)")
                        try await AuditCall.$current.withValue(call) {
                            try await database.write { sql in
                                AuditLog.touch("unit:\(index)")
                                try await sql.raw(
                                    "INSERT INTO units (id, name, search_key) VALUES (\(bind: "\(index)"), 'x', 'x')"
                                ).run()
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let verification = try await database.verifyAudit()
            #expect(verification.firstBad == nil)
            #expect(verification.recordsChecked == 40)
        }
    }

    /// Two replicas of a service on one PostgreSQL database: their writes interleave, the audit
    /// chain stays one chain, and a request retried on the other replica gets the first answer.
    @Test func twoReplicasOnOnePostgresDatabase() async throws {
        let (configuration, address) = try await TestPostgres.makeDatabase()
        let logger = Logger(label: "test")
        // Both start at once: one migrates, the other waits and finds nothing to do.
        @Sendable func start() async -> Result<Database, any Error> {
            do {
                // Thirty writes take turns across both replicas, so a call may wait for a pooled
                // connection while the others write: on a loaded machine (the whole suite on one
                // server) that passed the 10 s a service gives, as in `withTemporaryDatabase`.
                return .success(
                    try await Database.open(
                        postgres: configuration, address: address, connectTimeout: .seconds(60),
                        migrations: Self.migrations, logger: logger))
            } catch {
                return .failure(error)
            }
        }
        async let first = start()
        async let second = start()
        let started = await [first, second]
        // A replica that failed to start fails the test by its error, and the other is closed.
        let replicas = started.compactMap { try? $0.get() }
        // Closed however the test ends: a replica left open would stop the whole run.
        defer { Task { for replica in replicas { try? await replica.close() } } }
        _ = try started.map { try $0.get() }
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<30 {
                let replica = replicas[index % 2]
                group.addTask {
                    let call = AuditCall(principal: "p", method: "/m", requestID: "same-\(index / 2)")
                    return try await AuditCall.$current.withValue(call) {
                        // Requests 2k and 2k+1 share an id: the retry lands on the other replica.
                        try await replica.idempotentWrite(requestID: "same-\(index / 2)", method: "Add") { sql in
                            AuditLog.touch("unit:\(index)")
                            try await sql.raw(
                                "INSERT INTO units (id, name, search_key) VALUES (\(bind: "\(index)"), 'x', 'x')"
                            ).run()
                            return "\(index)"
                        }
                    }
                }
            }
            var answers: [String] = []
            for try await answer in group { answers.append(answer) }
            #expect(answers.count == 30)
        }
        let units = try await replicas[0].read {
            try await $0.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
        }
        #expect(units == 15)  // each request once
        let verification = try await replicas[1].verifyAudit()
        #expect(verification.firstBad == nil && verification.recordsChecked == 15)
        #expect(try await replicas[0].schemaVersion() == 2)
    }

    /// A migration is not a call: on a large register it may run longer than the statement
    /// timeout, and a replica starting meanwhile waits for it. Neither may stop the start, and the
    /// calls served afterwards keep the timeout.
    @Test func aMigrationLongerThanTheStatementTimeoutIsAppliedAndWaitedFor() async throws {
        let (configuration, url) = try await TestPostgres.makeDatabase()
        defer { Task { try? await TestPostgres.dropDatabase(configuration) } }
        guard case .postgres(let address) = try DatabaseAddress.parse(url) else {
            Issue.record("\(url) is not a PostgreSQL address")
            return
        }
        let logger = Logger(label: "test")
        let holder = try await Database.open(
            postgres: address, poolSize: 2, statementTimeout: .seconds(30), connectTimeout: .seconds(5),
            migrations: Self.migrations, logger: logger)
        let slow = Self.migrations + [Migration(namespace: "slow", 1, "slow", sql: ["SELECT pg_sleep(1.5)"])]
        defer { Task { try? await holder.close() } }
        // Another replica holds the migration lock longer than the timeout while this one starts.
        try await holder.withPostgres { _, sql in
            try await sql.raw("SELECT pg_advisory_lock(\(literal: Database.migrationLockKey))").run()
            let starting = Task {
                try await Database.open(
                    postgres: address, poolSize: 2, statementTimeout: .seconds(1), connectTimeout: .seconds(5),
                    migrations: slow, logger: logger)
            }
            var waiting = 0
            for _ in 0..<500 where waiting == 0 {
                waiting =
                    try await sql.raw(
                        """
                        SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
                          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                        """
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                if waiting == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(waiting == 1)
            try await sql.raw("SELECT pg_sleep(1.5)").run()
            try await sql.raw("SELECT pg_advisory_unlock(\(literal: Database.migrationLockKey))").run()
            let database = try await starting.value
            #expect(try await database.schemaVersions()["slow"] == 1)
            let after = await #expect(throws: StorageError.self) {
                try await database.read { try await $0.raw("SELECT pg_sleep(3)").run() }
            }
            #expect(after?.kind == .timedOut)
            try await database.close()
        }
    }

    @Test func aFileBackupIsRefusedOnPostgresNamingPgDump() async throws {
        try await withTemporaryDatabase(.postgres, migrations: Self.migrations) { database in
            let error = await #expect(throws: StorageError.self) { try await database.backup(to: "/tmp/x.sqlite") }
            #expect(error?.kind == .notOnThisBackend && error?.detail.contains("pg_dump") == true)
        }
    }

    /// Opened from its `DIC_DATABASE_URL` form, a replica's connections carry the statement
    /// timeout: a runaway statement ends with DEADLINE_EXCEEDED and the pool goes on serving; a
    /// refused statement's SQLSTATE stays in the error for the log, and the caller sees INTERNAL.
    @Test func theStatementTimeoutEndsARunawayQueryAndTheServersWordsAreKept() async throws {
        let (configuration, url) = try await TestPostgres.makeDatabase()
        defer { Task { try? await TestPostgres.dropDatabase(configuration) } }
        guard case .postgres(let address) = try DatabaseAddress.parse(url) else {
            Issue.record("\(url) is not a PostgreSQL address")
            return
        }
        // Migrated first under the default timeout: on a loaded server (CI runs hundreds of tests on
        // one) creating the schema itself took over a second and failed the open, not the query.
        try await Database.open(
            postgres: address, poolSize: 2, statementTimeout: .seconds(30), connectTimeout: .seconds(5),
            migrations: Self.migrations,
            logger: Logger(label: "test")
        ).close()
        let database = try await Database.open(
            postgres: address, poolSize: 2, statementTimeout: .seconds(1), connectTimeout: .seconds(5),
            migrations: Self.migrations, logger: Logger(label: "test"))
        let slow = await #expect(throws: StorageError.self) {
            try await database.read { try await $0.raw("SELECT pg_sleep(5)").run() }
        }
        #expect(slow?.kind == .timedOut && slow?.rpcError.code == .deadlineExceeded)
        #expect(await database.isReachable())
        let refused = await #expect(throws: StorageError.self) {
            try await database.read { try await $0.raw("SELECT * FROM no_such_table").run() }
        }
        #expect(refused?.kind == .failed && refused?.detail.contains("42P01") == true)
        #expect(refused?.rpcError.code == .internal && refused?.rpcError.message.contains("no_such") == false)
        try await database.close()
    }
}
