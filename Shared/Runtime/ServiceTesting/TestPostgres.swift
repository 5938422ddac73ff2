import Foundation
import Logging
import PostgresKit
import Synchronization

/// A throwaway PostgreSQL 15 for the tests of one process (the Swift twin of
/// `Tests/Interop/pg_server.py`): Debian's `initdb` and `pg_ctl` on a data directory in the
/// temporary folder, a Unix socket there and no TCP port, started on first use and stopped when
/// the process exits. Each test gets a database of its own. Under root (CI) the server runs as
/// the `postgres` user the Debian package creates, as PostgreSQL refuses root.
public enum TestPostgres {
    static let bin = "/usr/lib/postgresql/15/bin"
    static let user = "dic"

    struct Server: Sendable {
        var base: String
        var socket: String
    }

    /// The process's server, started once by whichever test asks first; the others wait for it.
    static let server = Mutex<Task<Server, any Error>?>(nil)
    static let databaseCount = Mutex(0)

    public struct TestPostgresError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// A new, empty database on the process's server: its configuration and its address. Made
    /// over a connection rather than by `psql`, so that hundreds of tests at once do not block the
    /// concurrency pool's few threads waiting on processes.
    public static func makeDatabase() async throws -> (configuration: SQLPostgresConfiguration, address: String) {
        let running = try await start()
        let name = databaseCount.withLock { count in
            count += 1
            return "t\(getpid())_\(count)"
        }
        try await administer(running) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return (
            SQLPostgresConfiguration(
                unixDomainSocketPath: running.socket + "/.s.PGSQL.5432", username: user, password: nil,
                database: name),
            "postgres://\(user)@/\(name)?host=\(running.socket)"
        )
    }

    /// Removes a database ``makeDatabase()`` made (the suite makes hundreds; each is a few MB).
    public static func dropDatabase(_ configuration: SQLPostgresConfiguration) async throws {
        guard let name = configuration.coreConfiguration.database else { return }
        try await administer(try await start()) { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    static let logger = Logger(label: "test-postgres")

    /// Runs `body` on a connection to the server's `postgres` database, closed afterwards.
    static func administer(_ running: Server, _ body: (PostgresConnection) async throws -> Void) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                unixSocketPath: running.socket + "/.s.PGSQL.5432", username: user, password: nil, database: "postgres"),
            id: 0, logger: logger)
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Stops and starts the server on the same data: an outage, then the database's return.
    public static func restart() async throws {
        let running = try await start()
        try await offThePool {
            try run([bin + "/pg_ctl", "-D", running.base + "/data", "-m", "fast", "-w", "stop"])
            try run(startCommand(running))
        }
    }

    /// The server, launched on first use. `initdb` and `pg_ctl` take seconds, and the callers are
    /// the suite's tests starting at once: waited for with a lock on the concurrency pool's few
    /// threads, they stalled every other test for that long (a periodic task's test saw none of
    /// its runs in 10 s). They run on a thread of their own, and every caller awaits the one launch.
    static func start() async throws -> Server {
        let launching = server.withLock { state in
            if let state { return state }
            let task = Task { try await offThePool { try launch() } }
            state = task
            return task
        }
        return try await launching.value
    }

    /// Runs blocking work (a program waited for) on a new thread, not on the concurrency pool.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// `fsync=off` (and `initdb --no-sync`): the suite on PostgreSQL launches the server and then
    /// makes a database for each of its hundreds of tests at once, each flushed to disk. With the
    /// machine's disk busy elsewhere, the flushes held every test of a CI run for a minute, past
    /// the time limits of the first tests waiting. Commits still wait for the server's write, and
    /// a restart stops it cleanly: only an operating system crash, which no test makes, could lose
    /// what this throwaway server was told. (The interop tests' server keeps fsync, for their tests
    /// of durability.)
    static func startCommand(_ server: Server) -> [String] {
        [
            bin + "/pg_ctl", "-D", server.base + "/data", "-l", server.base + "/postgres.log", "-w", "-t", "60",
            "-o", "-k \(server.socket) -c listen_addresses='' -c max_connections=1000 -c fsync=off", "start",
        ]
    }

    static func launch() throws(TestPostgresError) -> Server {
        guard FileManager.default.isExecutableFile(atPath: bin + "/initdb") else {
            throw TestPostgresError(
                description: "PostgreSQL 15 is not installed: `make deps` installs Debian's postgresql-15")
        }
        let base = NSTemporaryDirectory() + "dic-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        let server = Server(base: base, socket: base + "/socket")
        do {
            try FileManager.default.createDirectory(atPath: server.socket, withIntermediateDirectories: true)
            if geteuid() == 0 {
                // PostgreSQL will not run as root: the folder becomes the postgres user's.
                try run(["/bin/chown", "-R", "postgres:postgres", base])
            }
            try run([
                bin + "/initdb", "-D", base + "/data", "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                "--no-sync",
            ])
            try run(startCommand(server))
        } catch let error as TestPostgresError {
            throw error
        } catch {
            throw TestPostgresError(description: "\(error)")
        }
        dataDirectoryToStop.withLock { $0 = base + "/data" }
        atexit {
            guard let data = TestPostgres.dataDirectoryToStop.withLock({ $0 }) else { return }
            try? TestPostgres.run([TestPostgres.bin + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"])
            if let base = Optional((data as NSString).deletingLastPathComponent) {
                try? FileManager.default.removeItem(atPath: base)
            }
        }
        return server
    }

    static let dataDirectoryToStop = Mutex<String?>(nil)

    /// Runs a PostgreSQL program (as the postgres user under root) and waits for it; its output,
    /// kept in a file, goes into the error when it fails. posix_spawn and waitpid directly:
    /// Foundation's Process left the child unreaped under the test runner's threads, and a pipe
    /// would stay open in the server pg_ctl leaves running.
    static func run(_ arguments: [String]) throws(TestPostgresError) {
        let command =
            geteuid() == 0 && !arguments[0].hasSuffix("chown")
            ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments
        let log = NSTemporaryDirectory() + "dic-pg-run-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &argv, environ)
        guard spawned == 0 else {
            throw TestPostgresError(description: "\(command[0]): cannot start (errno \(spawned))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let output = FileManager.default.contents(atPath: log).map { String(decoding: $0, as: UTF8.self) } ?? ""
            throw TestPostgresError(description: "\(arguments.joined(separator: " ")) failed: \(output)")
        }
    }
}
