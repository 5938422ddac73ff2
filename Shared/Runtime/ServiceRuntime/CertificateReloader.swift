import Foundation
import Logging
import OpenSSLTLS
import ServiceLifecycle
import UnixSignals

/// Reloads the TLS certificate when its files change (cert-manager and the like rotate them in
/// place) or on SIGHUP, without a restart: new connections get the new certificate, open ones keep
/// theirs. A reload that fails leaves the current certificate in use and says why in the log.
struct CertificateReloader: Service {
    let provider: TLSContextProvider
    let files: [String]
    let logger: Logger
    let pollInterval: Duration

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signals {
                    reload(reason: "SIGHUP")
                }
            }
            group.addTask {
                var watch = CertificateFileWatch(files: files)
                while !Task.isCancelled {
                    try await Task.sleep(for: pollInterval)
                    if watch.changed() {
                        reload(reason: "the certificate files changed")
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
    }

    func reload(reason: String) {
        if let error = provider.reload() {
            logger.error(
                "TLS certificate reload failed; keeping the current one",
                metadata: ["reason": "\(reason)", "error": "\(error)"])
        } else {
            logger.info("TLS certificate reloaded", metadata: ["reason": "\(reason)"])
        }
    }
}
