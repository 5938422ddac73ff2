import NIOCore

/// The receiving half of one gRPC stream, the same on both sides: DATA bytes in; whole, decoded
/// messages out; and how much flow-control credit to give back and when. A value type with no
/// channel, session or clock, so every limit it enforces is tested without a socket.
///
/// The caller (a connection handler) does what the answers say: credits the window by what
/// ``received(_:)`` and ``taken()`` return, hands each message of ``next(inflatingAtMost:)`` to
/// the call, and ends the call with the failure's status when it throws.
struct InboundMessageReader {
    enum Failure: Error, Equatable {
        /// A length prefix announces more than the limit: refused before the body arrives.
        case tooLarge(length: Int, limit: Int)
        /// A compressed message inflates past what may be held.
        case inflatesTooLarge(limit: Int)
        /// The flag byte is neither 0 nor 1.
        case invalidFlag(UInt8)
        /// The compressed flag is set but the stream did not say `grpc-encoding: gzip`.
        case compressedWithoutEncoding
        /// The message says gzip but is not.
        case corrupt
    }

    /// A message as the call sees it, and what it occupied on the wire (prefix included): flow
    /// control counts the one, memory budgets the other.
    struct Message: Equatable {
        var bytes: [UInt8]
        var wireSize: Int
    }

    private(set) var deframer: GRPCMessageDeframer
    private(set) var flowControl: StreamFlowControl
    /// The sizes of messages queued and not yet taken, oldest first: what each counts against the
    /// window (the larger of its wire and decoded sizes) and the decoded size memory holds.
    /// A ring, so taking the oldest costs the same however many wait.
    private(set) var queuedSizes = CircularBuffer<(wire: Int, decoded: Int)>()
    /// The stream's `grpc-encoding`: how messages flagged compressed are compressed.
    var encoding: String?

    init(maxMessageSize: Int, windowSize: Int) {
        deframer = GRPCMessageDeframer(maxMessageSize: maxMessageSize)
        flowControl = StreamFlowControl(limit: windowSize)
    }

    var maxMessageSize: Int { deframer.maxMessageSize }
    /// Bytes of a message begun and not finished: non-zero at the end of the stream is a violation.
    var bufferedBytes: Int { deframer.bufferedBytes }
    /// Memory held for a message in progress: what a memory budget counts.
    var reservedBytes: Int { deframer.reservedBytes }

    /// DATA bytes arrived. Returns the credit to give back now: all of it unless the reader has
    /// more than a window of messages queued unread (then it waits for ``taken(_:)``). A buffer
    /// grows to at most one message (the limit) plus one frame.
    mutating func received(_ bytes: [UInt8]) -> Int {
        deframer.append(bytes)
        return flowControl.received(bytes.count)
    }

    /// The next whole message, decompressed, or nil until more bytes arrive. A compressed message
    /// never inflates past `room` (at most the message limit): a bomb is refused as it inflates.
    mutating func next(inflatingAtMost room: Int = .max) throws(Failure) -> Message? {
        let message: GRPCMessageDeframer.Message
        do {
            guard let next = try deframer.next() else { return nil }
            message = next
        } catch {
            switch error {
            case .tooLarge(let length, let limit): throw .tooLarge(length: length, limit: limit)
            case .invalidFlag(let flag): throw .invalidFlag(flag)
            }
        }
        let wireSize = message.bytes.count + 5
        guard message.compressed else { return Message(bytes: message.bytes, wireSize: wireSize) }
        guard encoding == "gzip" else { throw .compressedWithoutEncoding }
        let limit = max(0, min(maxMessageSize, room))
        do {
            return Message(bytes: try GzipCodec.decompress(message.bytes, limit: limit), wireSize: wireSize)
        } catch {
            switch error {
            case .tooLarge: throw .inflatesTooLarge(limit: maxMessageSize)
            case .corrupt: throw .corrupt
            }
        }
    }

    /// A message was queued for a reader that takes messages one at a time (a stream of them). It
    /// counts against the window by what it holds in memory, its decoded size when gzip made it
    /// larger: a window of compressed messages must not become ten windows of memory.
    mutating func queued(_ message: Message) {
        let counted = max(message.wireSize, message.bytes.count)
        flowControl.queuedMessage(size: counted)
        queuedSizes.append((counted, message.bytes.count))
    }

    /// More than a window of decoded messages waits unread: decode no further (the rest stays
    /// compressed in the buffer, its credit withheld) until the reader takes one.
    var isBacklogged: Bool { flowControl.queued > flowControl.limit }

    /// The reader took its oldest queued message: the credit withheld until now, and the decoded
    /// size that leaves memory. Nil when nothing was queued (the call ended and was discarded).
    /// With `releasing` false the credit is left for ``releasableCredit()``, for a caller that
    /// decodes what waited compressed first.
    mutating func taken(releasing: Bool = true) -> (credit: Int, decoded: Int)? {
        guard !queuedSizes.isEmpty else { return nil }
        let sizes = queuedSizes.removeFirst()
        guard releasing else {
            flowControl.dequeued(size: sizes.wire)
            return (0, sizes.decoded)
        }
        return (flowControl.consumedMessage(size: sizes.wire), sizes.decoded)
    }

    /// The credit withheld while the reader was behind, once its queue is under a window again:
    /// never while whole messages still wait compressed (decoding them refills the queue first).
    mutating func releasableCredit() -> Int { flowControl.release() }

    /// Lets go of a message in progress, its memory and what was queued (the call ended).
    mutating func discard() {
        deframer = GRPCMessageDeframer(maxMessageSize: deframer.maxMessageSize)
        queuedSizes.removeAll(keepingCapacity: false)
    }
}
