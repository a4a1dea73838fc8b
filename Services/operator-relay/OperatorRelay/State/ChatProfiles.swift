import Catalog
import DeskProtocol
import Domain
import Redis

/// What the relay knows of the person behind a chat: the name operators see and the
/// language of the texts the user gets. Learned from every item the gateway hands over and
/// from `new_session` events (which name web visitors too); kept 90 days after the last sight.
struct ChatProfiles: Sendable {
    /// What is known of one chat.
    struct Profile: Sendable, Equatable {
        /// The display name ("First Last", "@username"…).
        var name: String?
        /// The client's language code.
        var languageCode: String?
    }

    /// The Redis connections.
    let redis: RedisClient
    /// The relay's keys.
    let keys: DeskRedisNames

    /// Remembers the user's name and language, when given.
    func remember(_ chatID: String, user: ChatUser?, languageCode: String?) async throws {
        var fields: [RedisArgument] = []
        if let user, user.firstName != nil || user.lastName != nil || user.username != nil {
            fields += ["name", RedisArgument(user.displayName)]
        }
        if let languageCode, !languageCode.isEmpty { fields += ["language", RedisArgument(languageCode)] }
        guard !fields.isEmpty else { return }
        let key = RedisArgument(keys.profile(chatID))
        _ = try await redis.pipeline([["HSET", key] + fields, ["EXPIRE", key, "7776000"]])
    }

    /// What is known of `chatID` (empty when nothing).
    func profile(of chatID: String) async throws -> Profile {
        let reply = try await redis.send("HMGET", RedisArgument(keys.profile(chatID)), "name", "language")
        let values = reply.arrayValue ?? []
        return Profile(name: values.first?.text, languageCode: values.dropFirst().first?.text)
    }

    /// The name operators see: the known name, else what the chat is (in `texts`' language).
    func displayName(of chatID: String, texts: Texts = .of(.en)) async throws -> String {
        if let name = try await profile(of: chatID).name, !name.isEmpty { return name }
        return texts.text(Channel.of(chatID: chatID) == .web ? .webVisitor : .unknownUser)
    }
}
