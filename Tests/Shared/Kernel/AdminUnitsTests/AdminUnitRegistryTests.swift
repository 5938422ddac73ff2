import CalendarDates
import CommonAPI
import Testing

@testable import AdminUnits

func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

struct AdminUnitRegistryTests {
    static let shipped: AdminUnitRegistry = {
        guard case .success(let parsed) = AdminUnitCSV.parse(BacKan2023.csv, known: AdminUnitRegistry()) else {
            fatalError("the shipped data does not parse")
        }
        let villages = BacKan2023.villages(of: parsed.units.filter { $0.level == .commune })
        return AdminUnitRegistry(units: parsed.units + villages)
    }()

    @Test func shippedBacKanMatchesTheVerifiedCounts() {
        let registry = Self.shipped
        let q1 = day("2023-03-31")
        let provinces = registry.children(of: "", on: q1)
        #expect(provinces.map(\.name) == ["Tỉnh Bắc Kạn"])
        let districts = registry.children(of: "06", on: q1)
        #expect(districts.count == 8)  // 1 city and 7 districts
        #expect(districts.filter { $0.name.hasPrefix("Thành phố") }.map(\.name) == ["Thành phố Bắc Kạn"])
        let communes = districts.flatMap { registry.children(of: $0.code, on: q1) }
        #expect(communes.count == 108)
        let villages = communes.flatMap { registry.children(of: $0.code, on: q1) }
        #expect(villages.count == 1_292)
        #expect(villages.allSatisfy { $0.placeholder })
        #expect(communes.allSatisfy { $0.source.contains("unverified") })
        // Names are unique within each district.
        for district in districts {
            let names = registry.children(of: district.code, on: q1).map(\.name)
            #expect(Set(names).count == names.count, "duplicate commune name in \(district.name)")
        }
    }

    @Test func codesWithinReachEveryLevelAndHonourTheDate() {
        let q1 = day("2023-03-31")
        let province = Self.shipped.codes(within: "06", on: q1)
        #expect(province.count == 1 + 8 + 108 + 1_292)
        #expect(Set(province).count == province.count)
        #expect(province.first == "06")
        let district = Self.shipped.codes(within: "06.061", on: q1)
        #expect(district.allSatisfy { $0 == "06.061" || $0.hasPrefix("06.061.") })
        #expect(district.contains("06.061.02"))
        // After the merger the new commune hangs off the province, not the old district.
        let merged = Self.merged()
        #expect(merged.codes(within: "06", on: day("2025-08-01")).contains("T.NEW.1"))
        #expect(!merged.codes(within: "06", on: q1).contains("T.NEW.1"))
    }

    @Test func childrenAreSortedAsPeopleExpect() {
        let names = Self.shipped.children(of: "06", on: day("2023-03-31")).map(\.name)
        #expect(names.first == "Huyện Ba Bể")
        #expect(names.firstIndex(of: "Huyện Ba Bể")! < names.firstIndex(of: "Huyện Bạch Thông")!)
    }

    /// A made-up merger in the shape of the 2025 reform (test data only): the district of Ba Bể
    /// ends on 1 July 2025 and three of its communes become one commune directly under the province.
    static func merged() -> AdminUnitRegistry {
        var units = Array(shipped.units.values)
        let reform = day("2025-07-01")
        let merging = ["06.061.02", "06.061.03", "06.061.04"]
        for index in units.indices where units[index].code == "06.061" || merging.contains(units[index].code) {
            units[index].validTo = reform
        }
        units.append(
            AdminUnitRecord(
                code: "T.NEW.1", name: "Xã Thử Nghiệm", level: .commune, parentCode: "06", validFrom: reform,
                source: "test"))
        let lineage = merging.map { LineageRecord(oldCode: $0, newCode: "T.NEW.1", effective: reform) }
        return AdminUnitRegistry(units: units, lineage: lineage)
    }

    @Test func resolvesForwardAndBackwardAcrossAMerger() {
        let registry = Self.merged()
        #expect(registry.resolve("06.061.02", on: day("2023-03-31")).map(\.code) == ["06.061.02"])
        #expect(registry.resolve("06.061.02", on: day("2025-08-01")).map(\.code) == ["T.NEW.1"])
        #expect(
            Set(registry.resolve("T.NEW.1", on: day("2023-03-31")).map(\.code)) == [
                "06.061.02", "06.061.03", "06.061.04",
            ])
        #expect(registry.children(of: "06", on: day("2025-08-01")).contains { $0.code == "T.NEW.1" })
        #expect(!registry.children(of: "06", on: day("2025-08-01")).contains { $0.code == "06.061" })
    }

    @Test func aQ1Of2023ReportKeepsItsDistrictsAfterTheReform() {
        // A fact recorded in 2026 against the new commune still rolls up to the 2023 district.
        let registry = Self.merged()
        #expect(registry.ancestors(of: "T.NEW.1", at: .district, on: day("2023-03-31")).map(\.name) == ["Huyện Ba Bể"])
        #expect(registry.ancestors(of: "06.061.02", at: .province, on: day("2026-01-01")).map(\.code) == ["06"])
        #expect(registry.ancestors(of: "T.NEW.1", at: .district, on: day("2026-01-01")).isEmpty)  // districts are gone
    }

    @Test func searchIgnoresDiacriticsAndHonoursTheDate() {
        let registry = Self.shipped
        let q1 = day("2023-03-31")
        #expect(registry.search("bac kan", level: nil, on: q1).map(\.name) == ["Thành phố Bắc Kạn", "Tỉnh Bắc Kạn"])
        #expect(registry.search("dong lac", level: .commune, on: q1).map(\.name) == ["Xã Đồng Lạc"])
        #expect(registry.search("bac kan", level: nil, on: day("2019-01-01")).isEmpty)
    }

    @Test func datesAreValidated() {
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2023-13-01") == nil)
        #expect(CalendarDate(iso: "23-01-01") == nil)
        #expect(day("2023-01-05").description == "2023-01-05")
        #expect(day("2023-01-05") < day("2023-02-01"))
    }
}

