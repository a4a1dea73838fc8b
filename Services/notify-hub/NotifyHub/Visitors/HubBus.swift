import DeskProtocol
import Events
import Foundation
import Logging
import Redis
import WebSocket

/// A broadcast on its way between hub instances: `pipeline` nil means every visitor.
struct HubBroadcast: Codable, Sendable, Equatable {
    /// The text every matching visitor gets.
    var message: String
    /// When it was sent, so every instance shows the same time.
    var timestamp: String
    /// Only the IM sockets of this pipeline; nil: every visitor socket.
    var pipeline: String?
}

/// Visitor traffic between hub instances through Redis pub/sub: broadcasts (published by
/// the instance whose REST API was called, delivered by every instance, itself included,
/// so each socket gets it once) and operator replies (published by operator-relay on the
/// chat's `VisitorChannel`, delivered by whichever instance holds the chat's sockets).
final class HubBus: Sendable {
    /// Where broadcasts are published.
    private let redis: RedisClient
    /// The hub's channel names.
    private let keys: HubKeys
    /// The operator-reply channels (shared with operator-relay).
    private let replies: VisitorChannel
    /// This instance's sockets, which deliveries go to.
    private let registry: VisitorRegistry
    /// For payloads that cannot be read.
    private let logger: Logger

    /// A bus over `redis` delivering to `registry`.
    init(redis: RedisClient, keys: HubKeys, replies: VisitorChannel, registry: VisitorRegistry, logger: Logger) {
        self.redis = redis
        self.keys = keys
        self.replies = replies
        self.registry = registry
        self.logger = logger
    }

    /// Subscribes on the instance's subscriber (which resubscribes by itself after a reconnect).
    func subscribe(on subscriber: RedisSubscriber) async throws {
        try await subscriber.subscribe([keys.broadcastChannel]) { [self] _, payload in receiveBroadcast(payload) }
        try await subscriber.psubscribe([replies.pattern]) { [self] channel, payload in receiveReply(channel, payload) }
    }

    /// Sends a broadcast to every instance; returns how many instances received it.
    @discardableResult
    func publish(_ broadcast: HubBroadcast) async throws -> Int {
        try await redis.publish(channel: keys.broadcastChannel, message: RedisArgument(FrameJSON.encode(broadcast)))
    }

    /// Delivers a broadcast to this instance's matching sockets (on the subscriber thread).
    func receiveBroadcast(_ payload: [UInt8]) {
        guard let broadcast = try? JSONDecoder().decode(HubBroadcast.self, from: Data(payload)) else {
            logger.warning("ignored a malformed hub broadcast", ["bytes": .int(payload.count)])
            return
        }
        let frame = WebSocketFrameEncoder.encodeText(
            FrameJSON.encode(BroadcastFrame(message: broadcast.message, timestamp: broadcast.timestamp)))
        registry.send(encodedFrame: frame) { entry in
            guard let pipeline = broadcast.pipeline else { return true }
            return entry.dialect.address?.pipeline == pipeline
        }
    }

    /// Delivers an operator reply to this instance's sockets of its chat, if any.
    func receiveReply(_ channel: String, _ payload: [UInt8]) {
        guard let chatID = replies.chatID(ofChannel: channel) else { return }
        let sockets = registry.entries(forChat: chatID)
        guard !sockets.isEmpty else { return }
        guard let reply = VisitorReply.decode(payload) else {
            logger.warning("ignored a malformed visitor reply", ["chat_id": .string(chatID)])
            return
        }
        for entry in sockets { entry.deliverReply(reply) }
    }
}
