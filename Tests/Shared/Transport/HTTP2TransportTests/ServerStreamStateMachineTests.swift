import Testing

@testable import HTTP2Transport

/// Every transition of a server call's lifecycle.
struct ServerStreamStateMachineTests {
    typealias Machine = ServerStreamStateMachine

    @Test func aCallRunsFromItsHeadersToItsTrailers() {
        var call = Machine()
        #expect(call.shouldStartCall() && !call.takesRequestBytes && !call.isOpen)
        call.admitted()
        #expect(!call.shouldStartCall())  // a later block is trailers, not a new call
        #expect(call.isOpen && call.takesRequestBytes && !call.headersSent)
        #expect(call.sendHeaders() == true)
        #expect(call.sendHeaders() == false)  // once
        #expect(call.requestEnded() == true)
        #expect(call.requestEnded() == false)  // once
        #expect(call.isOpen && !call.takesRequestBytes && call.headersSent)
        #expect(call.finish() == .trailers)
        #expect(call.finish() == .none)  // a status goes out once
        let (sent, ended) = (call.sendHeaders(), call.requestEnded())
        #expect(!call.isOpen && !sent && !ended)
    }

    @Test func aStatusBeforeAnyResponseHeadersGoesAlone() {
        var call = Machine()
        call.admitted()
        #expect(call.finish() == .trailersOnly)
        #expect(!call.takesRequestBytes)  // bytes after the status are dropped
    }

    @Test func aCallRefusedAtItsHeadersNeverRuns() {
        var call = Machine()
        #expect(call.finish() == .trailersOnly)
        call.admitted()  // too late: nothing changes
        #expect(!call.isOpen && !call.takesRequestBytes && !call.shouldStartCall())
        #expect(call.reset() == false)  // nothing ran, nothing to stop
    }

    @Test func aResetStopsARunningCallOnceAndSendsNothing() {
        var call = Machine()
        call.admitted()
        #expect(call.reset() == true)
        #expect(call.reset() == false)
        #expect(call.finish() == .none)
        #expect(call.sendHeaders() == false)
    }

    @Test func aResetWhileHeadersArriveStopsNothing() {
        var call = Machine()
        #expect(call.reset() == false)
        #expect(!call.shouldStartCall())  // a block completing afterwards starts no call
    }
}
