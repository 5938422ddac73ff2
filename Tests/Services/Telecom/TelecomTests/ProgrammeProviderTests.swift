import AdminUnits
import CalendarDates
import CommonAPI
import DICTestSupport
import RPCCore
import TelecomAPI
import Testing

@testable import Telecom
@testable import TelecomDomain

struct ProgrammeProviderTests {
    func lease(_ contract: String, from start: Date, to end: Date, units: [String]) -> APIWifiLease {
        APIWifiLease(
            contractNumber: contract, provider: "vnpt", start: start, end: end, monthlyFeePerHotspotVnd: 3_000_000,
            minimumUptimePercent: 98, minimumBandwidthMbps: 50,
            uptimeTiers: [
                APIUptimeTier(belowPercent: 98, deductPercent: 5), APIUptimeTier(belowPercent: 95, deductPercent: 15),
            ],
            bandwidthDeductPercent: 10, unitCodes: units)
    }

    @Test func aMonthOfPublicWifiIsAcceptedHotspotByHotspot() async throws {
        try await withTelecom(today: day("2023-09-10")) { client, _ in
            _ = try await client.saveWifiLease(
                APISaveWifiLeaseRequest(
                    lease: lease(
                        "01/2023/HĐ-WIFI", from: Date(year: 2023, month: 7, day: 1),
                        to: Date(year: 2028, month: 6, day: 30), units: ["06.058.01", "06.058.02"])))
            for (code, started) in [("WF-1", 1), ("WF-2", 1), ("WF-3", 17)] {
                _ = try await client.saveHotspot(
                    APISaveHotspotRequest(
                        hotspot: APIHotspot(
                            code: code, leaseContract: "01/2023/HĐ-WIFI", name: "Điểm \(code)",
                            position: CommonAPI.GeoPoint(latitude: 22.147, longitude: 105.834), unitCode: "06.058.01",
                            accessPoints: 2, startedOn: Date(year: 2023, month: 7, day: Int32(started)))))
            }
            for (code, uptime, bandwidth) in [("WF-1", 99.5, 80.0), ("WF-2", 94.0, 40.0)] {
                _ = try await client.reportHotspotMonth(
                    APIReportHotspotMonthRequest(
                        report: APIHotspotMonthReport(
                            hotspotCode: code, year: 2023, month: 7, uptimePercent: uptime, sessions: 900,
                            averageBandwidthMbps: bandwidth)))
            }
            let july = try await client.getWifiAcceptance(
                APIGetWifiAcceptanceRequest(leaseContract: "01/2023/HĐ-WIFI", year: 2023, month: 7))
            #expect(july.lines.map(\.payableVnd) == [3_000_000, 2_250_000, 0])
            #expect(july.lines[2].note == "no report" && july.lines[2].feeVnd == 3_000_000 * 15 / 31)
            #expect(july.payableVnd == 5_250_000 && july.feeVnd == 6_000_000 + 3_000_000 * 15 / 31)
            await expectFailure(.failedPrecondition, "code") {
                _ = try await client.deleteHotspot(APIDeleteRecordRequest(code: "WF-1"))
            }
            _ = try await client.deleteHotspot(APIDeleteRecordRequest(code: "WF-3"))
            await expectFailure(.notFound, "code") {
                _ = try await client.deleteHotspot(APIDeleteRecordRequest(code: "WF-3"))
            }
            let left = try await client.listHotspots(APIListHotspotsRequest(leaseContract: "01/2023/HĐ-WIFI"))
            #expect(left.hotspots.map(\.code) == ["WF-1", "WF-2"])
            let page = try await client.listHotspots(APIListHotspotsRequest(page: PageRequest(pageSize: 1)))
            #expect(page.hotspots.map(\.code) == ["WF-1"] && page.page == PageInfo(nextPageToken: "1", totalSize: 2))
            await expectFailure(.invalidArgument, "month") {
                _ = try await client.reportHotspotMonth(
                    APIReportHotspotMonthRequest(
                        report: APIHotspotMonthReport(hotspotCode: "WF-1", year: 2023, month: 10, uptimePercent: 99)))
            }
        }
    }

