/// A key that does not load or an operation OpenSSL refused, in words for a configuration error.
public struct CryptoFailure: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
