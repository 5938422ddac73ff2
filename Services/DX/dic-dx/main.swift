// dic-dx: the IT and digital-transformation team's service (the department's KPI plan with
// targets, measurements with roll-ups, plan against result, tasks, security-level dossiers and
// recommendations), on the shared runtime.
import AdminUnits
import CalendarDates
import CommonAPI
import DX
import DXAPI
import DXDomain
import Indicators
import ServiceRuntime

#if canImport(Glibc)
import Glibc
#endif

let definition = ServiceHost.Definition(
    name: "dx",
    defaults: RuntimeConfiguration.Defaults(
        listen: HostPort(host: "127.0.0.1", port: 50053), metricsListen: HostPort(host: "127.0.0.1", port: 9053)),
    migrations: AdminUnitStore.migrations + DXSchema.migrations,
    services: [APIDigitalTransformationService.descriptor, AdminUnitsService.descriptor, IndicatorsService.descriptor],
    files: [
        APIDigitalTransformationService.file, APIPlanProtoFile.descriptor, APIRecordsProtoFile.descriptor,
        APICommunityProtoFile.descriptor,
        AdminUnitsService.file, IndicatorsService.file, CommonProtoFile.descriptor,
    ],
    settings: ConfigurationKey.unitKeys
) { environment in
    // The province matters to figures over a universe of units (telecom's communes); the
    // department's dossiers and measurements are its own whatever the applicant's unit.
    let units = try await environment.adminUnits().store
    let registry: @Sendable () -> AdminUnitRegistry = { units.registry }
    let provider = DXProvider(
        database: environment.database, registry: registry, today: { CalendarDate.todayInVietnam() })
    return [
        provider, AdminUnitRegistryService(store: units),
        IndicatorsProvider(
            source: DXIndicators(
                kpis: provider.kpis, measurements: provider.measurements, records: provider.records,
                community: provider.community, registry: registry),
            knownUnit: { units.registry.unit($0) != nil }),
    ]
}

exit(await ServiceHost.run(definition))
