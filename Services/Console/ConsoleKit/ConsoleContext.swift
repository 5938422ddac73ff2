import Hummingbird

/// What a console request carries besides the request: the officer's session, once the session
/// middleware has found it.
public struct ConsoleContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: Session?
    /// The notice a page shows after the form that led to it succeeded.
    public var done: String?

    public init(source: Source) {
        coreContext = .init(source: source)
        session = nil
        done = nil
    }

    /// Forms and CSV uploads; a larger body is refused before it is read.
    public var maxUploadSize: Int { 8 << 20 }
}
