/// Where a deployment's administrative units come from when a service starts: nowhere (units are
/// imported later), the Bắc Kạn 2023 demo units, or the deployment's own file, which every service
/// reads at start-up so that the units are defined once per deployment.
public enum AdminUnitSeed: Sendable, Hashable {
    case none
    /// The Bắc Kạn 2023 units (and their placeholder villages): demo data, loaded only when asked.
    case demoBacKan2023
    /// A file in the import format (``AdminUnitCSV``): applied at each start, so a corrected file
    /// reaches every service on its next restart. `source` names it in errors.
    case csv(String, source: String)
}
