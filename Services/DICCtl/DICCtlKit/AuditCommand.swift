import ArgumentParser
import CommonAPI
import Foundation
import RPCCore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read a service's audit trail and check it has not been tampered with.",
        subcommands: [List.self, Verify.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Audit records, oldest first.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "An entity, such as token:4f2a9c01b7de, or a kind, such as admin_unit.") var entity = ""
        @Option(help: "Only this principal's changes.") var principal = ""
        @Option(help: "From this time on: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.") var since: String?
        @Option(help: "Before this time: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ.") var until: String?

        func run() async throws {
            let request = ListAuditRecordsRequest(
                entity: entity, principal: principal,
                since: try since.map { try AuditCommand.timestamp($0, "--since") },
                until: try until.map { try AuditCommand.timestamp($0, "--until") })
            try await DICCtl.run {
                var records: [AuditRecord] = []
                try await connection.withClient { rpc in
                    let client = AuditService.Client(rpc)
                    var token = ""
                    repeat {
                        var page = request
                        page.page = PageRequest(pageSize: 1000, pageToken: token)
                        let response = try await client.listAuditRecords(page, options: connection.callOptions)
                        records += response.records
                        token = response.page?.nextPageToken ?? ""
                    } while !token.isEmpty
                }
                Output.print(
                    connection.output, columns: ["SEQ", "AT", "PRINCIPAL", "METHOD", "ENTITY", "OUTCOME"],
                    rows: records.map {
                        ["\($0.seq)", Output.time($0.at), $0.principal, $0.method, $0.entity, $0.outcome]
                    },
                    json: records.map {
                        [
                            "seq": $0.seq, "at": Output.time($0.at), "principal": $0.principal,
                            "method": $0.method, "requestId": $0.requestID, "entity": $0.entity,
                            "outcome": $0.outcome, "hash": $0.hash,
                        ] as [String: Any]
                    })
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain and the signed checkpoints; exits 1 and names the first bad record.",
            discussion: """
                The service signs the trail's head each minute it has grown (a checkpoint, with a key \
                outside the database), which reveals records cut from the end and a trail rewritten \
                whole. Keep the printed checkpoint somewhere else and pass it back with --checkpoint: \
                that also catches a cut made together with the removal of the checkpoints after it.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "A checkpoint kept elsewhere, as HEAD_SEQ:HEAD_HASH: the trail must still hold it.")
        var checkpoint: String?

        func run() async throws {
            var request = VerifyAuditRequest()
            if let checkpoint {
                let parts = checkpoint.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, let seq = Int64(parts[0]), seq > 0 else {
                    throw ValidationError("--checkpoint: expected HEAD_SEQ:HEAD_HASH, such as 42:9f86d0…")
                }
                request.expectHeadSeq = seq
                request.expectHeadHash = String(parts[1])
            }
            try await DICCtl.run {
                let result = try await connection.withClient { rpc in
                    try await AuditService.Client(rpc).verifyAudit(request, options: connection.callOptions)
                }
                guard result.intact else {
                    FileHandle.standardError.write(
                        Data("error: audit trail broken at record \(result.firstBadSeq): \(result.problem)\n".utf8))
                    throw ExitCode.failure
                }
                let signed = result.checkpoint.map { "\($0.headSeq):\($0.headHash)" } ?? ""
                Output.print(
                    connection.output,
                    columns: [
                        "STATE", "RECORDS", "HEAD SEQ", "HEAD HASH", "SIGNED CHECKPOINT", "SIGNED AT", "UNSIGNED",
                    ],
                    rows: [
                        [
                            "intact", "\(result.recordsChecked)", "\(result.headSeq)", result.headHash, signed,
                            result.checkpoint.map { Output.time($0.at) } ?? "", "\(result.unsignedRecords)",
                        ]
                    ],
                    json: [
                        "intact": true, "records": result.recordsChecked, "headSeq": result.headSeq,
                        "headHash": result.headHash, "checkpoint": signed,
                        "checkpointAt": result.checkpoint.map { Output.time($0.at) } ?? "",
                        "unsignedRecords": result.unsignedRecords,
                    ])
            }
        }
    }

    static func timestamp(_ text: String, _ option: String) throws -> Timestamp {
        let formatter = ISO8601DateFormatter()
        if text.count == 10 { formatter.formatOptions = [.withFullDate] }
        guard let date = formatter.date(from: text) else {
            throw ValidationError("\(option): '\(text)' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        }
        return Timestamp(seconds: Int64(date.timeIntervalSince1970), nanos: 0)
    }

}
