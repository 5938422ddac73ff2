import CommonAPI
import DICTestSupport
import Foundation
import Logging
import RPCCore
import SQLKit
import Testing

@testable import ServiceStorage

/// A scratch directory per test, removed afterwards.
func withScratchDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = NSTemporaryDirectory() + "dic-storage-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await body(directory)
}

let testLogger = Logger(label: "test")

let unitMigrations = [
    Migration(
        1, "units",
        sql: [
            """
            CREATE TABLE units (id TEXT PRIMARY KEY, name TEXT NOT NULL, search_key TEXT NOT NULL,
                version INTEGER NOT NULL DEFAULT 1)
            """
        ]),
    Migration(2, "unit population", sql: ["ALTER TABLE units ADD COLUMN population INTEGER NOT NULL DEFAULT 0"]),
]

struct DatabaseTests {
    @Test func migrationsApplyOnceAndUpgradeAnOlderSchema() async throws {
        try await withScratchDirectory { directory in
            let path = directory + "/a.sqlite"
            // A database made by an older binary that knew only migration 1.
            let old = try await Database.open(
                path: path, migrations: Array(unitMigrations.prefix(1)), logger: testLogger)
            try await old.write {
                try await $0.raw("INSERT INTO units (id, name, search_key) VALUES ('1', 'Ba Bể', 'ba be')").run()
            }
            #expect(try await old.schemaVersion() == 1)
            try await old.close()
            // The newer binary upgrades it and keeps the data.
            let new = try await Database.open(path: path, migrations: unitMigrations, logger: testLogger)
            #expect(try await new.schemaVersion() == 2)
            let population = try await new.read {
                try await $0.raw("SELECT population FROM units WHERE id = '1'").first()?.decode(
                    column: "population", as: Int.self)
            }
            #expect(population == 0)
            try await new.close()
            // Opening again applies nothing twice.
            let again = try await Database.open(path: path, migrations: unitMigrations, logger: testLogger)
            let count = try await again.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()?.decode(
                    column: "n", as: Int.self)
            }
            #expect(count == 2)
            try await again.close()
        }
    }

    /// The migrations' statements run once: the writing connection lets them go when it opens.
    @Test func theWriterKeepsNoMigrationStatementsOnceOpen() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            guard case .sqlite(let handle, _) = database.backend else {
                Issue.record("not SQLite")
                return
            }
            #expect(handle.keptStatementBytes == 0)
            #expect(!handle.keeps("ALTER TABLE units ADD COLUMN population INTEGER NOT NULL DEFAULT 0"))
            try await database.close()
        }
    }

    @Test func refusesADatabaseNewerThanTheBinary() async throws {
        try await withScratchDirectory { directory in
            let path = directory + "/a.sqlite"
            try await Database.open(path: path, migrations: unitMigrations, logger: testLogger).close()
            await #expect {
                try await Database.open(path: path, migrations: Array(unitMigrations.prefix(1)), logger: testLogger)
            } throws: { error in
                (error as? StorageError)?.kind == .schemaTooNew(database: 2, binary: 1)
            }
        }
    }

    @Test func namespacesAreNumberedIndependently() async throws {
        try await withScratchDirectory { directory in
            let path = directory + "/a.sqlite"
            let shared = Migration(
                namespace: "admin_units", 1, "shared table", sql: ["CREATE TABLE shared_t (x INTEGER)"])
            let database = try await Database.open(
                path: path, migrations: unitMigrations + [shared], logger: testLogger)
            #expect(try await database.schemaVersion() == 2)
            #expect(try await database.schemaVersion(namespace: "admin_units") == 1)
            try await database.close()
            // A binary that does not know the admin_units namespace still refuses a database in which it
            // is ahead of what that binary knows (nothing).
            await #expect {
                try await Database.open(path: path, migrations: unitMigrations, logger: testLogger)
            } throws: { error in
                (error as? StorageError)?.kind == .schemaTooNew(database: 1, binary: 0)
            }
        }
    }

    @Test func aFailedTransactionChangesNothing() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await database.write { database in
                    try await database.raw("INSERT INTO units (id, name, search_key) VALUES ('1', 'x', 'x')").run()
                    throw Boom()
                }
            }
            let count = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 0)
            try await database.close()
        }
    }

    /// A full disk refuses the write whole, says so (RESOURCE_EXHAUSTED, not an internal error),
    /// and writes go on once there is room. SQLite answers a write past `max_page_count` with the
    /// same SQLITE_FULL as one past the end of the disk.
    @Test func aFullDiskRefusesTheWriteWholeAndSaysSo() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            func limitPages(to extra: Int) async throws {
                try await database.write { sql in
                    let pages = try await sql.raw("PRAGMA page_count").first()?.decode(
                        column: "page_count", as: Int.self)
                    try await sql.raw("PRAGMA max_page_count = \(unsafeRaw: String((pages ?? 0) + extra))").run()
                }
            }
            func add(_ id: String) async throws {
                try await database.write { sql in
                    try await sql.raw(
                        "INSERT INTO units (id, name, search_key) VALUES (\(bind: id), \(bind: String(repeating: "x", count: 20_000)), '')"
                    ).run()
                }
            }
            try await limitPages(to: 8)
            try await add("fits")
            let refused = await #expect(throws: (any Error).self) {
                for index in 0..<20 { try await add("\(index)") }
            }
            let status = refused.map { RPCError(converting: $0) }
            #expect(status?.code == .resourceExhausted)
            #expect(status?.message == "storage: the database's disk is full; nothing was changed")
            let before = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
            }
            // Room again: the next write is stored beside the ones before.
            try await limitPages(to: 1_000)
            try await add("after")
            let after = try await database.read {
                try await $0.raw("SELECT id FROM units").all().map { try $0.decode(column: "id", as: String.self) }
            }
            #expect(after.count == (before ?? 0) + 1 && after.contains("fits") && after.contains("after"))
            try await database.close()
        }
    }

    /// The WAL is copied into the database every ``Database/walCheckpointPages`` pages, not at
    /// SQLite's 1,000: 3,000 pages written in 300 commits stay in a WAL of more than 2,000 pages.
    @Test func theWALGathersThousandsOfPagesBeforeACheckpoint() async throws {
        try await withScratchDirectory { directory in
            let path = directory + "/a.sqlite"
            let database = try await Database.open(path: path, migrations: unitMigrations, logger: testLogger)
            let page = String(repeating: "x", count: 4_000)
            for commit in 0..<300 {
                try await database.write { sql in
                    for row in 0..<10 {
                        try await sql.raw(
                            "INSERT INTO units (id, name, search_key) VALUES (\(bind: "\(commit)-\(row)"), \(bind: page), '')"
                        ).run()
                    }
                }
            }
            let walPages = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0) / 4_096
            #expect(walPages > 2_000 && walPages < Database.walCheckpointPages, "\(walPages) pages")
            let limit = try await database.write { sql in
                try await sql.raw("PRAGMA journal_size_limit").first()?.decode(
                    column: "journal_size_limit", as: Int.self)
            }
            #expect(limit == 64 << 20)
            try await database.close()
        }
    }

    @Test func concurrentWritesAreSerializedNotLost() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            try await database.write {
                try await $0.raw("INSERT INTO units (id, name, search_key, population) VALUES ('1', 'x', 'x', 0)").run()
            }
            // 100 read-modify-write transactions at once: each sees the previous one's result.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await database.write { database in
                            let current = try await database.raw("SELECT population FROM units WHERE id = '1'").first()!
                                .decode(column: "population", as: Int.self)
                            try await database.raw("UPDATE units SET population = \(bind: current + 1) WHERE id = '1'")
                                .run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let population = try await database.read {
                try await $0.raw("SELECT population FROM units WHERE id = '1'").first()?.decode(
                    column: "population", as: Int.self)
            }
            #expect(population == 100)
            try await database.close()
        }
    }

    @Test func idempotentRetriesReturnTheFirstResultAndChangeNothing() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            func create(_ id: String, _ name: String) async throws -> AdminUnitRef {
                try await database.idempotentWrite(requestID: "req-1", method: "CreateUnit") { database in
                    try await database.raw(
                        "INSERT INTO units (id, name, search_key) VALUES (\(bind: id), \(bind: name), 'k')"
                    ).run()
                    return AdminUnitRef(code: id, name: name)
                }
            }
            let first = try await create("1", "Ba Bể")
            let retry = try await create("2", "something else")  // same request id: not run again
            #expect(retry == first)
            let count = try await database.read {
                try await $0.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
            }
            #expect(count == 1)
            await #expect {
                _ = try await database.idempotentWrite(requestID: "req-1", method: "DeleteUnit") { _ in AdminUnitRef() }
            } throws: { error in
                (error as? StorageError)?.rpcError.code == .failedPrecondition
            }
            await #expect(throws: RPCError.self) {
                _ = try await database.idempotentWrite(requestID: "", method: "CreateUnit") { _ in AdminUnitRef() }
            }
            try await database.close()
        }
    }

    @Test func aRecordKeyReadsBackWhatAnEarlierVersionRecordedAsAMessage() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            // Before stores answered with keys they answered with `Get...Request(id:)`: the key in
            // field 1, as `AdminUnitRef.code` is. A retry after the upgrade must read it back.
            _ = try await database.idempotentWrite(requestID: "req-old", method: "CreateUnit") { _ in
                AdminUnitRef(code: "7", name: "Pác Nặm")
            }
            let retried = try await database.idempotentWrite(requestID: "req-old", method: "CreateUnit") { _ in
                "not run"
            }
            #expect(retried == "7")
            let made = try await database.idempotentWrite(requestID: "req-new", method: "CreateUnit") { _ in "8" }
            let again = try await database.idempotentWrite(requestID: "req-new", method: "CreateUnit") { _ in "9" }
            #expect(made == "8" && again == "8")
            try await database.close()
        }
    }

    @Test func staleVersionsAreRefusedWithTheCurrentVersion() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            try await database.write {
                try await $0.raw("INSERT INTO units (id, name, search_key) VALUES ('1', 'Ba Bể', 'ba be')").run()
            }
            struct NotFound: Error {}
            let version = try await database.write { database in
                try await database.updateVersioned(
                    "units", id: "1", expected: 1, entity: "unit 1", changes: [("name", "Huyện Ba Bể")],
                    notFound: NotFound())
            }
            #expect(version == 2)
            await #expect(throws: StaleVersionError(entity: "unit 1", expected: 1, current: 2)) {
                try await database.write { database in
                    try await database.updateVersioned(
                        "units", id: "1", expected: 1, entity: "unit 1", changes: [("name", "late")],
                        notFound: NotFound())
                }
            }
            #expect(
                StaleVersionError(entity: "unit 1", expected: 1, current: 2).rpcError
                    == RPCError(
                        .aborted, "unit 1 was changed by someone else: you had version 1, the current version is 2"))
            await #expect(throws: NotFound.self) {
                try await database.write { database in
                    try await database.updateVersioned(
                        "units", id: "9", expected: 1, entity: "unit 9", changes: [("name", "x")], notFound: NotFound())
                }
            }
            try await database.close()
        }
    }

    @Test func diacriticInsensitiveSearch() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            let names = ["Thành phố Bắc Kạn", "Huyện Chợ Đồn", "Xã Đồng Lạc", "Huyện Ba Bể", "100% test_x"]
            try await database.write { database in
                for (index, name) in names.enumerated() {
                    try await database.raw(
                        "INSERT INTO units (id, name, search_key) VALUES (\(bind: String(index)), \(bind: name), \(bind: SearchText.key(name)))"
                    ).run()
                }
            }
            func search(_ query: String) async throws -> [String] {
                try await database.read { database in
                    try await database.raw(
                        "SELECT name FROM units WHERE search_key LIKE \(bind: SearchText.containsPattern(query)) ESCAPE '\\' ORDER BY id"
                    ).all().map { try $0.decode(column: "name", as: String.self) }
                }
            }
            #expect(try await search("bac kan") == ["Thành phố Bắc Kạn"])
            #expect(try await search("BẮC  KẠN") == ["Thành phố Bắc Kạn"])
            #expect(try await search("cho don") == ["Huyện Chợ Đồn"])
            #expect(try await search("don") == ["Huyện Chợ Đồn", "Xã Đồng Lạc"])
            #expect(try await search("dong") == ["Xã Đồng Lạc"])
            #expect(try await search("huyen") == ["Huyện Chợ Đồn", "Huyện Ba Bể"])
            #expect(try await search("%") == ["100% test_x"])  // wildcards are literal
            #expect(try await search("te_t") == [])  // `_` is not a wildcard either
            try await database.close()
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func readsDoNotWaitForAWriteAndSeeOnlyWhatIsCommitted() async throws {
        try await withScratchDirectory { directory in
            let database = try await Database.open(
                path: directory + "/a.sqlite", migrations: unitMigrations, logger: testLogger)
            let inside = AsyncStream<Void>.makeStream()
            let finish = AsyncStream<Void>.makeStream()
            let count: @Sendable () async throws -> Int = {
                try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM units").first()?.decode(column: "n", as: Int.self)
                        ?? -1
                }
            }
            let writing = Task {
                try await database.write { sql in
                    try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('1', 'a', 'a')").run()
                    inside.continuation.yield()
                    for await _ in finish.stream { break }  // holds the transaction open
                }
            }
            for await _ in inside.stream { break }
            // The write is in progress, its row not yet committed: a read answers now, without it.
            #expect(try await count() == 0)
            finish.continuation.yield()
            try await writing.value
            #expect(try await count() == 1)
            try await database.close()
        }
    }

    @Test func backupIsConsistentAndRestoreReplacesTheDatabase() async throws {
        try await withScratchDirectory { directory in
            let path = directory + "/a.sqlite"
            let database = try await Database.open(path: path, migrations: unitMigrations, logger: testLogger)
            try await database.write {
                try await $0.raw("INSERT INTO units (id, name, search_key) VALUES ('1', 'kept', 'kept')").run()
            }
            try await database.backup(to: directory + "/backup.sqlite")
            await #expect(throws: StorageError.self) { try await database.backup(to: directory + "/backup.sqlite") }
            try await database.write {
                try await $0.raw("INSERT INTO units (id, name, search_key) VALUES ('2', 'later', 'later')").run()
            }
            // While the service has it open, a restore (or a second service) is refused.
            let refused = await #expect(throws: StorageError.self) {
                try await Database.restore(backup: directory + "/backup.sqlite", to: path, logger: testLogger)
            }
            #expect(refused?.kind == .restoreRefused && refused?.detail.contains("in use") == true)
            await #expect(throws: StorageError.self) {
                try await Database.open(path: path, migrations: unitMigrations, logger: testLogger)
            }
            try await database.close()

            try await Database.restore(backup: directory + "/backup.sqlite", to: path, logger: testLogger)
            let restored = try await Database.open(path: path, migrations: unitMigrations, logger: testLogger)
            let names = try await restored.read {
                try await $0.raw("SELECT name FROM units ORDER BY id").all().map {
                    try $0.decode(column: "name", as: String.self)
                }
            }
            #expect(names == ["kept"])
            try await restored.close()

            #expect(
                FileManager.default.createFile(atPath: directory + "/garbage.sqlite", contents: Data("not sqlite".utf8))
            )
            await #expect(throws: (any Error).self) {
                try await Database.restore(backup: directory + "/garbage.sqlite", to: path, logger: testLogger)
            }
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }
}

