import LicensingAPI
import LicensingDomain

extension LicensingStatistics {
    var wire: APIDossierCounts {
        APIDossierCounts(
            received: Int64(received), receivedInPerson: Int64(receivedByChannel[.inPerson] ?? 0),
            receivedPostal: Int64(receivedByChannel[.postal] ?? 0),
            receivedOnline: Int64(receivedByChannel[.online] ?? 0),
            receivedOnlineFullProcess: Int64(receivedFullProcessOnline), resolvedEarly: Int64(decided[.early] ?? 0),
            resolvedOnTime: Int64(decided[.onTime] ?? 0), resolvedLate: Int64(decided[.late] ?? 0),
            pendingWithinTime: Int64(pending[.pendingWithinTime] ?? 0), pendingOverdue: Int64(pending[.overdue] ?? 0),
            onlineRatePercent: onlineRate.map { $0 * 100 })
    }
}