    @Test func overlappingLeaseTermsForOnePlaceAreRefused() async throws {
        try await withTelecom { client, _ in
            _ = try await client.saveWifiLease(
                APISaveWifiLeaseRequest(
                    lease: lease(
                        "A", from: Date(year: 2023, month: 7, day: 1), to: Date(year: 2028, month: 6, day: 30),
                        units: ["06.058.01"])))
            await expectFailure(.invalidArgument, "start") {
                _ = try await client.saveWifiLease(
                    APISaveWifiLeaseRequest(
                        lease: lease(
                            "B", from: Date(year: 2027, month: 1, day: 1), to: Date(year: 2031, month: 12, day: 31),
                            units: ["06.058.02", "06.058.01"])))
            }
            await expectFailure(.invalidArgument, "end") {
                _ = try await client.saveWifiLease(
                    APISaveWifiLeaseRequest(
                        lease: lease(
                            "C", from: Date(year: 2023, month: 7, day: 1), to: Date(year: 2023, month: 1, day: 1),
                            units: ["06.060.01"])))
            }
            // The next term, after the first ends, is fine.
            _ = try await client.saveWifiLease(
                APISaveWifiLeaseRequest(
                    lease: lease(
                        "D", from: Date(year: 2028, month: 7, day: 1), to: Date(year: 2033, month: 6, day: 30),
                        units: ["06.058.01"])))
            let leases = try await client.listWifiLeases(APIListWifiLeasesRequest()).leases
            #expect(leases.map(\.contractNumber) == ["A", "D"])
            let second = try await client.listWifiLeases(
                APIListWifiLeasesRequest(page: PageRequest(pageSize: 1, pageToken: "1")))
            #expect(second.leases.map(\.contractNumber) == ["D"] && second.page == PageInfo(totalSize: 2))
        }
    }

