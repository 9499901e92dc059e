/// A fixed number of slots, taken and given back by async tasks: a request that cannot have one
/// at once either gives up (`tryTake`) or waits in order for at most a given time (`take`).
actor Slots {
    private var free: Int
    private var waiting: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextID = 0

    init(_ count: Int) { free = count }

    /// A slot if one is free now.
    func tryTake() -> Bool {
        guard free > 0 else { return false }
        free -= 1
        return true
    }

    /// A slot within `seconds`, first come first served; false when the time ran out.
    func take(within seconds: Double) async -> Bool {
        if tryTake() { return true }
        let id = nextID
        nextID += 1
        return await withCheckedContinuation { continuation in
            waiting.append((id, continuation))
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                self.expire(id)
            }
        }
    }

    func give() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().continuation.resume(returning: true)
        }
    }

    private func expire(_ id: Int) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(returning: false)
    }

    /// Runs `body` with a slot already taken, and gives it back however `body` ends.
    nonisolated func holding<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        do {
            let value = try await body()
            await give()
            return value
        } catch {
            await give()
            throw error
        }
    }
}
