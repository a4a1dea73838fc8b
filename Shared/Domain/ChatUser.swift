/// The person behind a message, as clients send it (`user` of POST /api/ingest).
public struct ChatUser: Codable, Sendable, Equatable {
    public var id: String?
    public var firstName: String?
    public var lastName: String?
    public var username: String?

    public init(id: String? = nil, firstName: String? = nil, lastName: String? = nil, username: String? = nil) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
    }

    enum CodingKeys: String, CodingKey {
        case id
        case firstName = "first_name"
        case lastName = "last_name"
        case username
    }

    /// "First Last", else "@username", else the id: how operators see the user.
    public var displayName: String {
        let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if !name.isEmpty { return name }
        if let username, !username.isEmpty { return "@" + username }
        return id ?? "unknown"
    }
}
