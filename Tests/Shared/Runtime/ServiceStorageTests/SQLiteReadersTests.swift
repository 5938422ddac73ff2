import Logging
import NIOPosix
import SQLKit
import ServiceTesting
import Synchronization
import Testing

@testable import ServiceStorage

/// The read-only connections handed out to reads: at once while one is idle, otherwise in the
/// order the reads arrived, each connection passing straight from one read to the next.
struct SQLiteReadersTests {
    @Test func readsWaitInTurnForABusyReaderAndGetItWhenItIsReleased() async throws {
        try await withTemporaryDatabase(.sqlite, migrations: SQLiteHandleTests.migrations) { database in
            let readers = try await SQLiteReaders.open(
                path: database.path, count: 1, loops: MultiThreadedEventLoopGroup.singleton,
                logger: Logger(label: "test"))
            let (taken, takenSignal) = AsyncStream<Void>.makeStream()
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            let order = Order()
            let holder = Task {
                try await readers.withReader { sql in
                    takenSignal.yield()
                    for await _ in release { break }
                    order.append("holder")
                    return try await sql.raw("SELECT 1 AS n").first()?.decode(column: "n", as: Int.self)
                }
            }
            for await _ in taken { break }
            let first = Task { try await readers.withReader { _ in order.append("first") } }
            while readers.waiting < 1 { await Task.yield() }
            let second = Task { try await readers.withReader { _ in order.append("second") } }
            while readers.waiting < 2 { await Task.yield() }
            #expect(order.items.isEmpty)
            releaseSignal.yield()
            #expect(try await holder.value == 1)
            try await first.value
            try await second.value
            #expect(order.items == ["holder", "first", "second"])
            // Idle again: a read takes the reader at once.
            #expect(try await readers.withReader { sql in try await sql.raw("SELECT 2 AS n").all().count } == 1)
            #expect(readers.waiting == 0)
            await readers.close()
        }
    }
}

/// What the reads did, in order, from whichever thread each ran on.
private final class Order: Sendable {
    private let state = Mutex<[String]>([])
    var items: [String] { state.withLock { $0 } }
    func append(_ item: String) { state.withLock { $0.append(item) } }
}
