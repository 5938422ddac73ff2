import CommonAPI
import Foundation
import RPCCore

/// The names officers know administrative units by ("Xã Trần Phú"), for the codes a page shows
/// ("06.066.13"), asked of a service's unit registry as the officer. The units of each parent are
/// listed in one call (a page of a hundred communes costs a call per district, not per row); a
/// code left unnamed is asked alone, a few at most. A code no answer names stays a code: a page
/// shows less, never fails, for want of a name.
struct UnitNames: Sendable {
    /// Parents listed for one page, and codes asked one by one after that: enough for a province's
    /// districts and a few units out of force, bounded whatever the rows hold.
    static let maximumParents = 40
    static let maximumSingleLookups = 20

    let client: AdminUnitsService.Client
    let options: CallOptions

    /// The names of `codes` that the registry knows, by code. `known` (a field's ``choices()``,
    /// when the page has them) answers first: only the codes it leaves are asked.
    func names(of codes: some Sequence<String>, known: [(name: String, code: String)] = []) async -> [String: String] {
        let wanted = Set(codes.filter { !$0.isEmpty })
        guard !wanted.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for unit in known where wanted.contains(unit.code) && !unit.name.isEmpty { names[unit.code] = unit.name }
        let unnamed = wanted.subtracting(names.keys)
        let parents = Set(unnamed.compactMap(Self.parent)).sorted().prefix(Self.maximumParents)
        for unit in await children(of: Array(parents)) where unnamed.contains(unit.code) && !unit.name.isEmpty {
            names[unit.code] = unit.name
        }
        let missing = wanted.subtracting(names.keys).sorted().prefix(Self.maximumSingleLookups)
        await withTaskGroup(of: AdminUnit?.self) { group in
            for code in missing {
                group.addTask { [client, options] in
                    try? await client.getAdminUnit(GetAdminUnitRequest(code: code), options: options)
                }
            }
            for await unit in group {
                if let unit, wanted.contains(unit.code), !unit.name.isEmpty { names[unit.code] = unit.name }
            }
        }
        return names
    }

    /// What an officer typed in a unit field: a code (a digit and no space: "06.066", "BKN-V008")
    /// goes to the service as it is, which checks it; a name ("na ri", "Phường 1") is looked up,
    /// diacritics and case ignored, and must find exactly one unit in force.
    func choose(_ typed: String) async -> UnitChoice {
        let text = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .none }
        if text.contains(where: \.isNumber), !text.contains(where: \.isWhitespace) { return .code(text) }
        guard text.count <= Self.maximumNameCharacters else {
            return .refused("Tên đơn vị dài quá \(Self.maximumNameCharacters) ký tự; hãy nhập mã đơn vị.")
        }
        let request = SearchAdminUnitsRequest(query: text, page: PageRequest(pageSize: Int32(Self.candidatesShown + 1)))
        guard let found = try? await client.searchAdminUnits(request, options: options).units else {
            return .refused("Không tra được tên đơn vị lúc này; hãy nhập mã đơn vị.")
        }
        switch found.count {
        case 0: return .refused("Không có đơn vị hành chính nào tên “\(text)”.")
        case 1: return .unit(code: found[0].code, name: found[0].name)
        default:
            let listed = found.prefix(Self.candidatesShown).map { "\($0.name) (\($0.code))" }.joined(separator: ", ")
            let more = found.count > Self.candidatesShown ? " và các đơn vị khác" : ""
            return .refused("Nhiều đơn vị khớp “\(text)”: \(listed)\(more). Hãy ghi rõ hơn hoặc nhập mã.")
        }
    }

    /// The units in force a unit field suggests (a `datalist`): each province, its districts and
    /// their communes, by name, with the code beside. A call per parent, bounded as ``names(of:)``
    /// is; a registry that does not answer suggests nothing, and the field still takes a code.
    func choices() async -> [(name: String, code: String)] {
        let provinces = await children(of: [""])
        let districts = await children(of: provinces.prefix(5).map(\.code))
        let communes = await children(of: districts.prefix(Self.maximumParents).map(\.code))
        return (provinces + districts + communes).map { ($0.name, $0.code) }
    }

    /// The units in force under each of `parents`, in the parents' order, each parent's by name.
    private func children(of parents: [String]) async -> [AdminUnit] {
        await withTaskGroup(of: (Int, [AdminUnit]).self) { group in
            for (index, parent) in parents.enumerated() {
                group.addTask { [client, options] in
                    let request = ListChildrenRequest(parentCode: parent, page: PageRequest(pageSize: 1000))
                    return (index, (try? await client.listChildren(request, options: options).units) ?? [])
                }
            }
            var found = [[AdminUnit]](repeating: [], count: parents.count)
            for await (index, units) in group { found[index] = units }
            return found.flatMap { $0 }
        }
    }

    static let maximumNameCharacters = 60
    static let candidatesShown = 5

    /// "06.066" for "06.066.13": the registry's codes extend their parent's by a dot and a part.
    static func parent(of code: String) -> String? {
        guard let dot = code.lastIndex(of: "."), dot != code.startIndex else { return nil }
        return String(code[..<dot])
    }
}
