import Foundation
import Testing

@testable import OperatorFiles

/// A scratch directory for one test, removed afterwards.
private func withScratchDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let directory = NSTemporaryDirectory() + "dic-operator-files-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try await body(directory)
}

struct OperatorFileTests {
    @Test func aSmallRegularFileIsReadWhole() async throws {
        try await withScratchDirectory { directory in
            let path = directory + "/key"
            #expect(FileManager.default.createFile(atPath: path, contents: Data((0..<100).map { UInt8($0) })))
            let bytes = try OperatorFile.read(path, atMost: 100)
            #expect(bytes == (0..<100).map { UInt8($0) })
            #expect(throws: OperatorFile.Refusal(description: "larger than 99 bytes")) {
                try OperatorFile.read(path, atMost: 99)
            }
        }
    }

    /// A FIFO would block a plain read until something wrote to it (start-up hanging on a path set
    /// by mistake); a device or a directory is no configuration either.
    @Test(.timeLimit(.minutes(1)))
    func whatIsNotARegularFileIsRefusedAtOnce() async throws {
        try await withScratchDirectory { directory in
            let fifo = directory + "/fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            for path in [fifo, directory, "/dev/zero"] {
                #expect(throws: OperatorFile.Refusal(description: "not a regular file")) {
                    try OperatorFile.read(path, atMost: 1 << 20)
                }
            }
            #expect(throws: OperatorFile.Refusal.self) { try OperatorFile.read(directory + "/missing", atMost: 10) }
        }
    }
}
