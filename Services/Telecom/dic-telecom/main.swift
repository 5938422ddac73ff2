import AdminUnits
import CalendarDates
import CommonAPI
import Indicators
import ServiceRuntime
import Telecom
import TelecomAPI
// dic-telecom: the post and telecom team's service (base stations against the plan, village
// coverage and gaps, radio stations, postal points, urban cable, and the figures the quarterly
// report takes), on the shared runtime.
import TelecomDomain

#if canImport(Glibc)
import Glibc
#endif

/// How far a site's signal is usable, by technology and terrain, replacing the defaults it names.
let coverageRadii = ConfigurationKey(
    environment: "DIC_COVERAGE_RADII", flag: "--coverage-radii", json: "coverageRadii",
    help: "coverage radii in metres, such as '4G:urban=1200,rural=3500;5G:urban=400' (the rest keep their defaults)")

let definition = ServiceHost.Definition(
    name: "telecom",
    defaults: RuntimeConfiguration.Defaults(
        listen: HostPort(host: "127.0.0.1", port: 50052), metricsListen: HostPort(host: "127.0.0.1", port: 9052)),
    migrations: AdminUnitStore.migrations + TelecomSchema.migrations,
    services: [APITelecomService.descriptor, AdminUnitsService.descriptor, IndicatorsService.descriptor],
    files: [
        APITelecomService.file, APISitesProtoFile.descriptor, APICoverageProtoFile.descriptor,
        APIInfrastructureProtoFile.descriptor, APIImportsProtoFile.descriptor, APIWifiProtoFile.descriptor,
        APIProgrammesProtoFile.descriptor, AdminUnitsService.file,
        IndicatorsService.file, CommonProtoFile.descriptor,
    ],
    settings: ConfigurationKey.unitKeys + [coverageRadii]
) { environment in
    let radii = try environment.settings.get(coverageRadii, default: CoverageRadii.defaults) { text in
        do throws(TelecomError) {
            return .success(try CoverageRadii(parsing: text))
        } catch {
            return .failure(ConfigurationReason(error.rule))
        }
    }
    let (units, province) = try await environment.adminUnits()
    let operators = try await SiteStore.operators(in: environment.database)
    // A unit and every unit inside it, as the registry stood on the day.
    let unitsWithin: @Sendable (String, CalendarDate) -> [String] = { code, date in
        let registry = units.registry
        guard registry.unit(code) != nil else { return [] }
        return registry.codes(within: code, on: date)
    }
    let provider = TelecomProvider(
        database: environment.database, operators: operators, radii: radii, unitsWithin: unitsWithin,
        today: { CalendarDate.todayInVietnam() })
    return [
        provider, AdminUnitRegistryService(store: units),
        IndicatorsProvider(
            source: TelecomIndicators(
                sites: provider.sites, coverage: provider.coverage, infrastructure: provider.infrastructure,
                unitsWithin: unitsWithin,
                // "All communes" is the deployment's province's, not every unit the registry holds.
                communesWithin: { code, date in
                    units.registry.communes(within: code.isEmpty ? province : code, on: date)
                }),
            knownUnit: { units.registry.unit($0) != nil }),
    ]
}

exit(await ServiceHost.run(definition))
