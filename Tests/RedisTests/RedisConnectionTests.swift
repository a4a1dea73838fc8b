import Foundation
import Redis
import Testing

/// `RedisConnection` against the shared test server.
@Suite(.enabled(if: TestRedis.isConfigured, "needs TEST_REDIS_URL"))
struct RedisConnectionTests {
    @Test func valuesWithNULAndInvalidUTF8RoundTripByteForByte() throws {
        let connection = try RedisConnection(url: TestRedis.url())
        let key = RedisArgument(Array(TestRedis.uniquePrefix().utf8) + [0, 0xFF, 0x00, 0x41])
        let value: [UInt8] = [0x00, 0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x0A, 0x0D, 0x80] + Array(0...255)
        #expect(try connection.command("SET", key, RedisArgument(value)) == .status("OK"))
        #expect(try connection.command("GET", key) == .string(value))
        #expect(try connection.command("STRLEN", key) == .integer(value.count))
        #expect(try connection.command("SET", key, RedisArgument([])) == .status("OK"))
        #expect(try connection.command("GET", key) == .string([]))
        _ = try connection.command("DEL", key)
    }

    @Test func pipelineSendsManyCommandsAndReturnsRepliesInOrder() throws {
        let connection = try RedisConnection(url: TestRedis.url())
        let prefix = TestRedis.uniquePrefix()
        var commands: [[RedisArgument]] = []
        for index in 0..<1000 {
            commands.append(["SET", "\(prefix)\(index)", "value-\(index)"])
            commands.append(["INCR", "\(prefix)counter"])
            commands.append(["GET", "\(prefix)\(index)"])
        }
        let replies = try connection.pipeline(commands)
        #expect(replies.count == 3000)
        for index in 0..<1000 {
            #expect(replies[3 * index] == .status("OK"))
            #expect(replies[3 * index + 1] == .integer(index + 1))
            #expect(replies[3 * index + 2].text == "value-\(index)")
        }
        #expect(try connection.pipeline([]) == [])
        _ = try connection.command(["DEL", "\(prefix)counter"] + (0..<1000).map { "\(prefix)\($0)" })
    }

    @Test func serverErrorsAreThrownWithTheServersMessageAndTheConnectionStaysUsable() throws {
        let connection = try RedisConnection(url: TestRedis.url())
        let key = RedisArgument(TestRedis.uniquePrefix() + "string")
        _ = try connection.command("SET", key, "text")
        #expect {
            _ = try connection.command("LPUSH", key, "item")
        } throws: { error in
            guard case RedisError.server(let message) = error else { return false }
            return message.hasPrefix("WRONGTYPE") && "\(error)".contains("WRONGTYPE")
        }
        #expect(!connection.isBroken)
        #expect(try connection.command("PING") == .status("PONG"))
        _ = try connection.command("DEL", key)
    }

    @Test func pipelineKeepsErrorRepliesInPlaceAmongTheOthers() throws {
        let connection = try RedisConnection(url: TestRedis.url())
        let key = RedisArgument(TestRedis.uniquePrefix() + "string")
        let replies = try connection.pipeline([
            ["SET", key, "1"], ["LPUSH", key, "x"], ["NOSUCHCOMMAND"], ["INCR", key],
        ])
        #expect(replies[0] == .status("OK"))
        #expect(replies[1].errorMessage?.hasPrefix("WRONGTYPE") == true)
        #expect(replies[2].errorMessage?.hasPrefix("ERR unknown command") == true)
        #expect(replies[3] == .integer(2))
        _ = try connection.command("DEL", key)
    }

    @Test func nestedArraysAreCopiedUpToTheDepthLimitAndRefusedBeyondIt() throws {
        let script: RedisArgument = "return {1, {'two', {3, {}}}}"
        let generous = try RedisConnection(url: TestRedis.url())
        #expect(
            try generous.command("EVAL", script, 0)
                == .array([.integer(1), .array([.string(Array("two".utf8)), .array([.integer(3), .array([])])])]))

        let strict = try RedisConnection(url: TestRedis.url(), options: RedisConnectionOptions(maxReplyDepth: 3))
        #expect(throws: RedisError.self) { _ = try strict.command("EVAL", script, 0) }
        // The refused reply was read in full, so the connection is still in step.
        #expect(!strict.isBroken)
        #expect(try strict.command("PING") == .status("PONG"))
        let replies = try? strict.pipeline([["EVAL", script, 0], ["ECHO", "after"]])
        #expect(replies == nil)
        #expect(try strict.command("ECHO", "next") == .string(Array("next".utf8)))
    }

    @Test func connectingToAClosedPortFailsWithinTheTimeOutNamingTheAddress() throws {
        let port = try TestRedis.freePort()
        let started = ContinuousClock.now
        #expect {
            _ = try RedisConnection(url: RedisURL(port: port))
        } throws: { error in
            guard case RedisError.connectionFailed(let message) = error else { return false }
            return message.contains("127.0.0.1:\(port)") && message.contains("refused")
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aCommandThatOutlastsTheTimeOutFailsAndBreaksTheConnection() throws {
        let options = RedisConnectionOptions(commandTimeout: .milliseconds(300))
        let connection = try RedisConnection(url: TestRedis.url(), options: options)
        let started = ContinuousClock.now
        #expect {
            _ = try connection.command("BLPOP", RedisArgument(TestRedis.uniquePrefix() + "empty"), 3)
        } throws: { error in
            guard case RedisError.io(let message) = error else { return false }
            return message.contains("no answer within")
        }
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(connection.isBroken)
        #expect {
            _ = try connection.command("PING")
        } throws: { error in
            "\(error)".contains("broken")
        }
    }

    @Test func selectsTheDatabaseNamedInTheURL() throws {
        var url = try TestRedis.url()
        url.database = 7
        let connection = try RedisConnection(url: url)
        let info = try connection.command("CLIENT", "INFO").text ?? ""
        #expect(info.contains(" db=7 "))
    }

    @Test func requestConnectionsRefuseSubscribeAndEmptyCommands() throws {
        let connection = try RedisConnection(url: TestRedis.url())
        #expect(throws: RedisError.self) { _ = try connection.command("subscribe", "x") }
        #expect(throws: RedisError.self) { _ = try connection.command([]) }
        #expect(throws: RedisError.self) { _ = try connection.pipeline([["PING"], []]) }
        #expect(try connection.command("PING") == .status("PONG"))
    }
}
