import ArgumentParser
import Testing

@testable import DICCtlKit

/// Every command of dicctl, walked from the root: each must be one that can run at all. A
/// definition ArgumentParser refuses (two options of one name, as `orgs create` had) ends the
/// process when the command is first parsed, so each is checked in a process of its own.
struct DICCtlTests {
    /// The path of every command that runs (a leaf of the tree), as the user types it.
    static let commandPaths: [[String]] = {
        func walk(_ command: any ParsableCommand.Type, _ path: [String]) -> [[String]] {
            let subcommands = command.configuration.subcommands
            if subcommands.isEmpty { return [path] }
            return subcommands.flatMap { sub in
                walk(sub, path + [sub._commandName])
            }
        }
        return walk(DICCtl.self, [])
    }()

    static func command(at path: [String]) -> (any ParsableCommand.Type)? {
        var command: any ParsableCommand.Type = DICCtl.self
        for name in path {
            guard let sub = command.configuration.subcommands.first(where: { $0._commandName == name }) else {
                return nil
            }
            command = sub
        }
        return command
    }

    @Test func theTreeHasEveryTeamsCommands() {
        let paths = Set(Self.commandPaths.map { $0.joined(separator: " ") })
        #expect(paths.count > 60)
        for expected in ["licensing orgs create", "licensing orgs update", "telecom sites list", "dx plan", "report"] {
            #expect(paths.contains { $0.hasPrefix(expected) }, "no command \(expected)")
        }
    }

    @Test(arguments: commandPaths)
    func eachCommandsDefinitionIsAccepted(_ path: [String]) async {
        await #expect(processExitsWith: .success) { [path] in
            guard let command = DICCtlTests.command(at: path) else { fatalError("no command \(path)") }
            // Building the help builds the command's argument set: ArgumentParser checks the
            // definition there and ends the process when it refuses it.
            _ = DICCtl.helpMessage(for: command)
        }
    }

    @Test func anOrganisationsHeadOfficeIsNotTheServiceAddress() throws {
        let parsed = try DICCtl.parseAsRoot([
            "licensing", "orgs", "create", "--name", "Nhà in Bắc Kạn", "--office-address", "Tổ 1, phường Đức Xuân",
            "--address", "127.0.0.1:50051",
        ])
        let create = try #require(parsed as? OrganisationsCommand.Create)
        #expect(create.fields.address == "Tổ 1, phường Đức Xuân")
        #expect(create.connection.address == "127.0.0.1:50051")
    }
}
