import Fluent
import Foundation

/// A line to invoice: time on a paid request at the rates in force when it was resolved.
public final class BillableItem: Model, @unchecked Sendable {
  public static let schema = "billable_items"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Parent(key: "request_id") public var request: SupportRequest
  @Parent(key: "organisation_id") public var organisation: Organisation
  @Field(key: "kind") public var kind: String
  @Field(key: "minutes") public var minutes: Int
  @Field(key: "units") public var units: Int
  /// Money in cents, never floating point.
  @Field(key: "rate_cents") public var rateCents: Int
  @Field(key: "amount_cents") public var amountCents: Int
  /// VAT in basis points (2200 = 22 %).
  @Field(key: "vat_basis_points") public var vatBasisPoints: Int
  @Field(key: "reasons") public var reasons: String
  @Field(key: "status") public var status: BillableItemStatus
  @OptionalField(key: "adjustment_reason") public var adjustmentReason: String?
  @OptionalField(key: "exported_at") public var exportedAt: Date?
  @Field(key: "created_at") public var createdAt: Date
  /// The policy version whose price list priced the item (migration 006; nil on older items).
  @OptionalField(key: "policy_version") public var policyVersion: String?

  public init() {}
}

/// Every message Podpora sends, written in the same transaction as the change that caused it.
/// A delivery worker claims pending rows and sends them, so nothing is lost or sent twice.
public final class OutboxMessage: Model, @unchecked Sendable {
  public static let schema = "outbox_messages"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "kind") public var kind: String
  @Field(key: "recipient") public var recipient: String
  @Field(key: "subject") public var subject: String
  @Field(key: "body_text") public var bodyText: String
  @OptionalField(key: "body_html") public var bodyHTML: String?
  @Field(key: "message_id") public var messageID: String
  @OptionalField(key: "in_reply_to") public var inReplyTo: String?
  @Field(key: "references") public var references: String
  /// Extra headers as a JSON object (List-Unsubscribe, Auto-Submitted, …).
  @Field(key: "headers") public var headers: String
  @OptionalParent(key: "request_id") public var request: SupportRequest?
  @Field(key: "status") public var status: OutboxStatus
  @Field(key: "attempts") public var attempts: Int
  @Field(key: "next_attempt_at") public var nextAttemptAt: Date
  @OptionalField(key: "claimed_until") public var claimedUntil: Date?
  @OptionalField(key: "last_error") public var lastError: String?
  @Field(key: "created_at") public var createdAt: Date
  @OptionalField(key: "sent_at") public var sentAt: Date?

  public init() {}
}

public enum OutboxStatus: String, Codable, Sendable {
  case pending, sending, sent, failed
}

/// A raw e-mail as it arrived, stored before any processing so that a failure loses nothing.
public final class InboundMail: Model, @unchecked Sendable {
  public static let schema = "inbound_mails"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "raw") public var raw: Data
  @Field(key: "received_at") public var receivedAt: Date
  @Field(key: "status") public var status: String
  @OptionalField(key: "sender") public var sender: String?
  @OptionalField(key: "subject") public var subject: String?
  @OptionalParent(key: "request_id") public var request: SupportRequest?
  @OptionalField(key: "note") public var note: String?

  public init() {}
}

/// A token for the JSON API. Only its SHA-256 is stored; the token itself is shown once.
public final class APIToken: Model, @unchecked Sendable {
  public static let schema = "api_tokens"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "name") public var name: String
  @Field(key: "token_hash") public var tokenHash: String
  @Field(key: "scope") public var scope: String
  @OptionalParent(key: "contact_id") public var contact: Contact?
  @OptionalParent(key: "staff_id") public var staff: StaffUser?
  @Field(key: "created_at") public var createdAt: Date
  @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
  @OptionalField(key: "revoked_at") public var revokedAt: Date?

  public init() {}
}

/// Who did what: every staff action and every sign-in, for the audit log.
public final class AuditEntry: Model, @unchecked Sendable {
  public static let schema = "audit_log"

  @ID(custom: .id, generatedBy: .database) public var id: Int?
  @Field(key: "at") public var at: Date
  @Field(key: "actor") public var actor: String
  @Field(key: "action") public var action: String
  @Field(key: "subject") public var subject: String
  @Field(key: "details") public var details: String
  @OptionalField(key: "address") public var address: String?

  public init() {}

  public init(at: Date, actor: String, action: String, subject: String, details: String = "{}", address: String? = nil)
  {
    self.at = at
    self.actor = actor
    self.action = action
    self.subject = subject
    self.details = details
    self.address = address
  }
}