struct AdminUnitCSVTests {
    let header = AdminUnitCSV.header

    @Test func everyWrongRowIsReportedWithItsLine() throws {
        let csv = """
            \(header)
            X1,,Tỉnh X,province,,2023-01-01,,false,test
            X1.1,,Huyện Một,district,X1,2023-01-01,,false,test
            X1.2,,Huyện Hai,county,X1,2023-01-01,,false,test
            X1.3,,Huyện Ba,district,NOPE,2023-01-01,,false,test
            X1.4,,Huyện Bốn,district,X1,2023-02-30,,false,test
            X1.5,,Huyện Năm,district,X1,2023-05-01,2023-04-01,false,test
            X1.1,,Lặp lại,district,X1,2023-01-01,,false,test
            X1.6,,"Huyện ""Sáu"", có dấu phẩy",district,X1,2023-01-01,,false,test
            X1.7,,Thiếu cột,district,X1
            X1.8,,"chưa đóng,district,X1,2023-01-01,,false,test
            X1.9,,Xã Chín,commune,X1.1,2023-01-01,,maybe,test
            X1.10,,Tỉnh Con,province,X1,2023-01-01,,false,test
            lineage,X1.1,GHOST,2025-07-01
            """
        guard case .failure(let errors) = AdminUnitCSV.parse(csv, known: AdminUnitRegistry()) else {
            Issue.record("a file with wrong rows was accepted")
            return
        }
        #expect(
            errors.rows.map(\.description) == [
                "line 4: level: 'county' is not province, district, commune or village",
                "line 5: parent_code: no unit 'NOPE'",
                "line 6: valid_from: '2023-02-30' is not a YYYY-MM-DD date",
                "line 7: valid_to: must be after valid_from",
                "line 8: code 'X1.1' appears twice in the file",
                "line 10: expected 9 fields, found 5",
                "line 11: a quoted field is not closed",
                "line 12: placeholder: 'maybe' is not true or false",
                "line 13: parent_code: a province has no parent",
                "line 14: new_code: no unit 'GHOST'",
            ])
    }

    @Test func quotedFieldsAndLineageParse() throws {
        let csv = """
            \(header)
            X1,,Tỉnh X,province,,2023-01-01,2025-07-01,false,test
            X1.6,,"Huyện ""Sáu"", có dấu phẩy",district,X1,2023-01-01,,false,test
            Y1,,Tỉnh Y,province,,2025-07-01,,false,test
            lineage,X1,Y1,2025-07-01
            """
        guard case .success(let parsed) = AdminUnitCSV.parse(csv, known: AdminUnitRegistry()) else {
            Issue.record("a valid file was refused")
            return
        }
        #expect(parsed.units.map(\.name) == ["Tỉnh X", "Huyện \"Sáu\", có dấu phẩy", "Tỉnh Y"])
        #expect(parsed.lineage == [LineageRecord(oldCode: "X1", newCode: "Y1", effective: day("2025-07-01"))])
        // The same file as a spreadsheet saves it, with CRLF line ends, reads the same.
        let crlf = csv.split(separator: "\n").joined(separator: "\r\n") + "\r\n"
        guard case .success(let fromCRLF) = AdminUnitCSV.parse(crlf, known: AdminUnitRegistry()) else {
            Issue.record("the CRLF file was refused")
            return
        }
        #expect(fromCRLF.units == parsed.units && fromCRLF.lineage == parsed.lineage)
    }

    /// Fields are split at the commas and quotes of the text's scalars. Split by Swift's
    /// characters, a field that starts with a combining mark joined the comma before it into one
    /// character: the row lost a field ("expected 9 fields, found 8"), and a quote followed by a
    /// mark was not a quote.
    @Test func aFieldStartingWithACombiningMarkIsAFieldOfItsOwn() throws {
        let csv = """
            code,official_code,name,level,parent_code,valid_from,valid_to,placeholder,source
            X1,,\u{301}Tỉnh X,province,,2023-01-01,,false,\u{301}test
            X2,,"\u{301}Huyện ""Hai""\u{301}",district,X1,2023-01-01,,false,test
            """
        guard case .success(let parsed) = AdminUnitCSV.parse(csv, known: AdminUnitRegistry()) else {
            Issue.record("a valid file was refused: \(AdminUnitCSV.parse(csv, known: AdminUnitRegistry()))")
            return
        }
        #expect(parsed.units.map(\.name) == ["\u{301}Tỉnh X", "\u{301}Huyện \"Hai\"\u{301}"])
        #expect(parsed.units.map(\.source) == ["\u{301}test", "test"])
    }

    @Test func theHeaderIsRequired() {
        guard
            case .failure(let errors) = AdminUnitCSV.parse(
                "X1,,Tỉnh X,province,,2023-01-01,,false,test", known: AdminUnitRegistry())
        else {
            Issue.record("a file without its header was accepted")
            return
        }
        #expect(errors.rows.first?.line == 1)
    }
}
