import ArgumentParser
import CommonAPI
import Foundation
import LicensingAPI
import RPCCore

struct LicensingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "licensing",
        abstract: "The press and publishing team's service, dic-licensing (default address 127.0.0.1:50051).",
        discussion: """
            Licences, their holders, dossiers, inspections and sanctions. Enum values are given by name
            (website, non_commercial_publication, in_process...). Content fields are set with
            --set field=value, named as the register's CSV columns (domains, responsible_person,
            title, pages, ...; lists separated by ";").
            """,
        subcommands: [
            Get.self, List.self, Issue.self, Act.self, Expiring.self, Stats.self, Import.self, Export.self,
            OrganisationsCommand.self, DossiersCommand.self, ProceduresCommand.self, HolidaysCommand.self,
            InspectionsCommand.self, SanctionsCommand.self, ObligationsCommand.self,
        ])

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A licence, with its history (every version).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The licence id.") var id: String

        func run() async throws {
            try await DICCtl.run {
                let licence = try await connection.withClient { rpc in
                    let client = APILicensingService.Client(rpc)
                    var licence = try await client.getLicence(
                        APIGetLicenceRequest(id: id, includeHistory: true), options: connection.callOptions)
                    // A history too large for one answer holds the newest versions: read them all.
                    guard licence.history.count < Int(licence.historyCount) else { return licence }
                    let newestFirst = try await PageRequest.all { page in
                        let found = try await client.listLicenceVersions(
                            APIListLicenceVersionsRequest(licenceID: id, page: page), options: connection.callOptions)
                        return (found.versions, found.page)
                    }
                    licence.history = newestFirst.reversed()
                    return licence
                }
                Output.print(
                    connection.output,
                    columns: ["VERSION", "ACTION", "EFFECTIVE", "STATUS", "VALID UNTIL", "DECISION"],
                    rows: licence.history.map {
                        [
                            "\($0.number)", WireChoice.name($0.action), Output.date($0.effectiveOn),
                            WireChoice.name($0.status), Output.date($0.validUntil), $0.decisionNumber,
                        ]
                    },
                    json: LicensingCommand.json(licence))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Licences by kind, status or holder, or matching words (without diacritics).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Words in the number, holder name, domains, titles or names.") var query = ""
        @Option(help: "Licence kind, such as website.") var kind: String?
        @Option(help: "active, suspended, revoked, expired or ceased.") var status: String?
        @Option(help: "Holder organisation id.") var holder = ""
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            let request = APIListLicencesRequest(
                query: query, kind: try WireChoice.parse(kind, option: "--kind"),
                status: try WireChoice.parse(status, option: "--status"), holderID: holder,
                page: PageRequest(pageSize: limit))
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listLicences(request, options: connection.callOptions)
                }
                LicensingCommand.print(found.licences, connection.output)
                Output.footer(shown: found.licences.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a licence the department has issued.",
            discussion: "Example: issue --kind website --number 12/GP-STTTT --holder org-... --on 2023-03-01 "
                + "--valid-until 2028-03-01 --decision 12/GP-STTTT --set domains=example.vn "
                + "--set responsible_person=\"Nguyễn Văn A\" --set server_in_vietnam=yes")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Licence kind, such as website or newsletter.") var kind: String
        @Option(help: "The licence number.") var number: String
        @Option(help: "The holder's organisation id.") var holder: String
        @Option(help: "Issue date, YYYY-MM-DD.") var on: String
        @Option(help: "End of validity, YYYY-MM-DD (none for licences without a term).") var validUntil: String?
        @Option(help: "The decision number (default: the licence number).") var decision: String?
        @Option(name: .customLong("set"), help: "A content field, field=value (repeat).") var fields: [String] = []
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let kind: APILicenceKind = try WireChoice.parse(kind, option: "--kind")
            let request = APIIssueLicenceRequest(
                requestID: requestID, kind: kind, number: number, holderID: holder,
                issuedOn: try Output.parseDate(on, option: "--on"),
                validUntil: try validUntil.map { try Output.parseDate($0, option: "--valid-until") },
                content: try LicenceContentFields.apply(LicenceContentFields.parse(fields), kind: kind, to: nil),
                decisionNumber: decision ?? number)
            try await DICCtl.run {
                let licence = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).issueLicence(request, options: connection.callOptions)
                }
                LicensingCommand.print([licence], connection.output)
            }
        }
    }

    struct Act: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an action on a licence: amend, extend, reissue, exchange, suspend, revoke...",
            discussion: """
                Actions that change the content (amend, exchange, change_notified, change_approved) take
                --set field=value for what changes; the rest is kept. An extension takes --valid-until
                and --requested-on (when the holder asked); an exchange may take --new-number.
                """)
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The licence id.") var id: String
        @Option(
            help:
                "amend, extend, reissue, exchange, change_notified, change_approved, suspend, lift_suspension, revoke or cease."
        )
        var action: String
        @Option(help: "Effective date, YYYY-MM-DD.") var on: String
        @Option(help: "The decision number.") var decision = ""
        @Option(help: "Why.") var reason = ""
        @Option(name: .customLong("set"), help: "A content field, field=value (repeat).") var fields: [String] = []
        @Option(help: "For an extension: the new end of validity, YYYY-MM-DD.") var validUntil: String?
        @Option(help: "For an extension: when the holder asked, YYYY-MM-DD.") var requestedOn: String?
        @Option(help: "For an exchange: the new document's number.") var newNumber = ""
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            let action: APILicenceAction = try WireChoice.parse(action, option: "--action")
            let date = try Output.parseDate(on, option: "--on")
            let changes = try LicenceContentFields.parse(fields)
            let newValidUntil = try validUntil.map { try Output.parseDate($0, option: "--valid-until") }
            let requested = try requestedOn.map { try Output.parseDate($0, option: "--requested-on") }
            try await DICCtl.run {
                let licence = try await connection.withClient { rpc in
                    let client = APILicensingService.Client(rpc)
                    var content: APILicenceContent?
                    if !changes.isEmpty {
                        let current = try await client.getLicence(
                            APIGetLicenceRequest(id: id), options: connection.callOptions)
                        content = try LicenceContentFields.apply(
                            changes, kind: current.kind, to: current.current?.content)
                    }
                    return try await client.applyLicenceAction(
                        APIApplyLicenceActionRequest(
                            requestID: requestID, licenceID: id, action: action, effectiveOn: date,
                            decisionNumber: decision, reason: reason, content: content, newValidUntil: newValidUntil,
                            requestedOn: requested, newNumber: newNumber),
                        options: connection.callOptions)
                }
                LicensingCommand.print([licence], connection.output)
            }
        }
    }

    struct Expiring: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Licences whose term ends within N days.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Days ahead.") var within: UInt32 = 30
        @Option(help: "At most this many, soonest first.") var limit: Int32 = 100

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listExpiringLicences(
                        APIListExpiringLicencesRequest(withinDays: within, page: PageRequest(pageSize: limit)),
                        options: connection.callOptions)
                }
                LicensingCommand.print(found.licences, connection.output)
                Output.footer(shown: found.licences.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Actions by licence type for a period, as the quarterly report counts them.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD.") var through: String

        func run() async throws {
            let request = APILicenceStatisticsRequest(
                from: try Output.parseDate(from, option: "--from"),
                through: try Output.parseDate(through, option: "--through"))
            try await DICCtl.run {
                let stats = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).getLicenceStatistics(
                        request, options: connection.callOptions)
                }
                let d = stats.dossiers ?? APIDossierCounts()
                let dossiers: [(String, Int64)] = [
                    ("received", d.received), ("received_in_person", d.receivedInPerson),
                    ("received_postal", d.receivedPostal), ("received_online", d.receivedOnline),
                    ("received_online_full_process", d.receivedOnlineFullProcess),
                    ("resolved_early", d.resolvedEarly), ("resolved_on_time", d.resolvedOnTime),
                    ("resolved_late", d.resolvedLate), ("pending_within_time", d.pendingWithinTime),
                    ("pending_overdue", d.pendingOverdue),
                ]
                let rate = d.onlineRatePercent.map { String(format: "%.1f%%", $0) } ?? "-"
                switch connection.output {
                case .json:
                    var json: [String: Any] = [
                        "actions": stats.actions.map {
                            ["kind": WireChoice.name($0.kind), "action": WireChoice.name($0.action), "count": $0.count]
                        }
                    ]
                    var counts: [String: Any] = Dictionary(uniqueKeysWithValues: dossiers.map { ($0.0, $0.1 as Any) })
                    counts["online_rate_percent"] = d.onlineRatePercent
                    json["dossiers"] = counts
                    Output.print(.json, columns: [], rows: [], json: json)
                case .table:
                    Output.table(
                        columns: ["KIND", "ACTION", "COUNT"],
                        rows: stats.actions.map {
                            [WireChoice.name($0.kind), WireChoice.name($0.action), "\($0.count)"]
                        })
                    Swift.print("")
                    Output.table(
                        columns: ["DOSSIERS", "COUNT"],
                        rows: dossiers.map { [$0.0, "\($0.1)"] } + [["online_rate", rate]])
                }
            }
        }
    }

    static func print(_ licences: [APILicence], _ format: OutputFormat) {
        Output.print(
            format, columns: ["ID", "KIND", "NUMBER", "HOLDER", "STATUS", "ISSUED", "VALID UNTIL", "VERSION"],
            rows: licences.map {
                [
                    $0.id, WireChoice.name($0.kind), $0.number, $0.holderID, WireChoice.name($0.status),
                    Output.date($0.issuedOn), Output.date($0.validUntil),
                    "\($0.current?.number ?? 0) \(WireChoice.name($0.current?.action ?? .unspecified))",
                ]
            },
            json: licences.map(json))
    }

    static func json(_ licence: APILicence) -> [String: Any] {
        [
            "id": licence.id, "kind": WireChoice.name(licence.kind), "number": licence.number,
            "holderId": licence.holderID, "status": WireChoice.name(licence.status),
            "issuedOn": Output.date(licence.issuedOn), "validUntil": Output.date(licence.validUntil),
            "versions": licence.history.map {
                [
                    "number": $0.number, "action": WireChoice.name($0.action),
                    "effectiveOn": Output.date($0.effectiveOn), "status": WireChoice.name($0.status),
                    "decisionNumber": $0.decisionNumber, "reason": $0.reason,
                ] as [String: Any]
            },
        ]
    }
}
