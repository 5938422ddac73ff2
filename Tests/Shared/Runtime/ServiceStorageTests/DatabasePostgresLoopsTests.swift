import Logging
import NIOCore
import NIOPosix
import ServiceTesting
import Testing

@testable import ServiceStorage

/// PostgreSQL's connections live on the event loops the host gives: the server's, so that a call
/// served on a loop queries on a connection of that loop instead of another thread's.
struct DatabasePostgresLoopsTests {
    @Test func theConnectionsLiveOnTheGivenLoops() async throws {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = loops.next()
        let (configuration, address) = try await TestPostgres.makeDatabase()
        do {
            let database = try await Database.open(
                postgres: configuration, address: address, poolSize: 2, connectTimeout: .seconds(60),
                migrations: AuditLog.migrations, loops: loops, logger: Logger(label: "test"))
            for _ in 0..<3 {
                let used = try await database.withPostgres { connection, _ in ObjectIdentifier(connection.eventLoop) }
                #expect(used == ObjectIdentifier(loop))
            }
            // And the connection answers there.
            let one = try await database.read {
                try await $0.raw("SELECT 1 AS n").first()?.decode(column: "n", as: Int.self)
            }
            #expect(one == 1)
            try await database.close()
        } catch {
            try? await TestPostgres.dropDatabase(configuration)
            try? await loops.shutdownGracefully()
            throw error
        }
        try await TestPostgres.dropDatabase(configuration)
        try await loops.shutdownGracefully()
    }
}
