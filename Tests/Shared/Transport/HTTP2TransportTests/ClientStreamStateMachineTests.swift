import Testing

@testable import HTTP2Transport

/// Every transition of a client call's lifecycle.
struct ClientStreamStateMachineTests {
    @Test func aResponseIsItsHeadThenItsTrailersThenNothing() {
        var call = ClientStreamStateMachine()
        #expect(call.headerBlockComplete() == .responseHead)
        #expect(call.headerBlockComplete() == .trailers)
        #expect(call.end() == true)
        #expect(call.isEnded)
        #expect(call.headerBlockComplete() == .ignored)
        #expect(call.end() == false)  // the caller gets one end
    }

    @Test func aCallEndedHereIgnoresWhatTheServerSendsLater() {
        var call = ClientStreamStateMachine()
        #expect(call.end() == true)  // a deadline, before any response
        #expect(call.headerBlockComplete() == .ignored)
        #expect(call.state == .ended)
    }
}
