import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Waits for the first of some signals (the service runtime brings swift-service-lifecycle for
/// the real services; this benchmark server needs only this much).
enum SignalWaiter {
    static func wait(for signals: [Int32]) async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = signals.map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
        for source in sources { source.cancel() }
    }
}
