extension RPCStatus {
    /// The most bytes of a status message that go on the wire. Messages often quote what the caller
    /// sent; a quote of a 64 KB field would not fit in a header block, and no reader needs it.
    public static let maxMessageBytes = 1024

    /// The status with its message cut to at most `maxBytes` UTF-8 bytes, at a character boundary,
    /// with "…" marking the cut.
    public func bounded(maxBytes: Int = RPCStatus.maxMessageBytes) -> RPCStatus {
        guard message.utf8.count > maxBytes else { return self }
        let marker = "…"
        var budget = max(0, maxBytes - marker.utf8.count)
        var kept = ""
        for character in message {
            let size = character.utf8.count
            guard size <= budget else { break }
            kept.append(character)
            budget -= size
        }
        return RPCStatus(code: code, message: kept + marker)
    }
}

extension String {
    /// The value as an error message may quote it: at most `limit` characters, with "…" when cut,
    /// so that a message never grows with what the caller sent.
    public func quotedPrefix(_ limit: Int = 64) -> String {
        var count = 0
        var end = startIndex
        while end < endIndex, count < limit {
            end = index(after: end)
            count += 1
        }
        return end == endIndex ? self : String(self[..<end]) + "…"
    }
}
