/// When received bytes of one stream are credited back to the flow-control window.
///
/// Bytes are credited as they arrive (a message larger than the window must be able to complete),
/// except while the application has more than `limit` bytes of whole messages queued and unread:
/// then credit is withheld, the peer runs out of window and stops, and the withheld credit is
/// released once the reader catches up. That is the whole of backpressure on the receiving side.
struct StreamFlowControl {
    let limit: Int
    /// Bytes of whole messages handed to the application and not yet taken by it.
    private(set) var queued = 0
    private(set) var withheld = 0

    init(limit: Int) { self.limit = limit }

    /// `count` bytes arrived; returns how many to credit now.
    mutating func received(_ count: Int) -> Int {
        if queued > limit {
            withheld += count
            return 0
        }
        return count
    }

    /// A whole message of `size` bytes (prefix included) was queued for the application.
    mutating func queuedMessage(size: Int) { queued += size }

    /// The application took a message of `size` bytes; returns credit to release now.
    mutating func consumedMessage(size: Int) -> Int {
        queued -= size
        return release()
    }

    /// The application took a message of `size` bytes; the credit waits for ``release()`` (the
    /// caller first decodes what waited behind it, which may fill the queue again).
    mutating func dequeued(size: Int) { queued -= size }

    /// The withheld credit, once the queue is back under the limit.
    mutating func release() -> Int {
        guard withheld > 0, queued <= limit else { return 0 }
        defer { withheld = 0 }
        return withheld
    }
}
