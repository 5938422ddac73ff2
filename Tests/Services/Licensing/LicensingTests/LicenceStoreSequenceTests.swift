import CalendarDates
import CommonAPI
import DICTestSupport
import Foundation
import ServiceStorage
import Testing

@testable import Licensing
@testable import LicensingDomain

/// Random sequences of issues and changes over a few numbers and years, as officers could send
/// them: every refusal must be one the rules name (a ``LicensingError``), never the database's
/// own (a key the store did not check first surfaces as an internal error), a refused change
/// must leave the licence as it was, and what a write answers must be what a read gives.
struct LicenceStoreSequenceTests {
    /// Print-shop licences take exchanges (a new number, unique in the year it is given) as well
    /// as suspensions, reissues and endings; four numbers over five years make clashes common.
    static let numbers = ["01/GP-IN", "02/GP-IN", "03/GP-IN", "04/GP-IN"]
    static let kinds: [LicenceKind] = [.printingPress, .printingPublications]
    static let press = LicenceContent.printing(.init(facilityName: "In", address: "Tổ 1", activities: ["in"]))

    @Test(arguments: [1, 2, 3, 4])
    func everyRefusalIsNamedAndLeavesTheRegisterAsItWas(seed: Int) async throws {
        try await withLicenceStore { store, _ in
            var random = SeededRandom(seed: UInt64(seed))
            var ids: [String] = []
            var kept: [LicenceAction: Int] = [:]
            for step in 0..<200 {
                let request = "s\(seed)-\(step)"
                if ids.isEmpty || Int.random(in: 0..<4, using: &random) == 0 {
                    let kind = Self.kinds.randomElement(using: &random)!
                    let number = Self.numbers.randomElement(using: &random)!
                    let on = Self.day(in: 2022...2026, using: &random)
                    let id = "L\(step)"
                    let issued = try await Self.checked(store, "step \(step): issue \(kind) \(number) on \(on)") {
                        try await store.issue(id: id, requestID: request) { rules throws(LicensingError) in
                            try Licence.issue(
                                kind: kind, number: number, holderID: "org-1", on: on, validUntil: nil,
                                content: Self.press, decision: number, rules: rules)
                        }
                    }
                    if issued != nil { ids.append(id) }
                    kept[.issue, default: 0] += issued == nil ? 0 : 1
                } else {
                    let id = ids.randomElement(using: &random)!
                    let before = try #require(try await store.get(id))
                    let last = before.licence.current.effectiveOn
                    let on = last.adding(days: Int.random(in: -30...500, using: &random)) ?? last
                    let change = Self.change(on: on, using: &random)
                    let attempt = "step \(step): \(change.action) \(change.newNumber ?? "") of \(id) on \(on)"
                    if let changed = try await Self.checked(
                        store, attempt, before: before,
                        {
                            try await store.apply(change, to: id, requestID: request)
                        })
                    {
                        kept[changed.licence.current.action, default: 0] += 1
                    }
                }
            }
            // The sequences reach what they are for: licences issued, numbers exchanged, and changes refused.
            #expect(kept[.issue, default: 0] >= 10 && kept[.exchange, default: 0] >= 5, "\(kept)")
            try await Self.listsAsReadsDo(store, count: ids.count)
            // No two licences carry one number in one year, whatever order the steps came in.
            var keys: Set<String> = []
            for id in ids {
                let key = store.rules.numberKey(try #require(try await store.get(id)).licence)
                #expect(keys.insert(key).inserted, "\(id): \(key)")
            }
        }
    }

    /// Websites run to a term: extensions asked for in time or not, amendments, suspensions that
    /// lift by themselves, and the daily catch-up that records expiries between the officers' steps.
    @Test(arguments: [1, 2, 3, 4])
    func websitesThroughTheirTermsAreRefusedOnlyByName(seed: Int) async throws {
        try await withLicenceStore { store, _ async throws in
            var random = SeededRandom(seed: UInt64(seed) &+ 100)
            var ids: [String] = []
            var kept: [LicenceAction: Int] = [:]
            for step in 0..<200 {
                let request = "w\(seed)-\(step)"
                let roll = Int.random(in: 0..<10, using: &random)
                if ids.isEmpty || roll < 3 {
                    let number = Self.numbers.randomElement(using: &random)!.replacing("GP-IN", with: "GP-STTTT")
                    let on = Self.day(in: 2021...2025, using: &random)
                    let until = on.adding(days: Int.random(in: -10...1_900, using: &random)) ?? on
                    let id = "W\(step)"
                    let issued = try await Self.checked(store, "step \(step): issue \(number) on \(on) until \(until)")
                    {
                        try await store.issue(id: id, requestID: request) { rules throws(LicensingError) in
                            try Licence.issue(
                                kind: .website, number: number, holderID: "org-1", on: on, validUntil: until,
                                content: site, decision: number, rules: rules)
                        }
                    }
                    if issued != nil { ids.append(id) }
                    kept[.issue, default: 0] += issued == nil ? 0 : 1
                } else if roll == 3 {
                    let date = Self.day(in: 2021...2027, using: &random)
                    _ = try await Self.checked(store, "step \(step): catch up to \(date)") {
                        _ = try await store.catchUp(to: date)
                        return nil
                    }
                } else {
                    let id = ids.randomElement(using: &random)!
                    let before = try #require(try await store.get(id))
                    let on = before.licence.current.effectiveOn.adding(days: Int.random(in: -20...700, using: &random))!
                    let change = Self.websiteChange(of: before.licence, on: on, step: step, using: &random)
                    let attempt = "step \(step): \(change.action) of \(id) on \(on)"
                    if let changed = try await Self.checked(
                        store, attempt, before: before,
                        {
                            try await store.apply(change, to: id, requestID: request)
                        })
                    {
                        kept[changed.licence.current.action, default: 0] += 1
                    }
                }
            }
            #expect(kept[.issue, default: 0] >= 10 && kept[.extend, default: 0] >= 2, "\(kept)")
            try await Self.listsAsReadsDo(store, count: ids.count)
        }
    }

    /// One step: a refusal must be a ``LicensingError`` and leave `before` as it was; what a write
    /// answers must be what a read gives. Nil when refused.
    static func checked(
        _ store: LicenceStore, _ attempt: String, before: LicenceStore.Stored? = nil,
        _ write: () async throws -> LicenceStore.Stored?
    ) async throws -> LicenceStore.Stored? {
        let written: LicenceStore.Stored?
        do {
            written = try await write()
        } catch is LicensingError {
            if let before { #expect(try await store.get(before.id) == before, "\(attempt)") }
            return nil
        } catch {
            Issue.record("\(attempt): refused with \(type(of: error)) \(error), not by name")
            return nil
        }
        if let written { #expect(try await store.get(written.id) == written, "\(attempt)") }
        return written
    }

    /// A list shows each of the `count` licences as a read by id does, whatever happened to it.
    static func listsAsReadsDo(_ store: LicenceStore, count: Int) async throws {
        let (page, total) = try await store.list(.init(), window: try PageWindow(.init(pageSize: 1000)))
        #expect(total == count && page.count == count)
        for listed in page {
            #expect(listed == (try await store.get(listed.id, history: false)).map(LicenceStore.Listed.init))
        }
    }

    static func websiteChange(
        of licence: Licence, on day: CalendarDate, step: Int, using random: inout SeededRandom
    ) -> LicenceChange {
        let moved = LicenceContent.website(
            .init(
                domains: ["bao\(step).example.vn"], sections: ["Tin tức"], responsiblePerson: "Trần Thị B",
                serverLocation: "Bắc Kạn", serverInVietnam: true))
        switch Int.random(in: 0..<10, using: &random) {
        case 0, 1: return LicenceChange(.amend, on: day, decision: "sửa đổi", content: moved)
        case 2, 3:
            // Decided near the end, asked for some time before it (sometimes too late), a new end
            // up to a little past the longest extension.
            let end = licence.validUntil ?? day
            let near = end.adding(days: -Int.random(in: 0...60, using: &random)) ?? end
            return LicenceChange(
                .extend, on: max(near, licence.current.effectiveOn), decision: "gia hạn",
                newValidUntil: end.adding(days: Int.random(in: -5...800, using: &random)),
                requestedOn: end.adding(days: -Int.random(in: 10...150, using: &random)))
        case 4: return LicenceChange(.changeNotified, on: day, decision: "thông báo", content: moved)
        case 5: return LicenceChange(.reissue, on: day, decision: "cấp lại")
        case 6: return LicenceChange(.suspend, on: day, decision: "đình chỉ", reason: "vi phạm")
        case 7: return LicenceChange(.liftSuspension, on: day, decision: "khôi phục")
        case 8: return LicenceChange(.expire, on: day, decision: "hết hạn")
        default: return LicenceChange(.cease, on: day, decision: "chấm dứt")
        }
    }

    static func day(in years: ClosedRange<Int>, using random: inout SeededRandom) -> CalendarDate {
        let start = CalendarDate(iso: "\(years.lowerBound)-01-01")!
        let end = CalendarDate(iso: "\(years.upperBound)-12-31")!
        return start.adding(days: Int.random(in: 0...start.days(until: end), using: &random))!
    }

    static func change(on day: CalendarDate, using random: inout SeededRandom) -> LicenceChange {
        // Exchanges most, endings least, so that licences live long enough to change numbers.
        switch Int.random(in: 0..<12, using: &random) {
        case 0...5:
            LicenceChange(
                .exchange, on: day, decision: "đổi", content: press,
                newNumber: numbers.randomElement(using: &random)!)
        case 6, 7: LicenceChange(.reissue, on: day, decision: "cấp lại")
        case 8: LicenceChange(.suspend, on: day, decision: "đình chỉ", reason: "vi phạm")
        case 9: LicenceChange(.liftSuspension, on: day, decision: "khôi phục")
        case 10: LicenceChange(.cease, on: day, decision: "chấm dứt")
        default: LicenceChange(.revoke, on: day, decision: "thu hồi")
        }
    }
}
