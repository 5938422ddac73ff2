import Foundation
import ProtoWire
import RPCCore
import SQLKit

extension Database {
    /// A write that happens once per client request id. The first call runs `body` and stores its
    /// response in the same transaction; a retry with the same id (a client that never saw the
    /// answer) gets that stored response back and changes nothing.
    ///
    /// A retry is the same request sent again. The request being served (``ServedRequest``) is
    /// kept as a digest of its encoding, and the same id with a different request is refused: it
    /// used to get the first request's answer, and the caller took its own change as made. Ids
    /// recorded without a digest (before, or outside a call) are answered as before.
    public func idempotentWrite<Response: ProtoMessage>(
        requestID: String, method: String, _ body: (any SQLDatabase) async throws -> Response
    ) async throws -> Response {
        try Self.check(requestID: requestID)
        // Read here, in the caller's task: a group commit may run `write`'s body in another.
        let digest = Self.servedRequestDigest()
        return try await write { database in
            if let answered: Response = try await Self.answer(
                to: requestID, method: method, digest: digest, on: database)
            {
                return answered
            }
            let response = try await body(database)
            var insert = PlainInsert(
                into: "idempotency_keys",
                columns: ["request_id", "method", "response", "created_at_ms", "request_digest"])
            insert.values([
                requestID, method, Data(response.serializedBytes()), Self.nowMilliseconds(), digest,
            ])
            try await insert.run(on: database)
            AuditLog.pending?.bookkeepingRows.withLock { $0 += 1 }
            return response
        }
    }

    /// The answer a request id already has, read without writing; nil when it has none yet. For a
    /// change that is long to prepare (a report built from the services): a retry is answered at
    /// once instead of doing the work again. The same refusals as ``idempotentWrite(requestID:method:_:)``.
    public func recordedAnswer<Response: ProtoMessage>(
        requestID: String, method: String, as: Response.Type = Response.self
    ) async throws -> Response? {
        try Self.check(requestID: requestID)
        let digest = Self.servedRequestDigest()
        return try await read { database in
            try await Self.answer(to: requestID, method: method, digest: digest, on: database)
        }
    }

    static func check(requestID: String) throws {
        guard !requestID.isEmpty else {
            throw RPCError(
                .invalidArgument, "request_id: required for changes (a client-chosen unique id that makes retries safe)"
            )
        }
        guard requestID.utf8.count <= 128 else {
            throw RPCError(.invalidArgument, "request_id: at most 128 bytes")
        }
    }

    static func servedRequestDigest() -> Data? {
        ServedRequest.message.map { Data(SHA256.digest($0.serializedBytes())) }
    }

    /// The stored answer to `requestID`, refusing an id used for another method or another request.
    static func answer<Response: ProtoMessage>(
        to requestID: String, method: String, digest: Data?, on database: any SQLDatabase
    ) async throws -> Response? {
        guard
            let row = try await database.raw(
                """
                SELECT method, response, request_digest FROM idempotency_keys WHERE request_id = \(bind: requestID)
                """
            ).first()
        else { return nil }
        let storedMethod = try row.decode(column: "method", as: String.self)
        guard storedMethod == method else {
            throw StorageError(
                .requestIDReused(method: storedMethod),
                "request_id '\(requestID)' was already used for \(storedMethod); use a new one for \(method)")
        }
        if let digest, let stored = try row.decode(column: "request_digest", as: Data?.self), stored != digest {
            throw StorageError(
                .requestIDReused(method: storedMethod),
                "request_id '\(requestID)' was already used for a different \(method) request: send that "
                    + "request again unchanged to get its answer, or use a new request_id for this one")
        }
        let stored = try row.decode(column: "response", as: Data.self)
        return try Response(serializedBytes: [UInt8](stored))
    }

    /// Forgets the request ids recorded before `cutoff` (milliseconds since 1970) and the answers
    /// kept with them; returns how many. Each kept answer is a copy of a response, one per change
    /// ever made, so without this the table only grows. A retry is a client that never saw its
    /// answer, seconds or minutes later; one that comes after its id was forgotten makes the change
    /// again. The old ids are found by a read (a scan, on a reader, not holding the writers up) and
    /// deleted by key, `batch` at a time, each batch a short write of its own.
    public func forgetRequestIDs(before cutoff: Int64, batch: Int = 500) async throws -> Int {
        precondition(batch > 0, "a batch of \(batch)")
        var forgotten = 0
        var previous: [String] = []
        while true {
            let ids = try await read { database in
                try await database.raw(
                    """
                    SELECT request_id FROM idempotency_keys WHERE created_at_ms < \(bind: cutoff) \
                    LIMIT \(unsafeRaw: String(batch))
                    """
                ).all().map { try $0.decode(column: "request_id", as: String.self) }
            }
            guard !ids.isEmpty else { return forgotten }
            // The same ids again means the delete found none of them: stop rather than spin.
            guard ids != previous else {
                throw StorageError(.failed, "request ids older than \(cutoff) were not deleted")
            }
            previous = ids
            try await write { database in
                try await database.delete(from: "idempotency_keys")
                    .where("request_id", .in, ids).where("created_at_ms", .lessThan, cutoff).run()
            }
            forgotten += ids.count
            if ids.count < batch { return forgotten }
        }
    }

    /// The same for a write that made or changed one record: it answers with the record's key, and
    /// the store reads the record back; a store never speaks in wire messages.
    public func idempotentWrite(
        requestID: String, method: String, _ body: (any SQLDatabase) async throws -> String
    ) async throws -> String {
        try await idempotentWrite(requestID: requestID, method: method) { database in
            RecordKey(try await body(database))
        }.key
    }

    /// The key a write of that kind recorded for `requestID`, if it has been made.
    public func recordedKey(requestID: String, method: String) async throws -> String? {
        try await recordedAnswer(requestID: requestID, method: method, as: RecordKey.self)?.key
    }
}
