/// A tiny blocking HTTP/1.1 client for tests of the project's HTTP servers.
///
/// One keep-alive connection: send requests (well-formed or raw bytes for hostile
/// tests), read responses one at a time (pipelining works: responses are read in the
/// order of the requests). Every read has a time-out. The socket is closed in `deinit`.
///
///     let client = try TestHTTPClient(port: port)
///     let response = try client.request("GET", "/healthz")
///     #expect(response.status == 200)
public final class TestHTTPClient {
    /// The connection.
    public let socket: TestSocket
    /// The `Host` header sent with ``request(_:_:headers:body:)``.
    public let host: String
    /// How long a read may wait when no other time-out is given.
    public var timeout: Duration
    /// The methods of the requests whose responses are still unread (HEAD responses have no body).
    private var pendingMethods: [String] = []

    /// Connects to `host:port`.
    public init(host: String = "127.0.0.1", port: UInt16, timeout: Duration = .seconds(5)) throws {
        socket = try TestSocket(host: host, port: port, timeout: timeout)
        self.host = "\(host):\(port)"
        self.timeout = timeout
    }

    /// Closes the connection now (it is also closed in `deinit`).
    public func close() {
        socket.close()
    }

    /// Sends bytes exactly as given (a hand-made or broken request); its response is read as a GET's.
    public func send(raw bytes: [UInt8]) throws {
        pendingMethods.append("GET")
        try socket.write(bytes)
    }

    /// Sends bytes exactly as given, here a string's UTF-8.
    public func send(raw text: String) throws {
        try send(raw: Array(text.utf8))
    }

    /// Sends a request without waiting for the response.
    ///
    /// `Host` is added unless given; `Content-Length` is added when there is a body (or the
    /// method usually has one) unless given, or when `Transfer-Encoding` is given.
    public func send(
        _ method: String, _ path: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) throws {
        let names = Set(headers.map { $0.name.lowercased() })
        var head = "\(method) \(path) HTTP/1.1\r\n"
        if !names.contains("host") {
            head += "Host: \(host)\r\n"
        }
        for (name, value) in headers {
            head += "\(name): \(value)\r\n"
        }
        let usuallyHasBody = ["POST", "PUT", "PATCH"].contains(method)
        if !names.contains("content-length") && !names.contains("transfer-encoding")
            && (usuallyHasBody || !body.isEmpty)
        {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        pendingMethods.append(method)
        try socket.write(Array(head.utf8) + body)
    }

    /// Reads the next response (for the oldest request not answered yet).
    public func readResponse(timeout: Duration? = nil) throws -> TestHTTPResponse {
        let method = pendingMethods.isEmpty ? "GET" : pendingMethods.removeFirst()
        return try TestHTTPResponseReader.readResponse(
            from: socket, hasBody: method != "HEAD", before: TestSocket.deadline(after: timeout ?? self.timeout))
    }

    /// Sends a request and reads its response.
    public func request(
        _ method: String, _ path: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) throws -> TestHTTPResponse {
        try send(method, path, headers: headers, body: body)
        return try readResponse()
    }

    /// Sends a request with a UTF-8 text body (JSON, typically) and reads its response.
    public func request(
        _ method: String, _ path: String, headers: [(name: String, value: String)] = [], body: String
    ) throws -> TestHTTPResponse {
        try request(method, path, headers: headers, body: Array(body.utf8))
    }

    /// Whether the server closes the connection within `timeout` (bytes it sends meanwhile are discarded).
    ///
    /// For the contract's time-outs: an incomplete head dropped after 10 s, idle
    /// keep-alive connections closed after 60 s.
    public func waitForServerClose(timeout: Duration) throws -> Bool {
        let deadline = TestSocket.deadline(after: timeout)
        do {
            _ = try socket.readToEnd(before: deadline)
            return true
        } catch TestClientError.timedOut {
            return false
        }
    }
}
