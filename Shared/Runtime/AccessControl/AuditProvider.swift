import CommonAPI
import Foundation
import RPCCore
import ServiceStorage

/// `dic.common.v1.Audit`: lists a service's audit records and verifies their hash chain.
public struct AuditProvider: AuditService.ServiceProtocol {
    let database: Database
    /// Signs and checks the trail's checkpoints; without it only the chain is checked.
    let checkpointKey: AuditCheckpointKey?

    public init(database: Database, checkpointKey: AuditCheckpointKey? = nil) {
        self.database = database
        self.checkpointKey = checkpointKey
    }

    public func listAuditRecords(
        _ request: ListAuditRecordsRequest, context: ServerContext
    ) async throws
        -> ListAuditRecordsResponse
    {
        var query = Database.AuditQuery()
        query.entity = request.entity
        query.principal = request.principal
        query.sinceMilliseconds = try request.since.map { try Self.milliseconds($0, field: "since") }
        query.untilMilliseconds = try request.until.map { try Self.milliseconds($0, field: "until") }
        let size = Int(request.page?.pageSize ?? 0)
        guard size >= 0 else { throw RPCError(.invalidArgument, "page.page_size: must not be negative") }
        query.limit = size == 0 ? 100 : min(size, 1000)
        if let token = request.page?.pageToken, !token.isEmpty {
            guard let after = Int64(token), after >= 0 else {
                throw RPCError(.invalidArgument, "page.page_token: not a token this service issued")
            }
            query.afterSeq = after
        }
        let records = try await database.listAudit(query)
        var messages = records.map(Self.message)
        var next = records.count == query.limit ? records.last.map { String($0.seq) } ?? "" : ""
        // Records that would pass the answer limit together go on the next page.
        let kept = PageWindow.fittingCount(messages)
        if kept < messages.count {
            messages.removeSubrange(kept...)
            next = String(records[kept - 1].seq)
        }
        return ListAuditRecordsResponse(records: messages, page: PageInfo(nextPageToken: next))
    }

    public func verifyAudit(
        _ request: VerifyAuditRequest, context: ServerContext
    ) async throws
        -> VerifyAuditResponse
    {
        var expected: (seq: Int64, hash: String)?
        if request.expectHeadSeq != 0 || !request.expectHeadHash.isEmpty {
            guard request.expectHeadSeq > 0 else {
                throw RPCError(.invalidArgument, "expect_head_seq: must be a record's sequence number, 1 or more")
            }
            guard request.expectHeadHash.utf8.count == 64,
                request.expectHeadHash.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            else {
                throw RPCError(.invalidArgument, "expect_head_hash: must be 64 lower-case hex digits")
            }
            expected = (request.expectHeadSeq, request.expectHeadHash)
        }
        let result = try await database.verifyAudit()
        var response = VerifyAuditResponse(
            intact: result.firstBad == nil, recordsChecked: result.recordsChecked,
            firstBadSeq: result.firstBad?.seq ?? 0, problem: result.firstBad?.problem ?? "",
            headHash: result.head?.hash ?? "", headSeq: result.head?.seq ?? 0)
        guard response.intact, let checkpointKey else { return response }
        let checked = try await database.verifyAuditCheckpoints(result, key: checkpointKey, expected: expected)
        response.checkpoint = checked.latest.map {
            CommonAPI.AuditCheckpoint(
                id: $0.id, at: Self.timestamp($0.atMilliseconds), headSeq: $0.headSeq, headHash: $0.headHash,
                mac: $0.mac)
        }
        response.unsignedRecords = checked.unsignedRecords
        if let problem = checked.problem {
            response.intact = false
            response.firstBadSeq = problem.seq
            response.problem = problem.reason
        }
        return response
    }

    static func timestamp(_ milliseconds: Int64) -> Timestamp {
        Timestamp(seconds: milliseconds / 1000, nanos: Int32(milliseconds % 1000) * 1_000_000)
    }

    static func milliseconds(_ timestamp: Timestamp, field: String) throws -> Int64 {
        guard (0..<1_000_000_000).contains(timestamp.nanos) else {
            throw RPCError(.invalidArgument, "\(field).nanos: must be 0 to 999,999,999")
        }
        let (product, overflow) = timestamp.seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { throw RPCError(.invalidArgument, "\(field).seconds: out of range") }
        return product + Int64(timestamp.nanos / 1_000_000)
    }

    static func message(_ record: AuditEntry) -> CommonAPI.AuditRecord {
        CommonAPI.AuditRecord(
            seq: record.seq,
            at: timestamp(record.atMilliseconds),
            principal: record.principal, method: record.method, requestID: record.requestID, entity: record.entity,
            outcome: record.outcome, hash: record.hash)
    }
}
