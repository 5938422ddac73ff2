import CommonAPI
import Foundation
import SQLKit
import ServiceTesting
import Testing

@testable import ServiceStorage

/// A database with the test table and the audit trail.
func withAuditedDatabase<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
    try await withTemporaryDatabase(
        named: "a", migrations: unitMigrations + AuditLog.migrations, logger: testLogger, body)
}

let officer = AuditCall(principal: "nguyen.van.a", method: "/dic.test.v1.Units/Rename", requestID: "req-1")

/// Inserts unit `id` as `call` would, naming it as the entity touched.
func insertUnit(_ database: Database, _ id: String, as call: AuditCall = officer) async throws {
    try await AuditCall.$current.withValue(call) {
        try await database.write { sql in
            AuditLog.touch("unit:\(id)")
            try await sql.raw("INSERT INTO units (id, name, search_key) VALUES (\(bind: id), 'x', 'x')").run()
        }
    }
}

struct AuditLogTests {
    /// Each record's hash chains the trail a running service has already written: the bytes it is
    /// taken over must never change. Worked out independently (Python's hashlib over the
    /// length-prefixed UTF-8 fields).
    @Test func aRecordsHashIsTheSameBytesAsEver() {
        let record = AuditEntry(
            seq: 42, atMilliseconds: 1_680_226_200_123, principal: "nguyen.van.a",
            method: "/dic.licensing.v1.Licensing/IssueLicence", requestID: "req-ặ-1", entity: "licence:lic-9",
            outcome: "OK", previousHash: String(repeating: "0", count: 64), hash: "")
        #expect(record.computedHash() == "f46a0952d7a22618c1aeff1c897ae58832b5b559bdd8539d62c6dc41121b0970")
    }

