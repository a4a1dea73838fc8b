import Foundation

/// The files shipped with the service as SwiftPM resources of this target.
public enum ShippedResources {
    /// The migrations directory (NNNN_name.sql files).
    public static var migrations: URL? { Bundle.module.url(forResource: "Migrations", withExtension: nil) }
    /// The shipped FAQ, used when `FAQ_FILE` is the default and faq/default.json is not in
    /// the working directory.
    static var defaultFAQ: URL? { resource("faq/default.json") }
    /// The classification rules.
    static var classificationRules: URL? { resource("classification.json") }
    /// The OpenAPI description served at /openapi.json (and printed by `ingest-api openapi`).
    public static var openAPI: URL? { resource("openapi.json") }

    /// The URL of `path` inside the Resources folder.
    private static func resource(_ path: String) -> URL? {
        Bundle.module.url(forResource: "Resources", withExtension: nil)?.appendingPathComponent(path)
    }
}
