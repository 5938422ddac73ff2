import RPCCore

/// The free-text `query` of a list request, checked before any row is compared with it. Without a
/// bound a caller could send a search as large as a message (4 MB): every row's key would be compared
/// with it, and SQLite refuses a `LIKE` pattern over 50,000 bytes as a database error rather than
/// naming the field.
public enum SearchQuery {
    /// Far more than any name, number or address an officer types into a search box.
    public static let maximumCharacters = 200
    /// Counting characters walks the text, so the byte size is bounded first (a character of
    /// decomposed Vietnamese, a letter with two combining marks, is five bytes).
    static let maximumBytes = maximumCharacters * 5

    /// The query, or INVALID_ARGUMENT naming `field` when it is longer than a search can be.
    public static func checked(_ text: String, field: String = "query") throws(RPCError) -> String {
        guard text.utf8.count <= maximumBytes, text.count <= maximumCharacters else {
            throw RPCError(.invalidArgument, "\(field): at most \(maximumCharacters) characters")
        }
        return text
    }
}
