import CLibPQ
import Logging

/// Receives the server's notices and warnings (`NOTICE: relation … already exists,
/// skipping`) for one connection and writes them to the log.
///
/// Without a receiver libpq prints them to stderr as bare text, which would break the
/// one-JSON-object-per-line log format every process promises.
final class NoticeLogger {
    /// Where notices go.
    private let logger: Logger

    /// A receiver writing to `logger`.
    init(logger: Logger) { self.logger = logger }

    /// Installs this receiver on `handle`. The connection must keep `self` alive for as
    /// long as `handle` is open, since libpq holds only an unretained pointer.
    func install(on handle: OpaquePointer) {
        PQsetNoticeReceiver(
            handle,
            { context, result in
                guard let context, let result else { return }
                Unmanaged<NoticeLogger>.fromOpaque(context).takeUnretainedValue().receive(result)
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Logs one notice: warnings as warnings, the chatter (NOTICE, INFO…) at debug.
    private func receive(_ result: OpaquePointer) {
        let severity = field(result, "V") ?? "NOTICE"
        let message = field(result, "M") ?? PostgresError.oneLine(String(cString: PQresultErrorMessage(result)))
        var fields: [String: LogValue] = ["severity": .string(severity)]
        if let code = field(result, "C") { fields["sqlstate"] = .string(code) }
        logger.log(severity == "WARNING" ? .warning : .debug, "postgres: " + message, fields)
    }

    /// One diagnostic field of a notice (`PG_DIAG_*`, given by its letter).
    private func field(_ result: OpaquePointer, _ code: Unicode.Scalar) -> String? {
        PQresultErrorField(result, Int32(code.value)).map { String(cString: $0) }
    }
}
