// dic-units: the administrative-unit registry as a service of its own, on the shared runtime.
// Every sector service hosts the same registry; this executable is the smallest real service and
// the one the runtime's crash and shutdown tests run against.
import AdminUnits
import CommonAPI
import ServiceRuntime

#if canImport(Glibc)
import Glibc
#endif

let definition = ServiceHost.Definition(
    name: "units",
    defaults: RuntimeConfiguration.Defaults(
        listen: HostPort(host: "127.0.0.1", port: 50050), metricsListen: HostPort(host: "127.0.0.1", port: 9050)),
    migrations: AdminUnitStore.migrations,
    services: [AdminUnitsService.descriptor],
    files: [AdminUnitsService.file, CommonProtoFile.descriptor],
    settings: ConfigurationKey.unitKeys
) { environment in
    let store = try await environment.adminUnits().store
    return [AdminUnitRegistryService(store: store)]
}

exit(await ServiceHost.run(definition))
