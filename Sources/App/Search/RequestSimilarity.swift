import Fluent
import Foundation
import SQLKit

/// Repeat candidates within one organisation: its newest requests, scored by the words they share with the
/// new text. One organisation has hundreds of requests, not a million, so reading them through the
/// (organisation, submitted) index and scoring in Swift is faster than an OR of a dozen words in the
/// full-text index, and gives the same order on SQLite and PostgreSQL.
enum RequestSimilarity {
  /// How far back one organisation's history is compared.
  static let recentRequests = 500
  /// Only the start of a long body (a pasted log, a forwarded thread) is compared.
  static let bodyPrefix = 3_000

  struct Candidate {
    var id: Int
    var subjectWords: Set<String>
    var bodyWords: Set<String>
  }

  static func similar(
    to query: SearchQuery, organisationID: Int, excluding requestID: Int?, limit: Int, on db: any Database
  ) async throws -> [SimilarRequest] {
    let rows = try await db.sql.raw(
      """
      SELECT id, number, subject, body, submitted_at FROM requests
      WHERE organisation_id = \(bind: organisationID)
      ORDER BY submitted_at DESC, id DESC LIMIT \(literal: recentRequests)
      """
    ).all()
    var requests: [Int: (number: String, subject: String, body: String, submittedAt: Date)] = [:]
    var candidates: [Candidate] = []
    for row in rows {
      let id = try row.decode(column: "id", as: Int.self)
      guard id != requestID else { continue }
      let subject = try row.decode(column: "subject", as: String.self)
      let body = try row.decode(column: "body", as: String.self)
      requests[id] = (
        try row.decode(column: "number", as: String.self), subject, body,
        try row.decode(column: "submitted_at", as: Date.self)
      )
      candidates.append(
        Candidate(
          id: id, subjectWords: Set(SearchText.words(subject)),
          bodyWords: Set(SearchText.words(String(body.prefix(bodyPrefix))))))
    }
    return rank(Set(query.words), among: candidates).prefix(limit).compactMap { id, score in
      guard let request = requests[id] else { return nil }
      return SimilarRequest(
        requestID: id, number: request.number, subject: request.subject, submittedAt: request.submittedAt,
        score: score, snippet: Snippet.html(text: request.body, query: query))
    }
  }

  /// Each shared word scores its rarity among the candidates (log(1 + n / documents with it)), twice when
  /// it is in the subject. Highest first; equal scores keep the candidates' order (newest first).
  static func rank(_ words: Set<String>, among candidates: [Candidate]) -> [(id: Int, score: Double)] {
    guard !words.isEmpty, !candidates.isEmpty else { return [] }
    var documentFrequency: [String: Int] = [:]
    for candidate in candidates {
      for word in words where candidate.subjectWords.contains(word) || candidate.bodyWords.contains(word) {
        documentFrequency[word, default: 0] += 1
      }
    }
    let count = Double(candidates.count)
    let scored = candidates.enumerated().compactMap { position, candidate -> (Int, Int, Double)? in
      var score = 0.0
      for word in words {
        guard let frequency = documentFrequency[word] else { continue }
        let weight = log(1 + count / Double(frequency))
        if candidate.subjectWords.contains(word) {
          score += 2 * weight
        } else if candidate.bodyWords.contains(word) {
          score += weight
        }
      }
      return score > 0 ? (position, candidate.id, score) : nil
    }
    return scored.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }.map { ($0.1, $0.2) }
  }
}
