import NIOCore

/// Runs Swift tasks on a NIO event loop. Handlers started with this preference run on their
/// connection's own thread, so answering needs no thread hop and no lock: on a busy server that
/// is a large share of the work per call.
final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    let loop: any EventLoop

    init(loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
