import CalendarDates
import CommonAPI
import DICTestSupport
import LicensingAPI
import RPCCore
import Testing

@testable import Licensing
@testable import LicensingDomain

struct DossierProviderTests {
    func receive(
        _ client: APILicensingService.Client, _ code: String, on date: Date, channel: APIDossierChannel = .online,
        procedure: String = "1.003868"
    ) async throws -> APIDossier {
        try await client.receiveDossier(
            APIReceiveDossierRequest(
                requestID: "receive-\(code)", code: code, procedureCode: procedure, applicantID: "org-1",
                channel: channel, onlineType: channel == .online ? .fullProcess : .none, receivedOn: date,
                feeVnd: 50_000, paidOnline: channel == .online))
    }

    func move(
        _ client: APILicensingService.Client, _ code: String, _ status: APIDossierStatus, on date: Date,
        result: String = ""
    ) async throws -> APIDossier {
        try await client.moveDossier(
            APIMoveDossierRequest(
                requestID: "move-\(code)-\(status)-\(date.month)-\(date.day)", code: code, status: status, on: date,
                resultLicence: result))
    }

    @Test func aDossierIsReceivedMovedAndJudgedAgainstItsDueDate() async throws {
        try await withLicensingService(today: day("2023-03-31")) { client in
            // 1.003868: 10 working days from Wednesday 1 March is Wednesday 15 March.
            let received = try await receive(client, "D-1", on: Date(year: 2023, month: 3, day: 1))
            #expect(received.dueOn == Date(year: 2023, month: 3, day: 15) && received.status == .received)
            _ = try await move(client, "D-1", .inProcess, on: Date(year: 2023, month: 3, day: 2))
            // The applicant takes a week to send the supplement: the due date moves by 5 working days.
            _ = try await move(client, "D-1", .supplementRequested, on: Date(year: 2023, month: 3, day: 3))
            let waiting = try await client.getDossier(APIGetDossierRequest(code: "D-1"))
            #expect(waiting.dueOn == nil && waiting.timeliness == .pendingWithinTime)
            let back = try await move(client, "D-1", .inProcess, on: Date(year: 2023, month: 3, day: 10))
            #expect(back.dueOn == Date(year: 2023, month: 3, day: 22))
            let resolved = try await move(
                client, "D-1", .resolved, on: Date(year: 2023, month: 3, day: 21), result: "6/GP-STTTT")
            #expect(resolved.timeliness == .early && resolved.resultLicence == "6/GP-STTTT")
            #expect(
                resolved.steps.map(\.status) == [.received, .inProcess, .supplementRequested, .inProcess, .resolved])
        }
    }

    /// A dossier recorded with more supplement requests than the bound allows now (kept before
    /// it) still reads and can be closed; only a new request is refused.
    @Test func aDossierKeptWithMoreSupplementsThanTheBoundStillReads() async throws {
        try await withLicensing(today: day("2023-03-31")) { client, database in
            _ = try await receive(client, "D-OLD", on: Date(year: 2023, month: 3, day: 1))
            _ = try await move(client, "D-OLD", .inProcess, on: Date(year: 2023, month: 3, day: 2))
            let older = (0..<(2 * Dossier.maximumSupplementRequests + 2)).map { index in
                Dossier.Step(
                    on: day("2023-03-03"), status: index % 2 == 0 ? .supplementRequested : .inProcess, note: "")
            }
            try await database.write { sql in
                try await DossierStore.insertSteps(older[...], from: 2, of: "D-OLD", into: sql)
            }
            let kept = try await client.getDossier(APIGetDossierRequest(code: "D-OLD"))
            #expect(kept.steps.count == 2 + older.count && kept.status == .inProcess)
            await expectFailure(.failedPrecondition, "status") {
                _ = try await move(client, "D-OLD", .supplementRequested, on: Date(year: 2023, month: 3, day: 4))
            }
            let refused = try await move(client, "D-OLD", .refused, on: Date(year: 2023, month: 3, day: 4))
            #expect(refused.status == .refused)
        }
    }

    @Test func overdueDossiersAreListedMostOverdueFirst() async throws {
        try await withLicensingService(today: day("2023-03-31")) { client in
            _ = try await receive(client, "D-old", on: Date(year: 2023, month: 2, day: 1))
            _ = try await receive(client, "D-mid", on: Date(year: 2023, month: 3, day: 1))
            _ = try await receive(client, "D-new", on: Date(year: 2023, month: 3, day: 30))
            _ = try await receive(client, "D-done", on: Date(year: 2023, month: 2, day: 1), channel: .inPerson)
            _ = try await move(client, "D-done", .inProcess, on: Date(year: 2023, month: 2, day: 2))
            _ = try await move(client, "D-done", .refused, on: Date(year: 2023, month: 2, day: 3))
            let overdue = try await client.listDossiers(APIListDossiersRequest(overdueOnly: true))
            #expect(overdue.dossiers.map(\.code) == ["D-old", "D-mid"])
            #expect(overdue.dossiers.allSatisfy { $0.timeliness == .overdue })
            let online = try await client.listDossiers(APIListDossiersRequest(channel: .online))
            #expect(online.page?.totalSize == 3)
            let searched = try await client.listDossiers(APIListDossiersRequest(query: "bao bac kan"))
            #expect(searched.page?.totalSize == 4)  // all were filed by Báo Bắc Kạn
            let march = try await client.listDossiers(
                APIListDossiersRequest(
                    receivedFrom: Date(year: 2023, month: 3, day: 1),
                    receivedThrough: Date(year: 2023, month: 3, day: 31)))
            #expect(march.dossiers.map(\.code) == ["D-new", "D-mid"])
        }
    }

    /// The list's other filters narrow the overdue ones too: they were ignored, and a caller who
    /// asked for one procedure's overdue dossiers got every procedure's.
    @Test func overdueDossiersAreNarrowedByTheOtherFilters() async throws {
        try await withLicensingService(today: day("2023-03-31")) { client in
            _ = try await receive(client, "D-old", on: Date(year: 2023, month: 2, day: 1))
            _ = try await receive(client, "D-mid", on: Date(year: 2023, month: 3, day: 1), channel: .postal)
            _ = try await receive(
                client, "D-other", on: Date(year: 2023, month: 2, day: 1), procedure: "DIC-NEWS-ISSUE")
            func overdue(_ request: APIListDossiersRequest) async throws -> [String] {
                var request = request
                request.overdueOnly = true
                return try await client.listDossiers(request).dossiers.map(\.code)
            }
            #expect(try await overdue(APIListDossiersRequest()) == ["D-old", "D-other", "D-mid"])
            #expect(try await overdue(APIListDossiersRequest(procedureCode: "1.003868")) == ["D-old", "D-mid"])
            #expect(try await overdue(APIListDossiersRequest(channel: .postal)) == ["D-mid"])
            #expect(try await overdue(APIListDossiersRequest(query: "d-oth")) == ["D-other"])
            #expect(
                try await overdue(APIListDossiersRequest(receivedFrom: Date(year: 2023, month: 3, day: 1))) == ["D-mid"]
            )
            #expect(try await overdue(APIListDossiersRequest(status: .received)).count == 3)
            #expect(try await overdue(APIListDossiersRequest(status: .resolved)).isEmpty)
            let page = try await client.listDossiers(
                APIListDossiersRequest(
                    procedureCode: "1.003868", overdueOnly: true, page: PageRequest(pageSize: 1, pageToken: "1")))
            #expect(page.dossiers.map(\.code) == ["D-mid"] && page.page == PageInfo(totalSize: 2))
        }
    }

    /// The overdue list is paged by the database on each dossier's due date as stored: it must be
    /// the rule's answer over every dossier (open, due before today, the most overdue first), for
    /// clocks that stopped for supplements and ran again, under both day counts, and after the
    /// holidays changed under dossiers already received.
    @Test func theOverdueListIsTheRulesAnswerAfterEveryChange() async throws {
        try await withLicensingService(today: day("2023-04-28")) { client in
            var random = SeededRandom(seed: 21)
            let procedures = ["1.003868", "DIC-NEWS-ISSUE", "DIC-PRINTREG", "DIC-WEB-NOTIFY"]
            for index in 0..<60 {
                let code = "D-\(index)"
                let received = day("2023-01-02").adding(days: Int.random(in: 0..<110, using: &random))!
                _ = try await receive(
                    client, code, on: received.proto, procedure: procedures[index % procedures.count])
                var on = received
                // A few steps each: in process, a supplement asked for and (mostly) sent, decided.
                for status in [APIDossierStatus.inProcess, .supplementRequested, .inProcess, .resolved] {
                    guard Int.random(in: 0..<4, using: &random) > 0 else { break }
                    on = on.adding(days: Int.random(in: 1..<9, using: &random))!
                    guard on <= day("2023-04-28") else { break }
                    _ = try await move(
                        client, code, status, on: on.proto, result: status == .resolved ? "GP-\(index)" : "")
                }
            }
            func expected() async throws -> [String] {
                let all = try await client.listDossiers(APIListDossiersRequest(page: PageRequest(pageSize: 1000)))
                let open: Set<APIDossierStatus> = [.received, .inProcess, .supplementRequested]
                return all.dossiers.compactMap { dossier -> (CalendarDate, String)? in
                    guard open.contains(dossier.status), let due = dossier.dueOn,
                        let date = CalendarDate(year: Int(due.year), month: Int(due.month), day: Int(due.day)),
                        date < day("2023-04-28")
                    else { return nil }
                    return (date, dossier.code)
                }.sorted { $0 < $1 }.map(\.1)
            }
            func listed() async throws -> [String] {
                var codes: [String] = []
                var token = ""
                repeat {
                    let page = try await client.listDossiers(
                        APIListDossiersRequest(overdueOnly: true, page: PageRequest(pageSize: 7, pageToken: token)))
                    #expect(page.dossiers.allSatisfy { $0.timeliness == .overdue })
                    codes += page.dossiers.map(\.code)
                    token = page.page?.nextPageToken ?? ""
                } while !token.isEmpty
                return codes
            }
            let before = try await expected()
            #expect(before.count > 10)
            #expect(try await listed() == before)
            // Every weekday of April off: the working-day clocks run weeks later, the calendar-day
            // ones end on the next working day; the list follows at once.
            let april = (3...28).compactMap { CalendarDate(year: 2023, month: 4, day: $0) }.filter { $0.weekday <= 5 }
            _ = try await client.setHolidays(
                APISetHolidaysRequest(
                    year: 2023, holidays: april.map { APIHoliday(date: $0.proto, name: "Nghỉ thử", workingDay: false) })
            )
            let after = try await expected()
            #expect(after != before)
            #expect(try await listed() == after)
        }
    }

    @Test func thePeriodsDossierFiguresComeWithItsLicenceCounts() async throws {
        try await withLicensingService(today: day("2023-04-10")) { client in
            _ = try await receive(client, "Q1-a", on: Date(year: 2023, month: 1, day: 4))
            _ = try await receive(client, "Q1-b", on: Date(year: 2023, month: 2, day: 6), channel: .postal)
            _ = try await receive(client, "Q1-c", on: Date(year: 2023, month: 3, day: 28), channel: .inPerson)
            _ = try await move(client, "Q1-a", .inProcess, on: Date(year: 2023, month: 1, day: 5))
            _ = try await move(client, "Q1-a", .resolved, on: Date(year: 2023, month: 1, day: 10), result: "1/GP")
            let statistics = try await client.getLicenceStatistics(
                APILicenceStatisticsRequest(
                    from: Date(year: 2023, month: 1, day: 1), through: Date(year: 2023, month: 3, day: 31)))
            let counts = try #require(statistics.dossiers)
            #expect(counts.received == 3 && counts.receivedOnline == 1 && counts.receivedPostal == 1)
            #expect(counts.receivedInPerson == 1 && counts.receivedOnlineFullProcess == 1)
            #expect(counts.resolvedEarly == 1 && counts.pendingOverdue == 1 && counts.pendingWithinTime == 1)
            #expect(abs((counts.onlineRatePercent ?? 0) - 100.0 / 3) < 1e-9)
        }
    }

    @Test func badDossierRequestsNameTheFieldAndChangeNothing() async throws {
        try await withLicensingService(today: day("2023-03-31")) { client in
            await expectFailure(.invalidArgument, "procedure_code") {
                _ = try await receive(client, "X", on: Date(year: 2023, month: 3, day: 1), procedure: "9.999")
            }
            await expectFailure(.invalidArgument, "received_on") {
                _ = try await receive(client, "X", on: Date(year: 2023, month: 4, day: 1))
            }
            await expectFailure(.invalidArgument, "received_on") {
                _ = try await receive(client, "X", on: Date(year: 2023, month: 2, day: 30))
            }
            await expectFailure(.invalidArgument, "applicant_id") {
                _ = try await client.receiveDossier(
                    APIReceiveDossierRequest(
                        requestID: "r", code: "X", procedureCode: "1.003868", applicantID: "org-none",
                        channel: .postal, receivedOn: Date(year: 2023, month: 3, day: 1)))
            }
            _ = try await receive(client, "D-1", on: Date(year: 2023, month: 3, day: 1))
            await expectFailure(.failedPrecondition, "code") {
                _ = try await client.receiveDossier(
                    APIReceiveDossierRequest(
                        requestID: "another", code: "D-1", procedureCode: "1.003868", applicantID: "org-1",
                        channel: .postal, receivedOn: Date(year: 2023, month: 3, day: 1)))
            }
            await expectFailure(.failedPrecondition, "status") {
                _ = try await move(client, "D-1", .resolved, on: Date(year: 2023, month: 3, day: 2), result: "1/GP")
            }
            await expectFailure(.notFound, "code") {
                _ = try await move(client, "D-none", .inProcess, on: Date(year: 2023, month: 3, day: 2))
            }
            let listed = try await client.listDossiers(APIListDossiersRequest())
            #expect(listed.dossiers.map(\.code) == ["D-1"] && listed.dossiers[0].steps.count == 1)
        }
    }
}
