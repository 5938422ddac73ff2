import ArgumentParser
import CommonAPI
import Foundation
import HTTP2Transport
import LicensingAPI
import RPCCore
import Synchronization

/// Concurrent writers issuing licences through a running dic-licensing (or several replicas, taken
/// in turn), each call a new licence with its audit record: what `make bench-service` measures
/// for IssueLicence. h2load cannot do this, as it sends one body and every write needs its own
/// request id. Prints `writes: N in S s = R/s, failures F`.
@main
struct LicenceWriteLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "licence-write-load", abstract: "Concurrent IssueLicence calls against dic-licensing.")

    @Option(help: "host:port of a replica; repeat for several.") var address: [String]
    @Option var token: String
    @Option(help: "The holder organisation every licence names.") var holder: String
    @Option var writers = 64
    @Option var seconds = 10.0
    @Option(help: "Distinguishes this run's request ids and numbers from another's.") var run = "w"

    func run() async throws {
        let transports = try address.map { text -> HTTP2ClientTransport in
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
                throw ValidationError("--address \(text): expected host:port")
            }
            return HTTP2ClientTransport(host: String(text[..<colon]), port: port, configuration: .init())
        }
        let clients = transports.map {
            APILicensingService.Client(RPCClient(transport: $0, interceptors: [BearerToken(token: token)]))
        }
        let counts = Counts()
        let (run, holder) = (self.run, self.holder)
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var index = 0
                    while ContinuousClock.now < deadline {
                        let id = "\(run)-\(writer)-\(index)"
                        let client = clients[(writer + index) % clients.count]
                        index += 1
                        do {
                            _ = try await client.issueLicence(Self.request(id, holder: holder))
                            counts.done.add(1, ordering: .relaxed)
                        } catch {
                            counts.failed.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let count = counts.done.load(ordering: .relaxed)
        print(
            "writes: \(count) in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", Double(count) / seconds))/s, "
                + "failures \(counts.failed.load(ordering: .relaxed))")
        for transport in transports { await transport.close() }
    }

    final class Counts: Sendable {
        let done = Atomic(0)
        let failed = Atomic(0)
    }

    static func request(_ id: String, holder: String) -> APIIssueLicenceRequest {
        APIIssueLicenceRequest(
            requestID: id, kind: .website, number: "\(id)/GP-BENCH", holderID: holder,
            issuedOn: CommonAPI.Date(year: 2023, month: 2, day: 1),
            validUntil: CommonAPI.Date(year: 2028, month: 2, day: 1),
            content: APILicenceContent(
                content: .website(
                    APIWebsiteContent(
                        domains: ["\(id).bench.example.vn"], responsiblePerson: "Nguyễn Văn A",
                        serverLocation: "Bắc Kạn", serverInVietnam: true))),
            decisionNumber: "\(id)/GP-BENCH")
    }
}
