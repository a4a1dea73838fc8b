import Domain

/// What `PATCH /api/tickets/{id}` asks to change; nil fields stay as they are.
struct TicketChange: Sendable, Equatable {
    /// The new status, if it changes.
    var status: String?
    /// The new priority, if it changes.
    var priority: String?
    /// `.some(nil)` unassigns.
    var assignee: String??
    /// Who closes it, when the change closes it (default: the assignee, else "admin").
    var closedBy: String?

    /// Whether anything is asked at all.
    var isEmpty: Bool { status == nil && priority == nil && assignee == nil }
}

/// The outcome of escalating a question: the ticket, and whether it was opened for it.
struct Escalation: Sendable {
    /// The ticket the question is now in.
    var ticket: Ticket
    /// Whether it was opened for this question.
    var isNew: Bool
}
