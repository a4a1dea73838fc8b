import Synchronization

/// The dashboards of one event loop. Membership and delivery run on that loop only; the
/// member count is atomic so other threads can skip empty rooms and report totals.
final class DashboardRoom: @unchecked Sendable {
    // `members` is touched only on the owning loop's thread.
    private var members: [ObjectIdentifier: DashboardSession] = [:]
    private let count = Atomic<Int>(0)

    var hasMembers: Bool { count.load(ordering: .relaxed) > 0 }
    var memberCount: Int { count.load(ordering: .relaxed) }

    func join(_ session: DashboardSession) {
        members[ObjectIdentifier(session)] = session
        count.store(members.count, ordering: .relaxed)
    }

    func leave(_ session: DashboardSession) {
        members[ObjectIdentifier(session)] = nil
        count.store(members.count, ordering: .relaxed)
    }

    func deliver(_ event: DashboardEvent) {
        for session in members.values {
            session.deliver(event)
        }
    }
}
