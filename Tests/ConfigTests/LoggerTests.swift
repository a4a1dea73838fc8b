import Foundation
import Testing

@testable import Logging

@Suite struct LoggerTests {
    @Test func aLineIsOneJSONObjectWithLevelLoggerAndFields() throws {
        let logger = Logger(label: "ingest-api", level: .info, fields: ["instance": "a"])
        let line = logger.format(.warning, "quote \" and\nnewline", ["port": 8000, "ok": true])
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["level"] as? String == "warning")
        #expect(object?["logger"] as? String == "ingest-api")
        #expect(object?["msg"] as? String == "quote \" and\nnewline")
        #expect(object?["port"] as? Int == 8000)
        #expect(object?["ok"] as? Bool == true)
        #expect(object?["instance"] as? String == "a")
        #expect((object?["ts"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func levelsParseFromTheirNames() {
        #expect(LogLevel(name: "DEBUG") == .debug)
        #expect(LogLevel(name: "warn") == .warning)
        #expect(LogLevel(name: "nonsense") == nil)
        #expect(LogLevel.debug < LogLevel.error)
    }
}
