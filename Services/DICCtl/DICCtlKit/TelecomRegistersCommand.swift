import ArgumentParser
import CommonAPI
import Foundation
import TelecomAPI

struct TelecomPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "The provincial infrastructure plan: planned sites and zones.",
        subcommands: [Show.self, AddSite.self, AddZone.self], defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every planned site and zone.")
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await DICCtl.run {
                let plan = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).getPlan(
                        APIGetPlanRequest(), options: connection.callOptions)
                }
                let rows =
                    plan.sites.map {
                        [
                            "site", $0.code,
                            String(
                                format: "%.5f,%.5f ± %.0f m", $0.position?.latitude ?? 0, $0.position?.longitude ?? 0,
                                $0.radiusM),
                            $0.allowedMastClasses.map(TelecomCommand.mastName).joined(separator: ";"),
                        ]
                    }
                    + plan.zones.map {
                        [
                            "zone", $0.code, "\($0.vertices.count) vertices",
                            $0.allowedMastClasses.map(TelecomCommand.mastName).joined(separator: ";"),
                        ]
                    }
                Output.print(
                    connection.output, columns: ["KIND", "CODE", "WHERE", "MASTS ALLOWED"], rows: rows,
                    json: rows.map { ["kind": $0[0], "code": $0[1], "where": $0[2], "masts": $0[3]] })
            }
        }
    }

    struct AddSite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace a planned site (administrators).")
        @OptionGroup var connection: ConnectionOptions
        @Argument var code: String
        @Option(help: "Latitude, WGS84 degrees.") var latitude: Double
        @Option(help: "Longitude, WGS84 degrees.") var longitude: Double
        @Option(help: "Tolerance around the point, metres.") var radius: Double = 300
        @Option(help: "A mast class allowed here (repeat; none: any).") var mast: [String] = []

        func run() async throws {
            let planned = APIPlannedSite(
                code: code, position: CommonAPI.GeoPoint(latitude: latitude, longitude: longitude), radiusM: radius,
                allowedMastClasses: try mast.map(TelecomCommand.mast))
            try await DICCtl.run {
                _ = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).savePlannedSite(
                        APISavePlannedSiteRequest(plannedSite: planned), options: connection.callOptions)
                }
                Swift.print("saved \(code)")
            }
        }
    }

    struct AddZone: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace a planned zone (administrators).")
        @OptionGroup var connection: ConnectionOptions
        @Argument var code: String
        @Option(help: "A vertex, LAT,LON (repeat, at least three, in order around the zone).") var vertex: [String] = []
        @Option(help: "A mast class allowed here (repeat; none: any).") var mast: [String] = []

        func run() async throws {
            let vertices = try vertex.map { text -> CommonAPI.GeoPoint in
                let parts = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard parts.count == 2 else { throw ValidationError("--vertex: '\(text)' is not LAT,LON") }
                return CommonAPI.GeoPoint(latitude: parts[0], longitude: parts[1])
            }
            let zone = APIPlanZone(
                code: code, vertices: vertices, allowedMastClasses: try mast.map(TelecomCommand.mast))
            try await DICCtl.run {
                _ = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).savePlanZone(
                        APISavePlanZoneRequest(zone: zone), options: connection.callOptions)
                }
                Swift.print("saved \(code)")
            }
        }
    }
}

