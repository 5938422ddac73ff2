import ArgumentParser
import Foundation
import RPCCore

/// The operators' and officers' command line for every DIC service.
public struct DICCtl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dicctl",
        abstract: "Work with DIC Platform services from the command line.",
        discussion: """
            Connects to one service (--address, or DIC_ADDRESS). A bearer token is read from DIC_TOKEN.
            Failures print the gRPC status, such as "error: NOT_FOUND: ...", and exit with status 1.
            """,
        subcommands: [
            HealthCommand.self, ServicesCommand.self, InfoCommand.self, UnitsCommand.self, BackupCommand.self,
            TokensCommand.self, RolesCommand.self, AuditCommand.self,
            LicensingCommand.self, TelecomCommand.self, DXCommand.self, ReportCommand.self,
        ])

    public init() {}

    /// Runs a subcommand body, turning a call failure into one clear line and exit status 1.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as RPCError {
            FileHandle.standardError.write(Data("error: \(error.code): \(error.message)\n".utf8))
            throw ExitCode.failure
        }
    }
}
