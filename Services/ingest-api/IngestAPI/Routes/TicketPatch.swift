import Domain
import HTTPServer

/// The body of `PATCH /api/tickets/{id}`: any of `status`, `priority`, `assignee` (null
/// unassigns) and `closed_by` (who closes it; default the assignee, else "admin").
struct TicketPatch: Decodable, Sendable {
    /// The new status, if it changes.
    var status: String?
    /// The new priority, if it changes.
    var priority: String?
    /// The new assignee; `.some(nil)` unassigns.
    var assignee: String??
    /// Who closes it.
    var closedBy: String?

    /// The JSON names.
    enum CodingKeys: String, CodingKey {
        case status, priority, assignee
        case closedBy = "closed_by"
    }

    /// Reads the body, telling an absent assignee from null.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        priority = try container.decodeIfPresent(String.self, forKey: .priority)
        closedBy = try container.decodeIfPresent(String.self, forKey: .closedBy)
        // Absent: unchanged; null: unassign.
        if container.contains(.assignee) {
            assignee = .some(
                try container.decodeNil(forKey: .assignee) ? nil : container.decode(String.self, forKey: .assignee))
        }
    }

    /// The validated change.
    func change() throws -> TicketChange {
        if let status, Ticket.Status(rawValue: status) == nil {
            throw HTTPError.badRequest("status must be new, open, pending or closed")
        }
        if let priority, TicketPriority(rawValue: priority) == nil {
            throw HTTPError.badRequest("priority must be low, medium, high or critical")
        }
        let change = TicketChange(
            status: status, priority: priority,
            assignee: try assignee.map { try IngestValidation.optionalField($0, name: "assignee") },
            closedBy: try IngestValidation.optionalField(closedBy, name: "closed_by"))
        guard !change.isEmpty else { throw HTTPError.badRequest("give at least one of status, priority, assignee") }
        return change
    }
}
