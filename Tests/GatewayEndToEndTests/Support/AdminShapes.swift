/// The shapes of ingest-api's admin API as CONTRACT §3 writes them, decoded on their own
/// here (not through IngestClient, the gateway's client) so the test checks the contract
/// rather than the gateway's reading of it.
enum AdminShapes {
    /// A list: `{"items":[…],"next_before":…}`, newest first.
    struct List<Item: Decodable & Sendable>: Decodable, Sendable {
        let items: [Item]
    }

    /// A message of a chat's history.
    struct Message: Decodable, Sendable, Equatable {
        let id: Int64
        let chatID: String
        let direction: String
        let sender: String
        let text: String

        enum CodingKeys: String, CodingKey {
            case id, direction, sender, text
            case chatID = "chat_id"
        }
    }

    /// A ticket with its messages (`GET /api/tickets/{id}`).
    struct Ticket: Decodable, Sendable {
        let id: Int64
        let status: String
        let category: String
        let priority: String
        let department: String
        let language: String
        let chatID: String
        let messages: [Message]?

        enum CodingKeys: String, CodingKey {
            case id, status, category, priority, department, language, messages
            case chatID = "chat_id"
        }
    }

    /// A FAQ entry.
    struct FAQEntry: Decodable, Sendable {
        let id: Int64
        let question: String
        let answer: String
        let language: String
    }

    /// A chat's mode (`GET /api/chats/{id}/mode`).
    struct Mode: Decodable, Sendable {
        let mode: String
    }
}
