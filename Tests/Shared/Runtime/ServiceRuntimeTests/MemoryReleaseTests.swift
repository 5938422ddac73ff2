import Foundation
import Testing

@testable import ServiceRuntime

struct MemoryReleaseTests {
    /// Anonymous memory the process holds (RssAnon), in bytes.
    static func anonymousResident() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("RssAnon:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { throw CocoaError(.fileReadCorruptFile) }
        return kilobytes * 1024
    }

    @Test func memoryFreedAroundLiveObjectsGoesBackToTheSystem() throws {
        // 96 MiB in small blocks, one in sixteen kept: what a large call leaves behind. Freeing the
        // rest returns nothing by itself, since a live block sits on every other page.
        let blocks = (0..<196_608).map { _ in
            let block = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
            block.initializeMemory(as: UInt8.self, repeating: 1, count: 512)
            return block
        }
        var kept: [UnsafeMutableRawPointer] = []
        for (index, block) in blocks.enumerated() {
            if index % 16 == 0 { kept.append(block) } else { block.deallocate() }
        }
        defer { for block in kept { block.deallocate() } }
        #expect(MemoryRelease.heldFree() > MemoryRelease.threshold)
        let before = try Self.anonymousResident()
        #expect(MemoryRelease.releaseIfLarge())
        let after = try Self.anonymousResident()
        #expect(before - after > 32 << 20, "RssAnon \(before >> 20) MiB became \(after >> 20) MiB")
    }
}
