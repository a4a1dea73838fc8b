import Domain
import Foundation

/// Reads the streamed form of `POST /api/ingest` (asked for with
/// `Accept: text/event-stream`): pieces of the answer, then the answer itself.
///
/// The form read (ingest-api's streaming variant; JSON in every `data:`):
/// - a piece: `event: delta` with `{"delta":"…"}` (also accepted: any data object with a
///   string `delta`, or with `text` but no `status`);
/// - the end: `event: answer` (or any data object with `status`): the full
///   `IngestResponse` of CONTRACT §3, whose `answer` is the whole text;
/// - a failure: `event: error` with `{"error":{"code","message"}}` or `{"message"}`;
/// - `data: [DONE]` and comments are ignored.
struct IngestStreamReader {
    /// What one event meant.
    enum Step: Equatable {
        /// The whole text so far grew.
        case piece(String)
        /// The final answer.
        case answer(IngestResponse)
        /// The desk reported a failure.
        case failure(String)
        /// Nothing to act on.
        case none
    }

    /// The text of every piece so far.
    private(set) var text = ""

    /// Interprets one event.
    mutating func read(_ event: ServerSentEventParser.Event) -> Step {
        let data = Data(event.data.utf8)
        if event.data == "[DONE]" { return .none }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            return event.name == "error" ? .failure(event.data) : .none
        }
        if event.name == "error" || (object["error"] != nil && object["status"] == nil) {
            let detail = (object["error"] as? [String: Any])?["message"] as? String
            return .failure(detail ?? object["message"] as? String ?? "the desk reported an error")
        }
        if object["status"] != nil || event.name == "answer" {
            guard let answer = try? JSONDecoder().decode(IngestResponse.self, from: data) else {
                return .failure("the final answer does not have the contract's shape")
            }
            return .answer(answer)
        }
        if let delta = object["delta"] as? String ?? object["text"] as? String {
            guard !delta.isEmpty else { return .none }
            text += delta
            return .piece(text)
        }
        return .none
    }
}
