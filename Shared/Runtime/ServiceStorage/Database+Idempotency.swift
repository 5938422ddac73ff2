import Foundation
import ProtoWire
import RPCCore
import SQLKit

extension Database {
    /// A write that happens once per client request id. The first call runs `body` and stores its
    /// response in the same transaction; a retry with the same id (a client that never saw the
    /// answer) gets that stored response back and changes nothing.
    public func idempotentWrite<Response: ProtoMessage>(
        requestID: String, method: String, _ body: (any SQLDatabase) async throws -> Response
    ) async throws -> Response {
        guard !requestID.isEmpty else {
            throw RPCError(
                .invalidArgument, "request_id: required for changes (a client-chosen unique id that makes retries safe)"
            )
        }
        guard requestID.utf8.count <= 128 else {
            throw RPCError(.invalidArgument, "request_id: at most 128 bytes")
        }
        return try await write { database in
            if let row = try await database.raw(
                "SELECT method, response FROM idempotency_keys WHERE request_id = \(bind: requestID)"
            ).first() {
                let storedMethod = try row.decode(column: "method", as: String.self)
                guard storedMethod == method else {
                    throw StorageError(
                        .requestIDReused(method: storedMethod),
                        "request_id '\(requestID)' was already used for \(storedMethod); use a new one for \(method)")
                }
                let stored = try row.decode(column: "response", as: Data.self)
                return try Response(serializedBytes: [UInt8](stored))
            }
            let response = try await body(database)
            var insert = PlainInsert(
                into: "idempotency_keys", columns: ["request_id", "method", "response", "created_at_ms"])
            insert.values([requestID, method, Data(response.serializedBytes()), Self.nowMilliseconds()])
            try await insert.run(on: database)
            AuditLog.pending?.bookkeepingRows.withLock { $0 += 1 }
            return response
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
}
