import NIOCore
import Testing

@testable import HTTP2Transport

struct CallDeadlineScheduleTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func at(_ milliseconds: Int64) -> NIODeadline { start + .milliseconds(milliseconds) }

    @Test func theTimerMovesOnlyEarlier() {
        var schedule = CallDeadlineSchedule()
        #expect(schedule.callBegan(deadline: at(500)) == at(500))
        #expect(schedule.callBegan(deadline: at(900)) == nil)  // later: the armed timer serves
        #expect(schedule.callBegan(deadline: at(500)) == nil)
        #expect(schedule.callBegan(deadline: at(200)) == at(200))
        #expect(schedule.due == at(200))
    }

    @Test func firingEndsThePastCallsAndIsDueAtTheEarliestOfTheRest() {
        var schedule = CallDeadlineSchedule()
        _ = schedule.callBegan(deadline: at(100))
        let open = [("a", at(100)), ("b", at(700)), ("c", at(50)), ("d", at(300))].map {
            (call: $0.0, deadline: $0.1)
        }
        let (expired, next) = schedule.fired(now: at(100), open: open)
        #expect(expired == ["a", "c"])
        #expect(next == at(300))
        #expect(schedule.due == at(300))
        // A call beginning after that with an earlier deadline moves the timer again.
        #expect(schedule.callBegan(deadline: at(200)) == at(200))
    }

    @Test func aCallThatEndedFirstLeavesOneFiringForNothing() {
        var schedule = CallDeadlineSchedule()
        _ = schedule.callBegan(deadline: at(100))
        _ = schedule.callBegan(deadline: at(400))
        // The first call ended before its deadline: only the second is still open.
        let (expired, next) = schedule.fired(now: at(100), open: [(call: 2, deadline: at(400))])
        #expect(expired.isEmpty)
        #expect(next == at(400))
        let last = schedule.fired(now: at(400), open: [(call: 2, deadline: at(400))])
        #expect(last.expired == [2] && last.next == nil && schedule.due == nil)
        // Nothing armed: the next call arms it whatever its deadline.
        #expect(schedule.callBegan(deadline: at(10_000)) == at(10_000))
    }
}
