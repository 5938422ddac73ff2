import Synchronization

/// How large an uploaded CSV file and its parts may be. A reader holds one record in memory at a
/// time, so these bound what one upload can make a service hold (an endless quoted field used to
/// grow until memory ran out) and how long it can keep it busy.
public struct CSVLimits: Sendable, Hashable {
    /// Bytes of one field.
    public var maxFieldBytes = 64 << 10
    /// Fields of one record.
    public var maxFields = 512
    /// Bytes of one record, separators included.
    public var maxRecordBytes = 1 << 20
    /// Records of one file, the header included.
    public var maxRecords = 5_000_000
    /// Bytes of one file.
    public var maxTotalBytes = 1 << 30

    public init() {}

    /// What readers use unless given others: the service's settings, set once at start-up.
    public static var configured: CSVLimits {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    private static let current = Mutex(CSVLimits())
}
