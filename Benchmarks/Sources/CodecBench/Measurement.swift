import AllocationCounter

#if canImport(Glibc)
import Glibc
#endif

/// One operation measured: median time per operation over several rounds, and allocations.
struct Measurement {
    var nanosecondsPerOperation: Double
    var allocationsPerOperation: Double
    var bytesPerOperation: Double

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Runs `body` in rounds of about 50 ms (after a warm-up that sizes the rounds) and reports the
    /// median round; allocations are counted over one separate round.
    static func of(rounds: Int = 11, _ body: () -> Void) -> Measurement {
        var iterations = 1
        while true {
            let start = now()
            for _ in 0..<iterations { body() }
            let elapsed = now() - start
            if elapsed > 20_000_000 {
                iterations = max(1, Int(Double(iterations) * 50_000_000 / Double(elapsed)))
                break
            }
            iterations *= 2
        }
        var samples: [Double] = []
        for _ in 0..<rounds {
            let start = now()
            for _ in 0..<iterations { body() }
            samples.append(Double(now() - start) / Double(iterations))
        }
        samples.sort()
        let countBefore = dic_allocation_count()
        let bytesBefore = dic_allocated_bytes()
        for _ in 0..<iterations { body() }
        return Measurement(
            nanosecondsPerOperation: samples[samples.count / 2],
            allocationsPerOperation: Double(dic_allocation_count() - countBefore) / Double(iterations),
            bytesPerOperation: Double(dic_allocated_bytes() - bytesBefore) / Double(iterations))
    }
}

/// Keeps the optimizer from discarding a result.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
