extension StringProtocol {
    /// The pieces between every `separator`, read by Unicode scalars. As Swift characters, a
    /// separator followed by a combining mark is one character that is not the separator, and the
    /// piece that mark starts would run into the one before it, separator and all.
    public func splitAtEvery(_ separator: Unicode.Scalar) -> [String] {
        unicodeScalars.split(separator: separator, omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
    }
}
