import Domain
import Foundation
import JSONEscaping

/// Events' data as JSON text. The frequent ones are written by hand: every question
/// publishes one or more, and Foundation's JSONEncoder cost more per event than the rest of
/// publishing. Their output is what JSONEncoder writes with sorted keys (absent optionals
/// left out), up to the spelling of escapes; `EventJSONTests` holds the two to the same
/// parsed values.
public enum EventJSON {
    /// Any Encodable value as event data: keys sorted (stable output), slashes left alone.
    public static func encoded<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A message (CONTRACT §3 shape).
    public static func message(_ message: ChatMessage) -> String {
        var out = "{\"chat_id\":"
        JSONEscaping.appendQuoted(message.chatID, to: &out)
        out += ",\"created_at\":"
        JSONEscaping.appendQuoted(message.createdAt, to: &out)
        out += ",\"direction\":\"" + message.direction.rawValue + "\",\"id\":" + String(message.id)
        out += ",\"sender\":\"" + message.sender.rawValue + "\",\"text\":"
        JSONEscaping.appendQuoted(message.text, to: &out)
        out += "}"
        return out
    }

    /// A ticket (CONTRACT §3 shape plus our extensions).
    public static func ticket(_ ticket: Ticket) -> String {
        var fields = Fields()
        fields.string("assignee", ticket.assignee)
        fields.string("category", ticket.category)
        fields.string("chat_id", ticket.chatID)
        fields.string("closed_at", ticket.closedAt)
        fields.string("closed_by", ticket.closedBy)
        fields.string("created_at", ticket.createdAt)
        fields.string("department", ticket.department)
        fields.number("follows_ticket_id", ticket.followsTicketID)
        fields.number("id", ticket.id)
        fields.string("language", ticket.language)
        if let messages = ticket.messages {
            fields.raw("messages", "[" + messages.map(message).joined(separator: ",") + "]")
        }
        fields.string("priority", ticket.priority)
        fields.string("session_id", ticket.sessionID)
        fields.string("status", ticket.status.rawValue)
        fields.string("updated_at", ticket.updatedAt)
        return fields.object
    }

    /// An object's members, written in the order added (the callers add them sorted).
    private struct Fields {
        private var text = ""

        mutating func string(_ key: String, _ value: String?) {
            guard let value else { return }
            member(key)
            JSONEscaping.appendQuoted(value, to: &text)
        }

        mutating func number(_ key: String, _ value: Int64?) {
            guard let value else { return }
            member(key)
            text += String(value)
        }

        mutating func raw(_ key: String, _ json: String) {
            member(key)
            text += json
        }

        private mutating func member(_ key: String) {
            text += text.isEmpty ? "{\"" : ",\""
            text += key + "\":"
        }

        var object: String { text.isEmpty ? "{}" : text + "}" }
    }
}
