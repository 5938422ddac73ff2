import ProtoWire
import RPCCore

/// The rows a `PageRequest` asks for: the page token is the offset of the next page, so a list
/// answers with `LIMIT`/`OFFSET` and any service can page the same way.
public struct PageWindow: Sendable, Hashable {
    public var offset: Int
    public var limit: Int
    /// The largest offset a token may name. No register comes near it; a larger token is not one
    /// this service gave out (and `offset + limit` must never overflow).
    public static let maximumOffset = 1 << 40

    public init(_ request: PageRequest?, defaultSize: Int = 100, maximumSize: Int = 1000) throws {
        let size = Int(request?.pageSize ?? 0)
        guard size >= 0 else { throw RPCError(.invalidArgument, "page.page_size: must not be negative") }
        limit = size == 0 ? defaultSize : min(size, maximumSize)
        offset = 0
        if let token = request?.pageToken, !token.isEmpty {
            guard token.utf8.count <= 20, let value = Int(token), value >= 0, value <= Self.maximumOffset else {
                throw RPCError(.invalidArgument, "page.page_token: not a token this service gave out")
            }
            offset = value
        }
    }

    /// The page info for a page of this window out of `total` matching items.
    public func info(total: Int) -> PageInfo {
        let (end, overflow) = offset.addingReportingOverflow(limit)
        guard !overflow else { return PageInfo(nextPageToken: "", totalSize: Int64(total)) }
        return PageInfo(nextPageToken: end < total ? String(end) : "", totalSize: Int64(total))
    }

    /// What a page's items may take on the wire: under the 4 MiB a gRPC client accepts by
    /// default, with room for the rest of the answer.
    public static let answerBudget = 3 << 20

    /// The first of `page` (this window's items, in order) that fit in `budget` bytes on the wire,
    /// at least one, and the page info out of `total`. A page cut short names the first item it
    /// left out as the next: a page of 1,000 records of several 16 KiB texts each would pass the
    /// answer limit and fail whole, every time, for every caller that came to it.
    public func fitting<Item: ProtoMessage>(
        _ page: [Item], total: Int, budget: Int = answerBudget
    ) -> (items: [Item], info: PageInfo) {
        let kept = Self.fittingCount(page, budget: budget)
        guard kept < page.count else { return (page, info(total: total)) }
        let (next, overflow) = offset.addingReportingOverflow(kept)
        return (Array(page[..<kept]), PageInfo(nextPageToken: overflow ? "" : String(next), totalSize: Int64(total)))
    }

    /// How many of `items`, from the first, fit in `budget` bytes on the wire: at least one.
    public static func fittingCount<Item: ProtoMessage>(_ items: [Item], budget: Int = answerBudget) -> Int {
        var used = 0
        for (index, item) in items.enumerated() {
            // The field's tag (one or two bytes) and the length before each item.
            used += 2 + ProtoSize.lengthDelimited(item.serializedSize())
            if used > budget && index > 0 { return index }
        }
        return items.count
    }

    /// This window's page of `items` already in memory, each made a wire item, cut to the answer's
    /// budget, with the page info out of all of them.
    public func page<Record, Item: ProtoMessage>(
        _ items: [Record], _ wire: (Record) throws -> Item
    ) rethrows -> (items: [Item], info: PageInfo) {
        fitting(try slice(items).map(wire), total: items.count)
    }

    /// This window's slice of items already in memory.
    public func slice<T>(_ items: [T]) -> ArraySlice<T> {
        let start = min(offset, items.count)
        return items[start..<(start + min(limit, items.count - start))]
    }
}
