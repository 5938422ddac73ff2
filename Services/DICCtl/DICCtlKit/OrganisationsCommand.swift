import ArgumentParser
import CommonAPI
import Foundation
import LicensingAPI

/// `dicctl licensing orgs`: the organisations that apply for and hold licences.
struct OrganisationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs", abstract: "Organisations that apply for and hold licences.",
        subcommands: [List.self, Get.self, Create.self, Update.self])

    struct Fields: ParsableArguments {
        @Option(help: "Name.") var name: String?
        @Option(help: "Tax code, or the number of the founding decision.") var taxCode: String?
        // Not `--address`: that names the service to connect to, on every command.
        @Option(name: .customLong("office-address"), help: "The organisation's head-office address.")
        var address: String?
        @Option(help: "Administrative unit code of the address.") var unit: String?
        @Option(help: "Contact person.") var contact: String?
        @Option(help: "Contact phone.") var phone: String?
        @Option(help: "Contact e-mail.") var email: String?

        func apply(to organisation: inout APIOrganisation) {
            if let name { organisation.name = name }
            if let taxCode { organisation.taxCode = taxCode }
            if let address { organisation.address = address }
            if let unit { organisation.unitCode = unit }
            if let contact { organisation.contactName = contact }
            if let phone { organisation.contactPhone = phone }
            if let email { organisation.contactEmail = email }
        }
    }

    static func print(_ organisations: [APIOrganisation], _ format: OutputFormat) {
        Output.print(
            format, columns: ["ID", "NAME", "TAX CODE", "UNIT", "ADDRESS", "CONTACT"],
            rows: organisations.map {
                [
                    $0.id, $0.name, $0.taxCode, $0.unitCode, $0.address,
                    [$0.contactName, $0.contactPhone].filter { !$0.isEmpty }.joined(separator: " "),
                ]
            },
            json: organisations.map {
                [
                    "id": $0.id, "name": $0.name, "taxCode": $0.taxCode, "address": $0.address, "unitCode": $0.unitCode,
                    "contactName": $0.contactName, "contactPhone": $0.contactPhone, "contactEmail": $0.contactEmail,
                ]
            })
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Organisations matching words in name, tax code or address (without diacritics).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Words to match; none lists all.") var query = ""
        @Option(help: "Only those in this administrative unit.") var unit = ""
        @Option(help: "At most this many.") var limit: Int32 = 100

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).listOrganisations(
                        APIListOrganisationsRequest(query: query, unitCode: unit, page: PageRequest(pageSize: limit)),
                        options: connection.callOptions)
                }
                OrganisationsCommand.print(found.organisations, connection.output)
                Output.footer(shown: found.organisations.count, total: found.page?.totalSize, connection.output)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One organisation by id.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var id: String

        func run() async throws {
            try await DICCtl.run {
                let found = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).getOrganisation(
                        APIGetOrganisationRequest(id: id), options: connection.callOptions)
                }
                OrganisationsCommand.print([found], connection.output)
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an organisation; prints its id.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var fields: Fields
        @Option(help: "A unique id for this change (default: new); reuse it to retry safely.")
        var requestID = UUID().uuidString

        func run() async throws {
            var organisation = APIOrganisation()
            fields.apply(to: &organisation)
            try await DICCtl.run {
                let made = try await connection.withClient { rpc in
                    try await APILicensingService.Client(rpc).createOrganisation(
                        APICreateOrganisationRequest(requestID: requestID, organisation: organisation),
                        options: connection.callOptions)
                }
                OrganisationsCommand.print([made], connection.output)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change the fields given; the rest stay.")
        @OptionGroup var connection: ConnectionOptions
        @Argument var id: String
        @OptionGroup var fields: Fields

        func run() async throws {
            try await DICCtl.run {
                let updated = try await connection.withClient { rpc in
                    let client = APILicensingService.Client(rpc)
                    var organisation = try await client.getOrganisation(
                        APIGetOrganisationRequest(id: id), options: connection.callOptions)
                    fields.apply(to: &organisation)
                    return try await client.updateOrganisation(
                        APIUpdateOrganisationRequest(organisation: organisation), options: connection.callOptions)
                }
                OrganisationsCommand.print([updated], connection.output)
            }
        }
    }
}
