/// Splits a stream's body into gRPC messages: each is a 1-byte compressed flag, a 4-byte big-endian
/// length, then the message. A message may span DATA frames, and a frame may hold several messages.
struct GRPCMessageDeframer {
    enum Failure: Error, Equatable {
        /// The length prefix announces more than the inbound limit; refused before the body arrives.
        case tooLarge(length: Int, limit: Int)
        /// The flag byte is neither 0 nor 1.
        case invalidFlag(UInt8)
    }

    struct Message: Equatable {
        var compressed: Bool
        var bytes: [UInt8]
    }

    let maxMessageSize: Int
    private var buffer: [UInt8] = []
    private var start = 0

    init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Bytes received that do not yet make a whole message. Non-zero at the end of the stream means
    /// the length prefix promised more than was sent.
    var bufferedBytes: Int { buffer.count - start }

    /// Memory the deframer holds: its buffer's capacity, which is what a budget must count (an
    /// array that grows by doubling can hold twice the bytes it has received).
    var reservedBytes: Int { buffer.capacity }

    mutating func append(_ bytes: [UInt8]) {
        if start == buffer.count {
            buffer = bytes  // the common case: nothing pending, so no copy
            start = 0
        } else {
            if start > 0 && start >= buffer.count / 2 {
                buffer.removeFirst(start)
                start = 0
            }
            let needed = buffer.count + bytes.count
            if needed > buffer.capacity {
                // Grow to exactly what the message in progress needs (its length is known once its
                // prefix is here), never to the next power of two.
                buffer.reserveCapacity(max(needed, currentMessageEnd ?? 0))
            }
            buffer.append(contentsOf: bytes)
        }
    }

    /// Where the message in progress ends in `buffer`, once its length prefix has arrived and is
    /// within the limit.
    private var currentMessageEnd: Int? {
        guard buffer.count - start >= 5 else { return nil }
        let length =
            Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8
            | Int(buffer[start + 4])
        return length <= maxMessageSize ? start + 5 + length : nil
    }

    /// The next whole message, or nil until more bytes arrive.
    mutating func next() throws(Failure) -> Message? {
        guard buffer.count - start >= 5 else { return nil }
        let flag = buffer[start]
        guard flag <= 1 else { throw .invalidFlag(flag) }
        let length =
            Int(buffer[start + 1]) << 24 | Int(buffer[start + 2]) << 16 | Int(buffer[start + 3]) << 8
            | Int(buffer[start + 4])
        guard length <= maxMessageSize else { throw .tooLarge(length: length, limit: maxMessageSize) }
        guard buffer.count - start - 5 >= length else { return nil }
        let bodyStart = start + 5
        let message = Message(compressed: flag == 1, bytes: Array(buffer[bodyStart..<bodyStart + length]))
        start = bodyStart + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: false)
            start = 0
        }
        return message
    }
}
