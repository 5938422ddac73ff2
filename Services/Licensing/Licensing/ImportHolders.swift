import LicensingDomain
import Synchronization

/// The holders one import has found or created, by "tax:…" or "name:…" key, so that a register
/// naming the same holders again and again looks each up once. It starts over past ``limit``
/// holders (the database still finds every one, created earlier in the import or not), so a
/// file of millions of different holders neither makes the service hold them all nor copies
/// them batch after batch. A dry run creates nothing the database could find again: the holders
/// it would create are remembered apart, as digests, so each is counted once.
public final class ImportHolders: Sendable {
    /// A few hundred kilobytes of keys and ids: a province's registers name fewer holders.
    public static let defaultLimit = 10_000

    let limit: Int

    private struct State {
        var ids: [String: String] = [:]
        var wouldCreate = SeenKeys()
    }

    private let state = Mutex(State())

    public init(limit: Int = defaultLimit) {
        self.limit = max(1, limit)
    }

    /// The id found or created for `key` earlier in the import, if still held.
    func id(for key: String) -> String? {
        state.withLock { $0.ids[key] }
    }

    /// Keeps what a stored batch found, starting over first when that would pass the limit.
    func remember(_ found: [String: String]) {
        guard !found.isEmpty else { return }
        state.withLock { state in
            if state.ids.count + found.count > limit { state.ids.removeAll(keepingCapacity: true) }
            state.ids.merge(found) { _, new in new }
        }
    }

    /// Whether a dry run had already counted `key` as a holder it would create; records it.
    func countedAsCreated(_ key: String) -> Bool {
        state.withLock { state in
            if state.wouldCreate[key] != nil { return true }
            state.wouldCreate[key] = 0
            return false
        }
    }

    /// Ids held now (for tests of the bound).
    package var held: Int { state.withLock { $0.ids.count } }
}
