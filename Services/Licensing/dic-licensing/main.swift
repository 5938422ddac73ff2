import AdminUnits
import CalendarDates
import CommonAPI
import Indicators
import Licensing
import LicensingAPI
// dic-licensing: the press and publishing team's service (licences and their history, the
// organisations that hold them, dossiers, inspections and sanctions, and the figures the
// quarterly report takes), on the shared runtime.
import LicensingDomain
import ServiceRuntime

#if canImport(Glibc)
import Glibc
#endif

let numbering = ConfigurationKey(
    environment: "DIC_LICENCE_NUMBERING", flag: "--licence-numbering", json: "licenceNumbering",
    help:
        "how the authority numbers licences of a type: per-year (numbers restart each January; default) or for-all-time"
)

let definition = ServiceHost.Definition(
    name: "licensing",
    defaults: RuntimeConfiguration.Defaults(
        listen: HostPort(host: "127.0.0.1", port: 50051), metricsListen: HostPort(host: "127.0.0.1", port: 9051)),
    migrations: AdminUnitStore.migrations + LicensingSchema.migrations,
    services: [APILicensingService.descriptor, AdminUnitsService.descriptor, IndicatorsService.descriptor],
    files: [
        APILicensingService.file, APILicencesProtoFile.descriptor, APIDossiersProtoFile.descriptor,
        APIEnforcementProtoFile.descriptor, APIRegisterProtoFile.descriptor, AdminUnitsService.file,
        IndicatorsService.file, CommonProtoFile.descriptor,
    ],
    settings: ConfigurationKey.unitKeys + [numbering]
) { environment in
    // The province matters to figures over a universe of units (telecom's communes); the
    // department's dossiers and measurements are its own whatever the applicant's unit.
    let units = try await environment.adminUnits().store
    var rules = LicenceRules()
    rules.numbering = try environment.settings.get(numbering, default: .perYear) { text in
        LicenceRules.Numbering(rawValue: text).map(Result.success)
            ?? .failure(ConfigurationReason("expected per-year or for-all-time"))
    }
    let store = LicenceStore(database: environment.database, rules: rules)
    let keyed = try await store.backfillSearchKeys()
    if keyed > 0 { environment.logger.info("licence search keys filled", metadata: ["licences": "\(keyed)"]) }
    // Expiries and ended suspensions that fell due while the service was down.
    let changed = try await store.catchUp(to: CalendarDate.todayInVietnam())
    environment.logger.info("licences brought up to date", metadata: ["changed": "\(changed)"])
    // Hourly, so a licence expires within the hour its term ends (Vietnam time), however long
    // the service runs.
    environment.tasks.every(.seconds(3600), "licence catch-up") { [logger = environment.logger] in
        let changed = try await store.catchUp(to: CalendarDate.todayInVietnam())
        if changed > 0 { logger.info("licences brought up to date", metadata: ["changed": "\(changed)"]) }
    }
    let knownUnit: @Sendable (String) -> Bool = { units.registry.unit($0) != nil }
    let within: @Sendable (String, String, CalendarDate) -> Bool = { code, target, date in
        let registry = units.registry
        guard let level = registry.unit(target)?.level else { return false }
        return code == target || registry.ancestors(of: code, at: level, on: date).contains { $0.code == target }
    }
    return [
        LicensingProvider(database: environment.database, rules: rules, knownUnit: knownUnit),
        AdminUnitRegistryService(store: units),
        IndicatorsProvider(
            source: LicensingIndicators(database: environment.database, within: within), knownUnit: knownUnit),
    ]
}

exit(await ServiceHost.run(definition))
