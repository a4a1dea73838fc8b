import Redis
import Testing

/// The convenience accessors of `RedisReply` and conversions of `RedisArgument`.
struct RedisReplyTests {
    @Test func textDecodesBulkStringsAndStatusesOnly() {
        #expect(RedisReply.string(Array("héllo".utf8)).text == "héllo")
        #expect(RedisReply.status("OK").text == "OK")
        #expect(RedisReply.string([0x66, 0xFF]).text == "f\u{FFFD}")
        #expect(RedisReply.integer(3).text == nil)
        #expect(RedisReply.error("ERR x").text == nil)
        #expect(RedisReply.null.text == nil)
    }

    @Test func accessorsReturnValuesOfTheirOwnKindOnly() {
        #expect(RedisReply.string([0, 1]).bytes == [0, 1])
        #expect(RedisReply.integer(7).integerValue == 7)
        #expect(RedisReply.status("7").integerValue == nil)
        #expect(RedisReply.array([.null]).arrayValue == [.null])
        #expect(RedisReply.error("WRONGTYPE x").errorMessage == "WRONGTYPE x")
        #expect(RedisReply.null.isNull)
        #expect(!RedisReply.string([]).isNull)
    }

    @Test func argumentsConvertLiteralsIntegersAndBytes() {
        let id = 42
        let arguments: [RedisArgument] = ["SET", "chat:\(id)", -15, RedisArgument([0, 255])]
        #expect(arguments.map(\.bytes) == [Array("SET".utf8), Array("chat:42".utf8), Array("-15".utf8), [0, 255]])
    }

    @Test func errorDescriptionsNameTheKindAndKeepTheServerMessage() {
        #expect(RedisError.server("WRONGTYPE Operation").description == "Redis error: WRONGTYPE Operation")
        #expect(RedisError.connectionFailed("x").description.hasPrefix("Redis connection failed"))
    }
}
