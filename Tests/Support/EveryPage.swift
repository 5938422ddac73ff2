import CommonAPI

/// Every page of a list, asked for `size` items at a time, with the total each page gave. At
/// most `bound` pages are asked for, so that a list whose pages never end fails its test
/// instead of hanging it.
package func everyPage<Item>(
    size: Int32, bound: Int = 100, _ fetch: (PageRequest) async throws -> (items: [Item], info: PageInfo?)
) async throws -> (items: [Item], totals: Set<Int64>) {
    var items: [Item] = []
    var totals: Set<Int64> = []
    var token = ""
    for _ in 0..<bound {
        let (found, info) = try await fetch(PageRequest(pageSize: size, pageToken: token))
        items += found
        totals.insert(info?.totalSize ?? -1)
        token = info?.nextPageToken ?? ""
        if token.isEmpty { break }
    }
    return (items, totals)
}
