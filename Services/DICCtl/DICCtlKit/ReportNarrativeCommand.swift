import ArgumentParser
import Foundation
import RPCCore
import ReportAPI

extension ReportCommand {
    struct NarrativeCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "narrative", abstract: "The paragraphs people write for a quarter's sections.",
            subcommands: [Set.self, List.self])

        struct Set: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set a section's paragraphs from a text file (paragraphs separated by a blank line).",
                discussion:
                    "An empty file removes the section's narrative. Sections: 1, 2.1, 2.2, 2.3, 2.4, 3, 5, 8, II.")
            @OptionGroup var connection: ConnectionOptions
            @Option(help: "The year.") var year: Int32
            @Option(help: "1 to 4.") var quarter: Int32
            @Option(help: "The report section's number, such as 2.1 (II for Part II).") var section: String
            @Argument(help: "A UTF-8 text file; - for standard input.") var file: String
            @Option(help: "Makes a retry safe (default: a new one).") var requestId = UUID().uuidString

            func run() async throws {
                let data: Data
                if file == "-" {
                    data = FileHandle.standardInput.readDataToEndOfFile()
                } else {
                    guard let read = FileManager.default.contents(atPath: file) else {
                        throw ValidationError("\(file): cannot read it")
                    }
                    data = read
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ValidationError("\(file): not UTF-8 text")
                }
                let paragraphs = Self.paragraphs(text)
                try await DICCtl.run {
                    let saved = try await connection.withClient { rpc in
                        try await APIReportsService.Client(rpc).saveNarrative(
                            APISaveNarrativeRequest(
                                requestID: requestId,
                                narrative: APINarrative(
                                    year: year, quarter: quarter, section: section, paragraphs: paragraphs)),
                            options: connection.callOptions)
                    }
                    Output.print(
                        connection.output, columns: ["QUARTER", "SECTION", "PARAGRAPHS", "BY"],
                        rows: [
                            [
                                "\(saved.year) Q\(saved.quarter)", saved.section, "\(saved.paragraphs.count)",
                                saved.updatedBy,
                            ]
                        ],
                        json: [
                            "year": saved.year, "quarter": saved.quarter, "section": saved.section,
                            "paragraphs": saved.paragraphs, "updatedBy": saved.updatedBy,
                        ])
                }
            }

            /// Paragraphs are separated by blank lines; lines within one are joined with a space.
            static func paragraphs(_ text: String) -> [String] {
                var paragraphs: [String] = []
                var current: [String] = []
                // Any line ending: "\r\n" (a file saved on Windows) is one Character, not a "\n".
                for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                    let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                    if trimmed.isEmpty {
                        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                        current = []
                    } else {
                        current.append(trimmed)
                    }
                }
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                return paragraphs
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "A quarter's narratives.")
            @OptionGroup var connection: ConnectionOptions
            @Option(help: "The year.") var year: Int32
            @Option(help: "1 to 4.") var quarter: Int32

            func run() async throws {
                try await DICCtl.run {
                    let found = try await connection.withClient { rpc in
                        try await APIReportsService.Client(rpc).listNarratives(
                            APIListNarrativesRequest(year: year, quarter: quarter), options: connection.callOptions)
                    }
                    Output.print(
                        connection.output, columns: ["SECTION", "PARAGRAPHS", "UPDATED", "BY", "BEGINS"],
                        rows: found.narratives.map {
                            [
                                $0.section, "\($0.paragraphs.count)", Output.time($0.updatedAt), $0.updatedBy,
                                String(($0.paragraphs.first ?? "").prefix(50)),
                            ]
                        },
                        json: found.narratives.map {
                            ["section": $0.section, "paragraphs": $0.paragraphs, "updatedBy": $0.updatedBy]
                                as [String: Any]
                        })
                }
            }
        }
    }
}
