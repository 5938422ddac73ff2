import Foundation
import Testing

@testable import ConsoleKit

struct SessionKeyTests {
    /// A scratch directory for one test, removed afterwards.
    func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "dic-session-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test func aKeyIsMadeOnceOwnerOnlyAndReadBackTheSame() throws {
        try withDirectory { directory in
            let path = directory + "/console-session.key"
            let made = try SessionKey.loadOrCreate(at: path)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            #expect(made.bytes.count == 32)
            #expect(try SessionKey.loadOrCreate(at: path).bytes == made.bytes)
        }
    }

    /// DIC_SESSION_KEY_FILE set by mistake to a device, a FIFO, a directory or a large file was
    /// refused as a key "of 32 to 4096 bytes", which sent the operator looking at the key's length:
    /// the reason now says what the path is, and the file is read the way every setting's is.
    @Test(.timeLimit(.minutes(1)))
    func aSettingThatNamesNoKeyFileStopsStartUpWithItsReason() throws {
        try withDirectory { directory in
            let fifo = directory + "/fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            let short = directory + "/short"
            #expect(FileManager.default.createFile(atPath: short, contents: Data(repeating: 1, count: 31)))
            let long = directory + "/long"
            #expect(FileManager.default.createFile(atPath: long, contents: Data(repeating: 1, count: 4097)))
            for (path, reason) in [
                ("/dev/zero", "not a regular file"), (fifo, "not a regular file"), (directory, "not a regular file"),
                (long, "larger than 4096 bytes"), (short, "holds 32 to 4096 bytes"),
            ] {
                let error = #expect(throws: SessionKey.Failure.self) { try SessionKey.loadOrCreate(at: path) }
                #expect(error?.description.hasPrefix(path + ": ") == true)
                #expect(error?.description.contains(reason) == true, "\(path): \(error?.description ?? "")")
            }
        }
    }
}
