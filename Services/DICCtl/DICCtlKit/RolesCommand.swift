import ArgumentParser
import CommonAPI
import Foundation
import RPCCore

struct RolesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles", abstract: "Grant and revoke a service's roles (needs <service>.admin).",
        discussion: """
            Roles are <service>.reader, <service>.editor (implies reader) and <service>.admin (implies \
            both). A client certificate's principal is cert:<common name>.
            """,
        subcommands: [List.self, Grant.self, Revoke.self, WhoAmI.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every principal with a role, and the roles.")
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await DICCtl.run {
                let principals = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        let found = try await AccessService.Client(rpc).listRoles(
                            ListRolesRequest(page: page), options: connection.callOptions)
                        return (found.principals, found.page)
                    }
                }
                RolesCommand.show(principals, connection.output)
            }
        }
    }

    struct Grant: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a principal roles.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The principal.") var principal: String
        @Argument(help: "Roles, such as units.reader.") var roles: [String]

        func run() async throws {
            try await RolesCommand.change(connection, principal, roles, grant: true)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take roles from a principal.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The principal.") var principal: String
        @Argument(help: "Roles, such as units.editor.") var roles: [String]

        func run() async throws {
            try await RolesCommand.change(connection, principal, roles, grant: false)
        }
    }

    struct WhoAmI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whoami", abstract: "Who the service takes you for (DIC_TOKEN or certificate), and your roles."
        )
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await DICCtl.run {
                let me = try await connection.withClient { rpc in
                    try await AccessService.Client(rpc).whoAmI(WhoAmIRequest(), options: connection.callOptions)
                }
                RolesCommand.show([me], connection.output)
            }
        }
    }

    static func change(
        _ connection: ConnectionOptions, _ principal: String, _ roles: [String], grant: Bool
    )
        async throws
    {
        guard !roles.isEmpty else { throw ValidationError("name at least one role") }
        try await DICCtl.run {
            let result = try await connection.withClient { rpc in
                let request = ChangeRolesRequest(requestID: UUID().uuidString, principal: principal, roles: roles)
                let client = AccessService.Client(rpc)
                return grant
                    ? try await client.grantRoles(request, options: connection.callOptions)
                    : try await client.revokeRoles(request, options: connection.callOptions)
            }
            show([result], connection.output)
        }
    }

    static func show(_ principals: [PrincipalRoles], _ format: OutputFormat) {
        Output.print(
            format, columns: ["PRINCIPAL", "ROLES"],
            rows: principals.map {
                [$0.principal.isEmpty ? "(anonymous)" : $0.principal, $0.roles.joined(separator: " ")]
            },
            json: principals.map { ["principal": $0.principal, "roles": $0.roles] })
    }
}
