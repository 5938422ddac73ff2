import SQLKit

extension Database {
    /// What the checkpoints say of the trail, after ``verifyAudit()`` found the chain intact.
    public struct AuditCheckpointVerification: Sendable {
        public var latest: AuditCheckpoint?
        /// The first problem found, with the record it concerns; nil when the checkpoints agree.
        public var problem: (seq: Int64, reason: String)?
        /// Records after the latest checkpoint.
        public var unsignedRecords: Int64
    }

    public func latestAuditCheckpoint() async throws -> AuditCheckpoint? {
        try await read { database in
            try await database.select().column("*").from("audit_checkpoints").orderBy("id", .descending).limit(1)
                .first().map(Self.checkpoint)
        }
    }

    /// Signs the trail's current head, unless the latest checkpoint already names it.
    @discardableResult
    public func writeAuditCheckpoint(key: AuditCheckpointKey) async throws -> AuditCheckpoint? {
        try await write { database in
            let head = try await database.raw("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").first()
            let seq = try head?.decode(column: "seq", as: Int64.self) ?? 0
            let hash = try head?.decode(column: "hash", as: String.self) ?? AuditLog.genesis
            let last = try await database.select().column("*").from("audit_checkpoints")
                .orderBy("id", .descending).limit(1).first().map(Self.checkpoint)
            if let last {
                // Never sign over evidence: a trail that lost what the last checkpoint signed stays
                // unsigned, and verification keeps reporting it.
                let signedHash =
                    last.headSeq == 0
                    ? AuditLog.genesis
                    : try await database.select().column("hash").from("audit_log")
                        .where("seq", .equal, SQLBind(last.headSeq)).first()?.decode(column: "hash", as: String.self)
                guard last.isSigned(by: key), signedHash == last.headHash else {
                    throw AuditCheckpointRefusal(checkpoint: last.id)
                }
                if last.headSeq == seq, last.headHash == hash { return nil }
            }
            var checkpoint = AuditCheckpoint(
                id: (last?.id ?? 0) + 1, atMilliseconds: Self.nowMilliseconds(), headSeq: seq, headHash: hash, mac: "")
            checkpoint.mac = checkpoint.expectedMAC(key: key)
            try await database.insert(into: "audit_checkpoints")
                .columns("id", "at_ms", "head_seq", "head_hash", "mac")
                .values(
                    SQLBind(checkpoint.id), SQLBind(checkpoint.atMilliseconds), SQLBind(checkpoint.headSeq),
                    SQLBind(checkpoint.headHash), SQLBind(checkpoint.mac)
                )
                .run()
            return checkpoint
        }
    }

    /// Checks the trail against its checkpoints: every checkpoint still there (ids without gaps),
    /// the latest one signed by `key`, and the record it names still in the trail with the hash it
    /// names; and, when `expected` is given (a checkpoint kept elsewhere), that record too.
    public func verifyAuditCheckpoints(
        _ chain: AuditVerification, key: AuditCheckpointKey, expected: (seq: Int64, hash: String)? = nil
    ) async throws -> AuditCheckpointVerification {
        let (latest, count) = try await read { database in
            let latest = try await database.select().column("*").from("audit_checkpoints")
                .orderBy("id", .descending).limit(1).first().map(Self.checkpoint)
            let count =
                try await database.raw("SELECT COUNT(*) AS n FROM audit_checkpoints").first()?
                .decode(column: "n", as: Int64.self) ?? 0
            return (latest, count)
        }
        let headSeq = chain.head?.seq ?? 0
        var result = AuditCheckpointVerification(
            latest: latest, problem: nil, unsignedRecords: max(0, headSeq - (latest?.headSeq ?? 0)))
        var claims: [(seq: Int64, hash: String, source: String)] = []
        if let latest {
            guard latest.isSigned(by: key) else {
                result.problem = (
                    latest.headSeq,
                    "checkpoint \(latest.id) does not carry this service's signature: the checkpoints were edited"
                )
                return result
            }
            guard count == latest.id else {
                result.problem = (latest.headSeq, "\(latest.id - count) of \(latest.id) checkpoints were removed")
                return result
            }
            claims.append((latest.headSeq, latest.headHash, "checkpoint \(latest.id)"))
        }
        if let expected { claims.append((expected.seq, expected.hash, "the checkpoint given")) }
        for claim in claims where claim.seq > 0 {
            guard claim.seq <= headSeq else {
                result.problem = (
                    claim.seq,
                    "records \(headSeq + 1) to \(claim.seq) were cut from the end after \(claim.source) signed them"
                )
                return result
            }
            let hash = try await read { database in
                try await database.select().column("hash").from("audit_log").where("seq", .equal, SQLBind(claim.seq))
                    .first()?.decode(column: "hash", as: String.self)
            }
            guard hash == claim.hash else {
                result.problem = (
                    claim.seq, "record \(claim.seq) is not the one \(claim.source) signed: the trail was rewritten"
                )
                return result
            }
        }
        return result
    }

    static func checkpoint(_ row: any SQLRow) throws -> AuditCheckpoint {
        AuditCheckpoint(
            id: try row.decode(column: "id", as: Int64.self),
            atMilliseconds: try row.decode(column: "at_ms", as: Int64.self),
            headSeq: try row.decode(column: "head_seq", as: Int64.self),
            headHash: try row.decode(column: "head_hash", as: String.self),
            mac: try row.decode(column: "mac", as: String.self))
    }
}

/// The trail no longer agrees with its latest checkpoint, so no new one is signed.
public struct AuditCheckpointRefusal: Error, CustomStringConvertible {
    public var checkpoint: Int64
    public var description: String {
        "the audit trail no longer holds what checkpoint \(checkpoint) signed (or that checkpoint was edited); "
            + "not signing over it: run `dicctl audit verify`"
    }
}
