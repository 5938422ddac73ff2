// dic-licensing: the press and publishing team's service (licences, their history and the
// figures the quarterly report takes), on the shared runtime.
import AdminUnits
import CommonAPI
import Licensing
import LicensingAPI
import ServiceRuntime

#if canImport(Glibc)
import Glibc
#endif

let definition = ServiceHost.Definition(
    name: "licensing",
    defaults: RuntimeConfiguration.Defaults(
        listen: HostPort(host: "127.0.0.1", port: 50051), metricsListen: HostPort(host: "127.0.0.1", port: 9051)),
    migrations: AdminUnitStore.migrations + LicenceStore.migrations,
    services: [APILicensingService.descriptor, AdminUnitsService.descriptor],
    files: [APILicensingService.file, AdminUnitsService.file, CommonProtoFile.descriptor]
) { environment in
    let units = try await AdminUnitStore.open(database: environment.database, logger: environment.logger)
    let store = LicenceStore(database: environment.database, rules: LicenceRules())
    // Expiries and ended suspensions that fell due while the service was down.
    let changed = try await store.catchUp(to: LicensingProvider.vietnamToday())
    environment.logger.info("licences brought up to date", metadata: ["changed": "\(changed)"])
    // Hourly, so a licence expires within the hour its term ends (Vietnam time), however long
    // the service runs.
    environment.tasks.every(.seconds(3600), "licence catch-up") { [logger = environment.logger] in
        let changed = try await store.catchUp(to: LicensingProvider.vietnamToday())
        if changed > 0 { logger.info("licences brought up to date", metadata: ["changed": "\(changed)"]) }
    }
    return [LicensingProvider(store: store), AdminUnitRegistryService(store: units)]
}

exit(await ServiceHost.run(definition))
