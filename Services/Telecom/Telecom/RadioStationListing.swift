import TelecomDomain

/// A station as a list shows it: its description, only the report that gives its state on the
/// day asked, and how many reports it has in all. A station reports for years; its whole history
/// is read a page at a time (``InfrastructureStore/reports(station:limit:offset:)``).
public struct RadioStationListing: Sendable, Hashable {
    public var station: RadioStation
    public var reportCount: Int

    public init(station: RadioStation, reportCount: Int) {
        self.station = station
        self.reportCount = reportCount
    }
}