    /// A lease and a hotspot with months reported are corrected in place: the fee, a name. Saving
    /// them used to delete the row that the hotspots and the months refer to, which the database
    /// refused, and the officer got an internal error.
    @Test func aLeaseAndAHotspotWithReportedMonthsCanBeCorrected() async throws {
        try await withTelecom(today: day("2023-09-10")) { client, _ in
            var corrected = lease(
                "02/2023/HĐ-WIFI", from: Date(year: 2023, month: 7, day: 1), to: Date(year: 2028, month: 6, day: 30),
                units: ["06.058.01"])
            _ = try await client.saveWifiLease(APISaveWifiLeaseRequest(lease: corrected))
            var hotspot = APIHotspot(
                code: "WF-9", leaseContract: "02/2023/HĐ-WIFI", name: "Chợ",
                position: CommonAPI.GeoPoint(latitude: 22.147, longitude: 105.834), unitCode: "06.058.01",
                accessPoints: 2, startedOn: Date(year: 2023, month: 7, day: 1))
            _ = try await client.saveHotspot(APISaveHotspotRequest(hotspot: hotspot))
            _ = try await client.reportHotspotMonth(
                APIReportHotspotMonthRequest(
                    report: APIHotspotMonthReport(
                        hotspotCode: "WF-9", year: 2023, month: 7, uptimePercent: 99.5, sessions: 900,
                        averageBandwidthMbps: 80)))
            corrected.monthlyFeePerHotspotVnd = 2_500_000
            _ = try await client.saveWifiLease(APISaveWifiLeaseRequest(lease: corrected))
            hotspot.name = "Chợ trung tâm"
            hotspot.accessPoints = 3
            _ = try await client.saveHotspot(APISaveHotspotRequest(hotspot: hotspot))
            let leases = try await client.listWifiLeases(APIListWifiLeasesRequest()).leases
            #expect(leases.map(\.monthlyFeePerHotspotVnd) == [2_500_000])
            let hotspots = try await client.listHotspots(APIListHotspotsRequest()).hotspots
            #expect(hotspots.map(\.name) == ["Chợ trung tâm"] && hotspots.map(\.accessPoints) == [3])
            let july = try await client.getWifiAcceptance(
                APIGetWifiAcceptanceRequest(leaseContract: "02/2023/HĐ-WIFI", year: 2023, month: 7))
            #expect(july.lines.map(\.payableVnd) == [2_500_000])
            // Its months were accepted under this lease: it does not move to another.
            _ = try await client.saveWifiLease(
                APISaveWifiLeaseRequest(
                    lease: lease(
                        "03/2023/HĐ-WIFI", from: Date(year: 2023, month: 7, day: 1),
                        to: Date(year: 2028, month: 6, day: 30), units: ["06.058.02"])))
            hotspot.leaseContract = "03/2023/HĐ-WIFI"
            await expectFailure(.failedPrecondition, "lease_contract") {
                _ = try await client.saveHotspot(APISaveHotspotRequest(hotspot: hotspot))
            }
            #expect(
                try await client.listHotspots(APIListHotspotsRequest()).hotspots.map(\.leaseContract) == [
                    "02/2023/HĐ-WIFI"
                ])
        }
    }

    @Test func frequencyLicencesNearTheirEndAreListedForReminders() async throws {
        try await withTelecom(today: day("2023-04-01")) { client, _ in
            for (number, month) in [("1/GP-CTS", 5), ("2/GP-CTS", 12)] {
                _ = try await client.saveFrequencyLicence(
                    APISaveFrequencyLicenceRequest(
                        licence: APIFrequencyLicence(
                            number: number, holder: "Đài PT-TH Bắc Kạn", frequencyMhz: 99.5, station: "FM",
                            validUntil: Date(year: 2023, month: Int32(month), day: 15))))
            }
            let due = try await client.listFrequencyLicences(APIListFrequencyLicencesRequest(expiringWithinDays: 60))
            #expect(due.licences.map(\.number) == ["1/GP-CTS"])
            let all = try await client.listFrequencyLicences(
                APIListFrequencyLicencesRequest(page: PageRequest(pageSize: 1, pageToken: "1")))
            #expect(all.licences.map(\.number) == ["2/GP-CTS"] && all.page == PageInfo(totalSize: 2))
            await expectFailure(.invalidArgument, "frequency_mhz") {
                _ = try await client.saveFrequencyLicence(
                    APISaveFrequencyLicenceRequest(
                        licence: APIFrequencyLicence(
                            number: "3", holder: "X", frequencyMhz: -1, validUntil: Date(year: 2024, month: 1, day: 1)))
                )
            }
        }
    }

    /// Read from the register a page at a time: every page, of any size, holds its part of the
    /// filter's match in order and counts the whole of it.
    @Test func hotspotsAndLeasesComeInPagesByUnitAndLease() async throws {
        try await withTelecom(today: day("2023-09-10")) { client, _ in
            let july = Date(year: 2023, month: 7, day: 1)
            let end = Date(year: 2028, month: 6, day: 30)
            _ = try await client.saveWifiLease(
                APISaveWifiLeaseRequest(lease: lease("A", from: july, to: end, units: ["06.058.01", "06.058.02"])))
            _ = try await client.saveWifiLease(
                APISaveWifiLeaseRequest(lease: lease("B", from: july, to: end, units: ["06.060.01"])))
            for (code, lease, unit) in [
                ("H1", "A", "06.058.01"), ("H2", "A", "06.058.02"), ("H3", "A", "06.058.01"), ("H4", "A", "06.058.02"),
                ("H5", "A", "06.058.01"), ("H6", "B", "06.060.01"),
            ] {
                _ = try await client.saveHotspot(
                    APISaveHotspotRequest(
                        hotspot: APIHotspot(
                            code: code, leaseContract: lease, name: "Điểm \(code)",
                            position: CommonAPI.GeoPoint(latitude: 22.147, longitude: 105.834), unitCode: unit,
                            accessPoints: 1, startedOn: july)))
            }
            for size: Int32 in [1, 2, 3, 50] {
                let (codes, totals) = try await everyPage(size: size) { page in
                    let found = try await client.listHotspots(APIListHotspotsRequest(unitCode: "06.058.01", page: page))
                    return (found.hotspots.map(\.code), found.page)
                }
                #expect(codes == ["H1", "H3", "H5"] && totals == [3], "pages of \(size)")
            }
            let ofB = try await client.listHotspots(APIListHotspotsRequest(leaseContract: "B"))
            #expect(ofB.hotspots.map(\.code) == ["H6"] && ofB.page == PageInfo(totalSize: 1))
            let past = try await client.listHotspots(
                APIListHotspotsRequest(leaseContract: "A", page: PageRequest(pageSize: 2, pageToken: "10")))
            #expect(past.hotspots.isEmpty && past.page == PageInfo(totalSize: 5))
            let second = try await client.listWifiLeases(
                APIListWifiLeasesRequest(page: PageRequest(pageSize: 1, pageToken: "1")))
            #expect(second.leases.map(\.contractNumber) == ["B"] && second.page == PageInfo(totalSize: 2))
            // A month's acceptance takes its lease's hotspots only, all of them.
            let acceptance = try await client.getWifiAcceptance(
                APIGetWifiAcceptanceRequest(leaseContract: "A", year: 2023, month: 8))
            #expect(acceptance.lines.map(\.hotspotCode) == ["H1", "H2", "H3", "H4", "H5"])
        }
    }

    /// A reminder's list stops at its horizon in the register, a page at a time; a horizon past
    /// the calendar's end is reached by every reference (it used to find none).
    @Test func referencesDueForAReminderComeInPagesAndAFarHorizonTakesThemAll() async throws {
        try await withTelecom(today: day("2023-04-01")) { client, _ in
            for (number, year, month, day) in [
                ("5/GP", 2024, 1, 1), ("4/GP", 2023, 6, 1), ("3/GP", 2023, 5, 31), ("2/GP", 2023, 4, 15),
                ("1/GP", 2023, 3, 1),
            ] {
                _ = try await client.saveFrequencyLicence(
                    APISaveFrequencyLicenceRequest(
                        licence: APIFrequencyLicence(
                            number: number, holder: "Đài PT-TH Bắc Kạn", frequencyMhz: 99.5, station: "FM",
                            validUntil: Date(year: Int32(year), month: Int32(month), day: Int32(day)))))
            }
            // 60 days from 1 April is 31 May: the expired one, and two more.
            let (due, totals) = try await everyPage(size: 2) { page in
                let found = try await client.listFrequencyLicences(
                    APIListFrequencyLicencesRequest(expiringWithinDays: 60, page: page))
                return (found.licences.map(\.number), found.page)
            }
            #expect(due == ["1/GP", "2/GP", "3/GP"] && totals == [3])
            let far = try await client.listFrequencyLicences(
                APIListFrequencyLicencesRequest(expiringWithinDays: .max))
            #expect(far.licences.map(\.number) == ["1/GP", "2/GP", "3/GP", "4/GP", "5/GP"])
            #expect(far.page == PageInfo(totalSize: 5))
            // The list asks SQL for a horizon; the domain's rule says who is due: the two agree.
            let stored = try far.licences.map { wire in
                let until = try #require(wire.validUntil.flatMap(CalendarDate.init))
                return FrequencyLicenceReference(
                    number: wire.number, holder: wire.holder, frequencyMHz: wire.frequencyMhz, station: wire.station,
                    validUntil: until)
            }
            for days: Int32 in [1, 13, 14, 59, 60, 61, 275, 276, 3_650, .max] {
                let listed = try await client.listFrequencyLicences(
                    APIListFrequencyLicencesRequest(expiringWithinDays: days)
                ).licences.map(\.number)
                let rule = stored.filter { $0.needsReminder(today: day("2023-04-01"), within: Int(days)) }.map(\.number)
                #expect(listed == rule, "within \(days) days")
            }
        }
    }

    @Test func universalServiceSupportCountsWhatWasDelivered() async throws {
        try await withTelecom { client, _ in
            for (household, delivered) in [("Nông Văn A, thôn Nà Pì", true), ("Hoàng Thị B, bản Khuổi", false)] {
                _ = try await client.recordUniversalServiceSupport(
                    APIRecordUniversalServiceSupportRequest(
                        support: APIUniversalServiceSupport(
                            household: household, povertyStatus: .poor, listYear: 2023, unitCode: "06.061.01",
                            supportType: .handset, provider: "Viettel",
                            deliveredOn: delivered ? Date(year: 2023, month: 3, day: 2) : nil)))
            }
            let listed = try await client.listUniversalServiceSupport(
                APIListUniversalServiceSupportRequest(listYear: 2023))
            #expect(listed.delivered == 1 && listed.pending == 1 && listed.supports.first?.provider == "viettel")
            await expectFailure(.invalidArgument, "provider") {
                _ = try await client.recordUniversalServiceSupport(
                    APIRecordUniversalServiceSupportRequest(
                        support: APIUniversalServiceSupport(
                            household: "C", povertyStatus: .nearPoor, listYear: 2023, unitCode: "06.061.01",
                            supportType: .subscription, provider: "telco-x")))
            }
        }
    }

    /// The lists name households by the thousand: they come a page at a time, in unit and
    /// household order, and every page counts what was delivered among all that match.
    @Test func universalServiceSupportComesInPages() async throws {
        try await withTelecom { client, _ in
            var expected: [String] = []
            for index in 0..<7 {
                let unit = index % 2 == 0 ? "06.061.01" : "06.061.02"
                let household = "Hộ \(index), thôn Nà Pì"
                _ = try await client.recordUniversalServiceSupport(
                    APIRecordUniversalServiceSupportRequest(
                        support: APIUniversalServiceSupport(
                            household: household, povertyStatus: .poor, listYear: 2023, unitCode: unit,
                            supportType: .handset, provider: "Viettel",
                            deliveredOn: index < 3 ? Date(year: 2023, month: 3, day: 2) : nil)))
                expected.append(unit + "|" + household)
            }
            var seen: [String] = []
            var token = ""
            repeat {
                let page = try await client.listUniversalServiceSupport(
                    APIListUniversalServiceSupportRequest(
                        listYear: 2023, page: PageRequest(pageSize: 3, pageToken: token)))
                #expect(page.page?.totalSize == 7 && page.delivered == 3 && page.pending == 4)
                #expect(page.supports.count == min(3, 7 - seen.count))
                seen += page.supports.map { $0.unitCode + "|" + $0.household }
                token = page.page?.nextPageToken ?? ""
            } while !token.isEmpty && seen.count < 20
            #expect(seen == expected.sorted())
            let none = try await client.listUniversalServiceSupport(
                APIListUniversalServiceSupportRequest(listYear: 2022))
            #expect(none.supports.isEmpty && none.page?.totalSize == 0 && none.delivered == 0 && none.pending == 0)
            await expectFailure(.invalidArgument, "page.page_token") {
                _ = try await client.listUniversalServiceSupport(
                    APIListUniversalServiceSupportRequest(page: PageRequest(pageToken: "x")))
            }
        }
    }

    /// A household named in 16 KiB is a poverty list's entry; one named in 16 KiB and a byte is
    /// refused as the request is read, naming the field, and nothing is kept.
    @Test func aHouseholdLongerThanARequestsTextMayBeIsRefused() async throws {
        try await withTelecom { client, _ in
            func record(_ household: String) async throws {
                _ = try await client.recordUniversalServiceSupport(
                    APIRecordUniversalServiceSupportRequest(
                        support: APIUniversalServiceSupport(
                            household: household, povertyStatus: .poor, listYear: 2023, unitCode: "06.061.01",
                            supportType: .handset, provider: "Viettel")))
            }
            // "ễ" is three bytes in UTF-8: the limit counts bytes, not letters.
            let longest = String(repeating: "ễ", count: (16 << 10) / 3) + String(repeating: "a", count: (16 << 10) % 3)
            try await record(longest)
            await expectFailure(.invalidArgument, "support.household") { try await record(longest + "a") }
            let listed = try await client.listUniversalServiceSupport(APIListUniversalServiceSupportRequest())
            #expect(listed.supports.map(\.household) == [longest])
        }
    }
}
