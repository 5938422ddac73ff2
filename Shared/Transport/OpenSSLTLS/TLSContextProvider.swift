import Synchronization

/// The server's current TLS context, replaced on reload (certificate rotation) without a restart:
/// new connections use the new certificate, connections already open keep theirs.
public final class TLSContextProvider: Sendable {
    let certificateChainPath: String
    let privateKeyPath: String
    let clientCAPath: String?
    private let current: Mutex<TLSContext>

    /// Loads the files now; a failure here means the server must not start.
    public init(certificateChainPath: String, privateKeyPath: String, clientCAPath: String?) throws(TLSError) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.clientCAPath = clientCAPath
        current = Mutex(
            try TLSContext.server(
                certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath, clientCAPath: clientCAPath))
    }

    public var context: TLSContext { current.withLock { $0 } }

    public var requiresClientCertificates: Bool { clientCAPath != nil }

    /// Reads the files again. On failure (a half-written file during rotation, say) the old context
    /// stays in use and the error is returned for the log.
    @discardableResult
    public func reload() -> TLSError? {
        do {
            let fresh = try TLSContext.server(
                certificateChainPath: certificateChainPath, privateKeyPath: privateKeyPath, clientCAPath: clientCAPath)
            current.withLock { $0 = fresh }
            return nil
        } catch {
            return error
        }
    }
}