struct TelecomRadioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radio", abstract: "Commune radio stations and how they work.",
        subcommands: [List.self, Save.self, Report.self, Reports.self], defaultSubcommand: List.self)

    static func print(_ stations: [APIRadioStation], _ format: OutputFormat) {
        Output.print(
            format,
            columns: ["STATION", "COMMUNE", "KIND", "CLUSTERS", "PROVINCIAL SOURCE", "STATE", "SINCE", "IN FORCE"],
            rows: stations.map {
                [
                    $0.code, $0.communeCode, WireChoice.name($0.kind), "\($0.loudspeakerClusters)",
                    $0.connectedToProvincialSource ? "yes" : "no",
                    $0.reports.last.map { WireChoice.name($0.state) } ?? "(no report)",
                    Output.date($0.reports.last?.on),
                    Output.span($0.installedOn, $0.decommissionedOn),
                ]
            },
            json: stations.map {
                [
                    "code": $0.code, "communeCode": $0.communeCode, "kind": WireChoice.name($0.kind),
                    "installedOn": $0.installedOn.map { Output.date($0) } as Any,
                    "decommissionedOn": $0.decommissionedOn.map { Output.date($0) } as Any,
                    "loudspeakerClusters": $0.loudspeakerClusters,
                    "connectedToProvincialSource": $0.connectedToProvincialSource,
                    "latestReport": $0.reports.last.map {
                        ["on": Output.date($0.on), "state": WireChoice.name($0.state), "note": $0.note]
                    } as Any,
                    "reportCount": $0.reportCount,
                ] as [String: Any]
            })
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stations in force, by unit and state.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The district or province.") var unit = ""
        @Option(help: "operating_well, operating or not_operating.") var state: String?
        @Option(help: "The stations in force and their state on this day, YYYY-MM-DD (default: today).")
        var asOf: String?
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            let request = APIListRadioStationsRequest(
                unitCode: unit, state: try WireChoice.parse(state, option: "--state"),
                asOf: try asOf.map { try Output.parseDate($0, option: "--as-of") }, page: PageRequest(pageSize: limit))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listRadioStations(request, options: connection.callOptions)
                }
                TelecomRadioCommand.print(found.stations, connection.output)
                Output.footer(shown: found.stations.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Reports: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A station's state reports, newest first.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The station's code.") var station: String
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            let request = APIListRadioStateReportsRequest(stationCode: station, page: PageRequest(pageSize: limit))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listRadioStateReports(
                        request, options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["ON", "STATE", "NOTE"],
                    rows: found.reports.map { [Output.date($0.on), WireChoice.name($0.state), $0.note] },
                    json: found.reports.map {
                        ["on": Output.date($0.on), "state": WireChoice.name($0.state), "note": $0.note] as [String: Any]
                    })
                Output.footer(shown: found.reports.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a commune's station or change its description.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The commune code.") var commune: String
        @Option(help: "The station's code (default: the commune code, for a commune's only station).")
        var code = ""
        @Option(help: "wired, fm_wireless or it_telecom.") var kind: String
        @Option(help: "Loudspeaker clusters.") var clusters: Int32 = 0
        @Flag(help: "Connected to the provincial source system.") var connected = false
        @Option(help: "In force from this day, YYYY-MM-DD.") var installedOn: String?
        @Option(help: "Decommissioned on this day, YYYY-MM-DD.") var decommissionedOn: String?

        func run() async throws {
            let station = APIRadioStation(
                communeCode: commune, kind: try WireChoice.parse(kind, option: "--kind"), loudspeakerClusters: clusters,
                connectedToProvincialSource: connected, code: code,
                installedOn: try installedOn.map { try Output.parseDate($0, option: "--installed-on") },
                decommissionedOn: try decommissionedOn.map { try Output.parseDate($0, option: "--decommissioned-on") })
            try await DICCtl.run {
                let saved = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).saveRadioStation(
                        APISaveRadioStationRequest(station: station), options: connection.callOptions)
                }
                TelecomRadioCommand.print([saved], connection.output)
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record how a station is working from a day on.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The commune code (of its only station in force), or empty with --station.")
        var commune: String = ""
        @Option(help: "The station's code, when the commune has more than one.") var station = ""
        @Option(help: "operating_well, operating or not_operating.") var state: String
        @Option(help: "From, YYYY-MM-DD.") var on: String
        @Option(help: "A note.") var note = ""

        func run() async throws {
            let request = APIReportRadioStateRequest(
                communeCode: commune,
                report: APIRadioStateReport(
                    on: try Output.parseDate(on, option: "--on"), state: try WireChoice.parse(state, option: "--state"),
                    note: note),
                stationCode: station)
            try await DICCtl.run {
                let station = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).reportRadioState(request, options: connection.callOptions)
                }
                TelecomRadioCommand.print([station], connection.output)
            }
        }
    }
}

