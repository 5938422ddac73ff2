import Testing

@testable import HTTP2Transport

struct CallDeadlinePolicyTests {
    let policy = CallDeadlinePolicy(maximum: .seconds(600), longLivedPaths: ["/grpc.health.v1.Health/Watch"])

    @Test func aClientDeadlineIsKeptUpToTheServerMaximum() {
        #expect(policy.timeout(requested: .seconds(5), path: "/a.B/C") == .seconds(5))
        #expect(policy.timeout(requested: .seconds(99_999_999 * 3600), path: "/a.B/C") == .seconds(600))
        #expect(policy.timeout(requested: .zero, path: "/a.B/C") == .zero)
    }

    @Test func aCallWithoutADeadlineGetsTheMaximumUnlessItIsLongLived() {
        #expect(policy.timeout(requested: nil, path: "/a.B/C") == .seconds(600))
        #expect(policy.timeout(requested: nil, path: "/grpc.health.v1.Health/Watch") == nil)
        #expect(policy.timeout(requested: .seconds(99_999_999), path: "/grpc.health.v1.Health/Watch") == .seconds(600))
    }
}
