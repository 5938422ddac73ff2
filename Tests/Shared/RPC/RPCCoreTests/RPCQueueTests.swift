import Synchronization
import Testing

@testable import RPCCore

struct RPCQueueTests {
    @Test func creditIsGivenWhenConsumedNotWhenQueued() async throws {
        let consumed = Mutex(0)
        let queue = RPCQueue<[UInt8]>(onConsume: { bytes in consumed.withLock { $0 += bytes.count } })
        queue.yield([1, 2, 3])
        queue.yield([4])
        #expect(consumed.withLock { $0 } == 0)
        #expect(try await queue.next() == [1, 2, 3])
        #expect(consumed.withLock { $0 } == 3)
        queue.finish()
        #expect(try await queue.next() == [4])
        #expect(try await queue.next() == nil)
        #expect(consumed.withLock { $0 } == 4)
    }

    @Test func waitingConsumerIsWokenAndFailuresPropagate() async throws {
        let queue = RPCQueue<Int>()
        async let first = queue.next()
        while !queue.hasWaiter { await Task.yield() }  // the consumer waits: the yield must wake it
        queue.yield(1)
        #expect(try await first == 1)
        queue.fail(RPCError(.unavailable, "gone"))
        await #expect(throws: RPCError(.unavailable, "gone")) { try await queue.next() }
    }

    @Test func cancellingAWaitingConsumerThrowsCancelled() async throws {
        let queue = RPCQueue<Int>()
        let task = Task { try await queue.next() }
        while !queue.hasWaiter { await Task.yield() }  // cancelled while it waits, not before
        task.cancel()
        let result = await task.result
        #expect(throws: RPCError.self) { try result.get() }
    }

    final class Tracked: Sendable {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    @Test func anElementIsLetGoWhenTakenThoughTheQueueNeverEmpties() async throws {
        // A handler slower than its stream: a message is always waiting behind the one it takes.
        let queue = RPCQueue<Tracked>()
        queue.yield(Tracked(0))
        var taken: [Int] = []
        for next in 1...1_000 {
            queue.yield(Tracked(next))
            weak var gone: Tracked?
            do {
                let element = try await queue.next()
                gone = element
                taken.append(element?.value ?? -1)
            }
            #expect(gone == nil, "element \(taken.last ?? -1) is still held after it was taken")
            if gone != nil { break }
        }
        #expect(taken.elementsEqual(0..<1_000))
        queue.finish()
        #expect(try await queue.next()?.value == 1_000)
        #expect(try await queue.next() == nil)
    }
}
