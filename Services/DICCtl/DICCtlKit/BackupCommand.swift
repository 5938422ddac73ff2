import ArgumentParser
import CommonAPI
import Foundation
import Logging
import RPCCore
import ServiceStorage

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back up a running service's database, or restore one.",
        subcommands: [Create.self, Restore.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A consistent copy of the live database, written by the service under <data dir>/backups.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "File name for the backup (default: service name and time).") var name = ""

        func run() async throws {
            try await DICCtl.run {
                let backup = try await connection.withClient { rpc in
                    try await ServiceAdminService.Client(rpc).backup(
                        BackupRequest(name: name), options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["PATH", "BYTES"], rows: [[backup.path, "\(backup.sizeBytes)"]],
                    json: ["path": backup.path, "sizeBytes": backup.sizeBytes])
            }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a stopped service's database with a backup.",
            discussion: "Stop the service first. The backup is checked before anything is replaced.")
        @Option(help: "The backup file.") var from: String
        @Option(help: "The service's database file, such as data/units.sqlite.") var database: String

        func run() async throws {
            do {
                try await Database.restore(backup: from, to: database, logger: Logger(label: "dicctl"))
                Swift.print("restored \(database) from \(from)")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
