/// Values for an `IN (...)` list, padded by repeating the last one: to the next power of two up
/// to 64, then to the next multiple of 64. A list's length is part of its statement's text, so
/// pages of 1 to 50 rows made 50 texts of each query, each parsed on its first use and then kept,
/// crowding a connection's kept statements (``SQLiteHandle/cacheBytes``); padded, lengths up to 64
/// make 7. `IN` does not count a repeated value: the rows are the same.
public enum BindList {
    public static func padded<Value>(_ values: [Value]) -> [Value] {
        guard let last = values.last else { return values }
        let count = values.count
        var length = 1
        while length < count && length < 64 { length <<= 1 }
        if count > 64 {
            let (rounded, overflow) = count.addingReportingOverflow(63)
            length = overflow ? count : rounded / 64 * 64
        }
        guard length > count else { return values }
        return values + repeatElement(last, count: length - count)
    }
}
