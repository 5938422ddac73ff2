import ArgumentParser
import CommonAPI
import Foundation
import TelecomAPI

struct TelecomWifiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wifi", abstract: "Public Wi-Fi: leases, hotspots, monthly reports and acceptance.",
        subcommands: [Leases.self, Hotspots.self, Report.self, Acceptance.self])

    struct Leases: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every lease.")
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await DICCtl.run {
                let leases = try await connection.withClient { rpc in
                    try await PageRequest.all { page in
                        let found = try await APITelecomService.Client(rpc).listWifiLeases(
                            APIListWifiLeasesRequest(page: page), options: connection.callOptions)
                        return (found.leases, found.page)
                    }
                }
                Output.print(
                    connection.output, columns: ["CONTRACT", "PROVIDER", "FROM", "TO", "FEE/HOTSPOT", "SLA", "PLACES"],
                    rows: leases.map {
                        [
                            $0.contractNumber, $0.provider, Output.date($0.start), Output.date($0.end),
                            "\($0.monthlyFeePerHotspotVnd)",
                            String(format: "%.1f%%, %.0f Mbps", $0.minimumUptimePercent, $0.minimumBandwidthMbps),
                            $0.unitCodes.joined(separator: ";"),
                        ]
                    },
                    json: leases.map {
                        [
                            "contract": $0.contractNumber, "provider": $0.provider, "start": Output.date($0.start),
                            "end": Output.date($0.end), "monthlyFeePerHotspotVnd": $0.monthlyFeePerHotspotVnd,
                            "unitCodes": $0.unitCodes,
                        ] as [String: Any]
                    })
            }
        }
    }

    struct Hotspots: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hotspots of a lease or a unit.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Lease contract number.") var lease = ""
        @Option(help: "The unit (and every unit inside it).") var unit = ""
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).listHotspots(
                        APIListHotspotsRequest(
                            leaseContract: lease, unitCode: unit, page: PageRequest(pageSize: limit)),
                        options: connection.callOptions)
                }
                let hotspots = found.hotspots
                Output.print(
                    connection.output, columns: ["CODE", "NAME", "LEASE", "UNIT", "APS", "SINCE"],
                    rows: hotspots.map {
                        [
                            $0.code, $0.name, $0.leaseContract, $0.unitCode, "\($0.accessPoints)",
                            Output.date($0.startedOn),
                        ]
                    },
                    json: hotspots.map {
                        [
                            "code": $0.code, "name": $0.name, "lease": $0.leaseContract, "unitCode": $0.unitCode,
                            "accessPoints": $0.accessPoints, "startedOn": Output.date($0.startedOn),
                        ] as [String: Any]
                    })
                Output.footer(shown: hotspots.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a hotspot's month (replaces an earlier one).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The hotspot code.") var hotspot: String
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "Uptime, percent.") var uptime: Double
        @Option(help: "Sessions.") var sessions: Int64 = 0
        @Option(help: "Average bandwidth, Mbps.") var bandwidth: Double

        func run() async throws {
            let (year, number) = try WifiMonth.parse(month)
            let report = APIHotspotMonthReport(
                hotspotCode: hotspot, year: year, month: number, uptimePercent: uptime, sessions: sessions,
                averageBandwidthMbps: bandwidth)
            try await DICCtl.run {
                _ = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).reportHotspotMonth(
                        APIReportHotspotMonthRequest(report: report), options: connection.callOptions)
                }
                Swift.print("recorded \(hotspot) \(month)")
            }
        }
    }

    struct Acceptance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A lease's month: each hotspot's fee, SLA deduction and amount payable.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The lease contract number.") var lease: String
        @Option(help: "The month, YYYY-MM.") var month: String

        func run() async throws {
            let (year, number) = try WifiMonth.parse(month)
            try await DICCtl.run {
                let acceptance = try await connection.withClient { rpc in
                    try await APITelecomService.Client(rpc).getWifiAcceptance(
                        APIGetWifiAcceptanceRequest(leaseContract: lease, year: year, month: number),
                        options: connection.callOptions)
                }
                Output.print(
                    connection.output, columns: ["HOTSPOT", "FEE", "DEDUCTION", "PAYABLE", "NOTE"],
                    rows: acceptance.lines.map {
                        [$0.hotspotCode, "\($0.feeVnd)", "\($0.deductionVnd)", "\($0.payableVnd)", $0.note]
                    } + [
                        ["TOTAL", "\(acceptance.feeVnd)", "\(acceptance.deductionVnd)", "\(acceptance.payableVnd)", ""]
                    ],
                    json: [
                        "lease": acceptance.leaseContract, "month": month, "feeVnd": acceptance.feeVnd,
                        "deductionVnd": acceptance.deductionVnd, "payableVnd": acceptance.payableVnd,
                        "lines": acceptance.lines.map {
                            [
                                "hotspot": $0.hotspotCode, "feeVnd": $0.feeVnd, "deductionVnd": $0.deductionVnd,
                                "payableVnd": $0.payableVnd, "note": $0.note,
                            ] as [String: Any]
                        },
                    ])
            }
        }
    }
}

/// `YYYY-MM` options.
enum WifiMonth {
    static func parse(_ text: String) throws -> (Int32, Int32) {
        let parts = text.split(separator: "-").compactMap { Int32($0) }
        guard parts.count == 2 else { throw ValidationError("--month: '\(text)' is not YYYY-MM") }
        return (parts[0], parts[1])
    }
}

struct TelecomFrequencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frequencies", abstract: "Frequency-licence references, and those due for renewal.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only those expiring within this many days (0: all).") var expiringWithin: Int32 = 0
    @Option(help: "At most this many.") var limit: Int32 = 100

    func run() async throws {
        try await DICCtl.run {
            let found = try await connection.withClient { rpc in
                try await APITelecomService.Client(rpc).listFrequencyLicences(
                    APIListFrequencyLicencesRequest(
                        expiringWithinDays: expiringWithin, page: PageRequest(pageSize: limit)),
                    options: connection.callOptions)
            }
            let licences = found.licences
            Output.print(
                connection.output, columns: ["NUMBER", "HOLDER", "MHZ", "STATION", "VALID UNTIL"],
                rows: licences.map {
                    [
                        $0.number, $0.holder, String(format: "%.3f", $0.frequencyMhz), $0.station,
                        Output.date($0.validUntil),
                    ]
                },
                json: licences.map {
                    [
                        "number": $0.number, "holder": $0.holder, "frequencyMhz": $0.frequencyMhz,
                        "station": $0.station, "validUntil": Output.date($0.validUntil),
                    ] as [String: Any]
                })
            Output.footer(shown: licences.count, total: found.page?.totalSize, connection.output)
        }
    }
}
