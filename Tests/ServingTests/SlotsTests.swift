import Testing

@testable import Serving

/// The server's bound on work at once: a full set of slots refuses at once or after the wait,
/// and a slot given back goes to the first waiter.
@Suite struct SlotsTests {
    @Test func fullSlotsRefuseAndAGivenSlotGoesToTheWaiter() async {
        let slots = Slots(1)
        #expect(await slots.tryTake())
        #expect(await !slots.tryTake())
        #expect(await !slots.take(within: 0.05), "no slot came back within the wait")
        async let waiter = slots.take(within: 30)
        try? await Task.sleep(for: .milliseconds(50))
        await slots.give()
        #expect(await waiter, "the slot given back went to the waiting task")
        #expect(await !slots.tryTake(), "and is still taken")
    }

    @Test func holdingGivesTheSlotBackWhenTheBodyThrows() async {
        struct Failure: Error {}
        let slots = Slots(1)
        #expect(await slots.tryTake())
        await #expect(throws: Failure.self) { try await slots.holding { throw Failure() } }
        #expect(await slots.tryTake())
    }
}
