import Foundation
import Testing

@testable import ServiceRuntime

struct MemoryReleaseTests {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// How many of `pages` are in memory. Asked of the pages themselves (`mincore`), not of the
    /// process's RSS, which the tests running alongside move by tens of MiB.
    static func resident(_ pages: [UInt]) -> Int {
        var flag: UInt8 = 0
        return pages.count { page in
            mincore(UnsafeMutableRawPointer(bitPattern: page), pageSize, &flag) == 0 && flag & 1 == 1
        }
    }

    @Test func memoryFreedAroundLiveObjectsGoesBackToTheSystem() throws {
        // 96 MiB in small blocks, one in sixteen kept: what a large call leaves behind. Freeing the
        // rest returns nothing by itself, since a live block sits on every other page.
        let size = 512
        let blocks = (0..<196_608).map { _ in
            let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            block.initializeMemory(as: UInt8.self, repeating: 1, count: size)
            return block
        }
        var kept: [UnsafeMutableRawPointer] = []
        var freedPages: Set<UInt> = []
        var keptPages: Set<UInt> = []
        let mask = ~UInt(Self.pageSize - 1)
        for (index, block) in blocks.enumerated() {
            // The allocator's own header sits just before each block.
            let first = (UInt(bitPattern: block) - 16) & mask
            let last = (UInt(bitPattern: block) + UInt(size) - 1) & mask
            let pages = stride(from: first, through: last, by: Self.pageSize)
            if index % 16 == 0 {
                kept.append(block)
                keptPages.formUnion(pages)
            } else {
                freedPages.formUnion(pages)
            }
        }
        for (index, block) in blocks.enumerated() where index % 16 != 0 { block.deallocate() }
        defer { for block in kept { block.deallocate() } }
        // Pages that held freed blocks only: what trimming can give back.
        let candidates = Array(freedPages.subtracting(keptPages))
        #expect(candidates.count > 4_000)
        #expect(Self.resident(candidates) > candidates.count * 9 / 10, "freeing alone kept the pages")
        #expect(MemoryRelease.heldFree() > MemoryRelease.threshold)
        #expect(MemoryRelease.releaseIfLarge())
        let left = Self.resident(candidates)
        #expect(left < candidates.count / 10, "\(left) of \(candidates.count) freed pages still in memory")
    }

    @Test func anOperatorsOwnAllocatorSettingsAreLeftAlone() {
        #expect(!MemoryRelease.operatorSetThresholds([:]))
        #expect(!MemoryRelease.operatorSetThresholds(["GLIBC_TUNABLES": "glibc.pthread.rseq=0", "LANG": "C"]))
        #expect(MemoryRelease.operatorSetThresholds(["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=65536"]))
        #expect(MemoryRelease.operatorSetThresholds(["MALLOC_TRIM_THRESHOLD_": "65536"]))
        #expect(MemoryRelease.operatorSetThresholds(["MALLOC_MMAP_THRESHOLD_": "1048576"]))
        #expect(!MemoryRelease.fixThresholds(environment: ["MALLOC_MMAP_THRESHOLD_": "1048576"]))
    }
}
