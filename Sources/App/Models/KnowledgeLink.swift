import Fluent
import Foundation

/// An agent linked a published article or newsletter issue that answers a request:
/// the evidence of `paid.answer-in-knowledge-base`.
public final class KnowledgeLink: Model, @unchecked Sendable {
  public static let schema = "request_knowledge_links"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "request_id") public var request: SupportRequest
  @Field(key: "kind") public var kind: KnowledgeLinkKind
  @Field(key: "item_id") public var itemID: Int
  @Field(key: "title") public var title: String
  @Field(key: "published_at") public var publishedAt: Date
  @OptionalParent(key: "linked_by_id") public var linkedBy: StaffUser?
  @Field(key: "linked_at") public var linkedAt: Date

  public init() {}

  /// The evidence id the policy and the customer see: `a-17` for an article, `n-2` for a newsletter issue.
  public var evidenceID: String { (kind == .newsletter ? "n-" : "a-") + String(itemID) }
}

/// What a knowledge link points at: an article (articles and tips) or a newsletter issue, the evidence kinds of
/// POLICY.md. Stored as its raw value.
public enum KnowledgeLinkKind: String, Codable, Sendable {
  case article, newsletter
}
