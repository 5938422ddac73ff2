import ArgumentParser
import CommonAPI
import DXAPI
import Foundation

struct DXCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dx",
        abstract: "The IT and digital-transformation team's service, dic-dx (default address 127.0.0.1:50053).",
        discussion: """
            The department's KPI plan and targets, measurements (each correction a new revision), roll-ups
            and plan against result, tasks, information systems' security-level dossiers, recommendations.
            Periods are written 2023-Q1, 2023-03 (a month), 2023-H1 or 2023.
            """,
        subcommands: [
            Plan.self, Record.self, DXImportCommand.self, DXExportCommand.self, History.self, RollUp.self, Results.self,
            DXTasksCommand.self, DXTeamsCommand.self, DXMarketsCommand.self, DXDTICommand.self,
            DXSystemsCommand.self, DXRecommendationsCommand.self, DXOverridesCommand.self,
        ])

    /// `2023-Q1`, `2023-03`, `2023-H2` or `2023`.
    static func period(_ text: String, option: String = "--period") throws -> Period {
        let parts = text.uppercased().split(separator: "-").map(String.init)
        guard let year = parts.first.flatMap({ Int32($0) }) else {
            throw ValidationError("\(option): '\(text)' is not a period such as 2023-Q1, 2023-03, 2023-H1 or 2023")
        }
        guard parts.count == 2 else { return Period(kind: .year, year: year, index: 0) }
        let rest = parts[1]
        if rest.hasPrefix("Q"), let index = Int32(rest.dropFirst()) {
            return Period(kind: .quarter, year: year, index: index)
        }
        if rest.hasPrefix("H"), let index = Int32(rest.dropFirst()) {
            return Period(kind: .halfYear, year: year, index: index)
        }
        if let index = Int32(rest) { return Period(kind: .month, year: year, index: index) }
        throw ValidationError("\(option): '\(text)' is not a period such as 2023-Q1, 2023-03, 2023-H1 or 2023")
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The KPI plan: indicators, how each is computed, targets.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Show this year's targets.") var year: Int32 = 2023

        func run() async throws {
            try await DICCtl.run {
                let kpis = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        let found = try await APIDigitalTransformationService.Client(rpc).listKpis(
                            APIListKpisRequest(page: page), options: connection.callOptions)
                        return (found.kpis, found.page)
                    }
                }
                Output.print(
                    connection.output, columns: ["NO.", "CODE", "UNIT", "COMPUTED BY", "TARGET", "DECISION", "NAME"],
                    rows: kpis.map { kpi in
                        let target = kpi.targets.first { $0.year == year }
                        return [
                            "\(kpi.order)", kpi.code, kpi.unit, kpi.measured ? "measured here" : kpi.externalService,
                            DXCommand.number(target?.value), target?.decision ?? "", kpi.name,
                        ]
                    },
                    json: kpis.map { kpi in
                        [
                            "order": kpi.order, "code": kpi.code, "name": kpi.name, "unit": kpi.unit,
                            "measured": kpi.measured, "externalService": kpi.externalService,
                            "externalCode": kpi.externalCode,
                            "targets": kpi.targets.map {
                                ["year": $0.year, "value": $0.value, "decision": $0.decision]
                            },
                        ] as [String: Any]
                    })
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a unit's figure for a period (a correction becomes a new revision).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The indicator code, such as dx.online_dossier_rate.") var indicator: String
        @Option(help: "The unit code.") var unit: String
        @Option(help: "The period: 2023-Q1, 2023-03, 2023-H1 or 2023.") var period: String
        @Option(help: "The numerator (or the count).") var numerator: Double
        @Option(help: "The denominator, for a rate.") var denominator: Double?

        func run() async throws {
            let measurement = APIMeasurement(
                indicatorCode: indicator, unitCode: unit, period: try DXCommand.period(period), numerator: numerator,
                denominator: denominator)
            try await DICCtl.run {
                let recorded = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).recordMeasurements(
                        APIRecordMeasurementsRequest(measurements: [measurement]), options: connection.callOptions)
                }.measurements
                Swift.print("recorded revision \(recorded.first?.revision ?? 0) of \(indicator) for \(unit), \(period)")
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every revision of a unit's figure for a period.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var indicator: String
        @Option var unit: String
        @Option var period: String

        func run() async throws {
            let request = APIMeasurementHistoryRequest(
                indicatorCode: indicator, unitCode: unit, period: try DXCommand.period(period))
            try await DICCtl.run {
                let revisions = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        var paged = request
                        paged.page = page
                        let found = try await APIDigitalTransformationService.Client(rpc).getMeasurementHistory(
                            paged, options: connection.callOptions)
                        return (found.revisions, found.page)
                    }
                }
                Output.print(
                    connection.output, columns: ["REVISION", "NUMERATOR", "DENOMINATOR", "ENTERED BY", "CURRENT"],
                    rows: revisions.map {
                        [
                            "\($0.revision)", DXCommand.number($0.numerator), DXCommand.number($0.denominator),
                            $0.enteredBy, $0.current ? "yes" : "",
                        ]
                    },
                    json: revisions.map {
                        [
                            "revision": $0.revision, "numerator": $0.numerator, "denominator": $0.denominator as Any,
                            "enteredBy": $0.enteredBy, "current": $0.current,
                        ] as [String: Any]
                    })
            }
        }
    }

    struct RollUp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rollup", abstract: "An indicator for a unit and period, from the units inside it.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var indicator: String
        @Option(help: "The unit (default: every unit).") var unit = ""
        @Option var period: String

        func run() async throws {
            let request = APIRollUpRequest(
                indicatorCode: indicator, period: try DXCommand.period(period), unitCode: unit)
            try await DICCtl.run {
                let result = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).rollUp(
                        request, options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["NUMERATOR", "DENOMINATOR", "UNITS", "VALUE"],
                    rows: [
                        [
                            DXCommand.number(result.numerator), DXCommand.number(result.denominator), "\(result.units)",
                            DXCommand.number(result.value),
                        ]
                    ],
                    json: [
                        "numerator": result.numerator, "denominator": result.denominator as Any, "units": result.units,
                        "value": result.value as Any,
                    ])
            }
        }
    }

    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan against result for a period (indicators other services compute are left to the report).")
        @OptionGroup var connection: ConnectionOptions
        @Option var period: String
        @Option(help: "The unit (default: every unit).") var unit = ""

        func run() async throws {
            let period = try DXCommand.period(period)
            try await DICCtl.run {
                let results = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        let found = try await APIDigitalTransformationService.Client(rpc).getPlanResults(
                            APIGetPlanResultsRequest(period: period, unitCode: unit, page: page),
                            options: connection.callOptions)
                        return (found.results, found.page)
                    }
                }
                Output.print(
                    connection.output, columns: ["NO.", "CODE", "UNIT", "TARGET", "RESULT", "% OF TARGET", "VERDICT"],
                    rows: results.map {
                        [
                            "\($0.kpi?.order ?? 0)", $0.kpi?.code ?? "", $0.kpi?.unit ?? "",
                            DXCommand.number($0.target),
                            DXCommand.number($0.result), DXCommand.number($0.percentOfTarget),
                            WireChoice.name($0.verdict),
                        ]
                    },
                    json: results.map {
                        [
                            "code": $0.kpi?.code ?? "", "target": $0.target as Any, "result": $0.result as Any,
                            "percentOfTarget": $0.percentOfTarget as Any, "verdict": WireChoice.name($0.verdict),
                            "numerator": $0.numerator, "denominator": $0.denominator as Any,
                        ] as [String: Any]
                    })
            }
        }
    }
}

