import Foundation
import Postgres
import TestSupport
import Testing

@testable import IngestAPI

/// The labelled questions of Tests/Data/labelled-questions.json (20 per language) through
/// the real ingest path: language detection, FAQ matching in PostgreSQL with the shipped
/// FAQ at the default threshold, and the shipped classification rules. Prints the rates
/// per language, and holds each language to the floor it reached when the set was made,
/// so that a change that loses a language shows.
@Suite(.enabled(if: TestEnvironment.isAvailable), .serialized)
struct LabelledQuestionTests {
    /// One labelled question.
    struct Question: Decodable {
        var language: String
        var text: String
        var category: String
        var faq: Bool
    }

    /// The file's shape.
    struct LabelledSet: Decodable {
        var questions: [Question]
    }

    /// What a language scored.
    struct Score {
        var questions = 0
        var detected = 0
        var faqExpected = 0
        /// Answered from the FAQ with an entry of the expected category and language.
        var faqHits = 0
        /// Answered from the FAQ although no entry fits.
        var faqFalseHits = 0
        /// Expected answers whose best entry, at any score, is of the right category.
        var bestEntryRight = 0
        /// The highest score a question without an answer reached.
        var highestFalseScore = 0.0
        var classified = 0
    }

    static let languages = ["ru", "kk", "en", "vi", "zh"]

    static func load() throws -> [Question] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Data/labelled-questions.json").standardizedFileURL
        return try JSONDecoder().decode(LabelledSet.self, from: Data(contentsOf: url)).questions
    }

    @Test func theSetHasTwentyQuestionsPerLanguage() throws {
        let questions = try Self.load()
        for language in Self.languages {
            #expect(questions.count { $0.language == language } == 20, "\(language)")
        }
    }

    @Test func everyLanguageIsDetectedAnsweredAndClassifiedAtItsFloor() async throws {
        let questions = try Self.load()
        let classifier = Classifier(
            rules: try ClassificationRules.load(from: try #require(ShippedResources.classificationRules)))
        let app = try await TestApp.start()
        // Each FAQ answer's entry: its category and language.
        var entries: [String: (category: String, language: String)] = [:]
        for language in Self.languages {
            let (status, body) = try await app.json("GET", "/api/faq?language=\(language)&limit=200", admin: true)
            #expect(status == 200)
            for item in body["items"] as? [[String: Any]] ?? [] {
                if let answer = item["answer"] as? String, let category = item["category"] as? String {
                    entries[answer] = (category, language)
                }
            }
        }
        let best = try await Self.bestEntries(for: questions, databaseURL: app.databaseURL)
        var scores: [String: Score] = [:]
        var misses: [String] = []
        for (index, question) in questions.enumerated() {
            var score = scores[question.language] ?? Score()
            score.questions += 1
            let (status, body) = try await app.ingest(["text": question.text, "chat_id": "labelled-\(index)"])
            #expect(status == 200)
            if body["language"] as? String == question.language {
                score.detected += 1
            } else {
                misses.append("language \(body["language"] ?? "-"): \(question.text)")
            }
            let answered = body["status"] as? String == "closed_auto" && body["source"] as? String == "faq"
            let entry = (body["answer"] as? String).flatMap { entries[$0] }
            let (bestCategory, bestScore) = best[index]
            if question.faq {
                score.faqExpected += 1
                if bestCategory == question.category { score.bestEntryRight += 1 }
                if answered, entry?.category == question.category, entry?.language == question.language {
                    score.faqHits += 1
                } else {
                    let near = String(format: "%.2f", bestScore)
                    misses.append("faq miss (best \(bestCategory ?? "none") at \(near)): \(question.text)")
                }
            } else {
                score.highestFalseScore = max(score.highestFalseScore, bestScore)
                if answered {
                    score.faqFalseHits += 1
                    misses.append("faq false hit (\(entry?.category ?? "?")): \(question.text)")
                }
            }
            let category = classifier.classify(question.text).category
            if category == question.category {
                score.classified += 1
            } else {
                misses.append("class \(category) ≠ \(question.category): \(question.text)")
            }
            scores[question.language] = score
        }
        await app.stop()

        print(
            "| language | detected | FAQ answered (threshold 0.75) | best FAQ entry right (any score) "
                + "| FAQ false answers | highest score of a question without answer | classification |")
        for language in Self.languages {
            let score = scores[language] ?? Score()
            print(
                "| \(language) | \(score.detected)/\(score.questions) | \(score.faqHits)/\(score.faqExpected) "
                    + "| \(score.bestEntryRight)/\(score.faqExpected) "
                    + "| \(score.faqFalseHits)/\(score.questions - score.faqExpected) "
                    + "| \(String(format: "%.2f", score.highestFalseScore)) | \(score.classified)/\(score.questions) |")
        }
        for miss in misses { print("  " + miss) }
        for language in Self.languages {
            let score = scores[language] ?? Score()
            let floor = Self.floors[language] ?? (0, 0, 0)
            #expect(score.detected == score.questions, "\(language) detection")
            #expect(score.faqHits >= floor.faqHits, "\(language) FAQ answers")
            #expect(score.bestEntryRight >= floor.bestEntryRight, "\(language) best FAQ entries")
            #expect(score.faqFalseHits == 0, "\(language) FAQ false answers")
            #expect(score.classified >= floor.classified, "\(language) classification")
        }
    }

    /// For each question, the category of its best FAQ entry in its language (detected as
    /// ingest-api does) at any score, and that score; nil and 0 when no entry shares a word.
    static func bestEntries(for questions: [Question], databaseURL: String) async throws -> [(String?, Double)] {
        try await offPool {
            let connection = try PostgresConnection(url: databaseURL)
            let detector = LanguageDetector()
            return try questions.map { question in
                let row = try connection.query(
                    """
                    SELECT f.category, c.score::float8 AS score
                    FROM switchboard_faq_candidates($1, $2, 0.01, 1) AS c JOIN faq AS f ON f.id = c.faq_id
                    """, [.text(question.text), .text(detector.detect(question.text))]
                ).first
                return (try row?.decode(String.self, "category"), try row?.decode(Double.self, "score") ?? 0)
            }
        }
    }

    /// What each language reached when the set was made (FAQ answers at the default
    /// threshold, best entries right, questions classified right, all out of 16, 16, 20):
    /// a change that loses ground in a language fails here.
    static let floors: [String: (faqHits: Int, bestEntryRight: Int, classified: Int)] = [
        "ru": (10, 15, 20), "kk": (4, 16, 20), "en": (5, 16, 20), "vi": (13, 16, 20), "zh": (7, 16, 20),
    ]
}
