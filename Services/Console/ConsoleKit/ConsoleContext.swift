import Foundation
import Hummingbird

/// What a console request carries besides the request: the officer's session, once the session
/// middleware has found it.
public struct ConsoleContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: Session?
    /// The notice a page shows after the form that led to it succeeded.
    public var done: String?
    /// The connection's peer: the officer's browser, or the edge proxy in front of the console.
    public var peerAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        session = nil
        done = nil
        peerAddress = source.channel.remoteAddress?.ipAddress ?? ""
    }

    /// Who is asking, for limits: the address the nearest proxy saw (the last X-Forwarded-For
    /// entry, which a client cannot write past a proxy that appends or replaces it), else the
    /// connection's peer. A client that reaches the console directly can make this up; the
    /// global limit still holds it.
    public func clientAddress(_ request: Request) -> String {
        if let forwarded = request.headers[.init("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty,
            last.utf8.count <= 64
        {
            return last
        }
        return peerAddress
    }

    /// Forms and CSV uploads; a larger body is refused before it is read.
    public var maxUploadSize: Int { 8 << 20 }
}