struct DXTasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks", abstract: "Tasks and their status (read from the dates).",
        subcommands: [List.self, Save.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A year's tasks.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The tasks of this year's plan (0: all).") var year: Int32 = 0
        @Option(help: "The tasks as they stood on this day, YYYY-MM-DD (default: today).") var asOf: String?
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).listTasks(
                        APIListTasksRequest(
                            year: year, today: try asOf.map { try Output.parseDate($0, option: "--as-of") },
                            page: PageRequest(pageSize: limit)),
                        options: connection.callOptions)
                }
                let tasks = found.tasks
                Output.print(
                    connection.output, columns: ["CODE", "DEADLINE", "DONE", "STATUS", "LEAD", "TITLE"],
                    rows: tasks.map {
                        [
                            $0.code, Output.date($0.deadline), Output.date($0.completedOn), WireChoice.name($0.status),
                            $0.leadUnit, $0.title,
                        ]
                    },
                    json: tasks.map {
                        [
                            "code": $0.code, "title": $0.title, "sourceDocument": $0.sourceDocument,
                            "leadUnit": $0.leadUnit,
                            "deadline": Output.date($0.deadline), "completedOn": Output.date($0.completedOn),
                            "status": WireChoice.name($0.status),
                        ]
                    })
                Output.footer(shown: tasks.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or change a task (mark it done with --done).")
        @OptionGroup var connection: ConnectionOptions
        @Argument var code: String
        @Option var title: String
        @Option(help: "The source document.") var source = ""
        @Option(help: "The lead unit.") var lead: String
        @Option(help: "YYYY-MM-DD.") var deadline: String
        @Option(help: "Done on, YYYY-MM-DD.") var done: String?
        @Option(help: "The year of the plan it belongs to (default: the deadline's year).") var planYear: Int32 = 0

        func run() async throws {
            let task = APITask(
                code: code, title: title, sourceDocument: source, leadUnit: lead,
                deadline: try Output.parseDate(deadline, option: "--deadline"),
                completedOn: try done.map { try Output.parseDate($0, option: "--done") }, planYear: planYear)
            try await DICCtl.run {
                let saved = try await connection.withClient { rpc in
                    try await APIDigitalTransformationService.Client(rpc).saveTask(
                        APISaveTaskRequest(task: task), options: connection.callOptions)
                }
                Swift.print("\(saved.code): \(WireChoice.name(saved.status))")
            }
        }
    }
}

struct DXSystemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "systems", abstract: "Information systems and their security-level dossiers.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only this owner's.") var owner = ""
    @Option(help: "At most this many.") var limit: Int32 = 100

    func run() async throws {
        try await DICCtl.run {
            let found = try await connection.withClient { rpc in
                try await APIDigitalTransformationService.Client(rpc).listInformationSystems(
                    APIListInformationSystemsRequest(owner: owner, page: PageRequest(pageSize: limit)),
                    options: connection.callOptions)
            }
            let systems = found.systems
            Output.print(
                connection.output, columns: ["CODE", "LEVEL", "STATUS", "DECISION", "APPROVER", "NAME"],
                rows: systems.map {
                    [
                        "\($0.code)", "\($0.proposedLevel)", WireChoice.name($0.status), $0.decisionNumber, $0.approver,
                        $0.name,
                    ]
                },
                json: systems.map {
                    [
                        "code": $0.code, "name": $0.name, "owner": $0.owner, "level": $0.proposedLevel,
                        "status": WireChoice.name($0.status), "reviewer": $0.reviewer, "approver": $0.approver,
                        "decisionNumber": $0.decisionNumber, "decidedOn": Output.date($0.decidedOn),
                    ] as [String: Any]
                })
            Output.footer(shown: systems.count, total: found.page?.totalSize, connection.output)
        }
    }
}
