/// A ticket's priority, ordered from least to most pressing.
enum TicketPriority: String, CaseIterable, Comparable, Sendable {
    /// The levels, least pressing first.
    case low, medium, high, critical

    /// Position in the order.
    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Whether `left` is less pressing than `right`.
    static func < (left: TicketPriority, right: TicketPriority) -> Bool { left.rank < right.rank }
}
