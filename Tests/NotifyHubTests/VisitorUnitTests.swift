import Admission
import Catalog
import Config
import DeskProtocol
import Domain
import Events
import HTTP1
import HTTPFetch
import Synchronization
import Testing

@testable import NotifyHub

/// The visitor side's pure parts: no sockets, no Redis.
struct VisitorUnitTests {
    @Test func aTokenBucketAllowsItsCapacityThenRefillsWithTime() {
        let now = Mutex<Double>(100)
        let limiter = RateLimiter(capacity: 2, refillPerSecond: 1, maxKeys: 10) { now.withLock { $0 } }
        #expect([limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [true, true, false])
        #expect(limiter.allow("b"))
        now.withLock { $0 += 0.5 }
        #expect(!limiter.allow("a"))
        now.withLock { $0 += 0.5 }
        #expect(limiter.allow("a"))
        // A clock going backwards refills nothing.
        now.withLock { $0 -= 50 }
        #expect(!limiter.allow("a"))
    }

    @Test func aFullLimiterForgetsIdleClientsButNotBusyOnes() {
        let now = Mutex<Double>(0)
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 1, maxKeys: 2) { now.withLock { $0 } }
        #expect(limiter.allow("a") && limiter.allow("b"))
        // Both busy: a third client goes untracked rather than evicting a limited one.
        #expect(limiter.allow("c"))
        #expect(limiter.trackedCount == 2)
        #expect(!limiter.allow("a"))
        now.withLock { $0 += 5 }
        #expect(limiter.allow("d"))
        #expect(limiter.trackedCount == 1)
    }

    @Test func idleBucketsExpireWithoutAFullTableAndABusyOneOutlivesTheRotation() {
        let now = Mutex<Double>(0)
        // Capacity 2 at 1 a second: an untouched bucket is full again after 2 s.
        let limiter = RateLimiter(capacity: 2, refillPerSecond: 1, maxKeys: 1_000) { now.withLock { $0 } }
        #expect(limiter.idleSeconds == 2)
        #expect([limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [true, true, false])
        for key in 0..<100 { _ = limiter.allow("idle-\(key)") }
        #expect(limiter.trackedCount == 101)
        now.withLock { $0 = 1.5 }
        #expect(limiter.allow("a"))  // 1.5 tokens: half a token left
        // A new generation starts; "a" is still being limited and is carried over, exactly.
        now.withLock { $0 = 2.1 }
        #expect(limiter.allow("a"))  // 0.5 + 0.6 tokens
        #expect(!limiter.allow("a"))
        // Two idle periods later everything untouched is forgotten, without any sweep.
        now.withLock { $0 = 6.2 }
        #expect(limiter.allow("b"))
        #expect(limiter.trackedCount == 1)
    }

    @Test func aFloodOfFreshKeysStaysWithinTheTableBound() {
        let now = Mutex<Double>(0)
        let limiter = RateLimiter(capacity: 1, refillPerSecond: 1, maxKeys: 500) { now.withLock { $0 } }
        for key in 0..<20_000 { _ = limiter.allow("flood-\(key)") }
        #expect(limiter.trackedCount == 500)
        now.withLock { $0 = 2.5 }
        _ = limiter.allow("next")
        #expect(limiter.trackedCount == 1)
    }

    @Test func aVisitorsRefusedMessagesDoNotSpendItsAddressCeiling() {
        // The shipped defaults: 5 a second per visitor, 50 a second (5 s' worth) per address.
        let limits = VisitorLimits(VisitorOptions())
        let hasty = (0..<105).map { _ in limits.admitMessage(chatID: "web-hasty", from: "198.51.100.1") }
        #expect(hasty.prefix(5).allSatisfy { $0 == nil })
        #expect(hasty.dropFirst(5).filter { $0 == .visitor }.count >= 98)
        // 245 of the address's 250 remain for the others, 5 each...
        let others = (0..<49).flatMap { visitor in
            (0..<5).map { _ in limits.admitMessage(chatID: "web-\(visitor)", from: "198.51.100.1") }
        }
        #expect(others.allSatisfy { $0 == nil })
        // ...then the ceiling speaks, and for that address only.
        let next = (0..<60).map { limits.admitMessage(chatID: "web-late-\($0)", from: "198.51.100.1") }
        #expect(next.contains(.address))
        #expect(limits.admitMessage(chatID: "web-elsewhere", from: "198.51.100.2") == nil)
    }

    @Test func serverSentEventsParseTheSameWhereverTheBytesAreSplit() throws {
        let stream = Array(
            ": keep-alive\r\nevent: delta\r\ndata: {\"delta\":\"Hel\"}\r\n\r\ndata:{\"delta\":\"lo\"}\n\nid: 3\nevent: answer\ndata: {\"a\":\ndata: 1}\n\n"
                .utf8)
        let expected: [ServerSentEventParser.Event] = [
            .init(name: "delta", data: "{\"delta\":\"Hel\"}"), .init(name: "message", data: "{\"delta\":\"lo\"}"),
            .init(name: "answer", data: "{\"a\":\n1}"),
        ]
        for cut in 0...stream.count {
            var parser = ServerSentEventParser()
            let events = try parser.append(stream[..<cut]) + parser.append(stream[cut...])
            #expect(events == expected, "cut at \(cut)")
        }
        var tiny = ServerSentEventParser(maxLineBytes: 8)
        #expect(throws: ServerSentEventParser.LineTooLong.self) { try tiny.append(Array("data: 123456789".utf8)) }
    }

    @Test func ingestStreamEventsRoundTripThroughTheParser() throws {
        // The events ingest-api writes, read back as every reader of the stream reads them.
        let result = IngestResponse(
            status: .closedAuto, answer: "Hello, world", source: .llm, language: "en", sessionID: "s", messageID: 1)
        let written: [IngestStreamEvent] = [.delta("Hello"), .delta(", world"), .result(result)]
        let bytes = written.flatMap(\.bytes) + IngestStreamEvent.keepAliveBytes
        for cut in stride(from: 0, through: bytes.count, by: 7) {
            var parser = ServerSentEventParser()
            let events = try parser.append(bytes[..<cut]) + parser.append(bytes[cut...])
            #expect(try events.compactMap { try IngestStreamEvent(name: $0.name, data: $0.data) } == written)
        }
        #expect(try IngestStreamEvent(name: "something-new", data: "{}") == nil)
        #expect(throws: IngestStreamEvent.DecodingError.self) { try IngestStreamEvent(name: "result", data: "{\"status\":1}") }
    }

    @Test func contactCommandsAreReadStrictly() {
        #expect(ContactCommand.parse("{\"type\":\"ping\"}") == .ping)
        #expect(
            ContactCommand.parse("{\"type\":\"chat_message\",\"message\":\"hi\",\"timestamp\":1}") == .chatMessage("hi")
        )
        #expect(
            ContactCommand.parse(
                "{\"type\":\"contact_request\",\"message\":\"m\",\"userAgent\":\"UA\",\"email\":\"a@b\"}")
                == .contactRequest(.init(message: "m", firstName: nil, lastName: nil, username: "a@b")))
        #expect(
            ContactCommand.parse("{\"type\":\"chat_message\",\"message\":3}")
                == .invalid("chat_message needs a non-empty message"))
        #expect(ContactCommand.parse("\"ping\"") == .invalid("expected a JSON object"))
        #expect(ContactCommand.parse("{\"type\":7}") == .invalid("missing type"))
    }

    @Test func pipelineCommandsJoinPlainTextAndRefuseTheRest() {
        #expect(
            PipelineCommand.parse(
                "{\"type\":\"message\",\"message\":[{\"type\":\"Plain\",\"text\":\"a\"},{\"type\":\"Plain\",\"text\":\"b\"}]}"
            )
                == .message(text: "ab", chain: [.plain("a"), .plain("b")]))
        #expect(PipelineCommand.parse("{\"type\":\"disconnect\"}") == .disconnect)
        #expect(PipelineCommand.parse("{\"type\":\"message\",\"message\":[]}") == .invalid("message has no text"))
        #expect(
            PipelineCommand.parse("{\"type\":\"message\",\"message\":[5]}")
                == .invalid("each message element needs a type"))
    }

    @Test func theClientAddressIsThePeerUnlessATrustedProxyNamesAnother() throws {
        func request(peer: String, _ headers: HTTPHeaders = HTTPHeaders()) -> HTTPRequest {
            var request = HTTPRequest(method: "GET", target: "/contact", headers: headers)
            request.remoteAddress = peer
            return request
        }
        let trusted = try TrustedProxies(["10.0.0.2"])
        #expect(
            ClientAddress.of(request(peer: "198.51.100.1", ["X-Forwarded-For": "1.2.3.4"]), trustedProxies: trusted)
                == "198.51.100.1")
        #expect(
            ClientAddress.of(
                request(peer: "10.0.0.2", ["X-Forwarded-For": "6.6.6.6, 1.2.3.4"]), trustedProxies: trusted)
                == "1.2.3.4")
        #expect(
            ClientAddress.of(
                request(peer: "10.0.0.2", ["X-Forwarded-For": "1.2.3.4, 10.0.0.2"]), trustedProxies: trusted)
                == "1.2.3.4")
        #expect(
            ClientAddress.of(request(peer: "10.0.0.2", ["X-Real-IP": "5.5.5.5"]), trustedProxies: trusted) == "5.5.5.5")
        #expect(ClientAddress.of(request(peer: ""), trustedProxies: trusted) == "unknown")
    }

    @Test func trustedProxiesAreAddressesOrRanges() throws {
        let proxies = try TrustedProxies(["10.0.0.2", "172.16.0.0/12"])
        #expect(proxies.contains("10.0.0.2") && !proxies.contains("10.0.0.3"))
        #expect(proxies.contains("172.31.255.1") && !proxies.contains("172.32.0.1"))
        #expect(!proxies.contains("unknown") && !proxies.contains("::1") && !proxies.contains("1.2.3.256"))
        #expect(TrustedProxies.loopback.contains("127.0.0.1") && !TrustedProxies.loopback.contains("128.0.0.1"))
        #expect(throws: TrustedProxies.Invalid(entry: "10.0.0.0/33")) { try TrustedProxies(["10.0.0.0/33"]) }
        #expect(throws: TrustedProxies.Invalid(entry: "nginx")) { try TrustedProxies(["nginx"]) }
    }

    @Test func visitorOptionsComeFromTheEnvironmentAndABadOneNamesItsSetting() throws {
        let options = try VisitorOptions(
            SettingsSource(values: [
                "VISITOR_CONNECTIONS_PER_MINUTE": "7", "VISITOR_MESSAGES_PER_SECOND": "2",
                "VISITOR_IP_CONNECTIONS_PER_MINUTE": "700", "VISITOR_IP_MESSAGES_PER_SECOND": "70",
                "VISITOR_IP_REQUESTS_PER_SECOND": "30", "VISITOR_TRUSTED_PROXIES": " 10.1.2.3 , 172.18.0.0/16",
            ]))
        #expect(options.connectionsPerMinute == 7 && options.messagesPerSecond == 2)
        #expect(options.ipConnectionsPerMinute == 700 && options.ipMessagesPerSecond == 70)
        #expect(options.ipRequestsPerSecond == 30)
        // The shipped ceilings per address are at least the contract's floor.
        let defaults = VisitorOptions()
        #expect(defaults.ipConnectionsPerMinute >= 300 && defaults.ipMessagesPerSecond >= 50)
        #expect(options.trustedProxies.contains("172.18.4.5") && !options.trustedProxies.contains("127.0.0.1"))
        for (name, value) in [
            ("VISITOR_MESSAGES_PER_SECOND", "0"), ("VISITOR_IP_MESSAGES_PER_SECOND", "-1"),
            ("VISITOR_TRUSTED_PROXIES", "proxy"),
        ] {
            do {
                _ = try VisitorOptions(SettingsSource(values: [name: value]))
                Issue.record("\(name)=\(value) was accepted")
            } catch {
                #expect(error.setting == name)
            }
        }
    }

    @Test func theOutsiderBoundsComeFromTheEnvironmentAndABadOneNamesItsSetting() throws {
        let options = try VisitorOptions(
            SettingsSource(values: [
                "VISITOR_IP_CONTACT_REQUESTS_PER_HOUR": "30", "VISITOR_CONTACT_REPEAT_SECONDS": "0",
                "VISITOR_IP_HISTORY_BYTES_PER_DAY": "1000", "VISITOR_IP_HISTORIES_PER_DAY": "2",
                "VISITOR_HISTORY_BYTES_PER_DAY": "5000", "ADMIN_TOKEN_FAILURES_PER_MINUTE": "4",
                "DASHBOARD_TICKET_SECONDS": "10",
            ]))
        #expect(options.ipContactRequestsPerHour == 30 && options.contactRepeatWindow == .zero)
        #expect(options.ipHistoryBytesPerDay == 1000 && options.ipHistoriesPerDay == 2)
        #expect(options.historyBytesPerDay == 5000 && options.adminFailuresPerMinute == 4)
        #expect(options.ticketLifetime == .seconds(10))
        // The shipped history lives a day, 100 messages long (issue 15: was a week, 200).
        #expect(VisitorOptions().historyLifetime == .seconds(86_400) && VisitorOptions().historyLimit == 100)
        for (name, value) in [
            ("VISITOR_IP_CONTACT_REQUESTS_PER_HOUR", "0"), ("ADMIN_TOKEN_FAILURES_PER_MINUTE", "x"),
            ("DASHBOARD_TICKET_SECONDS", "0"), ("VISITOR_HISTORY_BYTES_PER_DAY", "-1"),
        ] {
            do {
                _ = try VisitorOptions(SettingsSource(values: [name: value]))
                Issue.record("\(name)=\(value) was accepted")
            } catch {
                #expect(error.setting == name)
            }
        }
    }

    @Test func aTicketIs43CharactersOfBase64URLAndOnlyThatShapeIsRedeemable() {
        #expect(DashboardTickets.isWellFormed(String(repeating: "a", count: 42) + "-"))
        #expect(!DashboardTickets.isWellFormed(String(repeating: "a", count: 42)))
        #expect(!DashboardTickets.isWellFormed(String(repeating: "a", count: 42) + "="))
        #expect(!DashboardTickets.isWellFormed(String(repeating: "a", count: 42) + ":"))
    }

    @Test func aBucketSaysItIsEmptyWithoutTakingAToken() {
        var bucket = TokenBucket(capacity: 2, now: 0)
        #expect(!bucket.isEmpty(now: 0, capacity: 2, refillPerSecond: 1))
        let taken = [
            bucket.take(now: 0, capacity: 2, refillPerSecond: 1), bucket.take(now: 0, capacity: 2, refillPerSecond: 1),
        ]
        #expect(taken == [true, true])
        #expect(bucket.isEmpty(now: 0, capacity: 2, refillPerSecond: 1))
        #expect(bucket.isEmpty(now: 0.5, capacity: 2, refillPerSecond: 1))
        #expect(!bucket.isEmpty(now: 1, capacity: 2, refillPerSecond: 1))
    }

    @Test func visitorChannelsAreKeyedByChatAndTheirPatternIsEscaped() {
        let channel = VisitorChannel(eventsChannel: "desk[1]")
        #expect(channel.channel(for: "web-abc") == "desk[1]:visitor:web-abc")
        #expect(channel.chatID(ofChannel: "desk[1]:visitor:web-abc") == "web-abc")
        #expect(channel.chatID(ofChannel: "other:visitor:web-abc") == nil)
        #expect(channel.pattern == "desk\\[1\\]:visitor:*")
        let reply = VisitorReply(text: "Hi", timestamp: "2024-01-01 00:00:00")
        #expect(VisitorReply.decode(reply.json()) == reply)
        #expect(VisitorReply.decode(Array("{\"text\":\"\"}".utf8)) == nil)
    }

    @Test func aTicketNoticeReadsLikeTheTelegramOne() {
        let ticket = IngestResponse(
            status: .new, ticketID: 7, category: "VPN", priority: "low", department: "IT", language: "ru",
            sessionID: "s",
            messageID: 1)
        // In the language the desk detected, whatever the visitor's language was before.
        #expect(VisitorTexts.of(.en).ticketNotice(ticket).hasPrefix("📝 Ваш запрос зарегистрирован!\n\nID тикета: #7"))
        var chinese = ticket
        chinese.language = "zh"
        #expect(VisitorTexts.of(.ru).ticketNotice(chinese).hasPrefix("📝 您的请求已登记！\n\n工单编号：#7"))
    }

    @Test func aVisitorsLanguageIsTheWidgetsThenTheBrowsersThenTheDefault() {
        func language(_ target: String, accept: String?) -> Language {
            var headers = HTTPHeaders()
            if let accept { headers.add("Accept-Language", accept) }
            let request = HTTPRequest(method: "GET", target: target, headers: headers)
            return VisitorLanguage(request: request, fallback: .ru).current
        }
        #expect(language("/contact?lang=zh-CN", accept: "vi-VN,vi;q=0.9") == .zh)
        #expect(language("/contact?lang=de", accept: "de-DE, kk;q=0.8, en;q=0.5") == .kk)
        #expect(language("/contact", accept: nil) == .ru)
        let visitor = VisitorLanguage(.en)
        visitor.learn("vi")
        visitor.learn("xx")
        #expect(visitor.current == .vi && visitor.texts.connected == "Đã kết nối với bộ phận hỗ trợ")
    }

    @Test func timestampsAreISO8601InUTC() {
        #expect(VisitorTimestamp.format(unixSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(VisitorTimestamp.now().count == "2025-01-28T12:00:00.123Z".count)
    }
}
