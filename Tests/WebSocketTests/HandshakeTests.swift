import Testing

@testable import WebSocket

/// Opening handshake validation (RFC 6455 §4.2) and the accept value.
@Suite struct HandshakeTests {
    /// A valid upgrade request's headers, keyed by lower-case name.
    private static let validHeaders: [String: String] = [
        "host": "127.0.0.1:7860", "upgrade": "websocket", "connection": "Upgrade",
        "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
    ]

    /// Validates a request with `validHeaders` changed by `changes` (a `nil` value removes the field).
    private func handshake(
        method: String = "GET", version: String = "HTTP/1.1", _ changes: [String: String?] = [:]
    ) -> Result<WebSocketHandshake, WebSocketHandshakeRejection> {
        var headers = Self.validHeaders
        for (name, value) in changes {
            headers[name] = value
        }
        return Result { () throws(WebSocketHandshakeRejection) -> WebSocketHandshake in
            try WebSocketHandshake(method: method, httpVersion: version) { headers[$0.lowercased()] }
        }
    }

    /// The status of a rejection, `nil` when the handshake was accepted.
    private func status(_ result: Result<WebSocketHandshake, WebSocketHandshakeRejection>) -> Int? {
        if case .failure(let rejection) = result { return rejection.status }
        return nil
    }

    // RFC 6455 §1.3's example (also what `openssl sha1 -binary | base64` gives).
    @Test func acceptValueMatchesTheRFCExample() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func handshakeAcceptsAValidRequestAndBuildsThe101Head() throws {
        let accepted = try handshake().get()
        #expect(accepted.acceptValue == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let head = String(decoding: accepted.responseHead(extraHeaders: [("X-Hub", "a\r\nInjected: 1")]), as: UTF8.self)
        #expect(
            head
                == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nX-Hub: aInjected: 1\r\n\r\n")
    }

    @Test func handshakeAcceptsTokenListsInAnyCase() {
        #expect(status(handshake(["connection": "keep-alive, Upgrade", "upgrade": "WebSocket"])) == nil)
        #expect(status(handshake(["connection": "upgrade,keep-alive", "upgrade": " websocket "])) == nil)
        #expect(status(handshake(["sec-websocket-key": "  dGhlIHNhbXBsZSBub25jZQ== "])) == nil)
    }

    @Test func handshakeRejectsMethodsOtherThanGet() {
        guard case .failure(let rejection) = handshake(method: "POST") else {
            Issue.record("POST accepted")
            return
        }
        #expect(rejection.status == 405)
        #expect(rejection.headers.contains { $0.name == "Allow" && $0.value == "GET" })
    }

    @Test func handshakeRejectsHTTP10() {
        #expect(status(handshake(version: "HTTP/1.0")) == 400)
    }

    @Test func handshakeAsksForAnUpgradeWhenTheUpgradeHeaderIsMissingOrWrong() {
        #expect(status(handshake(["upgrade": nil])) == 426)
        #expect(status(handshake(["upgrade": "h2c"])) == 426)
    }

    @Test func handshakeRejectsAConnectionHeaderWithoutUpgrade() {
        #expect(status(handshake(["connection": "keep-alive"])) == 400)
        #expect(status(handshake(["connection": nil])) == 400)
        #expect(status(handshake(["connection": "upgrades"])) == 400)
    }

    @Test func handshakeAnswersOtherVersionsWith426AndVersion13() {
        for version in ["8", "12", "", nil] as [String?] {
            guard case .failure(let rejection) = handshake(["sec-websocket-version": version]) else {
                Issue.record("version \(String(describing: version)) accepted")
                continue
            }
            #expect(rejection.status == 426)
            #expect(rejection.headers.contains { $0.name == "Sec-WebSocket-Version" && $0.value == "13" })
            let response = String(decoding: rejection.responseBytes(), as: UTF8.self)
            #expect(response.hasPrefix("HTTP/1.1 426 Upgrade Required\r\n"))
            #expect(response.contains("\r\nSec-WebSocket-Version: 13\r\n"))
        }
    }

    @Test func handshakeRejectsKeysThatAreNotBase64Of16Bytes() {
        for key in [
            nil, "", "abc", "dGhlIHNhbXBsZSBub25j", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZSE=",
            "dGhlIHNhbXBsZSBub25jZQ=!", "dGhlIHNhbXBsZSBub25j=Q==",
        ] as [String?] {
            #expect(status(handshake(["sec-websocket-key": key])) == 400, "\(String(describing: key))")
        }
    }

    @Test func base64MatchesTheRFC4648Vectors() {
        let vectors = [
            ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        for bad in ["Zg=", "Z===", "Zg==Zg==", "Zm9v=Zg=", "Zm 9"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }
}

/// The client side of the handshake.
@Suite struct ClientKeyTests {
    @Test func clientKeysAreFreshBase64Of16Bytes() {
        let first = WebSocketHandshake.makeClientKey()
        #expect(Base64.decode(first)?.count == 16)
        #expect(first != WebSocketHandshake.makeClientKey())
    }
}
