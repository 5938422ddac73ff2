/// Reading a paged list whole, on the client side.
extension PageRequest {
    /// Every item of a paged list: `page` is asked for pages of `size` in turn until one comes
    /// back last (no next token) or empty. For registers a caller shows or uses whole (the plan's
    /// indicators, the procedures, a year's tasks); a list that may be long is shown a page at a
    /// time instead.
    public static func all<Item>(
        size: Int32 = 1000, _ page: (PageRequest) async throws -> (items: [Item], info: PageInfo?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var token = ""
        repeat {
            let (found, info) = try await page(PageRequest(pageSize: size, pageToken: token))
            items += found
            token = found.isEmpty ? "" : info?.nextPageToken ?? ""
        } while !token.isEmpty
        return items
    }
}
