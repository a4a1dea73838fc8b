/// libpq's `sslmode`: whether and how strictly the connection uses TLS.
public enum PostgresSSLMode: String, Sendable, CaseIterable {
    /// Never TLS.
    case disable
    /// Plain first, TLS if the server insists.
    case allow
    /// TLS if the server offers it, else plain (libpq's default).
    case prefer
    /// TLS always, without checking the certificate.
    case require
    /// TLS always, with a certificate signed by a trusted CA.
    case verifyCA = "verify-ca"
    /// TLS always, with a trusted certificate whose name matches the host.
    case verifyFull = "verify-full"
}