    @Test func changesInACallAreRecordedInTheirTransactionAndChained() async throws {
        try await withAuditedDatabase { database in
            try await insertUnit(database, "06")
            try await insertUnit(database, "07", as: AuditCall(principal: "b", method: "/m", requestID: "req-2"))
            let records = try await database.listAudit(Database.AuditQuery())
            #expect(records.map(\.entity) == ["unit:06", "unit:07"])
            #expect(records.map(\.seq) == [1, 2])
            #expect(records[0].principal == "nguyen.van.a" && records[0].requestID == "req-1")
            #expect(records[0].previousHash == AuditLog.genesis && records[1].previousHash == records[0].hash)
            #expect(records.allSatisfy { $0.outcome == "OK" && $0.hash == $0.computedHash() })

            // A write that fails leaves neither its change nor its record.
            await #expect(throws: (any Error).self) {
                try await AuditCall.$current.withValue(officer) {
                    try await database.write { sql in
                        AuditLog.touch("unit:08")
                        try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('08', 'x', 'x')").run()
                        try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('08', 'x', 'x')").run()
                    }
                }
            }
            #expect(try await database.listAudit(Database.AuditQuery()).count == 2)
            #expect(try await database.verifyAudit().firstBad == nil)
        }
    }

    /// A write whose call is cancelled after its record was appended is undone with its record;
    /// the next record takes the undone one's place in the chain (the writer keeps the chain's
    /// head between writes on SQLite, and must forget what a rollback undid).
    @Test func aRecordUndoneWithItsWriteLeavesTheChainWhole() async throws {
        try await withAuditedDatabase { database in
            try await insertUnit(database, "01")
            let reached = AsyncStream<Void>.makeStream()
            let proceed = AsyncStream<Void>.makeStream()
            let cancelled = Task {
                try await AuditCall.$current.withValue(officer) {
                    try await database.write { sql in
                        AuditLog.touch("unit:02")
                        try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('02', 'x', 'x')").run()
                        reached.continuation.yield()
                        for await _ in proceed.stream { break }
                    }
                }
            }
            for await _ in reached.stream { break }
            cancelled.cancel()
            proceed.continuation.finish()
            await #expect(throws: CancellationError.self) { try await cancelled.value }
            try await insertUnit(database, "03")
            let records = try await database.listAudit(Database.AuditQuery())
            #expect(records.map(\.entity) == ["unit:01", "unit:03"])
            #expect(records.map(\.seq) == [1, 2])
            #expect(records[1].previousHash == records[0].hash)
            #expect(try await database.verifyAudit().firstBad == nil)
        }
    }

    @Test func unnamedChangesAreStillRecordedAndReadsAndWritesOutsideCallsAreNot() async throws {
        try await withAuditedDatabase { database in
            try await database.write {  // no call: start-up seed data, say
                try await $0.raw("INSERT INTO units (id, name, search_key) VALUES ('01', 'x', 'x')").run()
            }
            try await AuditCall.$current.withValue(officer) {
                try await database.write { try await $0.raw("UPDATE units SET name = 'y' WHERE id = '01'").run() }
                try await database.write { _ = try await $0.raw("SELECT * FROM units").all() }  // changes nothing
                // Statements that change rows but find none: nothing changed, nothing recorded.
                try await database.write { try await $0.raw("UPDATE units SET name = 'z' WHERE id = 'none'").run() }
                try await database.write { try await $0.raw("DELETE FROM units WHERE id = 'none'").run() }
                try await database.write { try await $0.raw("DELETE FROM units WHERE id = '01'").run() }
            }
            let records = try await database.listAudit(Database.AuditQuery())
            #expect(records.map(\.entity) == ["", ""])
            #expect(records.first?.method == officer.method)
        }
    }

    @Test func anIdempotentRetryChangesNothingAndRecordsNothing() async throws {
        try await withAuditedDatabase { database in
            for _ in 0..<2 {
                _ = try await AuditCall.$current.withValue(officer) {
                    try await database.idempotentWrite(requestID: "same", method: "Rename") { sql in
                        AuditLog.touch("unit:09")
                        try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('09', 'x', 'x')").run()
                        return CommonAPI.Date(year: 2023, month: 3, day: 31)
                    }
                }
            }
            // Rejected with nothing changed but the idempotency key: not an audited change.
            _ = try await AuditCall.$current.withValue(officer) {
                try await database.idempotentWrite(requestID: "other", method: "Rename") { _ in
                    CommonAPI.Date()
                }
            }
            #expect(try await database.listAudit(Database.AuditQuery()).map(\.entity) == ["unit:09"])
        }
    }

    @Test func failuresAreRecordedOnTheirOwn() async throws {
        try await withAuditedDatabase { database in
            try await database.auditFailure(officer, outcome: "INVALID_ARGUMENT: name: must not be empty")
            let records = try await database.listAudit(Database.AuditQuery())
            #expect(records.map(\.outcome) == ["INVALID_ARGUMENT: name: must not be empty"])
        }
    }

    @Test func listsByEntityPrincipalAndTime() async throws {
        try await withAuditedDatabase { database in
            try await insertUnit(database, "06")
            try await insertUnit(database, "06.058", as: AuditCall(principal: "b", method: "/m", requestID: "r"))
            try await AuditCall.$current.withValue(officer) {
                try await database.write { sql in
                    AuditLog.touch("unitary:1")  // shares a prefix with "unit", not the kind
                    try await sql.raw("INSERT INTO units (id, name, search_key) VALUES ('u', 'x', 'x')").run()
                }
            }
            var query = Database.AuditQuery()
            query.entity = "unit"
            #expect(try await database.listAudit(query).map(\.entity) == ["unit:06", "unit:06.058"])
            query.entity = "unit:06"
            #expect(try await database.listAudit(query).map(\.entity) == ["unit:06"])
            query = Database.AuditQuery()
            query.principal = "b"
            #expect(try await database.listAudit(query).map(\.entity) == ["unit:06.058"])
            query = Database.AuditQuery()
            query.untilMilliseconds = 0
            #expect(try await database.listAudit(query).isEmpty)
            query = Database.AuditQuery()
            query.afterSeq = 1
            query.limit = 1
            #expect(try await database.listAudit(query).map(\.seq) == [2])
        }
    }

    @Test func tamperingIsFoundAndTheRecordNamed() async throws {
        func tampered(_ statement: String) async throws -> Database.AuditVerification {
            try await withAuditedDatabase { database in
                for id in ["a", "b", "c", "d"] { try await insertUnit(database, id) }
                let before = try await database.verifyAudit()
                #expect(before.firstBad == nil && before.recordsChecked == 4 && before.head?.seq == 4)
                try await database.write { try await $0.raw(SQLQueryString(stringLiteral: statement)).run() }
                return try await database.verifyAudit()
            }
        }
        let edited = try await tampered("UPDATE audit_log SET principal = 'someone.else' WHERE seq = 2")
        #expect(edited.firstBad?.seq == 2)
        #expect(edited.firstBad?.problem.contains("changed") == true)

        let deleted = try await tampered("DELETE FROM audit_log WHERE seq = 3")
        #expect(deleted.firstBad?.seq == 4)
        #expect(deleted.firstBad?.problem == "record 3 is missing")

        let first = try await tampered("DELETE FROM audit_log WHERE seq = 1")
        #expect(first.firstBad?.problem == "record 1 is missing")

        // Rewritten whole, with a freshly computed hash: the next record's link gives it away.
        let rewritten = try await withAuditedDatabase { database in
            for id in ["a", "b", "c"] { try await insertUnit(database, id) }
            var record = try await database.listAudit(Database.AuditQuery())[1]
            record.principal = "someone.else"
            record.hash = record.computedHash()
            try await database.write {
                try await $0.raw(
                    "UPDATE audit_log SET principal = \(bind: record.principal), hash = \(bind: record.hash) WHERE seq = 2"
                ).run()
            }
            return try await database.verifyAudit()
        }
        #expect(rewritten.firstBad?.seq == 2)
        #expect(rewritten.firstBad?.problem.contains("record 2 and the link to it in record 3") == true)
    }

    @Test func verifiesALongTrailInPages() async throws {
        try await withAuditedDatabase { database in
            try await AuditCall.$current.withValue(officer) {
                try await database.write { sql in
                    for index in 0..<2_500 {
                        AuditLog.touch("unit:\(index)")
                        try await sql.raw(
                            "INSERT INTO units (id, name, search_key) VALUES (\(bind: "\(index)"), 'x', 'x')"
                        )
                        .run()
                    }
                }
            }
            let result = try await database.verifyAudit()
            #expect(result.firstBad == nil && result.recordsChecked == 2_500 && result.head?.seq == 2_500)
        }
    }
}
