import ArgumentParser
import DXAPI
import Foundation
import RPCCore

struct DXImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import figures from CSV (a re-run records nothing twice).",
        discussion: """
            Columns: indicator_code, unit_code, period (2023-Q1, 2023-03, 2023-H1 or 2023), numerator,
            denominator (empty for a count). Bad rows are printed as FILE:LINE: field: reason and left out;
            the command exits with status 1 when any row was refused.
            """)
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Check every row and report; store nothing.") var dryRun = false

    func run() async throws {
        try await DICCtl.run {
            let response = try await connection.withClient { rpc in
                try await APIDigitalTransformationService.Client(rpc).importMeasurements(
                    options: CallOptions(timeout: .seconds(max(connection.timeout, 3600)), compression: .gzip)
                ) { writer in
                    try await FileUpload.stream(file) { bytes in
                        try await writer.write(APIImportMeasurementsRequest(data: bytes, dryRun: dryRun))
                    }
                }.message
            }
            FileUpload.printProblems(
                file, response.problems.map { ($0.line, $0.field, $0.reason) }, total: response.problemsTotal)
            Output.print(
                connection.output, columns: ["ROWS", "RECORDED", "UNCHANGED", "REFUSED", "DRY RUN"],
                rows: [
                    [
                        "\(response.rows)", "\(response.recorded)", "\(response.unchanged)", "\(response.refused)",
                        response.dryRun ? "yes" : "no",
                    ]
                ],
                json: [
                    "rows": response.rows, "recorded": response.recorded, "unchanged": response.unchanged,
                    "refused": response.refused, "dryRun": response.dryRun,
                ])
            if response.refused > 0 {
                FileHandle.standardError.write(
                    Data("error: \(response.refused) rows refused (see the lines above)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

struct DXExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the current figures as CSV, which `import` reads back.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only this indicator.") var indicator = ""

    func run() async throws {
        try await DICCtl.run {
            try await connection.withClient { rpc in
                try await APIDigitalTransformationService.Client(rpc).exportMeasurements(
                    APIExportMeasurementsRequest(indicatorCode: indicator), options: connection.callOptions
                ) { responses in
                    for try await response in responses {
                        try FileHandle.standardOutput.write(contentsOf: response.data)
                    }
                }
            }
        }
    }
}
