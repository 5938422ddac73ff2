import Testing

@testable import HTTP2Transport

struct CallDeadlinePolicyTests {
    let policy = CallDeadlinePolicy(maximum: .seconds(600), longLivedPaths: ["/grpc.health.v1.Health/Watch"])

    @Test func aClientDeadlineIsKeptUpToTheServerMaximum() {
        #expect(policy.timeout(requested: .seconds(5), path: "/a.B/C") == .seconds(5))
        #expect(policy.timeout(requested: .seconds(99_999_999 * 3600), path: "/a.B/C") == .seconds(600))
        #expect(policy.timeout(requested: .zero, path: "/a.B/C") == .zero)
    }

    @Test func aCallWithoutADeadlineGetsTheMaximumUnlessItIsLongLived() {
        #expect(policy.timeout(requested: nil, path: "/a.B/C") == .seconds(600))
        #expect(policy.timeout(requested: nil, path: "/grpc.health.v1.Health/Watch") == nil)
        #expect(policy.timeout(requested: .seconds(99_999_999), path: "/grpc.health.v1.Health/Watch") == .seconds(600))
    }
}

struct RequestMemoryBudgetTests {
    @Test func aConnectionIsRefusedPastItsOwnLimitAndTheServerPastItsTotal() {
        let server = RequestMemoryBudget(limit: 80)
        var first = ConnectionMemoryBudget(limit: 60, server: server)
        var second = ConnectionMemoryBudget(limit: 60, server: server)
        #expect(first.charge(50) == nil)
        #expect(first.charge(11) == .connection)
        #expect(second.charge(50) == .server)
        #expect(second.charge(30) == nil)
        #expect(server.inUse == 80)
        first.release(50)
        #expect(second.charge(20) == nil)
        #expect(second.charge(11) == .connection)
        second.release(1_000)  // never more than it holds
        #expect(second.used == 0)
        #expect(server.inUse == 0)
    }

    @Test func concurrentChargesNeverPassTheLimit() async {
        let server = RequestMemoryBudget(limit: 1000)
        let granted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var count = 0
                    for _ in 0..<1000 where server.charge(1) { count += 1 }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(granted == 1000)
        #expect(server.inUse == 1000)
    }
}
