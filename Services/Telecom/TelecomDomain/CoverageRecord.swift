import AdminUnits
import CalendarDates

/// Whether a village gets an operator's technology, and on whose word: an operator's declaration
/// (imported) or the estimate from sites on air. A declaration wins over an estimate for the same
/// village, operator and technology: it is measured, the estimate assumed.
public struct CoverageRecord: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, CaseIterable {
        case declared, estimated
    }

    public var villageCode: String
    public var operatorCode: String
    public var technology: Technology
    public var covered: Bool
    public var source: Source
    public var asOf: CalendarDate
    /// For an estimate: the nearest covering site and its distance.
    public var siteCode: String
    public var distanceMetres: Double?

    public init(
        villageCode: String, operatorCode: String, technology: Technology, covered: Bool, source: Source,
        asOf: CalendarDate, siteCode: String = "", distanceMetres: Double? = nil
    ) {
        self.villageCode = villageCode
        self.operatorCode = operatorCode
        self.technology = technology
        self.covered = covered
        self.source = source
        self.asOf = asOf
        self.siteCode = siteCode
        self.distanceMetres = distanceMetres
    }

    /// The records that stand for each (village, operator, technology): declared over estimated,
    /// then the latest.
    public static func effective(_ records: [CoverageRecord]) -> [CoverageRecord] {
        var best: [String: CoverageRecord] = [:]
        for record in records {
            let key = "\(record.villageCode)|\(record.operatorCode)|\(record.technology.rawValue)"
            guard let current = best[key] else {
                best[key] = record
                continue
            }
            let better =
                record.source == current.source
                ? record.asOf > current.asOf : record.source == .declared
            if better { best[key] = record }
        }
        return Array(best.values)
    }
}
