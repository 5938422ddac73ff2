import Hummingbird
import HummingbirdTesting
import RPCCore
import Synchronization
import Testing

@testable import ConsoleKit

/// A service's export relayed to the browser: whole and in order, one chunk held at a time, a
/// refusal before the first chunk thrown for a page, a later failure never a finished file.
struct DownloadRelayTests {
    /// What a response body wrote, as the browser would have it.
    final class Received: Sendable {
        let state = Mutex<(chunks: [[UInt8]], finished: Bool)>(([], false))
        var chunks: [[UInt8]] { state.withLock { $0.chunks } }
        var finished: Bool { state.withLock { $0.finished } }
    }

    struct RecordingWriter: ResponseBodyWriter {
        let received: Received

        mutating func write(_ buffer: ByteBuffer) async throws {
            received.state.withLock { $0.chunks.append(Array(buffer.readableBytesView)) }
        }

        mutating func write(contentsOf buffers: some Sequence<ByteBuffer>) async throws {
            for buffer in buffers { try await write(buffer) }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            received.state.withLock { $0.finished = true }
        }
    }

    static func chunk(_ index: Int) -> [UInt8] { Array("line \(index)\r\n".utf8) }

    @Test func aDownloadHoldsEveryChunkInOrderAfterTheMark() async throws {
        let router = Router(context: ConsoleContext.self)
        router.get("/d") { _, _ -> Response in
            let relay = try await DownloadRelay { send in
                for index in 0..<300 { try await send(Self.chunk(index)) }
            }
            return Response(status: .ok, body: relay.body(prefix: Console.byteOrderMark))
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/d", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == [0xEF, 0xBB, 0xBF] + (0..<300).flatMap(Self.chunk))
            }
        }
    }

    /// The call hands over its next chunk only once the browser has the one before: the console
    /// holds one chunk, however large the export.
    @Test func theCallWaitsForTheBrowserToTakeEachChunk() async throws {
        let received = Received()
        let aheadOfTheBrowser = Mutex<[Int]>([])
        let relay = try await DownloadRelay { send in
            for index in 0..<50 {
                try await send(Self.chunk(index))
                let written = received.chunks.count
                if written < index + 1 { aheadOfTheBrowser.withLock { $0.append(index) } }
            }
        }
        try await relay.body().write(RecordingWriter(received: received))
        #expect(received.chunks == (0..<50).map(Self.chunk))
        #expect(received.finished)
        #expect(aheadOfTheBrowser.withLock { $0 } == [])
    }

    @Test func aRefusalBeforeTheFirstChunkIsThrownForAPage() async throws {
        do {
            _ = try await DownloadRelay { _ in throw RPCError(.permissionDenied, "role: licensing.reader needed") }
            Issue.record("the relay started")
        } catch {
            #expect(error.code == .permissionDenied && error.message == "role: licensing.reader needed")
        }
    }

    /// A failure after the first chunk ends the body with the error and without its end, so the
    /// browser reports a failed download rather than keeping a file that looks whole.
    @Test func aFailureLaterNeverFinishesTheFile() async throws {
        let relay = try await DownloadRelay { send in
            try await send(Self.chunk(0))
            try await send(Self.chunk(1))
            throw RPCError(.unavailable, "the licensing service went away")
        }
        let received = Received()
        await #expect(throws: RPCError.self) { try await relay.body().write(RecordingWriter(received: received)) }
        #expect(received.chunks == [Self.chunk(0), Self.chunk(1)])
        #expect(!received.finished)
    }

    /// A response never sent (the browser left first) lets go of the call: it is not left waiting
    /// for a browser that will never take its next chunk.
    @Test(.timeLimit(.minutes(1))) func aDownloadNeverSentEndsTheCall() async throws {
        let (ended, sink) = AsyncStream.makeStream(of: String.self)
        do {
            let relay = try await DownloadRelay { send in
                do {
                    for index in 0..<10 { try await send(Self.chunk(index)) }
                    sink.yield("finished")
                } catch {
                    sink.yield("ended: \(error is CancellationError)")
                    throw error
                }
            }
            #expect(relay.first == Self.chunk(0))
        }
        var outcomes = ended.makeAsyncIterator()
        #expect(await outcomes.next() == "ended: true")
    }
}

extension DownloadRelayTests {
    /// Over a real connection, a failure after the first chunk leaves the response without its
    /// end: the client sees a broken response, not a short file that looks whole.
    @Test func overHTTPALaterFailureBreaksTheResponse() async throws {
        let router = Router(context: ConsoleContext.self)
        router.get("/d") { _, _ -> Response in
            let relay = try await DownloadRelay { send in
                try await send(Self.chunk(0))
                throw RPCError(.unavailable, "the licensing service went away")
            }
            return Response(status: .ok, body: relay.body())
        }
        try await Application(router: router).test(.live) { client in
            await #expect(throws: (any Error).self) {
                try await client.execute(uri: "/d", method: .get) { response in
                    Issue.record("a whole response: \(response.status) \(String(buffer: response.body))")
                }
            }
        }
    }
}
