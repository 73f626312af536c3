import Fluent
import Foundation

/// A help-site article or a short tip, in Markdown. Linkable as `paid.answer-in-knowledge-base` evidence.
public final class Article: Model, @unchecked Sendable {
  public static let schema = "articles"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "slug") public var slug: String
  @Field(key: "kind") public var kind: ArticleKind
  @OptionalParent(key: "program_id") public var program: Program?
  @Field(key: "title") public var title: String
  @Field(key: "body_markdown") public var bodyMarkdown: String
  /// Comma-separated, lower case.
  @Field(key: "tags") public var tags: String
  /// F1 context key within the program, e.g. `obracun.place`; the desktop programs open `/pomoc/f1` with it.
  @OptionalField(key: "f1_context") public var f1Context: String?
  @Field(key: "visibility") public var visibility: ArticleVisibility
  @Field(key: "status") public var status: PublicationStatus
  @OptionalField(key: "published_at") public var publishedAt: Date?
  @Field(key: "created_at") public var createdAt: Date
  @Field(key: "updated_at") public var updatedAt: Date

  public init() {}
}

public enum ArticleKind: String, Codable, Sendable {
  case article, tip
}

public enum ArticleVisibility: String, Codable, Sendable {
  case `public`, customers, staff
}

public enum PublicationStatus: String, Codable, Sendable {
  case draft, published
}

/// Who changed an article, what and when.
public final class ArticleRevision: Model, @unchecked Sendable {
  public static let schema = "article_revisions"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "article_id") public var article: Article
  @OptionalParent(key: "editor_id") public var editor: StaffUser?
  @Field(key: "title") public var title: String
  @Field(key: "body_markdown") public var bodyMarkdown: String
  /// The other fields as saved (slug, kind, program, tags, F1 key, visibility, status, publish time), as JSON.
  @Field(key: "snapshot") public var snapshot: String
  /// What the editor said about the change.
  @Field(key: "note") public var note: String
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}

/// An issue of the e-newsletter ("e-novice").
public final class Newsletter: Model, @unchecked Sendable {
  public static let schema = "newsletters"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "slug") public var slug: String
  @Field(key: "title") public var title: String
  @Field(key: "body_markdown") public var bodyMarkdown: String
  @Field(key: "status") public var status: PublicationStatus
  @OptionalField(key: "published_at") public var publishedAt: Date?
  @OptionalField(key: "sent_at") public var sentAt: Date?
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}

/// A newsletter subscriber; double opt-in, so `confirmed_at` is empty until the link is followed.
public final class Subscriber: Model, @unchecked Sendable {
  public static let schema = "subscribers"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "email") public var email: String
  @Field(key: "token") public var token: String
  @OptionalField(key: "confirmed_at") public var confirmedAt: Date?
  @OptionalField(key: "unsubscribed_at") public var unsubscribedAt: Date?
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}

/// A newsletter issue was queued for a subscriber (once: a resumed send skips who already has it).
public final class NewsletterDelivery: Model, @unchecked Sendable {
  public static let schema = "newsletter_deliveries"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "newsletter_id") public var newsletter: Newsletter
  @Parent(key: "subscriber_id") public var subscriber: Subscriber
  @OptionalParent(key: "outbox_message_id") public var outboxMessage: OutboxMessage?
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}

/// A customer was shown an article while writing a request and said it answered the question.
public final class Deflection: Model, @unchecked Sendable {
  public static let schema = "deflections"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @OptionalParent(key: "contact_id") public var contact: Contact?
  @OptionalParent(key: "article_id") public var article: Article?
  @OptionalParent(key: "newsletter_id") public var newsletter: Newsletter?
  @Field(key: "query") public var query: String
  @Field(key: "created_at") public var createdAt: Date

  public init() {}
}
