/// How long a call may run on this server, decided from its `grpc-timeout` and its method: a pure
/// rule, so the limits are tested without a connection.
///
/// A client's deadline is honoured up to `maximum` (a `grpc-timeout` of 99999999H is legal on the
/// wire and would otherwise overflow a timer); a call that names none gets `maximum` too, so no call
/// holds a stream and its buffers forever. Long-lived methods (health `Watch`, which a probe keeps
/// open for as long as it watches) are exempt from the default but not from a deadline the client set.
struct CallDeadlinePolicy: Sendable, Equatable {
    var maximum: Duration
    var longLivedPaths: Set<String>

    /// How long from now the call may run; nil for no limit.
    func timeout(requested: Duration?, path: String) -> Duration? {
        if let requested { return min(max(requested, .zero), maximum) }
        return longLivedPaths.contains(path) ? nil : maximum
    }
}
