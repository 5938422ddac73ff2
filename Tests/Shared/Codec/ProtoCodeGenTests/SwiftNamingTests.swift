import Testing

@testable import ProtoCodeGen

struct SwiftNamingTests {
    @Test(arguments: [
        ("licence_no", "licenceNo"), ("delay_ms", "delayMs"), ("f_int32", "fInt32"), ("name", "name"),
        ("HTTPServer", "httpserver"), ("server_streaming", "serverStreaming"), ("request_id", "requestID"),
        ("id", "id"), ("site_url", "siteURL"), ("sla_uptime", "slaUptime"), ("org_id_list", "orgIDList"),
    ])
    func lowerCamel(_ input: String, _ expected: String) {
        #expect(SwiftNaming.lowerCamel(input) == expected)
    }

    @Test(arguments: [("licence_status", "LicenceStatus"), ("LicenceStatus", "LicenceStatus"), ("bts_site", "BtsSite")])
    func upperCamel(_ input: String, _ expected: String) {
        #expect(SwiftNaming.upperCamel(input) == expected)
    }

    @Test(arguments: [
        ("LICENCE_STATUS_ACTIVE", "LicenceStatus", "active"),
        ("LICENCE_STATUS_UNSPECIFIED", "LicenceStatus", "unspecified"),
        ("NOT_SERVING", "ServingStatus", "notServing"),
        ("TECHNOLOGY_4G", "Technology", "_4G"),
        ("PERIOD_KIND_HALF_YEAR", "PeriodKind", "halfYear"),
    ])
    func enumCases(_ value: String, _ enumName: String, _ expected: String) {
        #expect(SwiftNaming.enumCase(value, enumName: enumName) == expected)
    }

    @Test func keywordsAreEscaped() {
        #expect(SwiftNaming.escaped("default") == "`default`")
        #expect(SwiftNaming.escaped("protocol") == "`protocol`")
        #expect(SwiftNaming.escaped("licence") == "licence")
    }

    @Test func stringLiteralsEscape() {
        #expect(SwiftNaming.stringLiteral("a\"b\\c\n") == "\"a\\\"b\\\\c\\n\"")
        #expect(SwiftNaming.stringLiteral("Bắc") == "\"Bắc\"")
    }
}
