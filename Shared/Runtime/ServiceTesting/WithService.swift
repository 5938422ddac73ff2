import Logging
import RPCCore
import RPCInProcess
import ServiceStorage

/// A service as its callers see it, with no sockets: the router `serve` builds over a fresh,
/// migrated database, on the in-process transport; `body` gets a client connection and the
/// database (to arrange data or look behind the API). Everything is closed and removed afterwards.
///
///     try await withService(migrations: LicensingSchema.migrations) { database, router in
///         router.add(LicensingProvider(database: database, ...))
///     } _: { rpc, _ in
///         let licences = try await APILicensingService.Client(rpc).listLicences(...)
///     }
public func withService<T: Sendable>(
    named name: String = "service", migrations: [Migration], logger: Logger = Logger(label: "test"),
    serve: (Database, inout RPCRouter) async throws -> Void,
    _ body: @Sendable (RPCClient, Database) async throws -> T
) async throws -> T {
    try await withTemporaryDatabase(named: name, migrations: migrations, logger: logger) { database in
        var router = RPCRouter()
        try await serve(database, &router)
        return try await InProcessTransport.withServer(router) { rpc in try await body(rpc, database) }
    }
}
