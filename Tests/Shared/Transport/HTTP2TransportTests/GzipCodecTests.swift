import Testing

@testable import HTTP2Transport

struct GzipCodecTests {
    @Test func roundTrips() throws {
        let text = Array(String(repeating: "Sở Thông tin và Truyền thông Bắc Kạn. ", count: 500).utf8)
        let compressed = GzipCodec.compress(text)
        #expect(compressed.count < text.count / 10)
        #expect(Array(compressed.prefix(2)) == [0x1F, 0x8B])  // a gzip member, as gRPC's "gzip" means
        #expect(try GzipCodec.decompress(compressed, limit: 1 << 20) == text)
        #expect(try GzipCodec.decompress(GzipCodec.compress([]), limit: 10) == [])
    }

    @Test func inflatingPastTheLimitIsRefused() {
        let bomb = GzipCodec.compress([UInt8](repeating: 0, count: 8 << 20))  // ~8 KiB on the wire
        #expect(bomb.count < 64 << 10)
        #expect(throws: GzipCodec.Failure.tooLarge(limit: 1 << 20)) { try GzipCodec.decompress(bomb, limit: 1 << 20) }
    }

    @Test func corruptInputIsAnError() {
        #expect(throws: GzipCodec.Failure.corrupt) { try GzipCodec.decompress([0x1F, 0x8B, 1, 2, 3], limit: 100) }
        #expect(throws: GzipCodec.Failure.corrupt) { try GzipCodec.decompress(Array("plain".utf8), limit: 100) }
    }
}
