import Foundation
import SQLKit
import Testing

@testable import ServiceStorage

/// The chain alone cannot see records cut from the end, nor a trail rewritten whole with fresh
/// hashes; signed checkpoints can.
struct AuditCheckpointTests {
    let key: AuditCheckpointKey

    init() throws { key = try AuditCheckpointKey(bytes: Array(repeating: 7, count: 32)) }

    /// A trail of `count` records with a checkpoint over all of them, `tamper` applied, then checked.
    func checked(
        records count: Int = 4, expected: (seq: Int64, hash: String)? = nil,
        tamper: @Sendable (Database) async throws -> Void = { _ in }
    ) async throws -> Database.AuditCheckpointVerification {
        try await withAuditedDatabase { database in
            for id in 0..<count { try await insertUnit(database, "u\(id)") }
            #expect(try await database.writeAuditCheckpoint(key: key)?.headSeq == Int64(count))
            #expect(try await database.writeAuditCheckpoint(key: key) == nil, "the same head is signed once")
            try await tamper(database)
            let chain = try await database.verifyAudit()
            #expect(chain.firstBad == nil, "the chain alone sees nothing wrong")
            return try await database.verifyAuditCheckpoints(chain, key: key, expected: expected)
        }
    }

    func execute(_ database: Database, _ statement: String) async throws {
        try await database.write { try await $0.raw(SQLQueryString(stringLiteral: statement)).run() }
    }

    @Test func anUntouchedTrailAgreesWithItsCheckpointAndCountsWhatCameAfter() async throws {
        let result = try await checked(tamper: { database in try await insertUnit(database, "later") })
        #expect(result.problem == nil)
        #expect(result.latest?.headSeq == 4 && result.unsignedRecords == 1)
    }

    @Test func recordsCutFromTheEndAreFoundAndNotSignedOver() async throws {
        let result = try await checked(tamper: { database in
            try await execute(database, "DELETE FROM audit_log WHERE seq >= 3")
            await #expect(throws: AuditCheckpointRefusal.self) { try await database.writeAuditCheckpoint(key: key) }
        })
        #expect(result.problem?.seq == 4)
        #expect(result.problem?.reason.contains("records 3 to 4 were cut from the end") == true)
    }

    @Test func aTrailRewrittenWholeIsFound() async throws {
        let result = try await checked(tamper: { database in
            // Every record from the second on, recomputed: a chain that checks out on its own.
            var previous = try await database.listAudit(Database.AuditQuery())[0].hash
            for var record in try await database.listAudit(Database.AuditQuery()).dropFirst() {
                record.principal = "someone.else"
                record.previousHash = previous
                record.hash = record.computedHash()
                previous = record.hash
                try await database.write {
                    try await $0.raw(
                        """
                        UPDATE audit_log SET principal = \(bind: record.principal),
                            previous_hash = \(bind: record.previousHash), hash = \(bind: record.hash)
                        WHERE seq = \(bind: record.seq)
                        """
                    ).run()
                }
            }
        })
        #expect(result.problem?.seq == 4)
        #expect(result.problem?.reason.contains("the trail was rewritten") == true)
    }

    @Test func anEditedOrRemovedCheckpointIsFound() async throws {
        let forged = try await checked(tamper: {
            try await execute($0, "DELETE FROM audit_log WHERE seq = 4")
            try await execute($0, "UPDATE audit_checkpoints SET head_seq = 3")
        })
        #expect(forged.problem?.reason.contains("does not carry this service's signature") == true)

        let removed = try await checked(tamper: { database in
            try await insertUnit(database, "later")
            try await database.writeAuditCheckpoint(key: key)
            try await execute(database, "DELETE FROM audit_checkpoints WHERE id = 1")
        })
        #expect(removed.problem?.reason == "1 of 2 checkpoints were removed")

        let otherKey = try AuditCheckpointKey(bytes: Array(repeating: 8, count: 32))
        let signedElsewhere = try await withAuditedDatabase { database in
            try await insertUnit(database, "a")
            try await database.writeAuditCheckpoint(key: otherKey)
            return try await database.verifyAuditCheckpoints(database.verifyAudit(), key: key)
        }
        #expect(signedElsewhere.problem != nil)
    }

    /// Cut together with the checkpoints after it: only a checkpoint kept elsewhere sees it.
    @Test func aCheckpointKeptElsewhereCatchesACutWithItsCheckpointsRemoved() async throws {
        let kept = try await withAuditedDatabase { database in
            for id in 0..<4 { try await insertUnit(database, "u\(id)") }
            let checkpoint = try #require(try await database.writeAuditCheckpoint(key: key))
            try await execute(database, "DELETE FROM audit_log WHERE seq = 4")
            try await execute(database, "DELETE FROM audit_checkpoints")
            let chain = try await database.verifyAudit()
            let alone = try await database.verifyAuditCheckpoints(chain, key: key)
            #expect(alone.problem == nil && alone.latest == nil, "nothing left in the database says so")
            return try await database.verifyAuditCheckpoints(
                chain, key: key, expected: (checkpoint.headSeq, checkpoint.headHash))
        }
        #expect(kept.problem?.reason.contains("cut from the end after the checkpoint given") == true)
    }

    @Test func keysComeFromFilesOfAtLeast32Bytes() throws {
        let directory = NSTemporaryDirectory() + "dic-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: AuditCheckpointKey.KeyError.self) {
            try AuditCheckpointKey.load(path: directory + "/missing", create: false)
        }
        let created = try AuditCheckpointKey.load(path: directory + "/new", create: true)
        let again = try AuditCheckpointKey.load(path: directory + "/new", create: false)
        #expect(created.bytes == again.bytes && created.bytes.count == 32)
        let permissions = try FileManager.default.attributesOfItem(atPath: directory + "/new")[.posixPermissions]
        #expect(permissions as? Int == 0o600)
        #expect(FileManager.default.createFile(atPath: directory + "/short", contents: Data("short".utf8)))
        #expect(throws: AuditCheckpointKey.KeyError.self) {
            try AuditCheckpointKey.load(path: directory + "/short", create: false)
        }
    }
}
