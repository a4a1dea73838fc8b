import HTTP1
import HTTPServer
import Testing

@testable import IngestAPI

/// The stores throw their own errors; `APIErrors` is the one place that answers them, with
/// the statuses, codes and messages the API gave before (openapi.json and schemathesis
/// hold it to them).
@Suite struct APIErrorsTests {
    @Test(arguments: [
        (StoreError.schemaNotReady, 503, "unavailable", "database not ready: migrations have not been applied yet"),
        (.databaseUnavailable, 503, "unavailable", "the database is unavailable; try again shortly"),
        (.databaseTimedOut(.seconds(5)), 503, "unavailable", "database did not answer within 5 s"),
        (.redisUnavailable(reason: "connection refused"), 503, "unavailable", "Redis unavailable: connection refused"),
        (.chatHasOpenTicket, 409, "conflict", "the chat already has a ticket that is not closed; close it first"),
        (
            .requestInProgress, 409, "in_progress",
            "a request with this Idempotency-Key is still being handled; retry in a few seconds"
        ),
        (
            .requestKeyReused, 422, "idempotency_key_reused",
            "this Idempotency-Key was already used with another request; use a new key"
        ),
    ])
    func eachStoreErrorHasItsStatusCodeAndMessage(error: StoreError, status: Int, code: String, message: String) {
        let answer = APIErrors.httpError(for: error)
        #expect(answer.status == HTTPStatus(status))
        #expect(answer.code == code)
        #expect(answer.message == message)
    }

    @Test func aStoreErrorBehindTheMiddlewareIsAnsweredAndOthersPassThrough() async throws {
        let middleware = APIErrors()
        let request = HTTPRequest(method: "GET", target: "/api/tickets")
        do {
            _ = try await middleware.handle(request) { _ in throw StoreError.chatHasOpenTicket }
            Issue.record("no error")
        } catch let error as HTTPError {
            #expect(error.status == 409 && error.code == "conflict")
        }
        do {
            _ = try await middleware.handle(request) { _ in throw HTTPError.notFound("no ticket 1") }
            Issue.record("no error")
        } catch let error as HTTPError {
            #expect(error.status == 404 && error.message == "no ticket 1")
        }
        let passed = try await middleware.handle(request) { _ in HTTPResponse(status: 204) }
        #expect(passed.status == 204)
    }

    @Test func refusedInputIsA400OrA403WithItsMessage() async throws {
        let middleware = APIErrors()
        let request = HTTPRequest(method: "POST", target: "/api/ingest")
        let refusals: [(InputRefusal, Int, String)] = [
            (.invalid("text must not be empty"), 400, "bad_request"),
            (.forbidden("chat 5 is a Telegram or web chat"), 403, "forbidden"),
        ]
        for (refusal, status, code) in refusals {
            do {
                _ = try await middleware.handle(request) { _ in throw refusal }
                Issue.record("no error")
            } catch let error as HTTPError {
                #expect(error.status == HTTPStatus(status) && error.code == code)
                #expect(error.message == refusal.description)
            }
        }
        // What the checks throw is such a refusal, not an HTTP error of their own.
        #expect(throws: InputRefusal.invalid("text must not be empty")) { try IngestValidation.text("  ") }
    }
}
