import Testing

@testable import HTTP2Transport

struct AllowedProcessorsTests {
    /// Lines as Linux writes them (`/proc/PID/status`), around the one read.
    func status(_ mask: String) -> String {
        "Name:\tdic-licensing\nThreads:\t12\nCpus_allowed:\t\(mask)\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n"
    }

    @Test func theAffinityMaskIsCountedInEveryGroup() {
        #expect(AllowedProcessors.affinityCount(status: status("3")) == 2)
        #expect(AllowedProcessors.affinityCount(status: status("1")) == 1)
        #expect(AllowedProcessors.affinityCount(status: status("00000000,00000004")) == 1)
        #expect(AllowedProcessors.affinityCount(status: status("ffffffff,ffffffff")) == 64)
        #expect(AllowedProcessors.affinityCount(status: status("f0f0")) == 8)
    }

    @Test func aMaskThatCannotBeReadGivesNoCount() {
        #expect(AllowedProcessors.affinityCount(status: "Name:\tx\nThreads:\t1\n") == nil)
        #expect(AllowedProcessors.affinityCount(status: status("")) == nil)
        #expect(AllowedProcessors.affinityCount(status: status("0,00000000")) == nil)
        #expect(AllowedProcessors.affinityCount(status: status("zz")) == nil)
        // Only the mask line counts, not the list beside it.
        #expect(AllowedProcessors.affinityCount(status: "Cpus_allowed_list:\t0-63\n") == nil)
    }

    @Test func theCountIsTheSmallerOfTheMachineAndTheAffinity() {
        #expect(AllowedProcessors.count(machine: 2, affinity: 1) == 1)
        #expect(AllowedProcessors.count(machine: 2, affinity: 64) == 2)
        #expect(AllowedProcessors.count(machine: 8, affinity: nil) == 8)
        #expect(AllowedProcessors.count(machine: 0, affinity: nil) == 1)
    }

    @Test func thisProcessesOwnMaskIsRead() {
        // Every Linux process has a mask allowing at least one processor.
        let count = AllowedProcessors.affinityCount()
        #expect(count != nil)
        #expect((count ?? 0) >= 1)
        #expect(HTTP2ServerConfiguration().threads == AllowedProcessors.count)
    }
}
