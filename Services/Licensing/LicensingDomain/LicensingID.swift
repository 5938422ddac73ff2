import Foundation

/// Ids the service gives out: a prefix naming the kind of record, then 11 hex digits of the
/// millisecond it was made (counted from 2020) and 12 random ones (48 bits, so a clash needs two
/// records made in the same millisecond to draw the same number; the stores refuse one rather than
/// overwrite).
///
/// The time comes first so that records made together sit together in every index keyed by id:
/// with ids drawn at random, each write of a group commit dirtied its own page of the licences'
/// id index, of their versions' and of the audit log's by entity, and wrote it to the WAL and
/// again at the checkpoint (about 15% of an IssueLicence's CPU, in interleaved runs). By the
/// millisecond, not the second: a second's records spread over some 40 pages of each index at a
/// few thousand writes a second. An id says when its record was made, which the record says
/// anyway. Ids made before this scheme (12 random digits) stay valid; nothing reads the time back.
package enum LicensingID {
    /// 2020-01-01T00:00:00Z: 44 bits of milliseconds from it last five centuries.
    static let epoch: TimeInterval = 1_577_836_800
    static let latest: UInt64 = (1 << 44) - 1

    package static func make(_ prefix: String, at now: Date = Date()) -> String {
        let milliseconds = ((now.timeIntervalSince1970 - epoch) * 1000).rounded()
        // A clock before 2020 (a machine without its time yet) gives zeros, not a trap.
        let time = milliseconds.isFinite && milliseconds > 0 ? UInt64(min(milliseconds, Double(latest))) : 0
        return prefix + "-" + hex(time, digits: 11) + hex(UInt64.random(in: 0..<(1 << 48)), digits: 12)
    }

    /// `value` in exactly `digits` lowercase hex digits, padded with zeros: string work kept
    /// small, as Foundation's formatting cost 2% of an IssueLicence.
    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.utf8.count)) + text
    }
}
