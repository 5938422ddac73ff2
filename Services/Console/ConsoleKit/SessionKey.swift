import CryptoPrimitives
import Foundation
import OperatorFiles

/// The console's secret: it signs the session cookie (so a value the console did not hand out is
/// refused before any lookup) and derives each session's CSRF token. Kept in a file in the data
/// directory, generated there (mode 0600) when absent, so cookies survive a restart of the file's
/// owner and a second replica can share it.
public struct SessionKey: Sendable {
    let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The key in `path`, or a new one written there.
    public static func loadOrCreate(at path: String) throws -> SessionKey {
        if FileManager.default.fileExists(atPath: path) {
            // Read as every file a setting names is: a regular file within the limit, or a reason
            // that says what the path is instead.
            let data: [UInt8]
            do {
                data = try OperatorFile.read(path, atMost: 4096)
            } catch {
                throw Failure(description: "\(path): \(error); a session key file holds 32 to 4096 bytes")
            }
            guard data.count >= 32 else {
                throw Failure(description: "\(path): a session key file holds 32 to 4096 bytes")
            }
            return SessionKey(bytes: data)
        }
        let key = SessionKey(bytes: SecureRandom.bytes(32))
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(key.bytes), attributes: [.posixPermissions: 0o600])
        else { throw Failure(description: "\(path): cannot write the session key") }
        return key
    }

    /// HMAC-SHA-256 of `message` under the key.
    public func mac(_ message: String) -> [UInt8] {
        HMACSHA256.mac(key: bytes, message: Array(message.utf8))
    }
}
