import ArgumentParser
import CommonAPI
import Foundation
import LicensingAPI
import RPCCore

extension LicensingCommand {
    /// Registers take minutes to move, not seconds: at least an hour unless --timeout says more.
    static func bulkOptions(_ connection: ConnectionOptions) -> CallOptions {
        CallOptions(timeout: .seconds(max(connection.timeout, 3600)), compression: .gzip)
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring in a licence register from CSV (one row per event).",
            discussion: """
                Good licences are stored; each bad row is printed as FILE:LINE: field: reason, and its
                licence is left out. Licences already recorded (same kind and number) are skipped, so
                running the file again after fixing rows imports only what was missing. Exits with
                status 1 when any licence was refused. Columns: see `dicctl licensing export`.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row and report; store nothing.") var dryRun = false

        func run() async throws {
            try await DICCtl.run {
                let response = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).importLicences(
                        options: LicensingCommand.bulkOptions(connection)
                    ) { writer in
                        try await FileUpload.stream(file) { bytes in
                            try await writer.write(APIImportLicencesRequest(data: bytes, dryRun: dryRun))
                        }
                    }.message
                }
                FileUpload.printProblems(
                    file, response.problems.map { ($0.line, $0.field, $0.reason) }, total: response.problemsTotal)
                Output.print(
                    connection.output,
                    columns: ["ROWS", "IMPORTED", "ALREADY RECORDED", "REFUSED", "NEW HOLDERS", "DRY RUN"],
                    rows: [
                        [
                            "\(response.rows)", "\(response.licencesImported)", "\(response.licencesAlreadyRecorded)",
                            "\(response.licencesRefused)", "\(response.organisationsCreated)",
                            response.dryRun ? "yes" : "no",
                        ]
                    ],
                    json: [
                        "rows": response.rows, "imported": response.licencesImported,
                        "alreadyRecorded": response.licencesAlreadyRecorded, "refused": response.licencesRefused,
                        "organisationsCreated": response.organisationsCreated, "dryRun": response.dryRun,
                        "problems": response.problems.map {
                            ["line": $0.line, "field": $0.field, "reason": $0.reason] as [String: Any]
                        },
                    ])
                try FileUpload.failIfRefused(response.licencesRefused, what: "licences")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the licence register as CSV (one row per event), which `import` reads back.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this kind, such as website.") var kind: String?
        @Option(name: .customLong("out"), help: "Write here instead of standard output.") var path: String?

        func run() async throws {
            let request = APIExportLicencesRequest(kind: try WireChoice.parse(kind, option: "--kind"))
            var output = FileHandle.standardOutput
            if let path {
                guard FileManager.default.createFile(atPath: path, contents: nil),
                    let file = FileHandle(forWritingAtPath: path)
                else { throw ValidationError("--out: cannot write \(path)") }
                output = file
            }
            let sink = output
            defer { if path != nil { try? sink.close() } }
            try await DICCtl.run {
                let bytes = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).exportLicences(
                        request, options: LicensingCommand.bulkOptions(connection)
                    ) { responses in
                        var total = 0
                        for try await response in responses {
                            try sink.write(contentsOf: response.data)
                            total += response.data.count
                        }
                        return total
                    }
                }
                if path != nil { FileHandle.standardError.write(Data("wrote \(bytes) bytes to \(path ?? "")\n".utf8)) }
            }
        }
    }
}
