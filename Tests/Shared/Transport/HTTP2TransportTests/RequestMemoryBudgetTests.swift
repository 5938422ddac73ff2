import Testing

@testable import HTTP2Transport

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

    @Test func eachConnectionKeepsAReserveThatOthersCannotTake() {
        // 4 connections at most: a quarter of 400 is set aside, 25 each; 300 are shared.
        let server = RequestMemoryBudget(limit: 400, maxConnections: 4)
        #expect(server.connectionReserve == 25)
        #expect(server.sharedLimit == 300)
        var flooder = ConnectionMemoryBudget(limit: 400, server: server)
        var officer = ConnectionMemoryBudget(limit: 400, server: server)
        #expect(flooder.charge(325) == nil)  // its reserve, then all of the shared part
        #expect(flooder.charge(1) == .server)
        #expect(officer.charge(20) == nil)  // a small call still fits
        #expect(officer.charge(6) == .server)
        officer.release(20)
        flooder.release(25)  // what it gives back returns to the shared part first
        #expect(server.inUse == 275)
        #expect(officer.charge(50) == nil)
        #expect(server.inUse == 300)
    }

    @Test func theReserveIsCappedAndVanishesWithoutAConnectionCap() {
        #expect(RequestMemoryBudget(limit: 256 << 20, maxConnections: 1000).connectionReserve == 64 << 10)
        #expect(RequestMemoryBudget(limit: 1000).connectionReserve == 0)
        #expect(RequestMemoryBudget(limit: 1000).sharedLimit == 1000)
    }
}
