import CommonAPI
import ProtoWire
import RPCCore
import ServiceStorage
import Testing

@testable import AccessControl

struct AuditProviderTests {
    /// 220 records naming entities of 16,000 bytes would be an answer of 3.5 MB: a page of 1,000
    /// stops before the answer budget, and the next page starts after its last record.
    @Test func aPageOfLargeRecordsStopsBeforeTheAnswerLimit() async throws {
        let bootstrap = "first-setup-0123456789"
        try await withAccessStore(bootstrapToken: bootstrap) { store in
            let filler = String(repeating: "x", count: 16_000)
            for index in 0..<220 {
                try await runAudited(store, bootstrap: bootstrap, AccessService.createToken) { _ in
                    try await store.database.write { _ in AuditLog.touch("entity:\(index):\(filler)") }
                }
            }
            let context = ServerContext(
                method: AuditService.listAuditRecords, metadata: Metadata(), peer: "test", deadline: nil,
                requestID: "list")
            let provider = AuditProvider(database: store.database)
            var seen: [Int64] = []
            var token = ""
            var pages: [Int] = []
            repeat {
                let page = try await provider.listAuditRecords(
                    ListAuditRecordsRequest(page: PageRequest(pageSize: 1000, pageToken: token)), context: context)
                #expect(page.serializedSize() <= PageWindow.answerBudget + 64)
                seen += page.records.map(\.seq)
                pages.append(page.records.count)
                token = page.page?.nextPageToken ?? ""
            } while !token.isEmpty && pages.count < 10
            #expect(pages.count == 2 && pages[0] > 150, "\(pages)")
            #expect(seen == Array(1...220))
        }
    }
}
