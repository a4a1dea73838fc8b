import Domain
import Foundation
import Testing

/// `IngestResponse` holds its status and answer source as enums; on the wire they are the
/// strings of CONTRACT §3, in both directions.
@Suite struct IngestResponseWireTests {
    /// `value` as JSON with sorted keys.
    private func json(_ value: IngestResponse) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func theContractsTwoShapesDecodeToTheEnumsAndEncodeBackUnchanged() throws {
        let answered =
            #"{"answer":"A","language":"ru","message_id":17,"session_id":"s","similarity_score":0.92,"#
            + #""source":"faq","status":"closed_auto"}"#
        let filed =
            #"{"category":"VPN","department":"IT_Infrastructure","language":"ru","message_id":18,"#
            + #""priority":"high","session_id":"s","status":"new","ticket_id":42}"#
        let auto = try JSONDecoder().decode(IngestResponse.self, from: Data(answered.utf8))
        #expect(auto.status == .closedAuto && auto.source == .faq && auto.isAnswered)
        #expect(try json(auto) == answered)
        let ticket = try JSONDecoder().decode(IngestResponse.self, from: Data(filed.utf8))
        #expect(ticket.status == .new && ticket.source == nil && !ticket.isAnswered)
        #expect(try json(ticket) == filed)
        let model = IngestResponse(
            status: .closedAuto, answer: "B", source: .llm, language: "en", sessionID: "t", messageID: 1)
        #expect(try json(model).contains(#""source":"llm","status":"closed_auto""#))
    }

    @Test func aStatusOrSourceOutsideTheContractIsNotAnAnswer() {
        for body in [
            #"{"status":"answered","language":"en","session_id":"s","message_id":1}"#,
            #"{"status":"closed_auto","answer":"A","source":"oracle","language":"en","session_id":"s","message_id":1}"#,
        ] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(IngestResponse.self, from: Data(body.utf8)) }
        }
    }
}
