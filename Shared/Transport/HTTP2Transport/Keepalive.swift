import NIOCore

/// Keepalive per gRFC A8: after `interval` without hearing from the peer, send a PING; if nothing
/// arrives within `timeout`, the peer is gone (a cable pulled, a NAT entry dropped) and the
/// connection is closed instead of holding calls forever. Event loop only.
final class Keepalive {
    let interval: TimeAmount
    let timeout: TimeAmount
    private var lastRead = NIODeadline.now()
    private var timer: Scheduled<Void>?
    private var stopped = false

    init(interval: Duration, timeout: Duration) {
        self.interval = TimeAmount(interval)
        self.timeout = TimeAmount(timeout)
    }

    func start(on loop: any EventLoop, ping: @escaping () -> Void, close: @escaping () -> Void) {
        arm(on: loop, after: interval, ping: ping, close: close)
    }

    /// Anything from the peer proves it is alive.
    func heardFromPeer() { lastRead = .now() }

    func stop() {
        stopped = true
        timer?.cancel()
    }

    private func arm(
        on loop: any EventLoop, after delay: TimeAmount, ping: @escaping () -> Void, close: @escaping () -> Void
    ) {
        guard !stopped else { return }
        timer = loop.assumeIsolated().scheduleTask(in: delay) { [self] in
            let silence = NIODeadline.now() - lastRead
            guard silence >= interval else {
                arm(on: loop, after: interval - silence, ping: ping, close: close)
                return
            }
            let pingedAt = NIODeadline.now()
            ping()
            timer = loop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                if lastRead < pingedAt {
                    close()
                } else {
                    arm(on: loop, after: interval, ping: ping, close: close)
                }
            }
        }
    }
}
