import COpenSSL
import Foundation
import OperatorFiles

/// A signed statement of the audit trail's head: the sequence number and hash of the last record
/// at a moment, with an HMAC-SHA256 under a key kept outside the database. The hash chain shows an
/// edited or removed record in the middle; a checkpoint also shows records cut from the end and a
/// trail rewritten whole (new hashes throughout), which nobody without the key can sign again.
public struct AuditCheckpoint: Sendable, Hashable {
    public var id: Int64
    public var atMilliseconds: Int64
    public var headSeq: Int64
    public var headHash: String
    public var mac: String

    public init(id: Int64, atMilliseconds: Int64, headSeq: Int64, headHash: String, mac: String) {
        self.id = id
        self.atMilliseconds = atMilliseconds
        self.headSeq = headSeq
        self.headHash = headHash
        self.mac = mac
    }

    /// The MAC this checkpoint should carry under `key`.
    public func expectedMAC(key: AuditCheckpointKey) -> String {
        let text = "dic-audit-checkpoint\n\(id)\n\(atMilliseconds)\n\(headSeq)\n\(headHash)"
        return key.mac(Array(text.utf8))
    }

    public func isSigned(by key: AuditCheckpointKey) -> Bool {
        let expected = Array(expectedMAC(key: key).utf8)
        let actual = Array(mac.utf8)
        guard expected.count == actual.count else { return false }
        return expected.withUnsafeBytes { a in
            actual.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) }
        }
            == 0
    }
}

/// The checkpoint signing key: at least 32 bytes from a file (a Kubernetes secret, say) that is
/// never in the database.
public struct AuditCheckpointKey: Sendable {
    let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 32 else { throw KeyError("the key must hold at least 32 bytes, it has \(bytes.count)") }
        self.bytes = bytes
    }

    /// Reads the key from `path`; when `create` and the file is missing, writes a new random key
    /// there first (readable by the owner only).
    public static func load(path: String, create: Bool) throws -> AuditCheckpointKey {
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw KeyError("no key file at \(path)") }
            var key = [UInt8](repeating: 0, count: 32)
            guard RAND_bytes(&key, 32) == 1 else { throw KeyError("no random bytes for a new key") }
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data(key), attributes: [.posixPermissions: 0o600])
            else { throw KeyError("could not write a new key to \(path)") }
        }
        let bytes: [UInt8]
        do {
            bytes = try OperatorFile.read(path, atMost: 64 << 10)
        } catch {
            throw KeyError("cannot read \(path): \(error)")
        }
        return try AuditCheckpointKey(bytes: bytes)
    }

    func mac(_ message: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        var length = 0
        let result = bytes.withUnsafeBytes { key in
            message.withUnsafeBytes { data in
                EVP_Q_mac(
                    nil, "HMAC", nil, "SHA256", nil, key.baseAddress, key.count,
                    data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count, &out, out.count, &length)
            }
        }
        precondition(result != nil && length == 32, "libcrypto HMAC-SHA256 failed")
        return SHA256.hex(out)
    }

    public struct KeyError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
