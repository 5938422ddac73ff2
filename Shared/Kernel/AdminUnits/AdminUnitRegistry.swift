import CalendarDates
import CommonAPI
import ServiceStorage

/// All administrative units and their lineage, in memory: a province has a few thousand units, so
/// every question is answered from here without touching the database.
public struct AdminUnitRegistry: Sendable {
    public private(set) var units: [String: AdminUnitRecord] = [:]
    private var children: [String: [String]] = [:]
    private var successors: [String: [String]] = [:]
    private var predecessors: [String: [String]] = [:]
    private var searchKeys: [String: String] = [:]
    public private(set) var lineage: [LineageRecord] = []

    public init(units: [AdminUnitRecord] = [], lineage: [LineageRecord] = []) {
        for unit in units { insert(unit) }
        for link in lineage { insert(link) }
    }

    mutating func insert(_ unit: AdminUnitRecord) {
        if let old = units[unit.code], let parent = old.parentCode {
            children[parent]?.removeAll { $0 == unit.code }
        }
        units[unit.code] = unit
        children[unit.parentCode ?? "", default: []].append(unit.code)
        searchKeys[unit.code] = SearchText.key(unit.name)
    }

    mutating func insert(_ link: LineageRecord) {
        guard !lineage.contains(link) else { return }
        lineage.append(link)
        successors[link.oldCode, default: []].append(link.newCode)
        predecessors[link.newCode, default: []].append(link.oldCode)
    }

    public func unit(_ code: String) -> AdminUnitRecord? { units[code] }

    /// The units under `parent` (the provinces for an empty code) in force on `date`, by name.
    public func children(of parent: String, on date: CalendarDate) -> [AdminUnitRecord] {
        (children[parent] ?? []).compactMap { units[$0] }.filter { $0.isInForce(on: date) }.sorted(by: byName)
    }

    /// `code` and the codes of every unit under it, at any depth, in force on `date`.
    public func codes(within code: String, on date: CalendarDate) -> [String] {
        var found = [code]
        var pending = [code]
        while let next = pending.popLast() {
            let children = self.children(of: next, on: date).map(\.code)
            found += children
            pending += children
        }
        return found
    }

    /// The communes (communes, wards, townships) in force on `date` within `code`, or all of them
    /// when `code` is empty: the denominator of every "share of communes" indicator.
    public func communes(within code: String, on date: CalendarDate) -> [String] {
        let candidates = code.isEmpty ? Array(units.keys) : codes(within: code, on: date)
        return candidates.filter { candidate in
            guard let unit = units[candidate] else { return false }
            return unit.level == .commune && unit.isInForce(on: date)
        }
        .sorted()
    }

    /// The units in force on `date` that `code` corresponds to: itself if it was in force then;
    /// after it ended, its successors (through any number of reforms); before it began, its
    /// predecessors.
    public func resolve(_ code: String, on date: CalendarDate) -> [AdminUnitRecord] {
        var result: [String: AdminUnitRecord] = [:]
        var visited: Set<String> = []
        var pending = [code]
        while let current = pending.popLast() {
            guard visited.insert(current).inserted, let unit = units[current] else { continue }
            if unit.isInForce(on: date) {
                result[unit.code] = unit
            } else if let end = unit.validTo, date >= end {
                pending += successors[current] ?? []
            } else {
                pending += predecessors[current] ?? []
            }
        }
        return result.values.sorted(by: byName)
    }

    /// The ancestors at `level` of the units `code` corresponds to on `date`; usually one.
    public func ancestors(of code: String, at level: AdminLevel, on date: CalendarDate) -> [AdminUnitRecord] {
        var found: [String: AdminUnitRecord] = [:]
        for unit in resolve(code, on: date) {
            var current: AdminUnitRecord? = unit
            while let node = current, node.level != level {
                current = node.parentCode.flatMap { units[$0] }
            }
            if let ancestor = current { found[ancestor.code] = ancestor }
        }
        return found.values.sorted(by: byName)
    }

    /// Units in force on `date` whose name contains `query`, ignoring case and diacritics.
    public func search(_ query: String, level: AdminLevel?, on date: CalendarDate) -> [AdminUnitRecord] {
        let key = SearchText.key(query)
        return units.values.filter { unit in
            unit.isInForce(on: date) && (level == nil || unit.level == level)
                && (key.isEmpty || searchKeys[unit.code]?.contains(key) == true)
        }.sorted(by: byName)
    }

    /// Alphabetical as people expect it (Ba Bể before Bạch Thông, regardless of tone marks).
    func byName(_ lhs: AdminUnitRecord, _ rhs: AdminUnitRecord) -> Bool {
        let (left, right) = (searchKeys[lhs.code] ?? "", searchKeys[rhs.code] ?? "")
        return left == right ? lhs.code < rhs.code : left < right
    }
}
