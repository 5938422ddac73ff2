extension Duration {
    /// Whole nanoseconds, saturating at `Int64.max` (and `.min`) instead of trapping: durations
    /// reach here from callers' headers and operators' settings, which may be absurdly large.
    package var saturatingNanoseconds: Int64 { saturating(unitsPerSecond: 1_000_000_000) }

    /// Whole milliseconds, saturating like ``saturatingNanoseconds``.
    package var saturatingMilliseconds: Int64 { saturating(unitsPerSecond: 1000) }

    private func saturating(unitsPerSecond: Int64) -> Int64 {
        let (seconds, attoseconds) = components
        let scaled = seconds.multipliedReportingOverflow(by: unitsPerSecond)
        let fraction = attoseconds / (1_000_000_000_000_000_000 / unitsPerSecond)
        let sum = scaled.partialValue.addingReportingOverflow(fraction)
        guard !scaled.overflow, !sum.overflow else { return seconds < 0 ? .min : .max }
        return sum.partialValue
    }
}
