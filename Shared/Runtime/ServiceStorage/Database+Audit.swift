import SQLKit

extension Database {
    /// Which records ``listAudit(_:)`` returns.
    public struct AuditQuery: Sendable {
        /// Exactly this entity, or any entity under it (`token` matches `token:4f2a…`).
        public var entity = ""
        public var principal = ""
        public var sinceMilliseconds: Int64?
        public var untilMilliseconds: Int64?
        /// Records after this sequence number (the page token).
        public var afterSeq: Int64 = 0
        public var limit = 100

        public init() {}
    }

    /// The result of checking the whole chain.
    public struct AuditVerification: Sendable, Equatable {
        public var recordsChecked: Int64
        /// The first record that does not check out, and why; nil when the chain is intact.
        public var firstBad: (seq: Int64, problem: String)?
        public var head: (seq: Int64, hash: String)?

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.recordsChecked == rhs.recordsChecked && lhs.firstBad?.seq == rhs.firstBad?.seq
                && lhs.firstBad?.problem == rhs.firstBad?.problem && lhs.head?.seq == rhs.head?.seq
                && lhs.head?.hash == rhs.head?.hash
        }
    }

    public func listAudit(_ query: AuditQuery) async throws -> [AuditEntry] {
        try await read { database in
            let select = database.select().column("*").from("audit_log")
                .where("seq", .greaterThan, SQLBind(query.afterSeq))
            if !query.entity.isEmpty {
                // A prefix compare rather than LIKE, so that '_' and '%' in names mean themselves.
                let kind = query.entity + ":"
                select.where(
                    SQLQueryString(
                        "(entity = \(bind: query.entity) OR substr(entity, 1, CAST(\(bind: kind.unicodeScalars.count) AS INTEGER)) = \(bind: kind))"
                    ))
            }
            if !query.principal.isEmpty { select.where("principal", .equal, SQLBind(query.principal)) }
            if let since = query.sinceMilliseconds { select.where("at_ms", .greaterThanOrEqual, SQLBind(since)) }
            if let until = query.untilMilliseconds { select.where("at_ms", .lessThan, SQLBind(until)) }
            return try await select.orderBy("seq").limit(query.limit).all().map(AuditLog.decode)
        }
    }

    /// Walks the chain from the first record: sequence numbers without gaps, each record's hash
    /// recomputed, each record pointing at the hash of the one before. Reads in pages so that a
    /// long trail does not hold the connection or the memory.
    public func verifyAudit() async throws -> AuditVerification {
        var expectedSeq: Int64 = 1
        var previousHash = AuditLog.genesis
        var checked: Int64 = 0
        while true {
            let page = try await read { database in
                try await database.select().column("*").from("audit_log")
                    .where("seq", .greaterThanOrEqual, SQLBind(expectedSeq)).orderBy("seq").limit(1000).all()
                    .map(AuditLog.decode)
            }
            for record in page {
                if record.seq != expectedSeq {
                    let problem =
                        expectedSeq == record.seq - 1
                        ? "record \(expectedSeq) is missing"
                        : "records \(expectedSeq) to \(record.seq - 1) are missing"
                    return AuditVerification(
                        recordsChecked: checked, firstBad: (record.seq, problem), head: nil)
                }
                if record.previousHash != previousHash {
                    // Record n-1 checked out on its own, so it was rewritten whole, or this link was.
                    return AuditVerification(
                        recordsChecked: checked - 1,
                        firstBad: (
                            record.seq - 1,
                            "record \(record.seq - 1) and the link to it in record \(record.seq) disagree: one was changed"
                        ),
                        head: nil)
                }
                if record.computedHash() != record.hash {
                    return AuditVerification(
                        recordsChecked: checked,
                        firstBad: (record.seq, "its contents were changed after it was written"),
                        head: nil)
                }
                checked += 1
                expectedSeq += 1
                previousHash = record.hash
            }
            if page.count < 1000 { break }
        }
        return AuditVerification(
            recordsChecked: checked, firstBad: nil, head: checked == 0 ? nil : (expectedSeq - 1, previousHash))
    }
}
