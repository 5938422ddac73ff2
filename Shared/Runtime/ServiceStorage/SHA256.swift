import COpenSSL

/// SHA-256 from the system libcrypto.
package enum SHA256 {
    /// The algorithm, fetched from libcrypto's provider once. `EVP_sha256()` is looked up again at
    /// every digest in OpenSSL 3 (`EVP_MD_fetch`, under a lock): half a digest's time, 1.4% of a
    /// licence write's CPU, which digests its request and its audit entry, and a bearer token's
    /// lookup on every call. A fetched algorithm is immutable and shared by every thread.
    nonisolated(unsafe) private static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    package static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, algorithm ?? EVP_sha256(), nil)
        }
        precondition(ok == 1 && length == 32, "libcrypto SHA-256 failed")
        return digest
    }

    package static func hexDigest(_ bytes: [UInt8]) -> String {
        hex(digest(bytes))
    }

    /// Lower-case hex, two digits a byte.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
