import NIOCore
import RPCCore

extension TimeAmount {
    /// A Swift `Duration` as a NIO time amount (nanosecond precision, saturating).
    init(_ duration: Duration) {
        self = .nanoseconds(duration.saturatingNanoseconds)
    }
}
