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
                var attempt = ""
                var before: LicenceStore.Stored?
                var written: LicenceStore.Stored?
                do {
                    if ids.isEmpty || Int.random(in: 0..<4, using: &random) == 0 {
                        let kind = Self.kinds.randomElement(using: &random)!
                        let number = Self.numbers.randomElement(using: &random)!
                        let on = Self.day(in: 2022...2026, using: &random)
                        attempt = "issue \(kind.rawValue) \(number) on \(on)"
                        let id = "L\(step)"
                        written = try await store.issue(id: id, requestID: request) { rules throws(LicensingError) in
                            try Licence.issue(
                                kind: kind, number: number, holderID: "org-1", on: on, validUntil: nil,
                                content: Self.press, decision: number, rules: rules)
                        }
                        ids.append(id)
                    } else {
                        let id = ids.randomElement(using: &random)!
                        before = try await store.get(id)
                        let last = try #require(before).licence.current.effectiveOn
                        let on = last.adding(days: Int.random(in: -30...500, using: &random)) ?? last
                        let change = Self.change(on: on, using: &random)
                        attempt = "\(change.action.rawValue) \(change.newNumber ?? "") of \(id) on \(on)"
                        written = try await store.apply(change, to: id, requestID: request)
                    }
                } catch is LicensingError {
                    // Refused by name: nothing of it may have been kept.
                    if let before { #expect(try await store.get(before.id) == before, "step \(step): \(request)") }
                    continue
                } catch {
                    Issue.record("step \(step) (\(attempt)): refused with \(type(of: error)) \(error), not by name")
                    continue
                }
                let answered = try #require(written)
                #expect(try await store.get(answered.id) == answered, "step \(step): \(attempt)")
                kept[answered.licence.current.action, default: 0] += 1
            }
            // The sequences reach what they are for: licences issued, numbers exchanged, and changes refused.
            #expect(kept[.issue, default: 0] >= 10 && kept[.exchange, default: 0] >= 5, "\(kept)")
            // A list shows each licence as a read by id does, whatever happened to it.
            let (page, total) = try await store.list(.init(), window: try PageWindow(.init(pageSize: 1000)))
            #expect(total == ids.count && page.count == ids.count)
            for listed in page {
                #expect(listed == (try await store.get(listed.id, history: false)).map(LicenceStore.Listed.init))
            }
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
                var attempt = ""
                var before: LicenceStore.Stored?
                var written: LicenceStore.Stored?
                do {
                    let roll = Int.random(in: 0..<10, using: &random)
                    if ids.isEmpty || roll < 3 {
                        let number = Self.numbers.randomElement(using: &random)!.replacing("GP-IN", with: "GP-STTTT")
                        let on = Self.day(in: 2021...2025, using: &random)
                        let until = on.adding(days: Int.random(in: -10...1_900, using: &random)) ?? on
                        attempt = "issue \(number) on \(on) until \(until)"
                        let id = "W\(step)"
                        written = try await store.issue(id: id, requestID: request) { rules throws(LicensingError) in
                            try Licence.issue(
                                kind: .website, number: number, holderID: "org-1", on: on, validUntil: until,
                                content: site, decision: number, rules: rules)
                        }
                        ids.append(id)
                    } else if roll == 3 {
                        let date = Self.day(in: 2021...2027, using: &random)
                        attempt = "catch up to \(date)"
                        _ = try await store.catchUp(to: date)
                    } else {
                        let id = ids.randomElement(using: &random)!
                        before = try await store.get(id)
                        let current = try #require(before).licence
                        let on = current.current.effectiveOn.adding(days: Int.random(in: -20...700, using: &random))!
                        let change = Self.websiteChange(of: current, on: on, step: step, using: &random)
                        attempt = "\(change.action.rawValue) of \(id) on \(on)"
                        written = try await store.apply(change, to: id, requestID: request)
                    }
                } catch is LicensingError {
                    if let before { #expect(try await store.get(before.id) == before, "step \(step): \(request)") }
                    continue
                } catch {
                    Issue.record("step \(step) (\(attempt)): refused with \(type(of: error)) \(error), not by name")
                    continue
                }
                guard let answered = written else { continue }
                #expect(try await store.get(answered.id) == answered, "step \(step): \(attempt)")
                kept[answered.licence.current.action, default: 0] += 1
            }
            #expect(kept[.issue, default: 0] >= 10 && kept[.extend, default: 0] >= 2, "\(kept)")

            // A list shows each licence as a read by id does, whatever happened to it.
            let (page, total) = try await store.list(.init(), window: try PageWindow(.init(pageSize: 1000)))
            #expect(total == ids.count && page.count == ids.count)
            for listed in page {
                #expect(listed == (try await store.get(listed.id, history: false)).map(LicenceStore.Listed.init))
            }
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
