import Testing

@testable import ServiceStorage

struct DatabaseAddressTests {
    @Test func sqliteAndPostgresAddressesAreRead() throws {
        #expect(
            try DatabaseAddress.parse("sqlite:///var/lib/dic/licensing.sqlite")
                == .sqlite(path: "/var/lib/dic/licensing.sqlite"))
        // As a Kubernetes Secret holds it: the file's newline is not part of the address.
        #expect(
            try DatabaseAddress.parse("postgres://dic@db/licensing\n")
                == DatabaseAddress.parse("postgres://dic@db/licensing"))
        guard case .postgres(let remote) = try DatabaseAddress.parse("postgresql://dic@db.internal:6432/licensing")
        else {
            Issue.record("not read as PostgreSQL")
            return
        }
        #expect(remote.host == "db.internal" && remote.port == 6432 && remote.database == "licensing")
        #expect(remote.tls == .verifyFull)  // over the network, verified TLS unless told otherwise
        let parsed = try DatabaseAddress.parse(
            "postgres://dic@/licensing?host=/run/postgresql&passwordFile=/run/secrets/pg", readFile: { _ in "s3cret\n" }
        )
        guard case .postgres(let local) = parsed else {
            Issue.record("not read as PostgreSQL")
            return
        }
        #expect(local.socketDirectory == "/run/postgresql" && local.tls == .disable && local.password == "s3cret")
        #expect(!local.redacted.contains("s3cret"))
    }

    @Test(arguments: [
        "mysql://u@h/d", "postgres://h/d", "postgres://u@h/", "postgres://u@h:0/d", "postgres://u@h/d?sslmode=maybe",
        "postgres://u@h/d?sslrootcert=ca.pem", "postgres://u@h/d?user=root", "postgres://u@/d",
        "postgres://u:pw@h/d?passwordFile=/f", "sqlite://relative.sqlite", "not a url",
    ])
    func whatIsNotAnAddressIsRefusedNamingWhy(_ text: String) {
        #expect(throws: DatabaseAddress.Problem.self) { try DatabaseAddress.parse(text, readFile: { _ in "pw" }) }
    }

    @Test func anUnreadableOrEmptyPasswordFileIsRefused() {
        struct Missing: Error {}
        #expect(throws: DatabaseAddress.Problem.self) {
            try DatabaseAddress.parse("postgres://u@h/d?passwordFile=/nope", readFile: { _ in throw Missing() })
        }
        #expect(throws: DatabaseAddress.Problem.self) {
            try DatabaseAddress.parse("postgres://u@h/d?passwordFile=/empty", readFile: { _ in "\n" })
        }
    }
}