struct TelecomPostalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postal", abstract: "Postal service points.",
        subcommands: [List.self, Save.self, TelecomDeletePostalCommand.self],
        defaultSubcommand: List.self)

    static func print(_ points: [APIPostalPoint], _ format: OutputFormat) {
        Output.print(
            format, columns: ["CODE", "NAME", "KIND", "OPERATOR", "UNIT", "STAFFED", "DOSSIERS", "OPEN"],
            rows: points.map {
                [
                    $0.code, $0.name, WireChoice.name($0.kind), $0.operator, $0.unitCode, $0.staffed ? "yes" : "no",
                    $0.handlesDossiers ? "yes" : "no", Output.span($0.openedOn, $0.closedOn),
                ]
            },
            json: points.map {
                [
                    "code": $0.code, "name": $0.name, "kind": WireChoice.name($0.kind), "operator": $0.operator,
                    "unitCode": $0.unitCode, "staffed": $0.staffed, "handlesDossiers": $0.handlesDossiers,
                    "openedOn": $0.openedOn.map { Output.date($0) } as Any,
                    "closedOn": $0.closedOn.map { Output.date($0) } as Any,
                ] as [String: Any]
            })
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Points by unit, operator or words.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Words in the code or name.") var query = ""
        @Option(help: "The unit (and every unit inside it).") var unit = ""
        @Option(help: "Operator code.") var `operator` = ""
        @Option(help: "At most this many.") var limit: Int32 = 100
        @Option(help: "Only the points open on this day, YYYY-MM-DD (default: every point recorded).")
        var asOf: String?

        func run() async throws {
            let request = APIListPostalPointsRequest(
                query: query, unitCode: unit, operator: `operator`, page: PageRequest(pageSize: limit),
                asOf: try asOf.map { try Output.parseDate($0, option: "--as-of") })
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listPostalPoints(request, options: connection.callOptions)
                }
                TelecomPostalCommand.print(found.points, connection.output)
                Output.footer(shown: found.points.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or change a postal point.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var code: String
        @Option(help: "Name.") var name: String
        @Option(help: "post_office, commune_cultural_point or agent.") var kind: String
        @Option(help: "Operator code, such as vnpost.") var `operator`: String
        @Option(help: "Unit code.") var unit: String
        @Flag(help: "Staffed.") var staffed = false
        @Flag(help: "Receives and returns procedure dossiers.") var handlesDossiers = false
        @Option(help: "Open from this day, YYYY-MM-DD.") var openedOn: String?
        @Option(help: "Closed on this day, YYYY-MM-DD (the record stays: past quarters still count it).")
        var closedOn: String?

        func run() async throws {
            let point = APIPostalPoint(
                code: code, name: name, kind: try WireChoice.parse(kind, option: "--kind"), operator: `operator`,
                unitCode: unit, staffed: staffed, handlesDossiers: handlesDossiers,
                openedOn: try openedOn.map { try Output.parseDate($0, option: "--opened-on") },
                closedOn: try closedOn.map { try Output.parseDate($0, option: "--closed-on") })
            try await DICCtl.run {
                let saved = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).savePostalPoint(
                        APISavePostalPointRequest(point: point), options: connection.callOptions)
                }
                TelecomPostalCommand.print([saved], connection.output)
            }
        }
    }
}

