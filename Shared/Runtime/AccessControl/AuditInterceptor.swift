import Logging
import RPCCore
import ServiceStorage

/// Accounts for every call to a method that may change data (declared `editor` or `admin`): the
/// call's principal, method and request id reach the database writes it makes, which append their
/// audit records in the same transaction (``ServiceStorage/Database/write(_:)``). A change that
/// fails leaves a record of its own with the status, so refused attempts are on file too. Runs
/// after ``AuthInterceptor``, which names the principal.
public struct AuditInterceptor: ServerInterceptor {
    let database: Database
    let logger: Logger
    let policy: AccessPolicy

    public init(database: Database, logger: Logger, policy: AccessPolicy) {
        self.database = database
        self.logger = logger
        self.policy = policy
    }

    public func intercept(
        context: ServerContext, next: @Sendable (ServerContext) async throws -> Void
    ) async throws {
        guard let access = policy.access(of: context.method), access == .editor || access == .admin else {
            try await next(context)
            return
        }
        let call = AuditCall(
            principal: context.principal ?? "anonymous", method: context.method.path, requestID: context.requestID)
        do {
            try await AuditCall.$current.withValue(call) { try await next(context) }
        } catch {
            let outcome =
                if let error = error as? RPCError { "\(error.code): \(error.message)" } else {
                    "INTERNAL: \(type(of: error))"
                }
            do {
                try await database.auditFailure(call, outcome: outcome)
            } catch let auditError {
                logger.error("could not audit a failed change", metadata: ["error": "\(auditError)"])
            }
            throw error
        }
    }
}
