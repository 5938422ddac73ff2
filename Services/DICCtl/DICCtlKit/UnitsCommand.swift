import ArgumentParser
import CommonAPI
import Foundation
import RPCCore

struct UnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units", abstract: "The administrative-unit registry.",
        subcommands: [List.self, Get.self, Search.self, Ancestor.self, Resolve.self, Import.self])

    struct DateOption: ParsableArguments {
        @Option(name: .customLong("as-of"), help: "Units in force on this date, YYYY-MM-DD (default: today).")
        var asOf: String?

        func date() throws -> CommonAPI.Date? {
            try asOf.map { try Output.parseDate($0, option: "--as-of") }
        }
    }

    static func level(_ text: String?) throws -> AdminLevel {
        switch text?.lowercased() {
        case nil: .unspecified
        case "province": .province
        case "district": .district
        case "commune": .commune
        case "village": .village
        default: throw ValidationError("--level: '\(text ?? "")' is not province, district, commune or village")
        }
    }

    static func print(_ units: [AdminUnit], total: Int64? = nil, _ format: OutputFormat) {
        let rows = units.map { unit in
            [
                unit.code, unit.name, "\(unit.level)", unit.parentCode, Output.date(unit.validFrom),
                Output.date(unit.validTo),
            ]
        }
        let json = units.map { unit -> [String: Any] in
            [
                "code": unit.code, "officialCode": unit.officialCode, "name": unit.name, "level": "\(unit.level)",
                "parentCode": unit.parentCode, "validFrom": Output.date(unit.validFrom),
                "validTo": Output.date(unit.validTo),
                "placeholder": unit.placeholder, "source": unit.source,
            ]
        }
        Output.print(format, columns: ["CODE", "NAME", "LEVEL", "PARENT", "FROM", "TO"], rows: rows, json: json)
        if let total, format == .table, total > units.count { Swift.print("(\(units.count) of \(total))") }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The units under a parent (the provinces by default).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var date: DateOption
        @Option(help: "Parent unit code.") var parent = ""

        func run() async throws {
            try await DICCtl.run {
                let asOf = try date.date()
                let (units, total) = try await connection.withClient { rpc in
                    let client = AdminUnitsService.Client(rpc)
                    var units: [AdminUnit] = []
                    var token = ""
                    var total: Int64 = 0
                    var progress: ProgressBar?
                    repeat {
                        let page = try await client.listChildren(
                            ListChildrenRequest(
                                parentCode: parent, asOf: asOf, page: PageRequest(pageSize: 1000, pageToken: token)),
                            options: connection.callOptions)
                        units += page.units
                        total = page.page?.totalSize ?? Int64(units.count)
                        token = page.page?.nextPageToken ?? ""
                        if progress == nil && !token.isEmpty {
                            progress = ProgressBar(total: Int(total), label: "fetching", unit: "units")
                        }
                        progress?.update(units.count)
                    } while !token.isEmpty
                    progress?.finish()
                    return (units, total)
                }
                UnitsCommand.print(units, total: total, connection.output)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One unit by its code.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var code: String

        func run() async throws {
            try await DICCtl.run {
                let unit = try await connection.withClient { rpc in
                    try await AdminUnitsService.Client(rpc).getAdminUnit(
                        GetAdminUnitRequest(code: code), options: connection.callOptions)
                }
                UnitsCommand.print([unit], connection.output)
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Units whose name contains the words, without diacritics.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var date: DateOption
        @Option(help: "province, district, commune or village.") var level: String?
        @Argument(help: "Such as \"bac kan\".") var query: String

        func run() async throws {
            try await DICCtl.run {
                let request = SearchAdminUnitsRequest(
                    query: query, level: try UnitsCommand.level(level), asOf: try date.date(),
                    page: PageRequest(pageSize: 1000))
                let found = try await connection.withClient { rpc in
                    try await AdminUnitsService.Client(rpc).searchAdminUnits(request, options: connection.callOptions)
                }
                UnitsCommand.print(found.units, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Ancestor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The unit a code belonged to at a level, on a date.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var date: DateOption
        @Option(help: "province or district.") var level: String
        @Argument var code: String

        func run() async throws {
            try await DICCtl.run {
                let request = AncestorRequest(code: code, level: try UnitsCommand.level(level), asOf: try date.date())
                let unit = try await connection.withClient { rpc in
                    try await AdminUnitsService.Client(rpc).getAncestor(request, options: connection.callOptions)
                }
                UnitsCommand.print([unit], connection.output)
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The units in force on a date that a code became or came from.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var date: DateOption
        @Argument var code: String

        func run() async throws {
            try await DICCtl.run {
                let request = ResolveAdminUnitRequest(code: code, asOf: try date.date())
                let resolved = try await connection.withClient { rpc in
                    try await AdminUnitsService.Client(rpc).resolveAdminUnit(request, options: connection.callOptions)
                }
                UnitsCommand.print(resolved.units, connection.output)
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import units and lineage from a CSV file (all rows or none).",
            discussion: "Running the same file again changes nothing: its request id is derived from its content.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "CSV file with the header line the registry expects.") var file: String

        func run() async throws {
            try await DICCtl.run {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError("cannot read \(file)")
                }
                let csv = String(decoding: data, as: UTF8.self)
                let requestID = "import-" + ContentID.of(Array(data))
                let pieces = Self.pieces(of: csv, size: 256 << 10)
                let progress = ProgressBar(total: data.count, label: "importing \(file)", unit: "bytes")
                let response = try await connection.withClient { rpc in
                    try await AdminUnitsService.Client(rpc).importAdminUnits(options: connection.callOptions) {
                        writer in
                        var sent = 0
                        for (index, piece) in pieces.enumerated() {
                            try await writer.write(
                                ImportAdminUnitsRequest(requestID: index == 0 ? requestID : "", csv: piece))
                            sent += piece.utf8.count
                            progress.update(sent)
                        }
                    }.message
                }
                progress.finish()
                if !response.errors.isEmpty {
                    for error in response.errors { Swift.print("\(file):\(error.line): \(error.reason)") }
                    FileHandle.standardError.write(
                        Data(
                            "error: \(response.errors.count == 1 ? "1 row is" : "\(response.errors.count) rows are") wrong; nothing was imported\n"
                                .utf8))
                    throw ExitCode.failure
                }
                Output.print(
                    connection.output, columns: ["ADDED", "UPDATED", "LINEAGE"],
                    rows: [["\(response.unitsAdded)", "\(response.unitsUpdated)", "\(response.lineageAdded)"]],
                    json: [
                        "added": response.unitsAdded, "updated": response.unitsUpdated,
                        "lineage": response.lineageAdded,
                    ])
            }
        }
    }
}

extension UnitsCommand.Import {
    /// The file in pieces of whole lines of about `size` bytes.
    static func pieces(of csv: String, size: Int) -> [String] {
        var pieces: [String] = []
        var pieceStart = csv.startIndex
        var index = csv.startIndex
        while let newline = csv[index...].firstIndex(of: "\n") {
            index = csv.index(after: newline)
            if csv.utf8.distance(from: pieceStart, to: index) >= size {
                pieces.append(String(csv[pieceStart..<index]))
                pieceStart = index
            }
        }
        // Whatever follows the last full piece, including a last line without a newline.
        if pieceStart < csv.endIndex { pieces.append(String(csv[pieceStart...])) }
        return pieces
    }
}

/// A short stable id for a file's content (FNV-1a, 64 bits, and the length): re-running an import
/// of the same file sends the same request id.
enum ContentID {
    static func of(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16) + "-" + String(bytes.count)
    }
}
