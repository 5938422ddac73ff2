/// A row the code cannot read back: a bug or a hand edit, never the caller's fault (it reaches
/// the caller as INTERNAL, and the log says which row).
public struct StoredDataError: Error, CustomStringConvertible {
    public let description: String

    public init(_ what: String) { description = "stored data does not read: \(what)" }
}
