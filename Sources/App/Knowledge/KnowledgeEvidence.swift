import Fluent
import Foundation

/// An article (or tip) or a newsletter issue, by the id the policy and the customer see: `a-17`, `n-2`.
public enum KnowledgeReference: Sendable, Hashable {
  case article(Int)
  case newsletter(Int)

  /// Parses `a-17` or `n-2`; anything else is nil.
  public init?(id: String) {
    let text = id.trimmingCharacters(in: .whitespaces).lowercased()
    guard text.count > 2, let number = Int(text.dropFirst(2)), number > 0 else { return nil }
    switch text.prefix(2) {
    case "a-": self = .article(number)
    case "n-": self = .newsletter(number)
    default: return nil
    }
  }

  init(_ match: KnowledgeMatch) {
    self = match.kind == .newsletter ? .newsletter(match.itemID) : .article(match.itemID)
  }

  public var id: String {
    switch self {
    case .article(let number): "a-\(number)"
    case .newsletter(let number): "n-\(number)"
    }
  }

  public var kind: KnowledgeLinkKind {
    switch self {
    case .article: .article
    case .newsletter: .newsletter
    }
  }
}

/// What `paid.answer-in-knowledge-base` needs about one linked item: its kind, id and publish time. The
/// policy ignores items published after the request was filed, so the publish time is part of the evidence.
public struct KnowledgeEvidence: Codable, Sendable, Equatable {
  public var kind: KnowledgeLinkKind
  /// `a-17` or `n-2`.
  public var id: String
  public var publishedAt: Date
  public var title: String
  /// Where a customer reads it.
  public var url: String
}

public enum KnowledgeEvidenceError: Error, Equatable, CustomStringConvertible {
  case notFound(String)
  /// A draft, or an item whose publish time has not come: it answers nothing yet.
  case notPublished(String)
  /// Staff-only articles are not on the help site, so they are no answer the customer could have found.
  case notForCustomers(String)

  public var description: String {
    switch self {
    case .notFound(let id): "\(id) does not exist"
    case .notPublished(let id): "\(id) is not published"
    case .notForCustomers(let id): "\(id) is visible to staff only"
    }
  }
}

enum KnowledgeEvidenceQueries {
  /// The evidence for linking `reference` to a request at `now`: only a published item customers can read
  /// (public or signed-in) qualifies.
  static func evidence(
    for reference: KnowledgeReference, now: Date, on db: any Database
  ) async throws
    -> KnowledgeEvidence
  {
    switch reference {
    case .article(let id):
      guard let article = try await Article.find(id, on: db) else {
        throw KnowledgeEvidenceError.notFound(reference.id)
      }
      guard article.status == .published, let publishedAt = article.publishedAt, publishedAt <= now else {
        throw KnowledgeEvidenceError.notPublished(reference.id)
      }
      guard article.visibility != .staff else { throw KnowledgeEvidenceError.notForCustomers(reference.id) }
      return KnowledgeEvidence(
        kind: reference.kind, id: reference.id, publishedAt: publishedAt, title: article.title,
        url: SiteURL.helpArticle(.value(article.slug)).path)
    case .newsletter(let id):
      guard let newsletter = try await Newsletter.find(id, on: db) else {
        throw KnowledgeEvidenceError.notFound(reference.id)
      }
      guard newsletter.status == .published, let publishedAt = newsletter.publishedAt, publishedAt <= now else {
        throw KnowledgeEvidenceError.notPublished(reference.id)
      }
      return KnowledgeEvidence(
        kind: reference.kind, id: reference.id, publishedAt: publishedAt, title: newsletter.title,
        url: SiteURL.newsletter(.value(newsletter.slug)).path)
    }
  }

  /// Whether `evidence` counts for a request filed at `submittedAt`: it must have been published before.
  static func counts(_ evidence: KnowledgeEvidence, forRequestSubmittedAt submittedAt: Date) -> Bool {
    evidence.publishedAt < submittedAt
  }
}
