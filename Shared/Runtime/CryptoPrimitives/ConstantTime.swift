import COpenSSL

/// Comparison of secrets and MACs.
public enum ConstantTime {
    /// Equal without revealing, through timing, where two values first differ.
    public static func equal(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        lhs.count == rhs.count && CRYPTO_memcmp(lhs, rhs, lhs.count) == 0
    }
}
