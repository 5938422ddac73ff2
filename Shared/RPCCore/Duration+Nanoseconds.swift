extension Duration {
    /// Whole nanoseconds, saturating at `Int64.max` (and `.min`) instead of trapping: durations
    /// reach here from callers' headers and operators' settings, which may be absurdly large.
    package var saturatingNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let scaled = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if scaled.overflow { return seconds < 0 ? .min : .max }
        let sum = scaled.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000)
        if sum.overflow { return seconds < 0 ? .min : .max }
        return sum.partialValue
    }

    /// Whole milliseconds, saturating like ``saturatingNanoseconds``.
    package var saturatingMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let scaled = seconds.multipliedReportingOverflow(by: 1000)
        if scaled.overflow { return seconds < 0 ? .min : .max }
        let sum = scaled.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        if sum.overflow { return seconds < 0 ? .min : .max }
        return sum.partialValue
    }
}
