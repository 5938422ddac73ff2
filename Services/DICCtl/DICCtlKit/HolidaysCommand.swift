import ArgumentParser
import CommonAPI
import LicensingAPI

/// `dicctl licensing holidays`: the days off and make-up working days deadlines count with.
struct HolidaysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays", abstract: "The holiday calendar working-day deadlines are counted with.",
        subcommands: [List.self, Set.self], defaultSubcommand: List.self)

    static func print(_ holidays: [APIHoliday], _ format: OutputFormat) {
        Output.print(
            format, columns: ["DATE", "KIND", "NAME"],
            rows: holidays.map { [Output.date($0.date), $0.workingDay ? "working day" : "day off", $0.name] },
            json: holidays.map {
                ["date": Output.date($0.date), "workingDay": $0.workingDay, "name": $0.name] as [String: Any]
            })
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One year's entries.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var year: Int32

        func run() async throws {
            try await DICCtl.run {
                let holidays = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listHolidays(
                        APIListHolidaysRequest(year: year), options: connection.callOptions)
                }.holidays
                HolidaysCommand.print(holidays, connection.output)
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a year's entries (administrators).",
            discussion: """
                Example: set 2023 --off "2023-01-02=Nghỉ bù Tết Dương lịch" --off "2023-01-20=Tết Nguyên đán" \
                --working "2023-05-06=Làm bù"
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument var year: Int32
        @Option(help: "A weekday off, DATE=name (repeat).") var off: [String] = []
        @Option(help: "A make-up working Saturday or Sunday, DATE=name (repeat).") var working: [String] = []

        func run() async throws {
            func entry(_ text: String, working: Bool, option: String) throws -> APIHoliday {
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard let day = parts.first else { throw ValidationError("\(option): empty; give DATE=name") }
                return APIHoliday(
                    date: try Output.parseDate(day, option: option), name: parts.count > 1 ? parts[1] : "",
                    workingDay: working)
            }
            let entries =
                try off.map { try entry($0, working: false, option: "--off") }
                + working.map { try entry($0, working: true, option: "--working") }
            try await DICCtl.run {
                let holidays = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).setHolidays(
                        APISetHolidaysRequest(year: year, holidays: entries), options: connection.callOptions)
                }.holidays
                HolidaysCommand.print(holidays, connection.output)
            }
        }
    }
}
