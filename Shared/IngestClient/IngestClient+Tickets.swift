import Domain

extension IngestClient {
    /// `GET /api/tickets?status=…&limit=…`: the newest tickets in any of `statuses` (all
    /// statuses when empty), newest first.
    public func tickets(statuses: [Ticket.Status], limit: Int = 20) async throws(IngestClientError) -> Page<Ticket> {
        var path = "/api/tickets?limit=\(limit)"
        if !statuses.isEmpty { path += "&status=" + statuses.map(\.rawValue).joined(separator: ",") }
        return try await call("GET", path, body: Optional<String>.none)
    }

    /// `PATCH /api/tickets/{id}` with a new status; returns the ticket as changed. An unknown
    /// ticket is `.refused(status: 404, …)`.
    @discardableResult
    public func setStatus(_ status: Ticket.Status, ofTicket id: Int64) async throws(IngestClientError) -> Ticket {
        try await call("PATCH", "/api/tickets/\(id)", body: StatusBody(status: status))
    }

    /// `{"status": …}`.
    struct StatusBody: Codable, Sendable {
        var status: Ticket.Status
    }
}
