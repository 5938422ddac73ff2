import Dispatch
import Foundation
import ServiceRuntime
import Synchronization
import Testing

/// A log reader that stops reading must not stop the service: callers queue lines and return.
struct LogOutputTests {
    /// A sink that blocks on its first line until the test opens the gate, then lets every line by.
    final class GatedSink: Sendable {
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let received = Mutex<[String]>([])

        func write(_ text: String) {
            entered.signal()
            gate.wait()
            gate.signal()
            received.withLock { $0.append(text) }
        }
    }

    @Test func aStalledSinkNeitherBlocksCallersNorGrowsTheQueueBeyondItsBound() {
        let sink = GatedSink()
        let output = LogOutput(buffered: 100) { sink.write($0) }
        output.write("first\n")
        sink.entered.wait()  // the writer holds "first" and is stuck in the sink

        let line = String(repeating: "a", count: 40) + "\n"
        let returned = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            for _ in 0..<3 { output.write(line) }  // 41 bytes each: two fit in 100, the third does not
            returned.signal()
        }
        #expect(returned.wait(timeout: .now() + 10) == .success, "write blocked on a stalled sink")
        #expect(output.droppedLines == 1)

        sink.gate.signal()
        #expect(output.flush(timeout: .seconds(10)))
        let text = sink.received.withLock { $0.joined() }
        #expect(text == "first\n" + "log: 1 lines dropped (the log output was not keeping up)\n" + line + line)
    }

    @Test func linesComeOutWholeAndInOrder() {
        let received = Mutex<String>("")
        let output = LogOutput(buffered: 1 << 20) { text in received.withLock { $0 += text } }
        let lines = (0..<500).map { "line \($0)\n" }
        for line in lines { output.write(line) }
        #expect(output.flush(timeout: .seconds(10)))
        #expect(received.withLock { $0 } == lines.joined())
        #expect(output.droppedLines == 0)
    }
}
