import Hummingbird
import RPCCore

/// A service's streamed export relayed to a file download. The call runs in a task of its own and
/// hands over one chunk at a time, each only once the browser has taken the one before, so the
/// console holds one chunk however large the export. The first chunk, or the call's failure, is
/// there before the response starts: a refusal becomes a page, not a broken file. A failure after
/// that ends the download without the body's end, which a browser reports as a failed download,
/// never as a whole file.
final class DownloadRelay: Sendable {
    private let chunks: RPCQueue<[UInt8]>
    /// One element each time the browser has taken a chunk; finished when the download ends.
    private let taken: RPCQueue<Bool>
    private let task: Task<Void, Never>
    /// The export's first chunk; nil for an export of no bytes at all.
    let first: [UInt8]?

    /// Starts `call`, which hands each chunk of the export to `send`, and waits for the first;
    /// throws the call's failure when it fails before that.
    init(
        _ call: @escaping @Sendable (_ send: @escaping @Sendable ([UInt8]) async throws -> Void) async throws -> Void
    ) async throws(RPCError) {
        let chunks = RPCQueue<[UInt8]>()
        let taken = RPCQueue<Bool>()
        task = Task {
            do {
                try await call { bytes in
                    chunks.yield(bytes)
                    // nil: the download ended (the browser left, or the response was never sent).
                    guard try await taken.next() != nil else { throw CancellationError() }
                }
                chunks.finish()
            } catch {
                chunks.fail(RPCError(converting: error))
            }
        }
        self.chunks = chunks
        self.taken = taken
        do {
            first = try await chunks.next()
        } catch {
            taken.finish()
            task.cancel()
            throw error
        }
    }

    deinit {
        taken.finish()
        task.cancel()
    }

    /// The download's body: `prefix` and the first chunk, then each chunk as the browser takes
    /// the one before.
    func body(prefix: [UInt8] = []) -> ResponseBody {
        ResponseBody { writer in
            var next = prefix + (self.first ?? [])
            while true {
                if !next.isEmpty { try await writer.write(ByteBuffer(bytes: next)) }
                self.taken.yield(true)
                guard let chunk = try await self.chunks.next() else { break }
                next = chunk
            }
            try await writer.finish(nil)
        }
    }
}
