import AdminUnits
import CalendarDates
import CommonAPI
import Foundation
import OperatorFiles

extension ServiceHost.Environment {
    /// The deployment's administrative units as `DIC_UNITS` says, and the province `DIC_PROVINCE`
    /// names (checked against them): what a service that keeps units opens at start. A file that
    /// cannot be read, or a province that is not one, stops the service with a configuration error.
    public func adminUnits() async throws -> (store: AdminUnitStore, province: String) {
        let seed = try settings.get(ConfigurationKey.units, default: AdminUnitSeed.none) { value in
            switch value {
            case "": return .success(.none)
            case "demo": return .success(.demoBacKan2023)
            default:
                // A province's units and villages are a few megabytes; more is not a units file.
                guard let data = try? OperatorFile.read(value, atMost: 64 << 20) else {
                    return .failure(
                        ConfigurationReason("expected `demo` or a readable units CSV file of at most 64 MiB"))
                }
                return .success(.csv(String(decoding: data, as: UTF8.self), source: value))
            }
        }
        let store = try await AdminUnitStore.open(database: database, logger: logger, seed: seed)
        let registry = store.registry
        let today = CalendarDate.todayInVietnam()
        let provinces = registry.units.values.filter { $0.level == .province && $0.isInForce(on: today) }
        let fallback = provinces.count == 1 ? provinces[0].code : ""
        let province = try settings.get(ConfigurationKey.province, default: fallback) { code in
            guard registry.unit(code)?.level == .province else {
                return .failure(ConfigurationReason("not a province among the deployment's units"))
            }
            return .success(code)
        }
        logger.info(
            "administrative units ready",
            metadata: ["units": "\(registry.units.count)", "province": "\(province.isEmpty ? "(all)" : province)"])
        return (store, province)
    }
}