struct SearchTextTests {
    @Test(arguments: [
        ("Bắc Kạn", "bac kan"), ("Đồng Đăng", "dong dang"), ("  Chợ   Đồn ", "cho don"), ("NGÂN SƠN", "ngan son"),
        ("Pác Nặm", "pac nam"), ("thị trấn Nà Phặc", "thi tran na phac"),
    ])
    func keys(_ text: String, _ expected: String) {
        #expect(SearchText.key(text) == expected)
    }

    /// The table-driven folding of the Latin ranges gives Foundation's key for every character of
    /// them and for random text made of them and of combining marks (which, like anything outside
    /// those ranges, Foundation folds).
    @Test func latinTextFoldsAsFoundationFoldsIt() {
        let ranges = [0..<0x370, 0x1E00..<0x1F00]
        let scalars = ranges.flatMap { $0 }.compactMap { Unicode.Scalar($0) }
        for scalar in scalars {
            let text = "a" + String(Character(scalar)) + "B"
            #expect(SearchText.key(text) == SearchText.foundationKey(text), "U+\(String(scalar.value, radix: 16))")
        }
        var random = SeededRandom(seed: 3)
        let vietnamese = Array("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ ĐƯƠ")
            .flatMap(\.unicodeScalars)
        for _ in 0..<5_000 {
            let pool = Bool.random(using: &random) ? vietnamese : scalars
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...24, using: &random) {
                text.append(pool.randomElement(using: &random)!)
            }
            #expect(
                SearchText.key(String(text)) == SearchText.foundationKey(String(text)),
                "\(String(text).debugDescription)")
        }
        #expect(SearchText.latinKey("  Bắc \t Kạn\u{A0}") == "bac kan")
        #expect(SearchText.latinKey("Bắc Kạn 北") == nil)
        #expect(SearchText.key("ĐÀ LẠT Ωμέγα") == "da lat ωμεγα")
    }
}

/// The files a process has open under `directory`, from /proc.
private func openFiles(under directory: String) -> [String] {
    let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
    return descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + $0) }
        .filter { $0.hasPrefix(directory) }
}

struct SQLiteConnectionLifecycleTests {
    /// A service stopping cancels its tasks: closing the database from one must still close every
    /// connection (the thread pool's async path refuses work for a cancelled task).
    @Test func aDatabaseClosedFromACancelledTaskLeavesNoFileOpen() async throws {
        try await withScratchDirectory { directory in
            let path = directory + "/closing.sqlite"
            let task = Task {
                let database = try await Database.open(path: path, migrations: unitMigrations, logger: testLogger)
                _ = try await database.read { try await $0.raw("SELECT COUNT(*) AS n FROM units").first() }
                #expect(!openFiles(under: directory).isEmpty)
                withUnsafeCurrentTask { $0?.cancel() }
                try await database.close()
            }
            try await task.value
            #expect(openFiles(under: directory) == [])
        }
    }
}
