import ArgumentParser
import CommonAPI
import Foundation
import RPCCore

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create, list and revoke a service's bearer tokens (needs <service>.admin).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A new token for a principal, printed once: the service keeps only its hash.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Who the token stands for, such as nguyen.van.a or dic-aggregator.") var principal: String
        @Option(help: "What the token is for.") var description = ""
        @Option(help: "Lifetime in days; 0 never expires.") var days = 0

        func run() async throws {
            guard days >= 0 else { throw ValidationError("--days: must be 0 or more") }
            try await DICCtl.run {
                let created = try await connection.withClient { rpc in
                    try await AccessService.Client(rpc).createToken(
                        CreateTokenRequest(
                            requestID: UUID().uuidString, principal: principal, descriptionField: description,
                            ttlSeconds: Int64(days) * 86_400),
                        options: connection.callOptions)
                }
                let info = created.info ?? TokenInfo()
                Output.print(
                    connection.output, columns: ["ID", "PRINCIPAL", "EXPIRES", "TOKEN"],
                    rows: [[info.id, info.principal, Output.time(info.expiresAt, unset: "never"), created.token]],
                    json: ["id": info.id, "principal": info.principal, "token": created.token])
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tokens, without their secrets.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this principal's tokens.") var principal = ""

        func run() async throws {
            try await DICCtl.run {
                let tokens = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        let found = try await AccessService.Client(rpc).listTokens(
                            ListTokensRequest(principal: principal, page: page), options: connection.callOptions)
                        return (found.tokens, found.page)
                    }
                }
                Output.print(
                    connection.output, columns: ["ID", "PRINCIPAL", "CREATED", "EXPIRES", "STATE", "DESCRIPTION"],
                    rows: tokens.map {
                        [
                            $0.id, $0.principal, Output.time($0.createdAt, unset: "never"),
                            Output.time($0.expiresAt, unset: "never"), TokensCommand.state($0), $0.descriptionField,
                        ]
                    },
                    json: tokens.map {
                        [
                            "id": $0.id, "principal": $0.principal, "state": TokensCommand.state($0),
                            "description": $0.descriptionField,
                        ]
                    })
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token at once; it cannot be undone.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The token id from 'dicctl tokens list'.") var id: String

        func run() async throws {
            try await DICCtl.run {
                let info = try await connection.withClient { rpc in
                    try await AccessService.Client(rpc).revokeToken(
                        RevokeTokenRequest(requestID: UUID().uuidString, id: id), options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["ID", "PRINCIPAL", "STATE"],
                    rows: [[info.id, info.principal, TokensCommand.state(info)]],
                    json: ["id": info.id, "principal": info.principal, "state": TokensCommand.state(info)])
            }
        }
    }

    static func state(_ token: TokenInfo, now: Foundation.Date = Foundation.Date()) -> String {
        if token.revoked { return "revoked" }
        if let expires = token.expiresAt, TimeInterval(expires.seconds) <= now.timeIntervalSince1970 {
            return "expired"
        }
        return "active"
    }
}