struct TelecomCablesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cables", abstract: "Urban telecom cable and the underground ratio.",
        subcommands: [List.self, Save.self, TelecomDeleteCableCommand.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Segments, with the totals and underground ratio.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The unit (and every unit inside it).") var unit = ""
        @Option(help: "Operator code.") var `operator` = ""
        @Option(help: "Only the segments in service on this day, YYYY-MM-DD (default: every segment recorded).")
        var asOf: String?

        func run() async throws {
            let request = APIListCableSegmentsRequest(
                unitCode: unit, operator: `operator`, page: PageRequest(pageSize: 1000),
                asOf: try asOf.map { try Output.parseDate($0, option: "--as-of") })
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listCableSegments(request, options: connection.callOptions)
                }
                Output.print(
                    connection.output,
                    columns: ["CODE", "OPERATOR", "UNIT", "KM", "UNDERGROUND", "URBAN", "IN SERVICE"],
                    rows: found.segments.map {
                        [
                            $0.code, $0.operator, $0.unitCode, String(format: "%.2f", $0.lengthKm),
                            $0.underground ? "yes" : "no", $0.urban ? "yes" : "no",
                            Output.span($0.inServiceFrom, $0.removedOn),
                        ]
                    },
                    json: [
                        "segments": found.segments.map {
                            [
                                "code": $0.code, "operator": $0.operator, "unitCode": $0.unitCode,
                                "lengthKm": $0.lengthKm,
                                "underground": $0.underground, "urban": $0.urban,
                                "inServiceFrom": $0.inServiceFrom.map { Output.date($0) } as Any,
                                "removedOn": $0.removedOn.map { Output.date($0) } as Any,
                            ] as [String: Any]
                        },
                        "totalKm": found.totalKm, "undergroundKm": found.undergroundKm,
                    ])
                if connection.output == .table, found.totalKm > 0 {
                    Swift.print(
                        String(
                            format: "total %.2f km, underground %.2f km (%.1f%%)", found.totalKm, found.undergroundKm,
                            found.undergroundKm / found.totalKm * 100))
                }
            }
        }
    }

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or change a cable segment.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var code: String
        @Option(help: "Operator code.") var `operator`: String
        @Option(help: "Unit code.") var unit: String
        @Option(help: "Length, km.") var km: Double
        @Flag(help: "Underground.") var underground = false
        @Flag(help: "In an urban area.") var urban = false
        @Option(help: "In service from this day, YYYY-MM-DD.") var inServiceFrom: String?
        @Option(help: "Removed on this day, YYYY-MM-DD (a replacement is saved in service from the same day).")
        var removedOn: String?

        func run() async throws {
            let segment = APICableSegment(
                code: code, operator: `operator`, unitCode: unit, lengthKm: km, underground: underground, urban: urban,
                inServiceFrom: try inServiceFrom.map { try Output.parseDate($0, option: "--in-service-from") },
                removedOn: try removedOn.map { try Output.parseDate($0, option: "--removed-on") })
            try await DICCtl.run {
                let saved = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).saveCableSegment(
                        APISaveCableSegmentRequest(segment: segment), options: connection.callOptions)
                }
                Swift.print("saved \(saved.code)")
            }
        }
    }
}

/// `dicctl telecom postal delete` and `cables delete`: a record entered by mistake.
struct TelecomDeleteCommand: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The code.") var code: String

    enum Kind { case postal, cable }

    func remove(_ kind: Kind) async throws {
        try await DICCtl.run {
            _ = try await connection.withClient { rpc in
                let client = APITelecomService.Client(rpc)
                switch kind {
                case .postal:
                    return try await client.deletePostalPoint(
                        APIDeleteRecordRequest(code: code), options: connection.callOptions)
                case .cable:
                    return try await client.deleteCableSegment(
                        APIDeleteRecordRequest(code: code), options: connection.callOptions)
                }
            }
            Swift.print("deleted \(code)")
        }
    }
}

struct TelecomDeletePostalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a postal point entered by mistake.")
    @OptionGroup var delete: TelecomDeleteCommand

    func run() async throws { try await delete.remove(.postal) }
}

struct TelecomDeleteCableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a cable segment entered by mistake.")
    @OptionGroup var delete: TelecomDeleteCommand

    func run() async throws { try await delete.remove(.cable) }
}
